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
import io
import re
import threading
import warnings
import zlib
from functools import lru_cache
from html import escape
from pathlib import Path

from PIL import Image

from .. import textfit
from ..background import processes
from ..drawing.fonts import stamp
from ..memo import code_digest, ensure_all, entry, key, made
from ..render import numbers as fmt
from ..textfit import at_most, ellipsize, wrap

FALLBACK = "DejaVu Sans"  # shipped with matplotlib: every machine draws a chart the same
SVG_SIZE = (8.0, 4.5)  # inches at 100 dpi: 800 × 450
PNG_DPI = 240  # 8 × 4.5 inches at 240 dpi = 1920 × 1080, sized for slides
HASH_SALT = "backbone"
LINESTYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h"]
HATCHES = ["", "//", "..", "xx"]
FEW_ROWS = 6  # a contributions chart's bars are no thicker than with this many rows
MARGIN = 8  # pixels of the 800 × 450 chart left bare around its text
TITLE_LINES = 2
LABEL_SHARE = 0.3  # of the chart's width, at most, for a partner's name on a breakdown chart
LABEL_GAP = 5  # points between a breakdown line's end and its label
TICK_GAP = 4  # points at least between two neighbouring labels: closer, ticks are thinned


def _code_version() -> str:
    # Pillow encodes the slide PNGs: its version shapes their bytes too
    return code_digest(__file__, fmt.__file__, textfit.__file__, packages=("matplotlib", "pillow"))


def digest(spec: dict) -> str:
    style = spec.get("style") or {}
    if "font_files" in style:  # where the site's fonts are: their bytes are in the key (fonts)
        spec = {**spec, "style": {name: value for name, value in style.items() if name != "font_files"}}
    return key(_code_version(), params=spec)


def cache_path(spec: dict, cache_dir: Path, fmt: str) -> Path:
    """Where the chart ``spec`` is kept in the cache in format ``fmt`` (drawn or not)."""
    return entry(cache_dir, digest(spec), f".{fmt}")


# Fewer charts than this are drawn here: each worker starts an interpreter and imports
# matplotlib, which costs about as much as drawing a few charts (bench/HISTORY.md, 2026-12-07).
HERE_BELOW = 12


def ensure(specs: list[dict], cache_dir: Path, workers: int | None = None) -> tuple[list[dict[str, Path]], int]:
    """{format: path} of every chart in the cache, drawing the missing ones; returns (paths, files drawn)."""
    digests = [digest(spec) for spec in specs]
    paths = [{ext: entry(cache_dir, name, f".{ext}") for ext in spec["formats"]} for spec, name in zip(specs, digests)]
    for name, files in zip(digests, paths):
        for path in files.values():
            made(path, name)  # a card showing the chart is keyed on it without reading the file
    wanted = {name: (list(files.values()), spec) for spec, name, files in zip(specs, digests, paths)}
    # the slide-sized ones first: drawn last, one could leave the other workers idle
    jobs = sorted(wanted.values(), key=lambda job: ("png" not in job[1]["formats"], str(job[0][0])))
    # One chart a job: a job's hand-over costs far less than a chart, and chunks of many
    # charts left a worker idle at the end of a cold build.
    every_core = workers or processes()  # `metrics.workers: 0`: every core, not the pool's 8
    drawn = ensure_all(jobs, _draw_files, every_core, here_below=HERE_BELOW, initializer=_start_worker)
    return paths, sum(len(spec["formats"]) for spec, _ in drawn)


def warm_up() -> None:
    """Import what drawing needs in a thread of its own, now (`mkdocs serve`, once its first
    build is served): the first figure saved then draws its chart without waiting half a
    second for matplotlib's import."""
    threading.Thread(target=_import_drawing, name="backbone-charts-warm-up", daemon=True).start()


def _import_drawing() -> None:
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_agg, backend_svg  # noqa: F401


def _start_worker() -> None:
    """Import what drawing needs, then freeze it out of the garbage collector's reach.

    A drawn Figure is a web of reference cycles holding its 1920×1080 Agg buffer (its
    texts keep the renderer), so it is only freed by a collection. Left to the collector's
    thresholds, a worker piled up dead figures; a full collection after each chart walks all
    of matplotlib unless matplotlib is frozen first, when it costs next to nothing.
    """
    _import_drawing()
    gc.collect()
    gc.freeze()


def _draw_files(spec: dict) -> list[bytes]:
    """The chart's bytes in each of its formats, in order, for the cache.

    The chart's figure is collected as soon as it is drawn (see ``_start_worker``), with what
    existed before frozen out of the collection's reach: drawn in the build's own process (a
    small site, ``BACKBONE_WORKERS=1``, a figure saved in the preview), a full collection
    walked the whole build's objects after each chart. Unfrozen after, unless a worker froze
    them for good."""
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with warnings.catch_warnings():
            # a letter no font has: said once at its line for the cards, whose fonts the charts
            # also have (drawing.fonts.boxed), not by matplotlib for each text of each chart
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
            drawn = draw(spec)
        gc.collect()  # this chart's figure, now
    finally:
        if not frozen_before:
            gc.unfreeze()
    return [drawn[fmt] for fmt in spec["formats"]]


def draw(spec: dict) -> dict[str, bytes]:
    """The chart of ``spec`` in each of its formats, from one Figure (laid out once)."""
    import matplotlib
    from matplotlib.figure import Figure

    style = spec["style"]
    families = _families(style)
    rc = {
        "svg.hashsalt": HASH_SALT,
        # Text as text, in DejaVu Sans: a reader without it sees a narrower font, which fits
        # where DejaVu was measured. In the brand's own font, as outlines: a reader without it
        # would see a font of other widths, labels running into each other or off the chart.
        # Outlines too for the report's copy of a chart in a script DejaVu lacks (typeset.py).
        "svg.fonttype": "path" if spec.get("text") == "outlines" or families[0] != FALLBACK else "none",
        # the brand's font where installed, then the site's own files for what it lacks (each
        # character in the first family that has it), then DejaVu Sans
        "font.family": families,
        "font.size": 10,
        "text.color": style["text"],
        "axes.labelcolor": style["text"],
        "axes.edgecolor": style["border"],
        "xtick.color": style["muted"],
        "ytick.color": style["muted"],
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        # the title where _fit made room for it: matplotlib's own placement measured every y
        # tick label at each save, to find the same place (nothing is drawn above the axes)
        "axes.titley": 1.0,
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
        for fmt in sorted(spec["formats"], reverse=True):  # svg, then png: always in the same order
            out = io.BytesIO()
            if fmt == "svg":
                fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
                files[fmt] = accessible_svg(
                    out.getvalue().decode("utf-8"), spec["title"], spec["desc"], spec.get("id", "chart")
                ).encode("utf-8")
            else:
                pixels = _Pixels()
                fig.savefig(pixels, format="rgba", dpi=PNG_DPI)
                files[fmt] = _png(pixels.view, fig.get_size_inches() * PNG_DPI)
        fig.clear()
    return files


def _fit(
    fig, ax, ruler: _Ruler | None = None, room: tuple[float, float, float] = (0, 0, 0), ytick_size: float | None = None
) -> _Ruler:
    """Margins that just hold the title and the tick labels, from their measured text; a
    title wider than the chart is wrapped (two lines at most, then cut with an ellipsis).
    ``room`` is (left, right, bottom) pixels more: for x labels reaching past the axes'
    ends, and a legend under the x labels.

    Nothing else of a chart sits outside its axes, and tight_layout measures every artist
    of the figure for the same answer, a good part of a chart's time. Returns the ruler.
    """
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties

    ruler = ruler or _Ruler(fig)
    width, height = fig.bbox.width, fig.bbox.height
    ticks = FontProperties(size=ytick_size or rcParams["ytick.labelsize"])
    labels = ax.yaxis.get_major_formatter().format_ticks(_shown_ticks(ax.yaxis))
    left = max((ruler.width(label, ticks) for label in labels), default=0) + ruler.points(
        rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]
    )
    left = max(left, room[0])
    bottom = (
        ruler.size("lp0123456789", FontProperties(size=rcParams["xtick.labelsize"]))[1]
        + ruler.points(rcParams["xtick.major.size"] + rcParams["xtick.major.pad"])
        + room[2]
    )
    font = FontProperties(size=rcParams["axes.titlesize"], weight=rcParams["axes.titleweight"])
    top = ruler.points(rcParams["axes.titlepad"])
    if title := ax.get_title(loc="left").strip():
        measure, room_for_title = (lambda text: ruler.width(text, font)), width - left - 2 * MARGIN
        lines = at_most(wrap(title, measure, room_for_title, most=TITLE_LINES), TITLE_LINES, measure, room_for_title)
        ax.set_title("\n".join(lines), loc="left")
        # as matplotlib stacks lines: each (height - descent) of "lp" × the line spacing below the last
        lp_height, lp_descent = ruler.size("lp", font)[1:]
        top += ruler.size(lines[0], font)[1] + (len(lines) - 1) * (lp_height - lp_descent) * 1.2
    fig.subplots_adjust(
        left=(left + MARGIN) / width,
        right=1 - (MARGIN + room[1]) / width,
        bottom=(bottom + MARGIN) / height,
        top=1 - (top + MARGIN) / height,
    )
    return ruler


def _shown_ticks(axis) -> list[float]:
    """The major tick positions inside the axis' view (the locator gives one more each side)."""
    low, high = sorted(axis.get_view_interval())
    slack = (high - low) * 1e-9
    return [v for v in axis.get_majorticklocs() if low - slack <= v <= high + slack]


def _tick_boxes(ax, name: str, ruler: _Ruler, size: float | None = None) -> list[tuple[float, float, str]]:
    """(centre, extent, label) of each shown tick label along its axis, in figure pixels:
    the extent is a label's width on the x axis, its height on the y axis."""
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties

    axis = ax.xaxis if name == "x" else ax.yaxis
    font = FontProperties(size=size or rcParams[f"{name}tick.labelsize"])
    locs = _shown_ticks(axis)
    labels = axis.get_major_formatter().format_ticks(locs)
    along = 0 if name == "x" else 1
    low = ax.get_ylim()[0] if name == "x" else ax.get_xlim()[0]
    centres = [ax.transData.transform((v, low) if name == "x" else (low, v))[along] for v in locs]
    return [(c, ruler.size(label, font)[along], label) for c, label in zip(centres, labels)]


def _crowded(boxes, gap: float) -> bool:
    """Whether two neighbouring labels come closer than ``gap`` pixels."""
    boxes = sorted(boxes)
    return any(b[0] - a[0] < (a[1] + b[1]) / 2 + gap for a, b in zip(boxes, boxes[1:]))


def _thin_values(ax, name: str, unit: dict, ruler: _Ruler) -> bool:
    """Fewer, wider-spaced value ticks while neighbouring labels would touch; whether it thinned."""
    from matplotlib.ticker import FixedLocator

    boxes = _tick_boxes(ax, name, ruler)
    if not _crowded(boxes, ruler.points(TICK_GAP)):
        return False
    axis = ax.xaxis if name == "x" else ax.yaxis
    if len(boxes) <= 2:  # one label is all the axis has room for
        axis.set_major_locator(FixedLocator([min(_shown_ticks(axis), key=abs)]))
    else:
        axis.set_major_locator(_locator(unit, len(boxes) - 2))
    return True


def _thin_periods(ax, ticks: list, ruler: _Ruler) -> bool:
    """Every second, third... period label while neighbours would touch; whether it thinned."""
    shown = len(ax.get_xticks())
    for stride in range(max(1, -(-len(ticks) // max(shown, 1))), len(ticks) + 1):
        kept = ticks[::stride]
        ax.set_xticks([t[0] for t in kept], [t[1] for t in kept])
        if not _crowded(_tick_boxes(ax, "x", ruler), ruler.points(TICK_GAP)):
            break
    return len(ax.get_xticks()) != shown


def _overhang(fig, ax, ruler: _Ruler, room: list[float]) -> bool:
    """Widen ``room`` (left, right) by any x label reaching past the picture's margin; whether it did."""
    boxes = _tick_boxes(ax, "x", ruler)
    if not boxes:
        return False
    left = MARGIN - min(c - w / 2 for c, w, _ in boxes)
    right = max(c + w / 2 for c, w, _ in boxes) - (fig.bbox.width - MARGIN)
    axes = ax.get_position()
    changed = False
    if left > 0.5:
        room[0] = axes.x0 * fig.bbox.width - MARGIN + left
        changed = True
    if right > 0.5:
        room[1] += right
        changed = True
    return changed


def _layout(fig, ax, spec: dict, ruler: _Ruler, fit, values: str) -> None:
    """Margins, then value ticks thinned, period ticks thinned and the x labels kept inside,
    until nothing moves: each step can move what the others measured."""
    room = [0.0, 0.0, 0.0]
    for _ in range(12):
        fit(room)
        changed = _thin_values(ax, values, spec["unit"], ruler)
        if values == "y":
            changed = _thin_periods(ax, spec["data"]["ticks"], ruler) or changed
        changed = _overhang(fig, ax, ruler, room) or changed
        if not changed:
            return


_MEASURED: dict[tuple, tuple[float, float, float]] = {}  # at PNG_DPI: see _Ruler.size
MEASURED_MAX = 50_000


class _Ruler:
    """Sizes of text in the figure's pixels, measured at the slide PNG's resolution:
    glyphs are hinted to whole pixels, and a label measured at 100 dpi came out narrower
    than the same label drawn at 240 dpi."""

    def __init__(self, fig):
        from matplotlib.backends.backend_agg import RendererAgg

        self.dpi = fig.dpi
        self.renderer = RendererAgg(1, 1, PNG_DPI)  # measures text only: no canvas needed

    def size(self, text: str, font) -> tuple[float, float, float]:
        """(width, height, descent) of one line of ``text``, measured once a process for each
        text, font file and size: the same labels (years, round figures) recur in every chart."""
        from matplotlib.font_manager import findfont

        found = (text, findfont(font), tuple(font.get_family()), font.get_size_in_points())
        measured = _MEASURED.get(found)
        if measured is None:
            if len(_MEASURED) >= MEASURED_MAX:
                _MEASURED.clear()
            measured = _MEASURED[found] = self.renderer.get_text_width_height_descent(text, font, ismath=False)
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
    their anti-aliasing, and an RGBA PNG of that size spent much of a chart's time trying row
    filters."""
    width, height = (round(v) for v in size)
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        out, format="PNG", compress_level=6, compress_type=zlib.Z_RLE
    )
    return out.getvalue()


def _families(style: dict) -> list[str]:
    own = tuple(_added(path, *stamp(Path(path))) for path in style.get("font_files", ()))
    return list(dict.fromkeys([_installed_font(style["font"], own), *own, FALLBACK]))


@lru_cache(maxsize=32)
def _added(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """The family of the font file ``path``, made known to matplotlib once a process."""
    import logging

    from matplotlib import font_manager

    # a fallback family with no bold gives its regular glyphs to a bold title: as meant, and
    # not a line for the build's log from every chart
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


@lru_cache(maxsize=8)
def _installed_font(stack: str, own: tuple[str, ...] = ()) -> str:  # own: added to matplotlib's list
    """The first family of the brand's CSS font stack that matplotlib can use, else DejaVu Sans."""
    from matplotlib import font_manager

    names = {f.name.lower(): f.name for f in font_manager.fontManager.ttflist}
    for family in (part.strip().strip("'\"") for part in stack.split(",")):
        if family.lower() in names:
            return names[family.lower()]
    return FALLBACK


def accessible_svg(svg: str, title: str, desc: str, ident: str) -> str:
    """Give the SVG role="img" and a <title>/<desc> that screen readers announce."""
    t, d = f"{ident}-title", f"{ident}-desc"
    svg = re.sub(r"<svg ", f'<svg role="img" aria-labelledby="{t} {d}" ', svg, count=1)
    head = f'\n <title id="{t}">{escape(title)}</title>\n <desc id="{d}">{escape(desc)}</desc>'
    return re.sub(r"(<svg [^>]*>)", lambda m: m.group(1) + head, svg, count=1)


def _value_axis(ax, unit: dict, axis: str = "y") -> None:
    from matplotlib.ticker import Formatter

    class Values(Formatter):  # defined here: only a drawing process imports matplotlib
        """Labels in the metric's unit, with as many decimals as the ticks need to read true:
        a whole-percent axis whose ticks are 0.2 apart reads 12.2%, 12.4%, not 12%, 12%.
        From ten thousand, in thousands, millions... in the site's language: 45K, $1.2M, 1,2 M€
        (``fmt.SHORT_FROM``)."""

        decimals, scale = unit.get("axis_decimals", 0), (1.0, "")
        locale = fmt.locale_of(unit.get("locale", "en"))

        def set_locs(self, locs):
            super().set_locs(locs)
            low, high = (
                sorted(self.axis.get_view_interval()) if self.axis else (min(locs, default=0), max(locs, default=0))
            )
            shown = [v for v in locs if low <= v <= high] or list(locs)
            self.scale = fmt.scale_for(shown, unit["unit"], locale=self.locale)
            least = 0 if self.scale[1] else unit.get("axis_decimals", 0)
            self.decimals = _decimals_for([v / self.scale[0] for v in shown], least)

        def __call__(self, value, pos=None):
            return fmt.short(value, unit["unit"], self.decimals, unit.get("currency"), self.scale, locale=self.locale)

    values = ax.yaxis if axis == "y" else ax.xaxis
    values.set_major_formatter(Values())
    values.set_major_locator(_locator(unit, "auto"))
    ax.grid(axis=axis, color=unit.get("grid", "#dddddd"), linewidth=0.6)
    ax.set_axisbelow(True)


def _locator(unit: dict, bins):
    """At most ``bins`` intervals at round steps; whole numbers where the metric has no
    decimals: a flat series of 5s had ticks at 4.8, 4.9, 5.0…"""
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10], integer=unit.get("axis_decimals", 0) == 0, min_n_ticks=1)


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
        ax.plot(
            [tx],
            [ty],
            marker="*",
            markersize=14,
            color=style["accent_dark"],
            linestyle="none",
            label=data["target_label"],
        )
    ax.axhline(data["baseline"][1], linestyle=":", color=style["muted"], linewidth=1.2, label=data["baseline_label"])
    xs, ys = zip(*data["actual"]) if data["actual"] else ((), ())
    (line,) = ax.plot(
        xs, _broken(ys), marker="o", markersize=4, color=style["primary"], linewidth=2.4, label=data["actual_label"]
    )
    _mark_gaps(ax, data["actual"], style, line, "actual", label=data["gap_label"])
    _value_axis(ax, spec["unit"])
    _period_axis(ax, data)
    ax.legend(loc="best", frameon=False, fontsize=9)
    ruler = _Ruler(fig)
    _layout(fig, ax, spec, ruler, lambda room: _fit(fig, ax, ruler, room), "y")
    _settle_legend(ax)


def _broken(ys) -> list[float]:
    """A line's values with each recorded gap as NaN: matplotlib lifts the pen there."""
    return [float("nan") if y is None else y for y in ys]


def _mark_gaps(ax, points: list, style: dict, line, name: str, colour: str | None = None, *, label: str) -> None:
    """A dotted upright line at each missing period, named in the legend: a break in the line
    is then read as "no figure", not as a drawing fault. Charts without gaps are unchanged."""
    gaps = [x for x, y in points if y is None]
    if not gaps:
        return
    line.set_gid(f"{name}-line")  # the SVG names the broken line and its gaps
    named = any(other.get_label() == label for other in ax.lines)  # one legend entry a chart
    for k, x in enumerate(gaps):
        ax.axvline(
            x,
            linestyle=(0, (1, 2)),
            color=colour or style["muted"],
            linewidth=1.2,
            gid=f"{name}-gap-{k}",
            label="_nolegend_" if named or k else label,
        )


def _breakdown(fig, ax, spec: dict) -> None:
    from matplotlib.font_manager import FontProperties

    style, data = spec["style"], spec["data"]
    ax.set_title(spec["title"], loc="left")
    palette = style["palette"]
    ruler, font = _Ruler(fig), FontProperties(size=8)
    # a long name is cut in the picture only: the description and the table beside it hold it whole
    labels = [
        ellipsize(line["label"], lambda text: ruler.width(text, font), fig.bbox.width * LABEL_SHARE)
        for line in data["lines"]
    ]
    ends = []
    for i, (line, label) in enumerate(zip(data["lines"], labels)):
        xs, ys = zip(*line["points"])
        colour = palette[i % len(palette)]
        (drawn,) = ax.plot(
            xs,
            _broken(ys),
            linestyle=LINESTYLES[i % len(LINESTYLES)],
            marker=MARKERS[i % len(MARKERS)],
            markersize=3.5,
            color=colour,
            linewidth=1.8,
            label=label,
        )
        _mark_gaps(ax, line["points"], style, drawn, f"partner-{i + 1}", colour, label=data["gap_label"])
        ends.append(next(p for p in reversed(line["points"]) if p[1] is not None))
    _value_axis(ax, spec["unit"])
    _period_axis(ax, data)
    widest = max(ruler.width(label, font) for label in labels)
    fit = _fit_over_legend(
        fig,
        ax,
        ruler,
        _legend_below(fig, ax, labels, font, ruler),
        lambda: _room_for_labels(fig, ax, data, widest, ruler),
    )
    _layout(fig, ax, spec, ruler, fit, "y")
    _direct_labels(fig, ax, ends, labels, font, ruler, style["text"])


def _legend_below(fig, ax, labels: list[str], font, ruler: _Ruler):
    """The key, in columns under the x labels: inside the axes it would sit on the lines,
    the bars or the lines' direct labels."""
    from matplotlib import rcParams

    size = font.get_size_in_points()
    entry = max(ruler.width(label, font) for label in labels) + ruler.points(
        size * (rcParams["legend.handlelength"] + rcParams["legend.handletextpad"])
    )
    spacing = ruler.points(size * rcParams["legend.columnspacing"])
    columns = max(1, min(len(labels), int((fig.bbox.width * 0.75 + spacing) // (entry + spacing))))
    return ax.legend(
        loc="upper left",
        frameon=False,
        prop=font,
        ncols=columns,
        borderaxespad=0,
        borderpad=0,
        bbox_to_anchor=(0, 0),
        bbox_transform=fig.transFigure,
    )


def _fit_over_legend(fig, ax, ruler: _Ruler, legend, then=lambda: None, **options):
    """``_fit`` with room for the legend under the x labels, the legend moved there."""
    height = _box(fig, legend, ruler).height

    def fit(room):
        room[2] = height + ruler.points(2 * TICK_GAP)
        _fit(fig, ax, ruler, room, **options)
        then()
        legend.set_bbox_to_anchor(
            (ax.get_position().x0, (MARGIN + height) / fig.bbox.height), transform=fig.transFigure
        )

    return fit


def _box(fig, artist, ruler: _Ruler):
    """The artist's extent in the figure's pixels, measured at the slide PNG's resolution."""
    from matplotlib.transforms import Affine2D

    dpi = fig.dpi
    fig.dpi = PNG_DPI
    try:
        box = artist.get_window_extent(ruler.renderer)
    finally:
        fig.dpi = dpi
    return box.transformed(Affine2D().scale(dpi / PNG_DPI))


def _direct_labels(fig, ax, ends: list, labels: list[str], font, ruler: _Ruler, colour: str) -> None:
    """A name at each line's end, so partners are told apart without colour; names whose
    lines end close together are moved apart, up or down, to never touch. When the axes
    are too short for all of them, none is drawn: the legend below names the lines."""
    # the tallest ink above any baseline and the deepest below: 'Ă' over 'Ş' must not touch
    sizes = [ruler.size(text, font) for text in [*labels, "Hg"]]
    pitch = max(h - d for _, h, d in sizes) + max(d for _, _, d in sizes) + ruler.points(1)
    box = ax.get_position()
    low, high = box.y0 * fig.bbox.height + pitch / 2, box.y1 * fig.bbox.height - pitch / 2
    if len(ends) * pitch > high - low + pitch:
        return
    ys = [ax.transData.transform(end)[1] for end in ends]
    order = sorted(range(len(ends)), key=lambda i: (ys[i], i))
    placed, below = {}, float("-inf")
    for i in order:  # up from the lowest, each at least a pitch above the one under it
        placed[i] = below = max(ys[i], below + pitch, low)
    above = float("inf")
    for i in reversed(order):  # then down from the top, if that pushed any past it
        placed[i] = above = min(placed[i], above - pitch, high)
    for i, (end, label) in enumerate(zip(ends, labels)):
        shift = (placed[i] - ys[i]) * 72 / fig.dpi
        ax.annotate(
            label,
            tuple(end),
            xytext=(LABEL_GAP, shift),
            textcoords="offset points",
            va="center",
            fontproperties=font,
            color=colour,
        )


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
    from matplotlib.font_manager import FontProperties

    style, data = spec["style"], spec["data"]
    ax.set_title(spec["title"], loc="left")
    ruler, font = _Ruler(fig), FontProperties(size=8)
    rows = _rows_that_fit(fig, data["rows"], ruler, font, data["others_label"])
    measure = lambda text: ruler.width(text, font)  # noqa: E731
    # a long name is cut in the picture only (its sector kept): the table below holds it whole
    labels = [
        ellipsize(row["name"], measure, fig.bbox.width * LABEL_SHARE - measure(row["note"])) + row["note"]
        for row in rows
    ]
    ys = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    colours = [style["primary"], style["accent_dark"], style["muted"]]
    for k, part in enumerate(data["parts"]):
        values = [row["values"][k] for row in rows]
        ax.barh(
            ys,
            values,
            left=left,
            color=colours[k % len(colours)],
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor=style["background"],
            linewidth=0.5,
            label=part,
        )
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(ys, labels, fontsize=8)
    # fewer rows than FEW_ROWS keep the bars of a chart of FEW_ROWS, centred: two partners drew two slabs
    if len(labels) < FEW_ROWS:
        pad = (FEW_ROWS - len(labels)) / 2
        ax.set_ylim(-0.5 - pad, len(labels) - 0.5 + pad)
    _value_axis(ax, spec["unit"], axis="x")
    legend = _legend_below(fig, ax, data["parts"], font, ruler)
    _layout(fig, ax, spec, ruler, _fit_over_legend(fig, ax, ruler, legend, ytick_size=8), "x")


def _rows_that_fit(fig, rows: list[dict], ruler: _Ruler, font, others: str) -> list[dict]:
    """The rows, or, when their names would touch, the largest and one "Other partners" row
    adding up the rest (the table beside the chart lists every partner)."""
    pitch = ruler.size("Hg", font)[1] + ruler.points(TICK_GAP)
    room = int(fig.bbox.height * 0.75 // pitch)
    if len(rows) <= room:
        return rows
    kept = set(sorted(range(len(rows)), key=lambda i: (-sum(rows[i]["values"]), i))[: room - 1])
    rest = [row for i, row in enumerate(rows) if i not in kept]
    other = {
        "name": others % {"num": len(rest)},  # "Other partners (%(num)s)", in the site's language
        "note": "",
        "values": [sum(v) for v in zip(*(row["values"] for row in rest))],
    }
    return [row for i, row in enumerate(rows) if i in kept] + [other]
