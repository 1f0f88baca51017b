"""`backbone new site DIR`: a neutral starter partnership that builds with --strict as it is.

The starter is package data (``backbone/starter/``), so an installed Backbone carries it.
Files whose names start with ``dot-`` are written as dotfiles (``dot-gitignore`` →
``.gitignore``): wheels and sdists handle hidden files unevenly.

``--language`` writes the site's language into identity.yml and its region's currency into
investments.yml: `backbone new site --language en-GB` makes a site in pounds, with dates as
'20 August 2025' and its annual report on A4. A language Backbone has a starter in
(``starter-fr/``, ``starter-es/``, ``starter-de/``: French, Spanish, German) also gets the
starter's pages, story, metrics and data texts in it; Backbone's own words come from its
catalogs (render/words.py).
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from . import installed
from .clock import build_date
from .identity.languages import language_tag
from .installed import Requirement
from .render.formats import formats_for


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


def new_site(target: Path, language: str = "en") -> list[Path]:
    """Write the starter partnership into ``target`` (new or empty), in ``language`` (a BCP 47
    tag CLDR knows); return the files written."""
    target = Path(target)
    try:
        tag = language_tag(language)
    except ValueError as exc:
        raise NewSiteError(f"--language: {exc}") from None
    _check_target(target)
    written = []
    try:
        say = formats_for(tag).words.gettext
        for rel, data in [*_starter(tag).items(), ("requirements.txt", requirement(say).text(say).encode())]:
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_in_language(rel, data, tag))
            written.append(path)
    except OSError as exc:  # a full disk, a folder without write permission...
        raise NewSiteError(
            f"cannot write {exc.filename or target}: {exc.strerror or exc}; choose another folder"
        ) from None
    return written


def _starter(tag: str) -> dict[str, bytes]:
    """The starter's files, those written in the tag's language (``starter-fr/`` for 'fr' and
    'fr-CA') in place of the English ones; English where Backbone has no starter in it."""
    files = dict(_files(resources.files("backbone") / "starter"))
    own = resources.files("backbone") / f"starter-{tag.split('-')[0]}"
    if own.is_dir():
        files.update(_files(own))
    return dict(sorted(files.items()))


def _in_language(rel: str, data: bytes, tag: str) -> bytes:
    """A starter file for a site in ``tag``: its language in identity.yml, its region's currency
    in investments.yml (the starter is written in 'en' and 'USD'); every other file as it is."""
    if rel == "data/identity.yml":
        return re.sub(rb"(?m)^language: en\b( *)", lambda m: f"language: {tag}".encode().ljust(len(m[0])), data)
    currency = formats_for(tag).currency(build_date())
    if rel == "data/investments.yml" and currency:
        return re.sub(rb"(?m)^currency: USD\b", f"currency: {currency}".encode(), data)
    return data


def requirement(say=str) -> Requirement:
    """The line that installs this same Backbone on the site's CI (see installed.py); ``say``
    translates its comment (a catalogue's gettext, the site's language)."""
    return installed.requirement(*installed.direct_url(), say=say)


def _check_target(target: Path) -> None:
    """Refuse a folder the starter cannot go into, before writing anything."""
    if why := _not_a_folder(target):
        raise NewSiteError(f"{target} {why}; choose a new folder name")
    if target.is_dir() and any(target.iterdir()):
        raise NewSiteError(f"{target} already exists and is not empty; choose a new folder name")
    for parent in target.parents:
        if why := _not_a_folder(parent):
            raise NewSiteError(f"{target} cannot be made: {parent} {why}; choose another place")
        if parent.is_dir():
            break


def _not_a_folder(path: Path) -> str | None:
    """Why ``path`` is there but is no folder (None if it is one, or is not there)."""
    if path.is_symlink() and not path.exists():
        return f"is a link to {os.readlink(path)}, which does not exist"
    if path.exists() and not path.is_dir():
        return "is a file, not a folder"
    return None
