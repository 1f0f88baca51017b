"""The cache: files kept between builds, made once for what they are made from.

One key recipe (``key``: the code that makes an entry, the digests of its inputs, its
parameters) names every entry (``entry``); one helper (``ensure``, and ``ensure_all`` for the
drawing pool) looks an entry up and else makes it and writes it whole. A change of input or
of code simply misses. Entries are dated by use, pruned when unused, and published into the
site by hard link. Text results (an e-mail's inlined CSS, its plain-text twin) are kept the
same way (``DiskMemo``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

from .background import draw_all, processes

Memo = Callable[[str, str, Callable[[str], str]], str]
T = TypeVar("T")


@lru_cache(maxsize=None)
def code_digest(*files: str, packages: tuple[str, ...] = ()) -> str:
    """The sha256 of the code that makes a cached result: these source files and the versions
    of these packages. Every cache key starts with one, so a change to the code (or an
    upgrade of Pillow, matplotlib...) simply misses the cache instead of serving stale output."""
    h = hashlib.sha256()
    for name in files:
        h.update(Path(name).read_bytes())
    for package in packages:
        h.update(f"\0{package}={version(package)}".encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def installed() -> str:
    """The sha256 of this Python's version and of every package installed where it imports
    from, by name and version (their metadata folders' names): for what any of them may
    shape, a Markdown extension's output, say. An upgrade misses; listing costs no file read."""
    names = {sys.version}
    for folder in sys.path:
        try:
            names.update(n for n in os.listdir(folder or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return digest("\0".join(sorted(names)))


def digest(data: bytes | str) -> str:
    """The sha256 of ``data`` (text as UTF-8): an input's digest, for ``key``."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def key(code: str, *inputs: str, params: Any = None) -> str:
    """The one cache-key recipe: the sha256 of the code that makes an entry (``code_digest``),
    the digests of what it is made from (``digest``, ``content_digest``), and the parameters
    that shape it (any value JSON writes, keys in order): the same key always names the same
    bytes, and a change to any of them is another key."""
    h = hashlib.sha256(code.encode("utf-8"))
    for value in inputs:
        h.update(b"\0" + value.encode("utf-8"))
    if params is not None:
        h.update(b"\0" + json.dumps(params, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())
    return h.hexdigest()


def entry(folder: Path | str, key: str, suffix: str, kind: str = "") -> Path:
    """Where the entry ``key`` is kept: ``<folder>/<kind>-<key><suffix>``, a name ``prune`` knows."""
    return Path(folder) / f"{kind}-{key}{suffix}" if kind else Path(folder) / f"{key}{suffix}"


Made = bytes | str | Sequence[bytes | str] | None


def ensure(entries: Path | Sequence[Path], make: Callable[[], Made], *, readonly: bool = True) -> bool | None:
    """Look in the cache, else make and write: ``entries`` (one path, or the paths one making
    writes together) from the cache when every one is there; else ``make()``, whose bytes (one
    value per entry, in order) are written whole. True when made, False when found, None when
    ``make`` had nothing to keep (nothing is written)."""
    paths = [Path(entries)] if isinstance(entries, (str, Path)) else [Path(p) for p in entries]
    if all([in_cache(path) for path in paths]):  # a list: every one is marked as used
        return False
    made = make()
    if made is None:
        return None
    _write(paths, made, readonly)
    return True


def _write(paths: list[Path], made: Made, readonly: bool) -> None:
    values = [made] if isinstance(made, (bytes, str)) else list(made)
    if len(values) != len(paths):
        raise ValueError(f"made {len(values)} values for {len(paths)} cache entries")
    for path, value in zip(paths, values):
        write_atomic(path, value, readonly=readonly)


class Unmade(Exception):
    """Raised by a maker of ``ensure_all`` that cannot make its entries: why, in words."""


def ensure_all(
    jobs: Sequence[tuple[Sequence[Path], T]],
    make: Callable[[T], Made],
    workers: int = 0,
    *,
    here_below: int = 4,
    initializer: Callable[[], None] | None = None,
    chunksize: int = 1,
) -> list[tuple[T, str | None]]:
    """``ensure`` for many items at once, in the drawing pool. Each job is (its entries, the
    item that makes them); those with an entry missing go to ``workers`` processes (0: one per
    core, at most 8; when fewer than ``here_below`` are missing, this process), where
    ``make(item)`` (a module-level function) gives the entries' bytes, or raises ``Unmade``
    and nothing is written. Returns (item, None or why it is unmade) of each job made, in order.
    Never more processes than chunks of ``chunksize``: a lone chunk is made here, where the
    build would only wait for a process to start and make it."""
    missing = [(tuple(map(str, paths)), item) for paths, item in jobs if not all([in_cache(p) for p in paths])]
    workers = workers or min(processes(), 8)
    chunks = -(-len(missing) // chunksize)
    results = draw_all(
        _make_into,
        [(make, paths, item) for paths, item in missing],
        min(workers, chunks) if len(missing) >= here_below else 1,
        initializer=initializer,
        chunksize=chunksize,
    )
    return [(item, unmade) for (_, item), unmade in zip(missing, results)]


def _make_into(job: tuple[Callable[[Any], Made], tuple[str, ...], Any]) -> str | None:
    make, paths, item = job
    try:
        made = make(item)
    except Unmade as exc:
        return str(exc)
    _write([Path(p) for p in paths], made, readonly=True)
    return None


# The cache entries this process made or found under a digest of everything that makes them
# (a chart is named by the digest of its data, code and style): absolute path → that digest.
_MADE: dict[str, str] = {}


def made(path: Path | str, digest: str) -> None:
    """Record that the cache entry ``path`` holds what ``digest`` names: a sha256 this process
    computed of everything that makes the entry. ``content_digest`` then answers without reading it."""
    _MADE[os.path.abspath(path)] = digest


def content_digest(path: Path | str) -> str:
    """A key for a file's content: the sha256 of its bytes, or, for a cache entry this process
    made or found (``made``), the digest it was made under, so a warm build reads none of them.
    Never a file's name: a logo named like a digest is hashed like any other file, so a
    replaced one gets new cards."""
    known = _MADE.get(os.path.abspath(path))
    if known is not None:
        return known
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_atomic(path: Path | str, data: str | bytes, *, readonly: bool = False) -> None:
    """Write ``path`` whole or not at all: concurrent builds and workers never read half a file.

    ``readonly`` is for entries that are published by hard link (see ``publish``): a tool
    that opens a site file to rewrite it in place is then refused instead of changing the cache.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")  # before any file exists: text that cannot be written leaves none
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)  # a read-only leftover of an interrupted build
    try:
        tmp.write_bytes(data)
        if readonly:
            tmp.chmod(0o444)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk, or an interrupted build
        raise


def publish(entry: str, dest: str) -> None:
    """Put the cache entry ``entry`` at ``dest`` in the site: a hard link, else a copy.

    A link writes no data and no new file, and a warm build publishes thousands of cached
    images: copying them was a large part of it. It is safe because an entry is never changed
    in place: it is written whole under a new name and renamed over the old one, which leaves
    earlier links untouched. Across file systems, or where links are refused, it is copied.
    """
    try:
        os.unlink(dest)
    except FileNotFoundError:
        pass
    try:
        os.link(entry, dest)
    except OSError:
        shutil.copyfile(entry, dest)


# A cache entry's modification time is the last day a build used it: refreshed at most
# once a day (a warm build uses thousands of entries), and ``prune`` goes by it.
DAY = 24 * 3600
# What Backbone names its entries: "<sha256>.svg", "social-<sha256>.png", and an
# interrupted write's "<name>.<pid>.tmp". Nothing else in a folder is ever pruned, so a
# cache folder set to a folder of the user's own files loses none of them.
ENTRY = re.compile(r"(?:[a-z]+-)*[0-9a-f]{64}\.[a-z0-9]+(?:\.\d+\.tmp)?")
PRUNED = ".pruned"  # stamp: when the folder was last pruned


def in_cache(path: Path | str) -> bool:
    """Whether the entry ``path`` is in the cache; if so, it is marked as used today."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    if time.time() - st.st_mtime > DAY:
        try:
            os.utime(path)
        except OSError:
            pass  # a read-only cache still serves its entries
    return True


def prune(folder: Path | str, days: float, now: float | None = None) -> tuple[int, int]:
    """Delete the entries of ``folder`` that no build has used for ``days`` days; (files, bytes).

    At most once a day per folder. Deleting an entry leaves a site published from it intact:
    a hard link keeps the bytes, only the cache's name for them goes.
    """
    folder = Path(folder)
    now = time.time() if now is None else now
    stamp = folder / PRUNED
    try:
        if now - stamp.stat().st_mtime < DAY:
            return 0, 0
    except OSError:
        pass
    if not folder.is_dir():
        return 0, 0
    files = size = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not ENTRY.fullmatch(entry.name) or not entry.is_file(follow_symlinks=False):
                continue
            st = entry.stat(follow_symlinks=False)
            if now - st.st_mtime > days * DAY:
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
                files, size = files + 1, size + st.st_size
    try:
        stamp.touch()
        os.utime(stamp, (now, now))
    except OSError:
        pass
    return files, size


def direct(kind: str, value: str, make: Callable[[str], str]) -> str:
    """No cache: compute."""
    return make(value)


class DiskMemo:
    """Text results kept in ``folder``, keyed by ``salt`` (the code that makes them), the
    input's digest and its kind: for work a warm build would otherwise repeat identically."""

    def __init__(self, folder: Path, salt: str):
        self.folder = Path(folder)
        self.salt = salt

    def __call__(self, kind: str, value: str, make: Callable[[str], str]) -> str:
        path = entry(self.folder, key(self.salt, digest(value), params=kind), ".txt", kind)
        result = None

        def compute() -> str:
            nonlocal result
            result = make(value)
            return result

        try:
            if ensure(path, compute, readonly=False) is False:
                return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass  # a read-only checkout still builds, without the cache
        return result if result is not None else make(value)
