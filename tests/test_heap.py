"""heap.release gives the pages freed objects leave in the C library's heap back to the system
(issue 24, peak memory). Measured in a fresh process: the pages a build freed in the middle
of its heap, between objects still alive, which glibc keeps until asked."""

from __future__ import annotations

import subprocess
import sys

import pytest

CODE = """
from backbone import heap

def rss():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) // 1024

texts = [("x" * 2000) + str(i) for i in range(40_000)]  # about 80 MiB in 2 KB pieces
kept = texts[::20]  # one in twenty stays: the free pages lie between live objects
del texts
before = rss()
heap.release()
print(before, rss())
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="malloc_trim is glibc's (release does nothing elsewhere)"
)
def test_release_gives_the_freed_pages_back():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout
    before, after = map(int, out.split())
    assert before - after > 40, (before, after)  # MiB: most of the 76 MiB freed goes back
