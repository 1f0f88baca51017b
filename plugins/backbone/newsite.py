"""`backbone new site DIR`: a neutral starter partnership that builds with --strict as it is.

The starter is package data (``backbone/starter/``), so an installed Backbone carries it.
Files whose names start with ``dot-`` are written as dotfiles (``dot-gitignore`` →
``.gitignore``): wheels and sdists handle hidden files unevenly.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import installed
from .installed import Requirement


class NewSiteError(ValueError):
    """The target folder cannot take a new site (it already holds files)."""


def _files(folder, prefix: str = ""):
    """(relative path, bytes) of every file under ``folder``, sorted."""
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name == "__pycache__":
            continue
        name = item.name[len("dot") :].replace("-", ".", 1) if item.name.startswith("dot-") else item.name
        rel = f"{prefix}{name}"
        if item.is_dir():
            yield from _files(item, rel + "/")
        else:
            yield rel, item.read_bytes()


def new_site(target: Path) -> list[Path]:
    """Write the starter partnership into ``target`` (new or empty); return the files written."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewSiteError(f"{target} already exists and is not empty; choose a new folder name")
    written = []
    for rel, data in _files(resources.files("backbone") / "starter"):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    pin = target / "requirements.txt"
    pin.write_text(requirement().text(), encoding="utf-8")
    written.append(pin)
    return written


def requirement() -> Requirement:
    """The line that installs this same Backbone on the site's CI (see installed.py)."""
    return installed.requirement(*installed.direct_url())
