"""`backbone upgrade`: rewrite a site written for an older Backbone into the current format.

Every rename and move since 0.1 is a step in ``registry.STEPS``. The files are read with
ruamel.yaml in round trip and changed only on the lines that change (``yamltext``), so
comments, key order and quoting stay. A file that cannot be read is left untouched and named
with its line. A git work tree with uncommitted changes is refused (unless forced), so that
``git diff HEAD`` shows exactly what the upgrade did (renames included) and ``git reset --hard`` undoes it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .registry import FOR_THE_EDITOR, STEPS, Step
from .site import Site
from .to_0_3 import site_languages


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


def upgrade(root: Path, config_rel: str, *, write: bool = True, steps: Sequence[Step] = STEPS) -> Outcome:
    """Run every step (or ``steps``) on the site at ``root``; write what changed unless ``write`` is False."""
    site = Site(root, config_rel)
    if site.config is None:
        return Outcome(site, False)
    for step in steps:
        step.run(site)
    if write:
        for document in site.changed_documents():
            document.save()
        for path, new in site.renamed:
            _move(root, path, new)
        for path in site.deleted:
            path.unlink()
        for folder in sorted({p.parent for p in site.deleted}, key=lambda p: len(p.parts), reverse=True):
            _remove_empty(folder, root)
    return Outcome(site, write)


def for_the_editor(root: Path, config_rel: str) -> str | None:
    """The site's first language when `backbone upgrade` would change something that keeps the
    browser editor from changing every language (``registry.FOR_THE_EDITOR``); None otherwise."""
    site = upgrade(root, config_rel, write=False, steps=FOR_THE_EDITOR).site
    return site_languages(site)[0] if site.changes else None


def _move(root: Path, path: Path, new: Path) -> None:
    """``git mv`` for a file git tracks (so that its history follows it), a plain rename otherwise."""
    git = ["git", "-C", str(root)]
    rel = [str(path.relative_to(root)), str(new.relative_to(root))]
    try:
        tracked = subprocess.run([*git, "ls-files", "--error-unmatch", "--", rel[0]], capture_output=True, check=False)
        if tracked.returncode == 0 and subprocess.run([*git, "mv", "--", *rel], capture_output=True).returncode == 0:
            return
    except OSError:  # no git on this computer
        pass
    path.rename(new)


def _remove_empty(folder: Path, root: Path) -> None:
    """Folders emptied by deleting copies go too, up to the site's folder."""
    while folder != root and folder.is_relative_to(root) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
