"""Copies of Backbone's own theme files in a site's ``custom_dir``.

Until 0.2 a site carried a copy of Backbone's theme overrides (``custom_dir: theme``); since
0.2 Backbone ships them itself, just below the site's ``custom_dir``. A copy left in the
site still wins over the shipped file, so it hides every later fix to it (escaping, access-
ibility). A copy is known by its content: the sha256 of every version of every theme file
Backbone's repository held at the top-level ``theme/`` before the move.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# path inside the custom_dir → {sha256 of a version Backbone shipped: the version it was in}
COPIES: dict[str, dict[str, str]] = {
    "home.html": {"1f643075510fec23c511485c5376924ecdd39ffd863fdf12c0d8147d76b6cf8c": "0.1.0"},
    "main.html": {
        "132d9d8c68db5fc349423382c7edbddc3913275edb5375df7a19fecb07167c3a": "0.1.0",
        "9c1defa94432a4ddbe5de2631eab169cd19680f2957c2c4cb76331f854e81d98": "0.1.0",
    },
    "partials/copyright.html": {"0bf09622b5e76085c3d05b4e353f58d257aada00b65ec205010bed7ee5f0425a": "0.1.0"},
    "partials/nav-item.html": {"bda0d00f18773c727724b3d0eebaa29d186a4be829cc48000a9d73722e8cfc0b": "0.1.0"},
    "partials/search.html": {"67477db0fde15cc79fe3c2e78580a2f0a9e78ce359b8de323b5f8f66a2cd6bb5": "0.1.0"},
    "partials/source.html": {"c269107f752500b832fe656f0b6822b7bb1ecbb9761cc3416d9827b3f105e196": "0.1.0"},
    "partials/toc.html": {"308f6221f5e7f90e7254de2da0ed871027f38e6d6fa983773dcfd4823866bc1a": "0.1.0"},
}


def copies(folder: Path) -> list[tuple[Path, str]]:
    """(file, the Backbone version it is a copy of) for each unchanged copy in ``folder``."""
    found = []
    for rel, versions in sorted(COPIES.items()):
        path = folder / rel
        if path.is_file() and not path.is_symlink():
            version = versions.get(hashlib.sha256(path.read_bytes()).hexdigest())
            if version:
                found.append((path, version))
    return found


def stale_copy_warnings(folder: Path, shown_as: str) -> list[str]:
    """The build's deprecation warning for each copy (``shown_as``: the folder as configured)."""
    return [
        f"{shown_as}/{path.relative_to(folder).as_posix()} is an unchanged copy of Backbone {version}'s "
        "theme file, which Backbone now ships itself: the copy hides every later fix to it. "
        "Run `backbone upgrade`, which deletes such copies (and custom_dir once nothing else is left in it)"
        for path, version in copies(folder)
    ]
