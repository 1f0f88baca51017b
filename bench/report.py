"""Benchmark the annual report on the demo partnership (not a test).

    python bench/report.py [--year 2025] [--runs 3]

Copies the demo into a temporary folder and times, in fresh processes as `backbone report`
runs: cold (empty cache: the featured charts drawn, the report typeset), typeset only (charts
in the cache, the report's own cache emptied) and warm (nothing changed: the cached PDF).
Each row is the best of ``--runs`` runs, in seconds of wall-clock time.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from timing import ROOT, timed


def run(project: Path, year: int) -> float:
    return timed("-m", "backbone.cli", "report", str(year), "-f", str(project / "site_config.yml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[float]] = {"cold": [], "typeset only": [], "warm": []}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo"
        for name in ("data", "content", "site_config.yml"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, project / name)
        cache = project / ".cache"
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            rows["cold"].append(run(project, args.year))
            shutil.rmtree(cache / "backbone" / "report", ignore_errors=True)
            rows["typeset only"].append(run(project, args.year))
            rows["warm"].append(run(project, args.year))
        pdf = project / "site" / "reports" / f"{args.year}.pdf"
        size = pdf.stat().st_size
    print(f"annual report {args.year} of the demo ({size / 1000:.0f} kB), best of {args.runs}, seconds")
    for name, times in rows.items():
        print(f"  {name:<14} {min(times):6.2f}")


if __name__ == "__main__":
    main()
