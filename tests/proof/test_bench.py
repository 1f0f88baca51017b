"""The benchmark script runs end to end on a small site (its figures are read, not asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from support import ROOT

pytestmark = pytest.mark.slow


def test_bench_scale_runs_and_prints_every_figure(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "scale.py"),
            "--stories",
            "12",
            "--metrics",
            "4",
            "--quarters",
            "8",
            "--partners",
            "12",
            "--breakdown",
            "3",
            "--quick-floor",
            "--repeat",  # one paired run: this checks what the bench prints, not the figures
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        # its builds as a partnership's run, with a worker on each core (conftest.py sets 1)
        env={**{k: v for k, v in os.environ.items() if k != "BACKBONE_WORKERS"}, "TMPDIR": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert left == [], f"the bench left its temporary folders behind: {left[:20]}"
    out = run.stdout
    assert "Backbone plugins active: backbone (identity, partners, governance" in out
    for row in ("backbone cold (12)", "backbone warm (12)", "blog (12)", "backbone cold (24)"):
        assert re.search(re.escape(row) + r"\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+", out), f"no figures for {row}:\n{out}"
    for ratio in ("cold / blog", "warm / blog", "peak memory / blog", "24 / 12 stories (cold)"):
        assert re.search(re.escape(ratio) + r"\s+\d+\.\d\d×  \(target ≤ [\d.]+×: (met|MISSED)\)", out), out
    assert re.search(r"cold / peer stack\s+\d+\.\d\d×  \(target ≤ 1\.0×: (met|MISSED)\)", out), out
    for edit, target in (("story text saved → served", "2.0"), ("one figure → page, chart, scorecard", "3.0")):
        assert re.search(re.escape(edit) + rf"\s+\d+\.\d\d s  \(target ≤ {target} s: (met|MISSED)\)", out), out
    assert re.search(r"… → the whole site rebuilt\s+\d+\.\d\d s", out), out
    assert "the page shown first differs" not in out, out  # a saved story's page, first, as the whole rebuild's
    for ratio in ("warm / blog, CPU", "cold / blog, CPU"):
        assert re.search(re.escape(ratio) + r"\s+\d+\.\d\d×", out), out
    # Both sites really hold the stories: one page per story, plus the site's own pages.
    pages = re.search(r"pages written: backbone (\d+), blog (\d+)", out)
    assert int(pages.group(1)) >= 12 + 12 and int(pages.group(2)) >= 12, out
    floor = re.search(
        r"charts at the floor\s+(\d+\.\d) s CPU\s+cards as drawn\s+(\d+\.\d) s CPU\s+warm build\s+(\d+\.\d) s CPU", out
    )
    assert floor and float(floor.group(1)) > 0, out  # 4 curves with slides and 4 breakdowns: ~0.7 s
    assert re.search(r"cold / blog, at least\s+\d+\.\d\d×  \(were cards free:\s+\d+\.\d\d×\)", out), out
    assert re.search(
        r"per chart, Backbone's against the floor: curve and slide \d+ / \d+ ms, partner chart \d+ / \d+ ms", out
    ), out
