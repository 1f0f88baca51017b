"""The code keeps ruff's lint and formatting (configured under [tool.ruff] in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ["plugins", "tests", "bench", "scripts"]


def test_ruff_finds_nothing_to_fix():
    reports = []
    for command in (["check"], ["format", "--check"]):
        run = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", *CHECKED],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            reports.append(f"$ ruff {' '.join(command)} {' '.join(CHECKED)}\n{run.stdout}{run.stderr}")
    assert not reports, "\n".join(reports)
