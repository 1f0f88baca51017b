"""Benchmark the metrics feature: 200 metrics × 40 quarters × 10 partners (not a test).

    python bench/bench_metrics.py [--metrics 200] [--quarters 40] [--partners 10] [--keep DIR]

Generates a partnership in a temporary folder, builds it twice (cold: empty chart
cache; warm: same data) and prints the build times, the charts drawn in each build
and the peak memory of the build process and of the drawing workers.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def generate(root: Path, metrics: int, quarters: int, partners: int) -> None:
    rng = random.Random(42)  # the same data set every run
    shutil.copytree(MINIMAL / "data" / "brand", root / "data" / "brand")
    shutil.copy(MINIMAL / "data" / "identity.yml", root / "data" / "identity.yml")
    (root / "content").mkdir()
    (root / "content" / "index.md").write_text("# Bench\n\nLatest: {{ metric:metric-000 }}.\n")
    ids = [f"partner-{i:02d}" for i in range(partners)]
    sectors = ["public", "private", "civil"]
    (root / "data" / "partners.yml").write_text(
        yaml.safe_dump(
            {
                "partners": [
                    {
                        "id": pid,
                        "name": f"Partner {i}",
                        "sector": sectors[i % 3],
                        "joined": "2015",
                        "role": "Bench partner",
                    }
                    for i, pid in enumerate(ids)
                ]
            },
            sort_keys=False,
        )
    )
    folder = root / "data" / "metrics"
    folder.mkdir()
    start = 2015 * 4
    for m in range(metrics):
        base = rng.uniform(50, 500)
        series, breakdown = [], {pid: [] for pid in ids}
        for q in range(1, quarters + 1):
            period = f"{(start + q) // 4}-Q{(start + q) % 4 + 1}"
            value = round(base * (1 + 0.02 * q) + rng.uniform(-10, 10), 1)
            series.append({"period": period, "value": value})
            for pid in ids:
                breakdown[pid].append({"period": period, "value": round(value / partners + rng.uniform(-2, 2), 1)})
        spec = {
            "title": f"Metric {m}",
            "question": ["how-much", "how-well", "better-off"][m % 3],
            "description": "Generated.",
            "unit": "count",
            "decimals": 1,
            "polarity": "higher",
            "baseline": {"period": f"{start // 4}-Q1", "value": round(base, 1)},
            "target": {
                "period": f"{(start + quarters + 4) // 4}-Q{(start + quarters + 4) % 4 + 1}",
                "value": round(base * 2, 1),
            },
            "series": series,
            "breakdown": breakdown,
            "source": "Generated",
            "owner": ids[m % partners],
            "headline": m < 7,
            "order": m if m < 7 else None,
        }
        (folder / f"metric-{m:03d}.yml").write_text(yaml.safe_dump(spec, sort_keys=False))
    (root / "data" / "investments.yml").write_text(
        yaml.safe_dump(
            {
                "currency": "EUR",
                "hourly_value": 40,
                "contributions": [
                    {"partner": pid, "period": str(y), "money": 10000 * (i + 1), "staff_hours": 100}
                    for i, pid in enumerate(ids)
                    for y in range(2015, 2025)
                ],
                "valuations": [
                    {"metric": "metric-000", "value_per_unit": 100, "source": "Bench", "assumption": "Bench"}
                ],
            },
            sort_keys=False,
        )
    )
    (root / "site_config.yml").write_text(
        "site_name: Bench\nsite_url: https://bench.example.org/\ndocs_dir: content\n"
        "theme: {name: material}\n"
        "plugins: [backbone]\n"
        "nav: [{Home: index.md}, {Scorecard: scorecard/index.md}, "
        "{Metrics: metrics/index.md}, {Impact: impact/index.md}]\n"
    )


def build(root: Path) -> tuple[float, int, int]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(root / "site_config.yml"), site_dir=str(root / "site"), strict=True)
    charts = root / ".cache" / "backbone" / "charts"  # one file a chart and format, named by its digest
    before = set(charts.glob("*.*")) if charts.is_dir() else set()
    began = time.perf_counter()
    mkdocs_build(config)
    elapsed = time.perf_counter() - began
    after = set(charts.glob("*.*"))
    return elapsed, len(after - before), len(after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=200)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--partners", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="generate and build here instead of a temporary folder")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    root = args.keep or Path(tempfile.mkdtemp(prefix="backbone-bench-"))
    if root.exists() and any(root.iterdir()):
        sys.exit(f"{root} is not empty")
    root.mkdir(parents=True, exist_ok=True)
    try:
        generate(root, args.metrics, args.quarters, args.partners)
        print(
            f"data set: {args.metrics} metrics × {args.quarters} quarters × {args.partners} partners; "
            f"{os.cpu_count()} cores"
        )
        for label in ("cold", "warm"):
            elapsed, drawn, total = build(root)
            print(f"{label} build: {elapsed:7.1f} s, charts drawn: {drawn} of {total}")
        me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory: build process {me:.0f} MiB, largest drawing worker {workers:.0f} MiB")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
