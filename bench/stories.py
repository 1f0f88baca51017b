"""Benchmark: build a partnership with 1,000 generated stories, cold then warm.

    python bench/stories.py [--stories 1000] [--workers 0]

Prints, for each build: wall time, cards drawn, peak memory (largest resident set
of the build process and of its card-drawing workers). The warm build reuses the
card cache and must draw 0 cards. Runs each build in a fresh process so that
memory figures are the build's own. Uses the test fixture partnership and the
tests' FakeFigures for metrics (the stories' own cost, without drawing charts).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

WORDS = (
    "partners clinic city harbour nurse families data youth jobs training employer bus childcare "
    "support learning shared results community change people week month team plan voucher line"
).split()

CHILD = r"""
import json, resource, sys, time, logging
sys.path.insert(0, {tests!r})
from mkdocs.config import load_config
from mkdocs.commands.build import build
from fakes import FakeMetricsFeature
logging.getLogger("mkdocs").setLevel(logging.ERROR)
start = time.perf_counter()
config = load_config({config!r}, site_dir={site!r}, strict=True)
config.plugins["backbone"].doubles = {{"metrics": FakeMetricsFeature()}}
build(config)
elapsed = time.perf_counter() - start
stories = config.plugins["backbone"].features["stories"]
print(json.dumps(dict(
    seconds=elapsed,
    cards_drawn=stories.cards_drawn,
    stories=len(stories.catalog),
    peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    worker_peak_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
)))
"""


def story(i: int, rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(350))
    paragraphs = "\n\n".join(words[j : j + 600] for j in range(0, len(words), 600))
    year, month, day = 2020 + i % 5, 1 + i % 12, 1 + i % 28
    metric = rng.choice(["people-helped@2024-Q1", "people-helped@2024-Q4", "clinic-visits", "satisfaction@2024-Q3"])
    partners = rng.sample(["city-hall", "harbour-clinic", "dockside-foods"], 2)
    tags = rng.sample(["triage", "food", "data", "youth", "transport", "housing", "skills"], 2)
    return (
        "---\n"
        f'title: "Story {i}: {rng.choice(WORDS)} and {rng.choice(WORDS)} '
        f'for the {rng.choice(WORDS)} {rng.choice(WORDS)}"\n'
        f'date: "{year}-{month:02d}-{day:02d}"\n'
        f'summary: "How the {rng.choice(WORDS)} changed for {i} people in the harbour district."\n'
        f"partners: [{', '.join(partners)}]\n"
        f"metrics: [{metric}]\n"
        f"tags: [{', '.join(tags)}]\n"
        'quote:\n  text: "It made a difference."\n  name: A resident\n  role: Harbour district\n'
        "author: Bench Mark\n"
        "---\n\n" + paragraphs + "\n"
    )


def make_project(folder: Path, count: int) -> Path:
    root = folder / "project"
    shutil.copytree(TESTS / "fixtures/minimal", root)
    stories = root / "content/stories"
    stories.mkdir(parents=True)
    rng = random.Random(42)
    for i in range(count):
        (stories / f"story-{i:04d}.md").write_text(story(i, rng), encoding="utf-8")
    config = root / "site_config.yml"
    return config


def run(config: Path, site: Path) -> dict:
    code = CHILD.format(tests=str(TESTS), config=str(config), site=str(site))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backbone-bench-") as tmp:
        config = make_project(Path(tmp), args.stories)
        cold = run(config, Path(tmp) / "site-cold")
        warm = run(config, Path(tmp) / "site-warm")
        pages = sum(1 for _ in (Path(tmp) / "site-warm").rglob("index.html"))
    print(f"{args.stories} stories ({cold['stories']} published), {pages} pages")
    for name, r in (("cold", cold), ("warm", warm)):
        print(
            f"{name:>5}: {r['seconds']:6.1f} s  cards drawn: {r['cards_drawn']:5d}  "
            f"peak memory: build {r['peak_mb']:.0f} MB, card workers {r['worker_peak_mb']:.0f} MB"
        )
    if warm["cards_drawn"] != 0:
        raise SystemExit("the warm build drew cards: the cache key is not stable")


if __name__ == "__main__":
    main()
