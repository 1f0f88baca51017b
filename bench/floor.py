"""What the pictures of a cold build cost at the least, on this machine.

    python bench/floor.py            # prints the figures
    python bench/floor.py --json     # the same, for bench/scale.py
    python bench/floor.py --quick    # one short round: rough figures, for a smoke run

A cold build draws, for each metric, a turn-the-curve chart (an SVG and a 1920×1080 PNG)
and a partner breakdown (an SVG), with matplotlib, as the metrics issue asks; and two cards
(social and slide) per story. This measures matplotlib's floor: the CPU time of the simplest
chart it can draw — one line of 40 points on default axes, with no title, legend, grid or
labels of ours — saved as an SVG, and as an SVG plus a 1920×1080 PNG (encoded the way
Backbone encodes its slides, the cheapest way it found). No chart of a metric can cost
less. Backbone's own two charts (shaped as in bench/scale.py's site) and a story's cards
are measured as Backbone draws them, for comparison. CPU time of this process,
best of three rounds after a first drawing, so that imports and caches are not counted.
bench/scale.py turns the figures into a lower bound for the cold build of its site.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS, EACH = 3, 10
TITLES = [
    "How a bus pass got Maya to her first shift on time",
    "Three employers, one training room: the welding cohort of spring",
    "Childcare vouchers kept twelve parents in the programme",
    "A mentor's phone call, and a second chance at the clinic",
    "What the harbour apprenticeships taught the city about hiring",
]


def best(work) -> float:
    """Seconds of CPU one call of ``work`` takes, best of the rounds."""
    work()
    rounds = []
    for _ in range(ROUNDS):
        start = time.process_time()
        for _ in range(EACH):
            work()
        rounds.append((time.process_time() - start) / EACH)
    return min(rounds)


def bare_chart(png: bool) -> None:
    from matplotlib.figure import Figure

    from backbone.metrics import charts

    figure = Figure(figsize=charts.SVG_SIZE, dpi=100)
    figure.add_subplot().plot(range(40), [v % 7 for v in range(40)])
    figure.savefig(io.BytesIO(), format="svg")
    if png:
        pixels = charts._Pixels()
        figure.savefig(pixels, format="rgba", dpi=charts.PNG_DPI)
        charts._png(pixels.view, figure.get_size_inches() * charts.PNG_DPI)


def our_charts() -> tuple[float, float]:
    """CPU seconds of Backbone's turn-the-curve chart (SVG and slide PNG) and partner chart
    (SVG), shaped as in bench/scale.py's site: 40 quarters, 10 partners, the demo's brand."""
    import random

    from backbone.loaders import load_project
    from backbone.metrics import charts, chartspecs
    from backbone.metrics.periods import from_ordinal
    from backbone.render.formats import formats_for

    project = load_project(ROOT)
    metric = project.extras["metrics"].metrics["jobs-placed"]
    names = {pid: p.label for pid, p in project.partners.items()}
    english = formats_for("en")
    curve = chartspecs.curve(metric, chartspecs.style_of(project.identity), english)
    partners = chartspecs.breakdown(metric, chartspecs.style_of(project.identity), names, english)
    rng = random.Random(11)
    first = curve["data"]["xmin"]
    quarters = range(first, first + 40)
    axis = chartspecs._axis(
        from_ordinal(quarters[0], metric.granularity), from_ordinal(quarters[-1], metric.granularity), english
    )
    curve["data"].update(axis, actual=[[q, 100 + 3 * (q - first) + rng.randint(0, 9)] for q in quarters])
    curve["data"]["target"][0] = quarters[-1]
    partners["data"].update(
        axis,
        lines=[
            {"label": name, "points": [[q, rng.randint(0, 60)] for q in quarters]}
            for name in sorted(names.values())[:10]
        ],
    )
    return best(lambda: charts.draw(curve)), best(lambda: charts.draw(partners))


def story_cards() -> float:
    """CPU seconds of one story's two cards, as Backbone draws them, in the demo's brand."""
    from backbone.loaders import load_project
    from backbone.render.numbers import Squeezable
    from backbone.stories import cards
    from backbone.stories.site import card_brand

    brand = card_brand(load_project(ROOT))
    specs = [
        cards.CardSpec(kind, title, Squeezable("338"), "Young adults starting a job, Q3 2025", brand)
        for title in TITLES
        for kind in ("social", "slide")
    ]
    return best(lambda: [cards.draw(spec) for spec in specs]) / len(TITLES)


def measure() -> dict[str, float]:
    from backbone.metrics import charts

    charts._start_worker()  # as in a drawing worker
    return {
        "chart_svg": best(lambda: bare_chart(png=False)),
        "chart_svg_png": best(lambda: bare_chart(png=True)),
        "story_cards": story_cards(),
        **dict(zip(("our_curve", "our_breakdown"), our_charts())),
    }


def main() -> None:
    global ROUNDS, EACH
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="one short round (rough figures): for a smoke run")
    args = parser.parse_args()
    if args.quick:
        ROUNDS, EACH = 1, 2
    figures = measure()
    if args.json:
        print(json.dumps(figures))
        return
    print(f"matplotlib's floor, one chart as SVG:               {figures['chart_svg'] * 1000:6.0f} ms CPU")
    print(f"matplotlib's floor, one chart as SVG and slide PNG: {figures['chart_svg_png'] * 1000:6.0f} ms CPU")
    print(f"Backbone's turn-the-curve chart, SVG and slide PNG: {figures['our_curve'] * 1000:6.0f} ms CPU")
    print(f"Backbone's partner chart, SVG:                      {figures['our_breakdown'] * 1000:6.0f} ms CPU")
    print(f"Backbone's cards, one story (social and slide):     {figures['story_cards'] * 1000:6.0f} ms CPU")


if __name__ == "__main__":
    main()
