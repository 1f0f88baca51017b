"""`backbone upgrade`: rewrite a site written for an older Backbone into the current format.

Every rename and move since 0.1 is a step in ``registry.STEPS``. The files are read with
ruamel.yaml in round trip and changed only on the lines that change (``yamltext``), so
comments, key order and quoting stay. A file that cannot be read is left untouched and named
with its line. A git work tree with uncommitted changes is refused (unless forced), so that
``git diff`` shows exactly what the upgrade did and ``git checkout .`` undoes it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .registry import STEPS
from .site import Site


@dataclass
class Outcome:
    site: Site
    written: bool  # False with --check


def uncommitted(root: Path) -> list[str] | None:
    """Files of ``root`` git would call changed or new; None when ``root`` is in no git work tree."""
    try:
        run = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "."], capture_output=True, text=True, check=False
        )
    except OSError:  # no git on this computer
        return None
    if run.returncode != 0:
        return None
    return [line[3:] for line in run.stdout.splitlines() if line.strip()]


def upgrade(root: Path, config_rel: str, *, write: bool = True) -> Outcome:
    """Run every step on the site at ``root``; write what changed unless ``write`` is False."""
    site = Site(root, config_rel)
    if site.config is None:
        return Outcome(site, False)
    for step in STEPS:
        step.run(site)
    if write:
        for document in site.changed_documents():
            document.save()
        for path in site.deleted:
            path.unlink()
        for folder in sorted({p.parent for p in site.deleted}, key=lambda p: len(p.parts), reverse=True):
            _remove_empty(folder, root)
    return Outcome(site, write)


def _remove_empty(folder: Path, root: Path) -> None:
    """Folders emptied by deleting copies go too, up to the site's folder."""
    while folder != root and folder.is_relative_to(root) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
