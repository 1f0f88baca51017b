"""Memory the build has freed, given back to the system between its phases.

CPython frees its objects into the C library's heap, which keeps the pages for the next
allocation instead of returning them: once the files phase has read every data file and
made every generated page, and let go of what it needed only meanwhile (the charts' specs,
the stories' rendered Markdown), the process stays that large through the page loop, and
material's search index is then written on top of it. ``release`` asks glibc to return the free pages
now (``malloc_trim``); where the C library has no such call (macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
from functools import cache


@cache
def _trim():
    try:  # the process's own symbols, the C library's among them: no search for its file
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def release() -> None:
    """Give the heap's free pages back to the system, where the C library can."""
    trim = _trim()
    if trim is not None:
        trim(0)
