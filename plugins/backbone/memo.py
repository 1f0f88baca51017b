"""Files kept between builds: written atomically; results of pure text functions by digest.

For work a warm build would otherwise repeat identically: inlining the CSS of 1,000 story
e-mails and turning their HTML into plain text took ~2 s of every build. The key covers
the input, the function's name and a salt naming the code that computes it, so a change
of input or of code simply misses the cache.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

Memo = Callable[[str, str, Callable[[str], str]], str]


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write ``path`` whole or not at all: concurrent builds and workers never read half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8", newline="")
    else:
        tmp.write_bytes(data)
    tmp.replace(path)


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
