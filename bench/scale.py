"""Backbone at scale against mkdocs-material's blog plugin: wall time and peak memory.

    python bench/scale.py                 # 1,000 stories, then 2,000 for the scaling figure
    python bench/scale.py --stories 500 --no-double --no-preview

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

Each figure is taken in three paired runs (--repeat) in one invocation — Backbone cold and
warm, the blog, the peer stack (the blog plus the same charts drawn by bench/peer.py, a plain
single-process pyplot script) — and each ratio printed is the median of the runs' own ratios.
Edit-to-preview runs a real `mkdocs serve` of each site (bench/preview.py): a story's text
saved, then one figure of one metric, each timed until every page it changes is served
changed; the blog's the same way, for a post.

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
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import preview  # noqa: E402 - bench/ is no package

ROOT = Path(__file__).resolve().parents[1]
# One plugin; the parts it turns on here (each on because its files exist).
CORE = ["identity", "partners", "governance"]
FEATURES = ["metrics", "stories", "feeds", "learning"]
SECTORS = ["public", "private", "civil"]
# issue 24's targets: ratios to the blog, except the preview's seconds and the peer stack
TARGETS = {"cold": 3.0, "warm": 0.5, "memory": 1.3, "double": 2.0, "peer": 1.0, "story": 2.0, "figure": 3.0}


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


def run(command: list[str], cwd: Path) -> Run:
    """Wall time, CPU time and peak memory of one command in a fresh process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1760000000"}
    # As on a user's machine: modules compiled once and kept. pip compiled mkdocs and
    # material at install; an editable Backbone compiled its own modules on every build
    # when the environment forbade bytecode files.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    # the child's usage and that of the workers it waited for; ru_maxrss in KiB on Linux
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def build(config: Path, site: Path, strict: bool) -> Run:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    if strict:
        command.insert(4, "--strict")
    return run(command, config.parent)


def peer_charts(backbone: Path) -> Run:
    """The peer stack's charts (bench/peer.py), in a fresh process like a build."""
    return run([sys.executable, str(ROOT / "bench" / "peer.py"), str(backbone)], backbone)


def measure(n: int, args, tmp: Path, full: bool) -> tuple[list[dict[str, Run]], Path, Path]:
    """Every paired run's builds: Backbone cold and warm, the blog, the peer stack's charts
    (``full``), or Backbone cold alone (for the scaling figure)."""
    backbone, blog = tmp / f"backbone-{n}", tmp / f"blog-{n}"
    t0 = time.perf_counter()
    generate_backbone(backbone, n, args.metrics, args.quarters, args.partners, args.breakdown, [])
    generate_blog(blog, n)
    print(f"  generated {n} stories in both sites ({time.perf_counter() - t0:.1f} s)", flush=True)
    attempts: list[dict[str, Run]] = []
    for attempt in range(args.repeat):
        shutil.rmtree(backbone / ".cache", ignore_errors=True)
        found = {"backbone cold": build(backbone / "site_config.yml", tmp / "out-b", strict=True)}
        if full:
            found["backbone warm"] = build(backbone / "site_config.yml", tmp / "out-b2", strict=True)
            found["blog"] = build(blog / "mkdocs.yml", tmp / "out-m", strict=False)
            if not args.no_peer:
                found["peer charts"] = peer_charts(backbone)
        attempts.append(found)
        print(f"  run {attempt + 1}: " + ", ".join(f"{k} {v.seconds:.1f} s" for k, v in found.items()), flush=True)
    if full:
        pages = sum(1 for _ in (tmp / "out-b").rglob("*.html"))
        posts = sum(1 for _ in (tmp / "out-m").rglob("*.html"))
        print(f"  pages written: backbone {pages}, blog {posts}", flush=True)
    return attempts, backbone, blog


def set_last_value(path: Path, value: int):
    """A change that saves a metric file with its latest figure set to ``value``."""

    def change() -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["series"][-1]["value"] = value
        dump(path, data)

    return change


def previews(args, backbone: Path, blog: Path, built_blog: Path) -> dict[str, list[float]]:
    """Edit-to-preview in a real `mkdocs serve` of each site, three rounds: a story's text,
    one figure of one metric (its page, chart and the scorecard), and a blog post's text."""
    times: dict[str, list[float]] = {"story text": [], "story, whole site": [], "one figure": [], "blog post": []}
    server = preview.Preview(backbone / "site_config.yml")
    try:
        print(f"  backbone preview served after {server.ready():.1f} s", flush=True)
        for r in range(args.repeat):
            slug = f"story-{10 * (r + 1) % args.stories:04d}"  # a story of the site, however small
            marker = f"Edited in round {r + 1} of the preview benchmark."
            story = preview.append_text(backbone / "content" / "stories" / f"{slug}.md", f"\n{marker}\n")
            times["story text"].append(server.edit(story, [f"stories/{slug}/"]))
            first = preview.fetch(server.base + f"stories/{slug}/")
            times["story, whole site"].append(server.whole())
            if preview.fetch(server.base + f"stories/{slug}/") != first:
                print(f"  the page shown first differs from the whole rebuild's: stories/{slug}/", flush=True)
            mid = f"metric-{r:03d}"
            figure = set_last_value(backbone / "data" / "metrics" / f"{mid}.yml", 987_650 + r)
            paths = [f"metrics/{mid}/", f"metrics/{mid}/{mid}.svg", "scorecard/"]
            times["one figure"].append(server.edit(figure, paths))
            print(f"  round {r + 1}: story {times['story text'][-1]:.2f} s, figure {times['one figure'][-1]:.2f} s")
    finally:
        server.stop()
    server = preview.Preview(blog / "mkdocs.yml")
    try:
        print(f"  blog preview served after {server.ready():.1f} s", flush=True)
        for r in range(args.repeat):
            number = 10 * (r + 1) % args.stories  # a post the blog has, however few
            path = preview.served_path(built_blog, f"This is story number {number} of {args.stories}.")
            post = blog / "docs" / "blog" / "posts" / f"story-{number:04d}.md"
            change = preview.append_text(post, f"\nEdited in round {r + 1} of the preview benchmark.\n")
            times["blog post"].append(server.edit(change, [path]))
            print(f"  round {r + 1}: blog post {times['blog post'][-1]:.2f} s", flush=True)
    finally:
        server.stop()
    return times


def verdict(value: float, limit: float, unit: str = "×") -> str:
    return f"{value:5.2f}{unit}  (target ≤ {limit}{unit}: {'met' if value <= limit else 'MISSED'})"


def ratios(attempts: list[dict[str, Run]], key: str, against: str, field: str = "seconds") -> list[float]:
    return [getattr(a[key], field) / getattr(a[against], field) for a in attempts]


def show(label: str, values: list[float], limit: float, unit: str = "×") -> None:
    runs = ", ".join(f"{v:.2f}" for v in values)
    print(f"  {label:<37}{verdict(statistics.median(values), limit, unit)}   runs: {runs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--metrics", type=int, default=200)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--partners", type=int, default=50)
    parser.add_argument("--breakdown", type=int, default=10, help="partners in each metric's breakdown")
    parser.add_argument("--repeat", type=int, default=3, help="paired runs; each ratio is their median")
    parser.add_argument("--no-double", action="store_true", help="skip the 2× stories run")
    parser.add_argument("--no-preview", action="store_true", help="skip the edit-to-preview runs")
    parser.add_argument("--no-peer", action="store_true", help="skip the peer stack's charts")
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
    edits = None
    try:
        print(
            f"\n{args.stories} stories, {args.metrics} metrics × {args.quarters} quarters × "
            f"{args.breakdown} partners, {args.partners} partners"
        )
        base, backbone, blog = measure(args.stories, args, tmp, full=True)
        if not args.no_preview:
            print("\nedit-to-preview (mkdocs serve)")
            edits = previews(args, backbone, blog, tmp / "out-m")
        double = None
        if not args.no_double:
            print(f"\n{2 * args.stories} stories (scaling, cold builds)")
            double, _, _ = measure(2 * args.stories, args, tmp, full=False)
    finally:
        if args.keep:
            print(f"sites kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    report(args, base, double, edits)


def report(args, base: list[dict[str, Run]], double, edits) -> None:
    print(f"\n{'build':<28}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}   (median of {len(base)} runs)")
    for label, attempts in ((f"{args.stories}", base), (f"{2 * args.stories}", double)):
        for key in (attempts or [{}])[0]:
            runs = [a[key] for a in attempts]
            print(
                f"{key + ' (' + label + ')':<28}{statistics.median(r.seconds for r in runs):>9.2f}"
                f"{statistics.median(r.cpu for r in runs):>9.2f}{statistics.median(r.peak_mib for r in runs):>10.0f}"
            )
    print("\ntargets (each the median of the paired runs)")
    if edits:
        show("story text saved → served", edits["story text"], TARGETS["story"], " s")
        whole = statistics.median(edits["story, whole site"])
        print(f"  {'   … → the whole site rebuilt':<37}{whole:5.2f} s")
        show("one figure → page, chart, scorecard", edits["one figure"], TARGETS["figure"], " s")
        print(f"  {'the blog, a post saved → served':<37}{statistics.median(edits['blog post']):5.2f} s")
    show("warm / blog", ratios(base, "backbone warm", "blog"), TARGETS["warm"])
    show("cold / blog", ratios(base, "backbone cold", "blog"), TARGETS["cold"])
    if "peer charts" in base[0]:
        peer = [a["backbone cold"].seconds / (a["blog"].seconds + a["peer charts"].seconds) for a in base]
        show("cold / peer stack", peer, TARGETS["peer"])
        print(f"    (peer stack: the blog plus bench/peer.py's {2 * args.metrics} pyplot charts, one process)")
    peaks = [max(a["backbone cold"].peak_mib, a["backbone warm"].peak_mib) / a["blog"].peak_mib for a in base]
    show("peak memory / blog", peaks, TARGETS["memory"])
    if double:
        pairs = [d["backbone cold"].seconds / b["backbone cold"].seconds for b, d in zip(base, double, strict=True)]
        show(f"{2 * args.stories} / {args.stories} stories (cold)", pairs, TARGETS["double"])
    print("CPU time (a warm build runs in one process; a cold one draws on every core)")
    print(f"  warm / blog, CPU         {statistics.median(ratios(base, 'backbone warm', 'blog', 'cpu')):5.2f}×")
    print(f"  cold / blog, CPU         {statistics.median(ratios(base, 'backbone cold', 'blog', 'cpu')):5.2f}×")
    warm_cpu = statistics.median(a["backbone warm"].cpu for a in base)
    lower_bound(args, warm_cpu, statistics.median(a["blog"].seconds for a in base))


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
