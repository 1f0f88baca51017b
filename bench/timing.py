"""What the benchmarks that time whole commands share (not a test)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(*argv: str) -> float:
    """Seconds of wall-clock time ``python argv...`` takes in a fresh process, with this
    checkout's Backbone first on the path; its output is kept from the terminal."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "plugins"))
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], check=True, env=env, capture_output=True)
    return time.perf_counter() - start
