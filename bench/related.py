"""The related-stories step at scale: 10,000 stories that all share a tag.

    python bench/related.py                   # 10,000 stories, the index only
    python bench/related.py --pairs           # and the former pairwise count, for comparison
    python bench/related.py --stories 20000

Two catalogs of generated stories, each story tagged 'shared' as well:
- "one shared tag": a tag of 500 and a partner of 300 each (the case of issue 21, F19);
- "scale.py mix": what bench/scale.py's stories have (3 partners of 50, 2 metrics of 200,
  2 tags of 7), so that most lists are long.
For each it prints the seconds `Catalog.related` takes for every story (3 shown, as a story
page asks), CPU time of this process, and with --pairs those of the former algorithm (every
story sharing a key counted, kept below for comparison) and whether both agree (they differ
where a list is longer than the windows: related.py's docstring says why). Figures are
printed, not asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from backbone.stories.catalog import Catalog  # noqa: E402

TAGS = ["jobs", "youth-voice", "employers", "transit", "childcare", "training", "data"]


def story(i: int, n: int, tags: list[str], partners: list[str], metrics: list[str]) -> SimpleNamespace:
    day = dt.date(2016 + (i * 9) // n, (i % 12) + 1, (i % 27) + 1)
    meta = SimpleNamespace(date=day.isoformat(), tags=["shared", *tags], partners=partners, draft=False)
    return SimpleNamespace(slug=f"story-{i:05d}", meta=meta, metric_ids=metrics, draft=False, date=day)


def one_shared_tag(n: int) -> list[SimpleNamespace]:
    rng = random.Random(8)
    return [story(i, n, [f"t{rng.randrange(500)}"], [f"p{rng.randrange(300)}"], []) for i in range(n)]


def scale_mix(n: int) -> list[SimpleNamespace]:
    rng = random.Random(7)
    partners, metrics = [f"p{i}" for i in range(50)], [f"m{i}" for i in range(200)]
    return [
        story(i, n, sorted(rng.sample(TAGS, 2)), sorted(rng.sample(partners, 3)), rng.sample(metrics, 2))
        for i in range(n)
    ]


def related_by_pairs(catalog: Catalog, subject, limit: int) -> list:
    """The former algorithm: every story sharing a key is counted (3, 2, 1 points), then sorted."""
    if not hasattr(catalog, "_pairs_weighted"):
        rank = {s.slug: r for r, s in enumerate(catalog._by_rank)}
        catalog._pairs_rank = rank
        catalog._pairs_weighted = {
            (kind, key): [rank[s.slug] for s in stories for _ in range(weight)]
            for kind, weight, index in (
                ("m", 3, catalog.by_metric),
                ("p", 2, catalog.by_partner),
                ("t", 1, catalog.by_tag),
            )
            for key, stories in index.items()
        }
    score: Counter[int] = Counter()
    for key in (
        {("m", m) for m in subject.metric_ids}
        | {("p", p) for p in subject.meta.partners}
        | {("t", t) for t in subject.meta.tags}
    ):
        score.update(catalog._pairs_weighted.get(key, ()))
    score.pop(catalog._pairs_rank[subject.slug], None)
    if not score:
        return []
    cutoff = sorted(set(score.values()), reverse=True)[:limit][-1]
    finalists = sorted((-points, r) for r, points in score.items() if points >= cutoff)
    return [catalog._by_rank[r] for _, r in finalists[:limit]]


def timed(stories: list, related) -> tuple[float, list]:
    catalog = Catalog(stories)
    start = time.process_time()
    shown = [tuple(s.slug for s in related(catalog, subject)) for subject in catalog]
    return time.process_time() - start, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--pairs", action="store_true", help="also time the former pairwise count")
    args = parser.parse_args()
    for label, make in (("one shared tag", one_shared_tag), ("scale.py mix", scale_mix)):
        stories = make(args.stories)
        seconds, shown = timed(stories, lambda catalog, s: catalog.related(s, 3))
        line = f"{args.stories:,} stories, {label}: index {seconds:.2f} s"
        if args.pairs:
            before, expected = timed(stories, lambda catalog, s: related_by_pairs(catalog, s, 3))
            line += f"; pairs {before:.2f} s; same result: {shown == expected}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
