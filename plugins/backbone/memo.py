"""Files kept between builds: written atomically; results of pure text functions by digest.

For work a warm build would otherwise repeat identically: inlining the CSS of 1,000 story
e-mails and turning their HTML into plain text took ~2 s of every build. The key covers
the input, the function's name and a salt naming the code that computes it, so a change
of input or of code simply misses the cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

Memo = Callable[[str, str, Callable[[str], str]], str]


def write_atomic(path: Path | str, data: str | bytes, *, readonly: bool = False) -> None:
    """Write ``path`` whole or not at all: concurrent builds and workers never read half a file.

    ``readonly`` is for entries that are published by hard link (see ``publish``): a tool
    that opens a site file to rewrite it in place is then refused instead of changing the cache.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)  # a read-only leftover of an interrupted build
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8", newline="")
    else:
        tmp.write_bytes(data)
    if readonly:
        tmp.chmod(0o444)
    tmp.replace(path)


def publish(entry: str, dest: str) -> None:
    """Put the cache entry ``entry`` at ``dest`` in the site: a hard link, else a copy.

    A link writes no data and no new file, and a warm build publishes ~2,400 cached images:
    copying them took 1.4–3.4 s of it, linking ~0.4 s. It is safe because an entry is never changed in place:
    it is written whole under a new name and renamed over the old one, which leaves earlier
    links untouched. Across file systems, or where links are refused, it is copied.
    """
    try:
        os.unlink(dest)
    except FileNotFoundError:
        pass
    try:
        os.link(entry, dest)
    except OSError:
        shutil.copyfile(entry, dest)


def direct(kind: str, value: str, make: Callable[[str], str]) -> str:
    """No cache: compute."""
    return make(value)


class DiskMemo:
    def __init__(self, folder: Path, salt: str):
        self.folder = Path(folder)
        self.salt = salt

    def __call__(self, kind: str, value: str, make: Callable[[str], str]) -> str:
        key = hashlib.sha256(f"{self.salt}\0{kind}\0{value}".encode("utf-8")).hexdigest()
        path = self.folder / f"{kind}-{key}.txt"
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        result = make(value)
        try:
            write_atomic(path, result)
        except OSError:
            pass  # a read-only checkout still builds, without the cache
        return result
