"""The theme's static files, found once a process while its folders hold the same names.

Every build, MkDocs lists every file in the theme's folders (mkdocs-material ships some
fourteen thousand, its icons among them) and matches each name against its patterns to find
the static files to copy: a third of a small site's build, with the same answer every time.
The answer is kept under what it depends on: the folders, the names they hold and the
patterns' own inputs (the theme's static templates, Markdown's extensions). The site's own
folder (``custom_dir``) is walked again each build: a file added to or removed from it, say
while `mkdocs serve` runs, gives a new key. The installed themes' folders are walked once a
process (mkdocs-material's holds thousands of icons).
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache, partial

from jinja2 import Environment
from mkdocs import utils

# (the filter's code, folders, static templates) → (the key of what they held, the files the
# filter let through): one answer each, the latest, so a long preview's edits pile up nothing
_FOUND: dict[tuple, tuple[str, list[str]]] = {}


def listing(env: Environment, theme) -> partial:
    """``env``'s ``list_templates``, answering MkDocs' listing of ``theme``'s static files
    from ``_FOUND``."""
    static = tuple(sorted(theme.static_templates))
    return partial(_listed, env, tuple(theme.dirs), static, theme.custom_dir)


def _listed(
    env: Environment, dirs: tuple, static: tuple, own: str | None, extensions=None, filter_func=None
) -> list[str]:
    code = getattr(filter_func, "__code__", None)  # MkDocs' patterns: the same code every build
    if code is None or extensions is not None:  # another listing: as Jinja answers it
        return Environment.list_templates(env, extensions, filter_func)
    key = _key(dirs, static, own)
    known, found = _FOUND.get((code, dirs, static), ("", []))
    if known != key:
        found = Environment.list_templates(env, extensions, filter_func)
        _FOUND[(code, dirs, static)] = (key, found)
    return list(found)


def _key(dirs: tuple, static: tuple, own: str | None) -> str:
    digest = hashlib.sha256(repr((dirs, static, sorted(utils.markdown_extensions))).encode())
    for folder in dirs:
        digest.update(_names(folder) if folder == own else _installed_names(folder))
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _installed_names(folder: str) -> bytes:
    """An installed theme's folder does not change while a process runs."""
    return _names(folder)


def _names(folder: str) -> bytes:
    """The digest of every file name under ``folder``, with its folder, in a stable order (a
    digest, not the names: a process keeps one per installed theme)."""
    digest = hashlib.sha256()
    for path, folders, names in os.walk(folder):
        folders.sort()
        digest.update(f"\0{path}\0{chr(1).join(sorted(names))}".encode())
    return digest.digest()
