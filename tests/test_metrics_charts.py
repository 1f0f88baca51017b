"""Charts: accessible SVG, slide-sized PNG, byte-identical across builds, cached across builds."""

from __future__ import annotations

import os
import time
from io import BytesIO
from pathlib import Path

from lxml import etree
from metrics_helpers import build, metrics_project
from PIL import Image
from support import own_process

from backbone.render.formats import formats_for

EN = formats_for("en")

SVG = "{http://www.w3.org/2000/svg}"


def outputs(site):
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.suffix in (".svg", ".png", ".csv") and "assets" not in p.parts
    }


def test_charts_deterministic_cached_and_accessible(tmp_path):
    a = metrics_project(tmp_path / "a")
    b = metrics_project(tmp_path / "b")
    first = build(a)
    second = build(b)  # a separate project: its own, empty cache
    assert first.error is None and second.error is None
    assert first.log.drawn() == 9 and second.log.drawn() == 9  # 3 curves × (SVG + PNG), 1 breakdown, 2 contributions
    files_a, files_b = outputs(first.site), outputs(second.site)
    assert "metrics/clinic-visits/clinic-visits.svg" in files_a
    assert files_a == files_b  # identical inputs, identical bytes

    # a rebuild with no data change draws nothing, and links the cache's files into the site
    again = build(a)
    assert again.log.drawn() == 0
    assert outputs(again.site) == files_a
    cached = {p.stat().st_ino for p in a.path(".cache/backbone/charts").iterdir()}
    assert (again.site / "metrics/clinic-visits/clinic-visits-1920x1080.png").stat().st_ino in cached

    # changing one metric's data redraws only that metric's charts (and the ROI is unchanged)
    path = a.path("data/metrics/wait-days.yml")
    path.write_text(path.read_text().replace("value: 24}", "value: 23}"))
    changed = build(a)
    assert changed.log.drawn() == 2  # its SVG and PNG

    # nothing is written into content/ or data/; the cache is under .cache/
    assert not list(a.path("content").rglob("*.svg")) and not list(a.path("data").rglob("*.png"))
    assert (
        len(list(a.path(".cache/backbone/charts").glob("*.svg"))) == 5 + 1
    )  # 3 curves, 1 breakdown, 1 contributions; 1 redrawn

    svg = etree.fromstring(files_a["metrics/clinic-visits/clinic-visits.svg"])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "clinic-visits-curve-title clinic-visits-curve-desc"
    assert svg.find(f"{SVG}title").text == "Clinic visits"
    assert (
        svg.find(f"{SVG}desc").text
        == "Clinic visits rose from 100 in Q4 2022 to 160 in Q2 2024, against a target of 200 by Q4 2024."
    )
    assert "Date" not in files_a["metrics/clinic-visits/clinic-visits.svg"].decode()
    partners = etree.fromstring(files_a["metrics/clinic-visits/clinic-visits-partners.svg"])
    assert "Harbour City Hall 40; Harbour Community Clinic 120 in the latest period" in partners.find(f"{SVG}desc").text
    png = Image.open(BytesIO(files_a["metrics/clinic-visits/clinic-visits-1920x1080.png"]))
    assert png.size == (1920, 1080)
    assert "Software" not in png.info


def test_metric_page_links_downloads_and_numbers(tmp_path):
    built = build(metrics_project(tmp_path))
    page = built.html("metrics/clinic-visits/index.html")
    figure = page.find("figure", class_="bb-chart")
    assert figure.find("img")["src"] == "clinic-visits.svg"
    links = {a.get_text(): a["href"] for a in figure.find_all("a")}
    assert links == {
        "chart (SVG)": "clinic-visits.svg",
        "chart for slides (PNG, 1920×1080)": "clinic-visits-1920x1080.png",
        "data (CSV)": "clinic-visits.csv",
    }
    for href in links.values():
        assert (built.site / "metrics/clinic-visits" / href).is_file()
    assert page.find("table", class_="bb-numbers") is not None  # the numbers beside the chart
    assert (
        page.find("table", class_="bb-breakdown").find("thead").get_text(" ", strip=True)
        == "Period Harbour City Hall Harbour Community Clinic"
    )
    spark = built.html("scorecard/index.html").find(id="clinic-visits").find("svg")
    assert spark["role"] == "img" and spark["aria-label"].startswith("Trend of Clinic visits")


def _renderers_left_after_one_chart(root: str, cache: str, worker: bool = True) -> int:
    """How many Agg renderers outlive the chart they drew: in a fresh drawing worker, or
    (``worker=False``) in this process, as a small site's build draws."""
    import gc
    import weakref

    from matplotlib.backends.backend_agg import RendererAgg

    from backbone import memo
    from backbone.loaders import load_project
    from backbone.metrics import charts, chartspecs

    if worker:
        charts._start_worker()
    project = load_project(root)
    metric = next(iter(project.extras["metrics"].metrics.values()))
    spec = chartspecs.curve(metric, chartspecs.style_of(project.identity), EN)
    made = []
    init = RendererAgg.__init__
    RendererAgg.__init__ = lambda self, *a: (init(self, *a), made.append(weakref.ref(self)))[0]
    try:
        memo.ensure([Path(cache) / f"chart.{ext}" for ext in spec["formats"]], lambda: charts._draw_files(spec))
    finally:
        RendererAgg.__init__ = init
    assert gc.isenabled() and made  # the PNG was rasterised, with the collector on
    return sum(ref() is not None for ref in made)


def test_a_drawing_worker_frees_each_chart_once_drawn(tmp_path):
    # a figure's cycles hold its 1920×1080 buffer: left to the collector's thresholds a
    # worker piled them up; it must hold none once a chart is written
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    project = metrics_project(tmp_path)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        left = pool.submit(_renderers_left_after_one_chart, str(project.root), str(tmp_path)).result()
    assert left == 0
    assert sorted(p.suffix for p in tmp_path.glob("chart.*")) == [".png", ".svg"]


def test_a_chart_drawn_in_the_builds_process_is_freed_and_leaves_nothing_frozen(tmp_path):
    # drawn here (a small site, BACKBONE_WORKERS=1, the preview), the build's objects are frozen
    # while the chart's figure is collected, then thawed: else they would never be collected again
    import gc

    assert gc.get_freeze_count() == 0
    project = metrics_project(tmp_path)
    assert _renderers_left_after_one_chart(str(project.root), str(tmp_path), worker=False) == 0
    assert gc.get_freeze_count() == 0
    heads = [(tmp_path / f"chart.{ext}").read_bytes()[:4] for ext in ("svg", "png")]
    assert heads == [b"<?xm", b"\x89PNG"]


def test_charts_and_parsed_data_in_use_survive_pruning(tmp_path):
    """A chart or parsed file a build uses is dated by that use; a month-old stray goes."""
    from backbone.identity import drawn

    project = metrics_project(tmp_path)
    drawn.forget()  # read from the cache folder, as a new process does
    with own_process():  # as `mkdocs build` runs, whatever this process built before
        assert build(project).error is None
    cache = project.path(".cache/backbone")
    old = time.time() - 40 * 24 * 3600
    for path in cache.rglob("*"):
        os.utime(path, (old, old))
    stray = cache / "charts" / f"{'cd' * 32}.svg"
    stray.write_text("<svg/>")
    os.utime(stray, (old, old))
    used = [p for p in cache.rglob("*") if p.is_file() and p.name != ".pruned" and p != stray]
    # brand: the logo's contrast; cards: previews; drawn: the colour pairs the theme draws;
    # outputs: what the next one-off build reuses; pages: the theme's rendering of each page
    assert {"brand", "cards", "charts", "data", "drawn", "outputs", "pages"} == {p.parent.name for p in used}
    with own_process():
        again = build(project)
    assert again.error is None and again.log.drawn() == 0 and not stray.exists()
    assert all(time.time() - p.stat().st_mtime < 3600 for p in used)


def test_chart_text_stays_inside_the_picture(tmp_path):
    # margins are measured from the text itself: long value labels and long partner names
    # must push the axes in, never run off the edge of the slide
    from backbone.loaders import load_project
    from backbone.metrics import charts, chartspecs

    project = load_project(metrics_project(tmp_path).root)
    style = chartspecs.style_of(project.identity)
    names = {pid: p.label for pid, p in project.partners.items()}
    metric = project.extras["metrics"].metrics["clinic-visits"]
    curve = chartspecs.curve(metric, style, EN, formats=("png",))
    curve["unit"] = {"unit": "currency", "currency": "EUR", "axis_decimals": 2}
    curve["data"]["actual"] = [[x, y * 1_000_000] for x, y in curve["data"]["actual"]]
    curve["data"]["baseline"][1] *= 1_000_000
    curve["data"]["target"][1] *= 1_000_000
    breakdown = chartspecs.breakdown(metric, style, names, EN)
    breakdown["formats"] = ["png"]
    breakdown["data"]["lines"][0]["label"] = "Riverbend Community Foundation for Youth, Families and Neighbourhoods"
    long_title = dict(
        curve, title="Young adults in work twelve months after starting a job, by quarter, city-wide " * 2
    )
    background = [int(style["background"][i : i + 2], 16) for i in (1, 3, 5)]

    def inked(image):  # pixels away from the background (the 256-colour palette moves it a little)
        return sum(
            n for n, colour in image.getcolors(1 << 16) if max(abs(a - b) for a, b in zip(colour, background)) > 16
        )

    for spec in (curve, breakdown, long_title):
        image = Image.open(BytesIO(charts.draw(spec)["png"])).convert("RGB")
        width, height = image.size
        edges = [(0, 0, width, 4), (0, height - 4, width, height), (0, 0, 4, height), (width - 4, 0, width, height)]
        assert [inked(image.crop(box)) for box in edges] == [0, 0, 0, 0], spec["kind"]
        assert inked(image.crop((0, 0, 60, height))) > 0  # the value labels, near the left edge
        if spec is breakdown:
            assert inked(image.crop((width - 60, 0, width, height))) > 0  # the long partner name, near the right edge


def _svg_texts(spec) -> list[str]:
    from backbone.metrics import charts

    svg = etree.fromstring(charts.draw(dict(spec, formats=["svg"]))["svg"])
    return [t.text for t in svg.iter(f"{SVG}text")]


def test_long_titles_wrap_long_names_are_cut_and_ticks_are_never_finer_than_their_labels(tmp_path):
    from backbone.loaders import load_project
    from backbone.metrics import chartspecs

    project = load_project(metrics_project(tmp_path).root)
    style = chartspecs.style_of(project.identity)
    metric = project.extras["metrics"].metrics["clinic-visits"]
    title = "Clinic visits by families who moved to the harbour district in the last two years, counted each quarter"
    texts = _svg_texts(dict(chartspecs.curve(metric, style, EN), title=title))
    lines = [t for t in texts if t and len(t) > 10 and t in title]  # no tick or legend text is part of it
    assert len(lines) == 2 and " ".join(lines) == title  # two lines, every word kept

    breakdown = chartspecs.breakdown(metric, style, {pid: p.label for pid, p in project.partners.items()}, EN)
    name = "The Harbour City Hall Department of Public Health, Families, Youth and Neighbourhood Services"
    breakdown["data"]["lines"][0]["label"] = name
    texts = _svg_texts(breakdown)
    cut = [t for t in texts if t and t.startswith("The Harbour") and t.endswith("…")]
    assert len(cut) == 2 and name not in texts  # the direct label and the legend, cut alike
    assert name.startswith(cut[0][:-1].rstrip())

    # a flat series of small counts: one tick per whole number, never five ticks all labelled "5"
    flat = chartspecs.curve(metric, style, EN)
    flat["data"]["actual"] = [[x, 5] for x, _ in flat["data"]["actual"]]
    flat["data"]["baseline"][1], flat["data"]["target"] = 5, None
    assert _tick_labels(flat) == ["5"]
    # a percent metric moving within one point: its ticks are tenths, and say so
    narrow = dict(flat, unit={"unit": "percent", "axis_decimals": 0, "currency": None})
    actual = [[x, 12.1 + i / 10] for i, (x, _) in enumerate(flat["data"]["actual"])]
    narrow["data"] = dict(flat["data"], actual=actual, baseline=actual[0])
    labels = _tick_labels(narrow)
    assert (
        len(labels) > 1
        and len(labels) == len(set(labels))
        and all(label.endswith("%") and "." in label for label in labels)
    ), labels


def _tick_labels(spec) -> list[str]:
    from backbone.metrics import charts

    svg = etree.fromstring(charts.draw(dict(spec, formats=["svg"]))["svg"])
    return [
        t.text for g in svg.iter(f"{SVG}g") if (g.get("id") or "").startswith("ytick_") for t in g.iter(f"{SVG}text")
    ]


def test_the_preview_imports_what_drawing_needs_before_the_first_figure_is_saved():
    """charts.warm_up, which `mkdocs serve` calls once its first build is served: matplotlib
    and its two backends are imported in a thread, without drawing anything."""
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from backbone.metrics import charts\n"
        "assert 'matplotlib.figure' not in sys.modules\n"
        "charts.warm_up()\n"
        "wanted = ('matplotlib.figure', 'matplotlib.backends.backend_agg', 'matplotlib.backends.backend_svg')\n"
        "end = time.monotonic() + 60\n"
        "while not all(m in sys.modules for m in wanted) and time.monotonic() < end:\n"
        "    time.sleep(0.05)\n"
        "print(all(m in sys.modules for m in wanted))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"
