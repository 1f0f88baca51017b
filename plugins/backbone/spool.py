"""A build's pages, held on disk rather than in memory while the build needs them.

The model holds every page the core made, for the whole build, and MkDocs renders every
page before it writes the first: at 1,000 stories and 200 metrics that was tens of MB of
HTML held at once. A ``Spool`` is one unnamed temporary file per build (the system removes
it when it is closed, or when the process ends, whatever happens): a page's HTML is written
there once, as UTF-8, and read back when its page is shown. Reading it is a seek and a read
of a file the system keeps in its cache: far less than rendering it again.
"""

from __future__ import annotations

import io
import tempfile
import threading
import weakref
from dataclasses import dataclass


class Spool:
    """One build's spooled texts: appended, never changed, read back by their place."""

    def __init__(self):
        try:
            self._file = tempfile.TemporaryFile()  # unnamed: no other process can open it
        except OSError:  # no writable temporary folder: the build holds its pages in memory, as before
            self._file = io.BytesIO()
        self._lock = threading.Lock()  # a read and a write never interleave their seeks
        self._end = 0
        # closed once nothing holds the spool (the build's model is gone), or when Python exits
        self._close = weakref.finalize(self, self._file.close)

    def put(self, text: str | bytes) -> Spooled:
        """``text`` written once (text as UTF-8; a lone surrogate kept, as it came)."""
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        with self._lock:
            self._file.seek(self._end)
            self._file.write(data)
            start, self._end = self._end, self._end + len(data)
        return Spooled(self, start, len(data))

    def read(self, start: int, length: int) -> bytes:
        with self._lock:
            self._file.seek(start)
            return self._file.read(length)

    def close(self) -> None:
        self._close()


@dataclass(frozen=True, eq=False)
class Spooled:
    """A text in a spool, as UTF-8. Its repr names its spool by address: never a cache key."""

    spool: Spool
    start: int
    length: int

    def read(self) -> bytes:
        return self.spool.read(self.start, self.length)

    def text(self) -> str:
        return self.read().decode("utf-8", "surrogatepass")
