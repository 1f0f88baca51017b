"""Backbone at scale against mkdocs-material's blog plugin: wall time and peak memory.

    python bench/scale.py                 # 1,000 stories, then 2,000 for the scaling figure
    python bench/scale.py --stories 500 --no-double

Generates, in a temporary folder, a partnership of N stories (~350 words each), 200 metrics
× 40 quarters with a 10-partner breakdown, and 50 partners, in the formats of the data
reference; and a material blog holding the same N story texts as posts. Each site is built
by `mkdocs build` in a fresh subprocess, after os.sync() so that the writing-back of the
previous build's files is not charged to it. Wall time is measured around it; CPU time
(user + system) and peak memory come from os.wait4, which counts the build and the drawing
workers it waited for (peak memory: the largest of those processes). CPU time shows how
much of a cold build is drawing spread over the cores; it is no steadier than wall time on
a shared machine, where other load slows the cores themselves (a single-process build's
CPU and wall times agree). Backbone is built cold (no .cache) and
warm (again, with the cache of the cold build); the blog twice the same way. Figures are
printed, not asserted: targets are checked by reading them, not by a timed test.

Only the Backbone plugins that are installed AND importable are enabled; the script prints
which were active, since the figures mean little without that.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# One plugin; the parts it turns on here (each on because its files exist).
CORE = ["identity", "partners", "governance"]
FEATURES = ["metrics", "stories", "feeds", "learning"]
SECTORS = ["public", "private", "civil"]
TARGETS = {"cold": 1.2, "warm": 0.8, "memory": 1.5, "double": 2.1}


# --- which plugins can run --------------------------------------------------------------


def importable_plugins() -> tuple[list[str], dict[str, str]]:
    """Feature plugins registered under mkdocs.plugins whose class imports; and why not, for the rest."""
    found = {ep.name: ep for ep in entry_points(group="mkdocs.plugins")}
    active, missing = [], {}
    for name in FEATURES:
        if "backbone" not in found:
            missing[name] = "no entry point"
            continue
        try:
            found["backbone"].load()
        except Exception as exc:  # noqa: BLE001 - any import failure means "not on this branch"
            missing[name] = f"{type(exc).__name__}: {exc}"
            continue
        active.append(name)
    return active, missing


# --- the generated partnership ----------------------------------------------------------


def story_texts() -> list[str]:
    """Bodies of the demo stories, live figures removed: realistic prose of 250-500 words."""
    texts = []
    for path in sorted((ROOT / "content" / "stories").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[-1]
        body = re.sub(r"\{\{[^}]*\}\}", "312", body)
        body = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body)
        texts.append(body.strip())
    return texts


def quarters(count: int, first_year: int = 2016) -> list[str]:
    return [f"{first_year + i // 4}-Q{i % 4 + 1}" for i in range(count)]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def dump(path: Path, data) -> None:
    write(path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def stories(n: int, partner_ids: list[str], metric_ids: list[str], period: list[str]) -> list[dict]:
    rng = random.Random(7)
    texts = story_texts()
    out = []
    for i in range(n):
        words = texts[i % len(texts)]
        out.append(
            {
                "slug": f"story-{i:04d}",
                "title": f"Story {i}: " + words.split("\n", 1)[0][:60].strip(" .,"),
                "date": f"{2016 + (i * 9) // n}-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}",
                "summary": f"What changed for people in story {i}, told by the partners who worked on it together.",
                "partners": sorted(rng.sample(partner_ids, 3)),
                "metrics": [f"{rng.choice(metric_ids)}@{rng.choice(period)}", rng.choice(metric_ids)],
                "tags": sorted(
                    rng.sample(["jobs", "youth-voice", "employers", "transit", "childcare", "training", "data"], 2)
                ),
                "author": "Bench Writer",
                # a sentence of its own, so that no two pages are identical
                "body": f"This is story number {i} of {n}.\n\n{words}\n",
            }
        )
    return out


def generate_backbone(
    folder: Path, n_stories: int, n_metrics: int, n_quarters: int, n_partners: int, n_breakdown: int, plugins: list[str]
) -> None:
    shutil.copytree(ROOT / "data" / "brand", folder / "data" / "brand")
    shutil.copy2(ROOT / "data" / "identity.yml", folder / "data" / "identity.yml")
    partner_ids = [f"partner-{i:02d}" for i in range(n_partners)]
    dump(
        folder / "data" / "partners.yml",
        {
            "partners": [
                {
                    "id": pid,
                    "name": f"Partner {i} Organisation",
                    "sector": SECTORS[i % 3],
                    "joined": f"{2015 + i % 10}",
                    "role": f"Brings capability number {i} to the partnership",
                }
                for i, pid in enumerate(partner_ids)
            ]
        },
    )
    dump(
        folder / "data" / "governance.yml",
        {
            "bodies": [
                {
                    "id": "board",
                    "name": "Partnership board",
                    "kind": "board",
                    "purpose": "Sets direction.",
                    "chair": partner_ids[0],
                    "members": partner_ids,
                    "cadence": "Quarterly",
                }
            ],
            "decisions": [{"decision": "Budget", "body": "board", "rule": "Two-thirds majority"}],
        },
    )
    period = quarters(n_quarters)
    metric_ids = [f"metric-{i:03d}" for i in range(n_metrics)]
    rng = random.Random(11)
    for i, mid in enumerate(metric_ids):
        base = rng.randint(50, 500)
        series = [{"period": p, "value": base + q * rng.randint(0, 9)} for q, p in enumerate(period)]
        breakdown = {
            pid: [{"period": p, "value": rng.randint(0, 60)} for p in period]
            for pid in partner_ids[(i % (n_partners - n_breakdown)) :][:n_breakdown]
        }
        dump(
            folder / "data" / "metrics" / f"{mid}.yml",
            {
                "title": f"Measure number {i}",
                "question": ["how-much", "how-well", "better-off"][i % 3],
                "description": "A generated measure for the benchmark.",
                "unit": "people",
                "polarity": "higher",
                "baseline": {"period": period[0], "value": base},
                "target": {"period": period[-1], "value": base * 3},
                "series": series,
                "breakdown": breakdown,
                "source": "Generated",
                "owner": partner_ids[i % n_partners],
                "headline": i < 6,
                "order": i,
                "tags": ["bench"],
            },
        )
    for story in stories(n_stories, partner_ids, metric_ids, period):
        body = story.pop("body")
        slug = story.pop("slug")
        write(
            folder / "content" / "stories" / f"{slug}.md",
            "---\n" + yaml.safe_dump(story, sort_keys=False, allow_unicode=True) + "---\n\n" + body,
        )
    write(folder / "content" / "index.md", "# A partnership at scale\n\nGenerated for the benchmark.\n")
    dump(
        folder / "site_config.yml",
        {
            "site_name": "Scale",
            "site_url": "https://scale.example.org/",
            "docs_dir": "content",
            "theme": {"name": "material"},
            "plugins": ["search", "backbone"],
            # As in the demo: an explicit navigation, so that stories stay out of it (the stories
            # plugin adds its pages with in_nav=False; without it, MkDocs' automatic navigation
            # would list all N stories on every page, N² work the blog plugin does not do either).
            "nav": [
                {"Home": "index.md"},
                {"Partners": "partners/index.md"},
                {"Governance": "governance/index.md"},
                {"Brand kit": "brand/index.md"},
            ],
            "validation": {"nav": {"omitted_files": "info"}, "links": {"unrecognized_links": "info"}},
        },
    )


def generate_blog(folder: Path, n_stories: int) -> None:
    """The same story texts as posts of mkdocs-material's blog plugin."""
    write(folder / "docs" / "index.md", "# A blog at scale\n")
    write(folder / "docs" / "blog" / "index.md", "# Blog\n")
    for story in stories(n_stories, [f"partner-{i:02d}" for i in range(50)], ["m"], ["2020-Q1"]):
        meta = {
            "date": datetime.date.fromisoformat(story["date"]),
            "categories": story["tags"],
            "title": story["title"],
        }
        write(
            folder / "docs" / "blog" / "posts" / f"{story['slug']}.md",
            "---\n"
            + yaml.safe_dump(meta, sort_keys=False)
            + "---\n\n"
            + story["summary"]
            + "\n\n<!-- more -->\n\n"
            + story["body"],
        )
    dump(
        folder / "mkdocs.yml",
        {
            "site_name": "Blog",
            "site_url": "https://blog.example.org/",
            "theme": {"name": "material"},
            "plugins": ["search", "blog"],
            "validation": {"nav": {"omitted_files": "info"}},
        },
    )


# --- measuring --------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mib: float
    cpu: float = 0.0


def build(config: Path, site: Path, strict: bool) -> Run:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    if strict:
        command.insert(4, "--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1760000000"}
    # As on a user's machine: modules compiled once and kept. pip compiled mkdocs and
    # material at install; an editable Backbone compiled its own modules on every build
    # when the environment forbade bytecode files.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=config.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    # the child's usage and that of the workers it waited for; ru_maxrss in KiB on Linux
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"build of {config} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def measure(n: int, args, plugins: list[str], tmp: Path) -> tuple[dict[str, Run], list[dict[str, Run]]]:
    """The best of each build over the repeats, and every repeat's own builds."""
    backbone, blog = tmp / f"backbone-{n}", tmp / f"blog-{n}"
    t0 = time.perf_counter()
    generate_backbone(backbone, n, args.metrics, args.quarters, args.partners, args.breakdown, plugins)
    generate_blog(blog, n)
    print(f"  generated {n} stories in both sites ({time.perf_counter() - t0:.1f} s)", flush=True)
    runs: dict[str, Run] = {}
    attempts: list[dict[str, Run]] = []
    for attempt in range(args.repeat):
        shutil.rmtree(backbone / ".cache", ignore_errors=True)
        found = {
            "backbone cold": build(backbone / "site_config.yml", tmp / "out-b", strict=True),
            "backbone warm": build(backbone / "site_config.yml", tmp / "out-b2", strict=True),
            "blog": build(blog / "mkdocs.yml", tmp / "out-m", strict=False),
            "blog again": build(blog / "mkdocs.yml", tmp / "out-m2", strict=False),
        }
        for key, run in found.items():  # best of the repeats: the least disturbed by other load
            if key not in runs or run.seconds < runs[key].seconds:
                runs[key] = Run(
                    run.seconds, max(run.peak_mib, runs[key].peak_mib) if key in runs else run.peak_mib, run.cpu
                )
        attempts.append(found)
        print(f"  run {attempt + 1}: " + ", ".join(f"{k} {v.seconds:.1f} s" for k, v in found.items()), flush=True)
    pages = sum(1 for _ in (tmp / "out-b").rglob("*.html"))
    posts = sum(1 for _ in (tmp / "out-m").rglob("*.html"))
    print(f"  pages written: backbone {pages}, blog {posts}", flush=True)
    return runs, attempts


def verdict(value: float, limit: float) -> str:
    return f"{value:5.2f}×  (target ≤ {limit}×: {'met' if value <= limit else 'MISSED'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--metrics", type=int, default=200)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--partners", type=int, default=50)
    parser.add_argument("--breakdown", type=int, default=10, help="partners in each metric's breakdown")
    parser.add_argument("--repeat", type=int, default=1, help="build each site this many times; keep the fastest")
    parser.add_argument("--no-double", action="store_true", help="skip the 2× stories run")
    parser.add_argument(
        "--quick-floor", action="store_true", help="measure the floor roughly, in one short round (for a smoke run)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated sites and print where")
    args = parser.parse_args()

    active, missing = importable_plugins()
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
        f"mkdocs-material {_version('mkdocs-material')}, mkdocs {_version('mkdocs')}"
    )
    print("Backbone plugins active: backbone (" + ", ".join(CORE + active) + ")")
    for name, why in missing.items():
        print(f"  not active: {name} ({why})")
    tmp = Path(tempfile.mkdtemp(prefix="backbone-bench-"))
    try:
        print(
            f"\n{args.stories} stories, {args.metrics} metrics × {args.quarters} quarters × "
            f"{args.breakdown} partners, {args.partners} partners"
        )
        base, attempts = measure(args.stories, args, active, tmp)
        double = None
        if not args.no_double:
            print(f"\n{2 * args.stories} stories (scaling)")
            double, _ = measure(2 * args.stories, args, active, tmp)
    finally:
        if args.keep:
            print(f"sites kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{'build':<28}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}")
    for label, runs in ((f"{args.stories}", base), (f"{2 * args.stories}", double)):
        for key, run in (runs or {}).items():
            print(f"{key + ' (' + label + ')':<28}{run.seconds:>9.2f}{run.cpu:>9.2f}{run.peak_mib:>10.0f}")
    print("\nratios")
    print(
        f"  cold / blog              {verdict(base['backbone cold'].seconds / base['blog'].seconds, TARGETS['cold'])}"
    )
    print(
        f"  warm / blog              {verdict(base['backbone warm'].seconds / base['blog'].seconds, TARGETS['warm'])}"
    )
    # On shared cores the load drifts between builds: each run's warm build against the two
    # blog builds of the same run shows how much of a ratio is the machine.
    pairs = [
        f"{a['backbone warm'].seconds / a['blog'].seconds:.2f}× / "
        f"{a['backbone warm'].seconds / a['blog again'].seconds:.2f}×"
        for a in attempts
    ]
    print(f"    within each run (against blog / blog again): {', '.join(pairs)}")
    peak = max(base["backbone cold"].peak_mib, base["backbone warm"].peak_mib)
    print(f"  peak memory / blog       {verdict(peak / base['blog'].peak_mib, TARGETS['memory'])}")
    if double:
        print(
            f"  {2 * args.stories} / {args.stories} stories (cold) "
            f"{verdict(double['backbone cold'].seconds / base['backbone cold'].seconds, TARGETS['double'])}"
        )
    print("CPU time (a warm build runs in one process; a cold one draws on every core)")
    print(f"  warm / blog, CPU         {base['backbone warm'].cpu / base['blog'].cpu:5.2f}×")
    print(f"  cold / blog, CPU         {base['backbone cold'].cpu / base['blog'].cpu:5.2f}×")
    lower_bound(args, base["backbone warm"].cpu, base["blog"].seconds)


def lower_bound(args, warm_cpu: float, blog: float) -> None:
    """The least a cold build could take: a warm build's work plus the pictures, the charts
    at matplotlib's floor (bench/floor.py), all spread evenly over every core."""
    quick = ["--quick"] if args.quick_floor else []
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "floor.py"), "--json", *quick], capture_output=True, text=True
    )
    if run.returncode != 0:
        sys.exit(f"bench/floor.py failed:\n{run.stderr[-3000:]}")
    floor = json.loads(run.stdout)
    charts = args.metrics * (floor["chart_svg_png"] + (floor["chart_svg"] if args.breakdown else 0))
    cards = args.stories * floor["story_cards"]
    cores = os.cpu_count() or 1
    print(
        "lower bound of a cold build (a warm build's CPU, plus the charts at matplotlib's floor, on every core at once)"
    )
    print(
        f"  charts at the floor {charts:6.1f} s CPU   cards as drawn {cards:6.1f} s CPU   "
        f"warm build {warm_cpu:6.1f} s CPU   {cores} cores"
    )
    print(
        f"  cold / blog, at least    {(charts + cards + warm_cpu) / cores / blog:5.2f}×  "
        f"(were cards free: {(charts + warm_cpu) / cores / blog:5.2f}×)"
    )
    print(
        f"  per chart, Backbone's against the floor: curve and slide "
        f"{floor['our_curve'] * 1000:.0f} / {floor['chart_svg_png'] * 1000:.0f} ms, "
        f"partner chart {floor['our_breakdown'] * 1000:.0f} / {floor['chart_svg'] * 1000:.0f} ms"
    )


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main()
