"""Charts drawn with matplotlib: deterministic, accessible, cached, drawn in parallel.

A chart is described by a ``spec`` — a plain, JSON-serialisable dict holding
everything that shapes it (data, labels, colours, font, size, format). The sha256
of the spec plus this module's source and matplotlib's version names the file in
the cache folder, so a rebuild with unchanged inputs draws nothing, and any change
to the data, the brand or the drawing code draws again.

Only the Agg and SVG backends are used (no pyplot, no GUI, no network). SVGs get
role="img", a <title> and a <desc> holding the generated sentence.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import re
import zlib
from functools import lru_cache
from html import escape
from pathlib import Path

from PIL import Image

from ..memo import code_digest, in_cache, write_atomic
from .. import textfit
from ..background import draw_all
from ..textfit import at_most, ellipsize, wrap
from . import format as fmt

SVG_SIZE = (8.0, 4.5)  # inches at 100 dpi: 800 × 450
PNG_DPI = 240  # 8 × 4.5 inches at 240 dpi = 1920 × 1080, sized for slides
HASH_SALT = "backbone"
LINESTYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h"]
HATCHES = ["", "//", "..", "xx"]
MARGIN = 8  # pixels of the 800 × 450 chart left bare around its text
TITLE_LINES = 2
LABEL_SHARE = 0.3  # of the chart's width, at most, for a partner's name on a breakdown chart
GAP_LABEL = "No figure for this period"
LABEL_GAP = 5  # points between a breakdown line's end and its label


def _code_version() -> str:
    # Pillow encodes the slide PNGs: its version shapes their bytes too
    return code_digest(__file__, fmt.__file__, textfit.__file__, packages=("matplotlib", "pillow"))


def digest(spec: dict) -> str:
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((_code_version() + payload).encode()).hexdigest()


def cache_path(spec: dict, cache_dir: Path, fmt: str) -> Path:
    return Path(cache_dir) / f"{digest(spec)}.{fmt}"


def ensure(specs: list[dict], cache_dir: Path, workers: int | None = None) -> tuple[list[dict[str, Path]], int]:
    """{format: path} of every chart in the cache, drawing the missing ones; returns (paths, files drawn)."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = [{fmt: cache_path(spec, cache_dir, fmt) for fmt in spec["formats"]} for spec in specs]
    missing = {str(cache_dir / digest(spec)): spec for spec, files in zip(specs, paths) if not all(in_cache(p) for p in files.values())}
    # the slide-sized ones first: drawn last, one could leave the other workers idle
    jobs = sorted(missing.items(), key=lambda job: ("png" not in job[1]["formats"], job[0]))
    # One chart a job: a job's hand-over costs under a millisecond, a chart ~0.2 s, and chunks
    # of 50 left a worker idle for up to ~10 s at the end of a cold build. Each worker imports
    # matplotlib once, which is small next to drawing hundreds of charts.
    draw_all(_draw_job, jobs, min(workers or os.cpu_count() or 1, len(jobs)), initializer=_start_worker)
    return paths, sum(len(spec["formats"]) for _, spec in jobs)


def _start_worker() -> None:
    """Import what drawing needs, then freeze it out of the garbage collector's reach.

    A drawn Figure is a web of reference cycles holding its 1920×1080 Agg buffer (its
    texts keep the renderer), so it is only freed by a collection. Left to the collector's
    thresholds, a worker held ~30 MiB of dead figures; a full collection after each chart
    costs ~70 ms while it walks all of matplotlib, ~3 ms once matplotlib is frozen.
    """
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_agg, backend_svg  # noqa: F401

    gc.collect()
    gc.freeze()


def _draw_job(job: tuple[str, dict]) -> None:
    draw_to(*job)
    gc.collect()  # this chart's figure, now: see _start_worker


def draw_to(stem: str, spec: dict) -> None:
    """Draw one chart into the cache, every format, atomically (concurrent builds never see half a file)."""
    for fmt, data in draw(spec).items():
        write_atomic(f"{stem}.{fmt}", data, readonly=True)


def draw(spec: dict) -> dict[str, bytes]:
    """The chart of ``spec`` in each of its formats, from one Figure (laid out once)."""
    import matplotlib
    from matplotlib.figure import Figure

    style = spec["style"]
    rc = {
        "svg.hashsalt": HASH_SALT,
        "svg.fonttype": "none",
        "font.family": [_installed_font(style["font"])],
        "font.size": 10,
        "text.color": style["text"],
        "axes.labelcolor": style["text"],
        "axes.edgecolor": style["border"],
        "xtick.color": style["muted"],
        "ytick.color": style["muted"],
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "figure.facecolor": style["background"],
        "axes.facecolor": style["background"],
    }
    files = {}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=SVG_SIZE, dpi=100)
        ax = fig.add_subplot()
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        {"curve": _curve, "breakdown": _breakdown, "contributions": _contributions}[spec["kind"]](fig, ax, spec)
        _settle_legend(ax)
        for fmt in sorted(spec["formats"], reverse=True):  # svg, then png: always in the same order
            out = io.BytesIO()
            if fmt == "svg":
                fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
                files[fmt] = accessible_svg(out.getvalue().decode("utf-8"), spec["title"], spec["desc"], spec.get("id", "chart")).encode("utf-8")
            else:
                pixels = _Pixels()
                fig.savefig(pixels, format="rgba", dpi=PNG_DPI)
                files[fmt] = _png(pixels.view, fig.get_size_inches() * PNG_DPI)
        fig.clear()
    return files


def _fit(fig, ax, ruler: _Ruler | None = None) -> _Ruler:
    """Margins that just hold the title and the tick labels, from their measured text; a
    title wider than the chart is wrapped (two lines at most, then cut with an ellipsis).

    Nothing else of a curve or breakdown chart sits outside its axes, and tight_layout
    measures every artist of the figure for the same answer: ~70 ms, a fifth of a chart.
    Returns the ruler, to measure more.
    """
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties

    ruler = ruler or _Ruler(fig)
    width, height = fig.bbox.width, fig.bbox.height
    ticks = FontProperties(size=rcParams["ytick.labelsize"])
    low, high = sorted(ax.get_ylim())
    labels = ax.yaxis.get_major_formatter().format_ticks([v for v in ax.get_yticks() if low <= v <= high])
    left = max((ruler.width(label, ticks) for label in labels), default=0) + ruler.points(rcParams["ytick.major.size"] + rcParams["ytick.major.pad"])
    bottom = ruler.size("0123456789", ticks)[1] + ruler.points(rcParams["xtick.major.size"] + rcParams["xtick.major.pad"])
    font = FontProperties(size=rcParams["axes.titlesize"], weight=rcParams["axes.titleweight"])
    top = ruler.points(rcParams["axes.titlepad"])
    if title := ax.get_title(loc="left").strip():
        measure, room = (lambda text: ruler.width(text, font)), width - left - 2 * MARGIN
        lines = at_most(wrap(title, measure, room, most=TITLE_LINES), TITLE_LINES, measure, room)
        ax.set_title("\n".join(lines), loc="left")
        # as matplotlib stacks lines: each (height - descent) of "lp" × the line spacing below the last
        lp_height, lp_descent = ruler.size("lp", font)[1:]
        top += ruler.size(lines[0], font)[1] + (len(lines) - 1) * (lp_height - lp_descent) * 1.2
    fig.subplots_adjust(left=(left + MARGIN) / width, right=1 - MARGIN / width,
                        bottom=(bottom + MARGIN) / height, top=1 - (top + MARGIN) / height)
    return ruler


class _Ruler:
    """Sizes of text in the figure's pixels, measured at the slide PNG's resolution:
    glyphs are hinted to whole pixels, and a label measured at 100 dpi came out ~4%
    narrower than the same label drawn at 240 dpi."""

    def __init__(self, fig):
        from matplotlib.backends.backend_agg import RendererAgg

        self.dpi = fig.dpi
        self.renderer = RendererAgg(1, 1, PNG_DPI)  # measures text only: no canvas needed

    def size(self, text: str, font) -> tuple[float, float, float]:
        """(width, height, descent) of one line of ``text``."""
        measured = self.renderer.get_text_width_height_descent(text, font, ismath=False)
        return tuple(v * self.dpi / PNG_DPI for v in measured)

    def width(self, text: str, font) -> float:
        return self.size(text, font)[0]

    def points(self, size: float) -> float:
        return size * self.dpi / 72


def _settle_legend(ax) -> None:
    """Pin a legend placed at loc="best" where it was found: the search tests every
    plotted point and would run again for each format saved."""
    legend = ax.get_legend()
    if legend is not None:
        box = legend.get_window_extent()
        legend.set_loc(tuple(ax.transAxes.inverted().transform((box.x0, box.y0))))


class _Pixels:
    """Receives Agg's RGBA buffer as a view: no 8 MB copy of every slide-sized chart."""

    view: memoryview

    def write(self, data) -> None:
        self.view = memoryview(data)

    def seek(self, *_) -> None:  # what matplotlib checks to accept a file object
        pass


def _png(rgba, size) -> bytes:
    """A 1920×1080 PNG of the raw pixels, in a palette: a chart is a few flat colours and
    their anti-aliasing, and an RGBA PNG of that size spent ~100 ms trying row filters."""
    width, height = (round(v) for v in size)
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        out, format="PNG", compress_level=6, compress_type=zlib.Z_RLE
    )
    return out.getvalue()


@lru_cache(maxsize=8)
def _installed_font(stack: str) -> str:
    """The first family of the brand's CSS font stack that matplotlib can use, else DejaVu Sans."""
    from matplotlib import font_manager

    names = {f.name.lower(): f.name for f in font_manager.fontManager.ttflist}
    for family in (part.strip().strip("'\"") for part in stack.split(",")):
        if family.lower() in names:
            return names[family.lower()]
    return "DejaVu Sans"



def accessible_svg(svg: str, title: str, desc: str, ident: str) -> str:
    """Give the SVG role="img" and a <title>/<desc> that screen readers announce."""
    t, d = f"{ident}-title", f"{ident}-desc"
    svg = re.sub(r"<svg ", f'<svg role="img" aria-labelledby="{t} {d}" ', svg, count=1)
    head = f'\n <title id="{t}">{escape(title)}</title>\n <desc id="{d}">{escape(desc)}</desc>'
    return re.sub(r"(<svg [^>]*>)", lambda m: m.group(1) + head, svg, count=1)


def _value_axis(ax, unit: dict, axis: str = "y") -> None:
    from matplotlib.ticker import Formatter, MaxNLocator

    class Values(Formatter):  # defined here: only a drawing process imports matplotlib
        """Labels in the metric's unit, with as many decimals as the ticks need to read true:
        a whole-percent axis whose ticks are 0.2 apart reads 12.2%, 12.4%, not 12%, 12%."""

        decimals = unit.get("axis_decimals", 0)

        def set_locs(self, locs):
            super().set_locs(locs)
            self.decimals = _decimals_for(locs, unit.get("axis_decimals", 0))

        def __call__(self, value, pos=None):
            return fmt.value(value, unit["unit"], self.decimals, unit.get("currency"))

    values = ax.yaxis if axis == "y" else ax.xaxis
    values.set_major_formatter(Values())
    if unit.get("axis_decimals", 0) == 0:
        # whole numbers where the range allows: a flat series of 5s had ticks at 4.8, 4.9, 5.0…
        values.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True, min_n_ticks=1))
    ax.grid(axis=axis, color=unit.get("grid", "#dddddd"), linewidth=0.6)
    ax.set_axisbelow(True)


def _decimals_for(values, least: int, most: int = 6) -> int:
    """The fewest decimals, at least ``least``, that show every value exactly."""
    for decimals in range(least, most):
        if all(abs(v - round(v, decimals)) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return decimals
    return most


def _period_axis(ax, spec: dict) -> None:
    ticks = spec["ticks"]
    ax.set_xticks([t[0] for t in ticks], [t[1] for t in ticks])
    ax.set_xlim(spec["xmin"] - 0.5, spec["xmax"] + 0.5)


def _curve(fig, ax, spec: dict) -> None:
    style, data = spec["style"], spec["data"]
    ax.set_title(spec["title"], loc="left")
    if data["target"]:
        (bx, by), (tx, ty) = data["baseline"], data["target"]
        ax.plot([bx, tx], [by, ty], linestyle="--", color=style["accent_dark"], linewidth=1.6, label=data["path_label"])
        ax.plot([tx], [ty], marker="*", markersize=14, color=style["accent_dark"], linestyle="none", label=data["target_label"])
    ax.axhline(data["baseline"][1], linestyle=":", color=style["muted"], linewidth=1.2, label=data["baseline_label"])
    xs, ys = zip(*data["actual"]) if data["actual"] else ((), ())
    line, = ax.plot(xs, _broken(ys), marker="o", markersize=4, color=style["primary"], linewidth=2.4, label="Actual")
    _mark_gaps(ax, data["actual"], style, line, "actual")
    _value_axis(ax, spec["unit"])
    _period_axis(ax, data)
    ax.legend(loc="best", frameon=False, fontsize=9)
    _fit(fig, ax)


def _broken(ys) -> list[float]:
    """A line's values with each recorded gap as NaN: matplotlib lifts the pen there."""
    return [float("nan") if y is None else y for y in ys]


def _mark_gaps(ax, points: list, style: dict, line, name: str, colour: str | None = None) -> None:
    """A dotted upright line at each missing period, named in the legend: a break in the line
    is then read as "no figure", not as a drawing fault. Charts without gaps are unchanged."""
    gaps = [x for x, y in points if y is None]
    if not gaps:
        return
    line.set_gid(f"{name}-line")  # the SVG names the broken line and its gaps
    named = any(other.get_label() == GAP_LABEL for other in ax.lines)  # one legend entry a chart
    for k, x in enumerate(gaps):
        ax.axvline(x, linestyle=(0, (1, 2)), color=colour or style["muted"], linewidth=1.2, gid=f"{name}-gap-{k}",
                   label="_nolegend_" if named or k else GAP_LABEL)


def _breakdown(fig, ax, spec: dict) -> None:
    from matplotlib.font_manager import FontProperties

    style, data = spec["style"], spec["data"]
    ax.set_title(spec["title"], loc="left")
    palette = style["palette"]
    ruler, font = _Ruler(fig), FontProperties(size=8)
    # a long name is cut in the picture only: the description and the table beside it hold it whole
    labels = [ellipsize(line["label"], lambda text: ruler.width(text, font), fig.bbox.width * LABEL_SHARE) for line in data["lines"]]
    for i, (line, label) in enumerate(zip(data["lines"], labels)):
        xs, ys = zip(*line["points"])
        colour = palette[i % len(palette)]
        drawn, = ax.plot(xs, _broken(ys), linestyle=LINESTYLES[i % len(LINESTYLES)], marker=MARKERS[i % len(MARKERS)], markersize=3.5,
                         color=colour, linewidth=1.8, label=label)
        _mark_gaps(ax, line["points"], style, drawn, f"partner-{i + 1}", colour)
        end = next(p for p in reversed(line["points"]) if p[1] is not None)
        # a direct label at the line's end: partners are told apart without colour
        ax.annotate(label, tuple(end), xytext=(LABEL_GAP, 0), textcoords="offset points", va="center", fontproperties=font, color=style["text"])
    _value_axis(ax, spec["unit"])
    _period_axis(ax, data)
    ax.legend(loc="upper left", frameon=False, prop=font)
    _room_for_labels(fig, ax, data, max(ruler.width(label, font) for label in labels), _fit(fig, ax, ruler))


def _room_for_labels(fig, ax, data: dict, label_width: float, ruler: _Ruler) -> None:
    """Widen the period axis until the longest direct label fits beside its line's end."""
    end = max(line["points"][-1][0] for line in data["lines"])
    label = label_width + ruler.points(LABEL_GAP)
    axes_width = ax.get_position().width * fig.bbox.width
    start = data["xmin"] - 0.5
    # the span that puts `end` at (axes_width - label) pixels from the left edge
    span = (end - start) * axes_width / max(axes_width - label, axes_width / 3)
    ax.set_xlim(start, start + max(span, end + 1 - start))


def _contributions(fig, ax, spec: dict) -> None:
    style, data = spec["style"], spec["data"]
    ax.set_title(spec["title"], loc="left")
    labels = [row["label"] for row in data["rows"]]
    ys = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    colours = [style["primary"], style["accent_dark"], style["muted"]]
    for k, part in enumerate(data["parts"]):
        values = [row["values"][k] for row in data["rows"]]
        ax.barh(ys, values, left=left, color=colours[k % len(colours)], hatch=HATCHES[k % len(HATCHES)],
                edgecolor=style["background"], linewidth=0.5, label=part)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(ys, labels, fontsize=8)
    _value_axis(ax, spec["unit"], axis="x")
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    fig.tight_layout()  # partner names on the value axis' side: one chart, measured in full
