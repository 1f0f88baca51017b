"""Reading a partnership's files safely: inside the project, ordinary files, bounded, UTF-8.

Every data and content file Backbone reads goes through ``read_text`` (and every file
MkDocs collects from the docs folder through ``refusal``), so each rule holds everywhere
by construction rather than loader by loader:

- no symbolic link leads to it from the project folder, and it lies inside that folder: a
  link would publish or load what it points at (``.git/config``, a data file of quotes
  without consent, ``/etc/passwd``), and MkDocs follows a linked folder wherever it leads;
- it is an ordinary file: a folder, a dangling link, a pipe, socket or device is refused
  with a message, and never opened in a way that waits (a pipe would block the build);
- a text file is at most ``MAX_FILE_BYTES``;
- text is UTF-8, with or without a byte-order mark (some editors on Windows add one).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import DataError, Problem

MAX_FILE_BYTES = 5_000_000  # 5 MB: a 10,000-point metric file is ~300 kB, a long story ~50 kB
UTF8_FIX = "save it as UTF-8 (in most editors: 'Save as…' or 'Save with encoding', then UTF-8)"


def rel_of(path: Path, root: Path) -> str:
    """``path`` from the project folder, as the author sees it (a link is named, not its target)."""
    here, top = os.path.abspath(path), os.path.abspath(root)
    if here.startswith(top + os.sep):  # the usual case: below the project folder by name, no realpath needed
        return Path(here[len(top) + 1 :]).as_posix()
    path, root = Path(here), Path(top)
    # the folders resolved but not the name: a link is named as it is, not as its target
    for where, top in ((path, root), (Path(os.path.realpath(path.parent)) / path.name, Path(os.path.realpath(root)))):
        if where.is_relative_to(top):
            return where.relative_to(top).as_posix()
    return path.as_posix()


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` is inside ``root`` once every symbolic link is followed."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


LINK_FIX = (
    "Backbone reads and publishes no file through a link, so that a link cannot put on the site a file that is "
    "not meant for it (quotes without consent, drafts, passwords): replace the link with a copy of the file, or "
    "delete it"
)


def first_link(path: Path, root: Path) -> Path | None:
    """The first symbolic link on the way from the project ``root`` down to ``path`` (``path``
    itself included), or None. Nothing is followed or opened."""
    here, top = os.path.abspath(path), os.path.abspath(root)
    if here.startswith(top + os.sep):  # the usual case: below the project folder by name, no realpath needed
        while here != top:
            if os.path.islink(here):
                return Path(here)
            here = os.path.dirname(here)
        return None
    top = {top, os.path.realpath(root)}
    while here not in top:
        if os.path.islink(here):
            return Path(here)
        if os.path.realpath(here) in top:  # the project folder, reached by another name
            return None
        parent = os.path.dirname(here)
        if parent == here:
            return None  # not below the project folder: refusal() says so
        here = parent
    return None


def link_refusal(link: Path, path: Path, root: Path) -> str:
    """Why a file that is, or lies below, the symbolic ``link`` is refused; names the link's target."""
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    if os.path.abspath(link) == os.path.abspath(path):
        return f"is a symbolic link (to {target}); {LINK_FIX}"
    return f"is in {rel_of(link, root)}, a symbolic link (to {target}); {LINK_FIX}"


def refusal(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be read or published, or None: it must be an ordinary file inside
    the project ``root``, reached through no symbolic link. Nothing is opened, so a pipe
    cannot block."""
    link = first_link(path, root)
    if link is not None:
        return link_refusal(link, path, root)
    # below the project folder by name, through no link and no '..' (which a link before it
    # would send elsewhere): inside it, without resolving each folder
    below = ".." not in os.fspath(path).split(os.sep) and os.path.abspath(path).startswith(
        os.path.join(os.path.abspath(root), "")
    )
    if not below and not inside(path, root):
        return (
            "is outside the project folder; Backbone reads and publishes only files inside the project: "
            "copy the file into the project"
        )
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return (
            "is a link to a file that does not exist (a broken link); delete it, or link to a file inside the project"
        )
    except OSError as exc:
        return f"cannot be read ({exc.strerror}); check the file's permissions"
    if stat.S_ISDIR(mode):
        return (
            "is a folder, not a file; rename the folder so that its name does not end like a file's (.yml, .md, .csv)"
        )
    if not stat.S_ISREG(mode):
        return "is not an ordinary file (it is a pipe, socket or device); delete it, or replace it with a saved file"
    return None


def read_bytes(path: Path, root: Path, rel: str | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the ordinary file ``path`` inside ``root``, at most ``limit`` of them;
    DataError (file, what is wrong, the fix) otherwise."""
    root = Path(root)
    rel = rel or rel_of(path, root)
    why = refusal(path, root)
    if why:
        raise DataError([Problem(rel, 0, "", f"this file {why}")])
    # O_NONBLOCK: should the file have become a pipe since refusal() looked, opening it
    # does not wait for a writer; fstat below then refuses it.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise DataError(
            [
                Problem(
                    rel, 0, "", f"this file cannot be read ({exc.strerror}); check that it exists and its permissions"
                )
            ]
        ) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError(
                [
                    Problem(
                        rel,
                        0,
                        "",
                        "this file is not an ordinary file (it is a pipe, socket or device); "
                        "delete it, or replace it with a saved file",
                    )
                ]
            )
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise DataError(
            [
                Problem(
                    rel,
                    0,
                    "",
                    f"the file is larger than {limit / 1e6:g} MB, the most Backbone reads; "
                    "split it into smaller files or remove what is not needed",
                )
            ]
        )
    return data


def decode(data: bytes, rel: str) -> str:
    """UTF-8 text, with or without a byte-order mark; DataError naming the line otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(rel, line, "", f"the file is not UTF-8 text (byte {exc.start + 1} is not UTF-8); {UTF8_FIX}")]
        ) from None


def read_text(path: Path, root: Path, rel: str | None = None) -> str:
    """The text of a data or content file, read by the rules of this module."""
    rel = rel or rel_of(path, Path(root))
    return decode(read_bytes(path, root, rel), rel)


def entries(folder: Path, pattern: str) -> list[Path]:
    """The entries of ``folder`` matching ``pattern``, sorted, whatever their kind: a folder
    or a pipe named like a data file is returned too, so that reading it says what is wrong
    instead of the file silently not counting."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(pattern))


@dataclass
class Tree:
    """What a folder holds, found without following any symbolic link (see ``walk``)."""

    files: list[Path] = field(default_factory=list)  # every entry that is neither a folder nor a link
    links: list[Path] = field(default_factory=list)  # every symbolic link, to a file or a folder, or broken


def walk(folder: Path) -> Tree:
    """Every entry below ``folder``, without following a link: a link to '/' is one entry,
    not the whole disk. MkDocs' own walk follows links, so this runs before it."""
    tree = Tree()
    pending = [Path(folder)] if os.path.isdir(folder) else []
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # an unreadable folder: MkDocs reports it when it lists it
        for entry in entries:
            path = here / entry.name
            if entry.is_symlink():
                tree.links.append(path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            else:
                tree.files.append(path)
    tree.files.sort()
    tree.links.sort()
    return tree
