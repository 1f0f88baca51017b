"""What each chart shows, as plain data (the spec ``charts.draw`` turns into files).

A spec lists the ``formats`` it is saved in: one drawing gives every format.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

from ..drawing.fonts import fonts_key
from ..identity.brand import contrast, mix, muted
from ..identity.model import Identity
from ..render.formats import Formats
from ..render.plaintext import isolated
from .figures import describe
from .model import Metric
from .periods import Period, from_ordinal

BY_ORDINAL = attrgetter("ordinal")  # C-level: Period's dataclass comparisons are Python calls


def style_of(identity: Identity, fonts: tuple[Path, ...] = ()) -> dict:
    """The brand's colours and font for every chart; ``fonts``: the site's own font files
    (data/brand/fonts/), for the characters DejaVu Sans lacks."""
    c = identity.colours
    # the accent is often a light colour: darken it until lines on the background read at 3:1
    accent = c.accent
    for share in (0.0, 0.2, 0.35, 0.5):
        accent = mix(c.accent, c.text, share)
        if contrast(accent, c.background) >= 3:
            break
    palette = [c.primary, accent, c.text, mix(c.primary, c.text, 0.5), mix(accent, c.text, 0.5), muted(identity)]
    style = {
        "primary": c.primary,
        "accent_dark": accent,
        "text": c.text,
        "muted": muted(identity),
        "background": c.background,
        "border": mix(c.background, c.text, 0.35),
        "palette": palette,
        # the CSS stack, resolved to an installed family by the drawing process: the build
        # process never imports matplotlib (its font manager alone weighs tens of MiB)
        "font": identity.fonts.text,
    }
    if fonts:  # their bytes are in the chart's key (fonts); where they are is not (font_files)
        style.update(fonts=fonts_key(fonts), font_files=[str(path) for path in fonts])
    return style


def _unit(metric: Metric, fm: Formats) -> dict:
    spec = metric.spec
    return {
        "unit": spec.unit,
        "axis_decimals": spec.decimals if spec.unit in ("currency", "ratio") else 0,
        "currency": spec.currency,
        "locale": fm.tag,  # the value axis is labelled in the site's language
    }


def _axis(first: Period, last: Period, fm: Formats) -> dict:
    """X positions are period ordinals; one tick a year (every year or so when long)."""
    per_year = first.per_year
    years = last.year - first.year + 1
    every = max(1, -(-years // 10))
    ticks = []
    for ordinal in range(first.ordinal, last.ordinal + 1):
        p = from_ordinal(ordinal, first.granularity)
        if ordinal % per_year == 0 and (p.year - first.year) % every == 0:
            ticks.append([ordinal, str(p.year)])
    if not ticks:
        # one period: one label (two drawn on one spot would blot each other out)
        ticks = [[first.ordinal, fm.period_short(first)]] + (
            [[last.ordinal, fm.period_short(last)]] if last != first else []
        )
    return {"ticks": ticks, "xmin": first.ordinal, "xmax": last.ordinal}


def curve(metric: Metric, style: dict, fm: Formats, formats: tuple[str, ...] = ("svg", "png")) -> dict:
    spec, w = metric.spec, fm.words
    show = lambda v: fm.value(v, spec.unit, spec.decimals, spec.currency)  # noqa: E731
    b, t = metric.baseline, metric.target
    points = [p.period for p in metric.series] + [b.period] + ([t.period] if t else [])
    data = {
        # the baseline is a measurement too: the curve starts there
        # a gap is [ordinal, None]: the line breaks there and the period is marked
        "actual": [
            [p.period.ordinal, p.value]
            for p in sorted({b.period: b, **{p.period: p for p in metric.series}}.values(), key=lambda p: p.period)
        ],
        "baseline": [b.period.ordinal, b.value],
        "baseline_label": w.gettext(
            "Baseline (%(period)s: %(value)s)", period=fm.period(b.period), value=show(b.value)
        ),
        "target": [t.period.ordinal, t.value] if t else None,
        "target_label": w.gettext("Target (%(value)s by %(period)s)", value=show(t.value), period=fm.period(t.period))
        if t
        else "",
        "path_label": w.gettext("Straight path to the target") if t else "",
        "actual_label": w.gettext("Actual"),
        "gap_label": w.gettext("No figure for this period"),
        **_axis(min(points), max(points), fm),
    }
    return {
        "kind": "curve",
        "formats": list(formats),
        "id": f"{metric.id}-curve",
        "title": spec.title,
        "desc": describe(metric, fm),
        "style": style,
        "unit": _unit(metric, fm),
        "data": data,
    }


def breakdown(metric: Metric, style: dict, names: dict[str, str], fm: Formats) -> dict | None:
    if not metric.breakdown:
        return None
    spec = metric.spec
    lines = [
        {"label": names[pid], "points": points.pairs()}
        for pid, points in sorted(metric.breakdown.items(), key=lambda kv: names[kv[0]].lower())
        if points.has_figures()  # a partner with gaps only has no line to draw
    ]
    if not lines:
        return None
    first = min((points[0].period for points in metric.breakdown.values() if points), key=BY_ORDINAL)
    latest = max((points[-1].period for points in metric.breakdown.values() if points), key=BY_ORDINAL)
    last = {line["label"]: _last_value(line["points"]) for line in lines}
    top = max(last, key=lambda k: (last[k], k))
    show = lambda v: fm.value(v, spec.unit, spec.decimals, spec.currency)  # noqa: E731
    # the sentence sets names one after another: each its own bidi isolate (the drawing's
    # labels stay as written: a font has no glyph for the isolate's characters)
    w = fm.words
    desc = w.gettext(
        "%(title)s by partner, %(start)s to %(end)s: %(figures)s in the latest period. %(top)s is highest.",
        title=spec.title,
        start=fm.period(first),
        end=fm.period(latest),
        figures="; ".join(f"{isolated(line['label'])} {show(last[line['label']])}" for line in lines),
        top=isolated(top),
    ) + _gaps_words(metric, names, fm)
    return {
        "kind": "breakdown",
        "formats": ["svg"],
        "id": f"{metric.id}-partners",
        "title": w.gettext("%(title)s: partner by partner", title=spec.title),
        "desc": desc,
        "style": style,
        "unit": _unit(metric, fm),
        "data": {"lines": lines, "gap_label": w.gettext("No figure for this period"), **_axis(first, latest, fm)},
    }


def _last_value(points: list) -> float:
    """A line's latest figure, past any recorded gaps at its end."""
    return next((y for _, y in reversed(points) if y is not None), 0.0)


def _gaps_words(metric: Metric, names: dict[str, str], fm: Formats) -> str:
    w = fm.words
    gaps = [
        w.gettext("%(partner)s for %(period)s", partner=isolated(names[pid]), period=fm.period(p.period))
        for pid, points in sorted(metric.breakdown.items())
        for p in points.gaps()
    ]
    return " " + w.gettext("No figure from %(gaps)s.", gaps="; ".join(gaps)) if gaps else ""


def contributions(
    roi,
    names: dict[str, str],
    project,
    style: dict,
    fm: Formats,
    formats: tuple[str, ...] = ("svg", "png"),
) -> dict:
    """Each partner's contribution, grouped by sector in the partnership's order of sectors;
    ``project`` gives each partner's sector and the sectors' labels."""
    sectors = list(project.sectors)
    sector = {pid: project.sectors[p.sector] for pid, p in project.partners.items()}
    order = sorted(
        roi.partners.values(),
        key=lambda p: (sectors.index(sector[p.partner_id].id), -p.total, names[p.partner_id].lower()),
    )
    rows = [
        {
            "name": names[p.partner_id],
            "note": f" ({sector[p.partner_id].word})",
            "values": [p.money, p.hours_value, p.in_kind],
        }
        for p in order
    ]
    biggest = max(order, key=lambda p: p.total) if order else None
    money = lambda v: fm.money(v, roi.currency)  # noqa: E731
    w = fm.words
    invested = dict(count=fm.number(len(order)), total=money(roi.invested))
    if biggest:
        desc = w.ngettext(
            "Resources invested by %(count)s partner, %(total)s in all; %(partner)s gave the most (%(most)s).",
            "Resources invested by %(count)s partners, %(total)s in all; %(partner)s gave the most (%(most)s).",
            len(order),
            partner=names[biggest.partner_id],
            most=money(biggest.total),
            **invested,
        )
    else:
        desc = w.ngettext(
            "Resources invested by %(count)s partner, %(total)s in all.",
            "Resources invested by %(count)s partners, %(total)s in all.",
            len(order),
            **invested,
        )
    desc += " " + "; ".join(f"{project.sectors[k].label} {money(v)}" for k, v in roi.sectors.items() if v) + "."
    return {
        "kind": "contributions",
        "formats": list(formats),
        "id": "contributions",
        "title": w.gettext("Contributions by partner and sector"),
        "desc": desc,
        "style": style,
        "unit": {"unit": "currency", "currency": roi.currency, "axis_decimals": 0, "locale": fm.tag},
        "data": {
            "rows": rows,
            "parts": [w.gettext("Money"), w.gettext("Staff and volunteer time"), w.gettext("In kind")],
            "others_label": w.gettext("Other partners (%(num)s)"),
        },
    }
