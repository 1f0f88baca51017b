"""Tiny inline SVG sparklines for scorecard tiles (no matplotlib: one path per tile)."""

from __future__ import annotations

from html import escape

from ..render.formats import Formats
from .model import Metric


def sparkline(metric: Metric, label: str, fm: Formats, width: int = 120, height: int = 32) -> str:
    points = [metric.baseline] + [p for p in metric.series if p.period != metric.baseline.period]
    points.sort(key=lambda p: p.period)
    if sum(p.value is not None for p in points) < 2:
        return ""
    values = [p.value for p in points if p.value is not None]
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    x0, x1 = points[0].period.ordinal, points[-1].period.ordinal
    span = (x1 - x0) or 1
    pad = 3

    def xy(p):
        x = pad + (p.period.ordinal - x0) / span * (width - 2 * pad)
        y = height - pad - (p.value - low) / spread * (height - 2 * pad)
        return f"{x:.1f},{y:.1f}"

    measured = [p for p in points if p.value is not None]
    last = xy(measured[-1]).split(",")
    return (
        f'<svg class="bb-spark" role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(_run(run, xy) for run in _runs(points))
        + "".join(_gap(p, pad, width, height, x0, span, fm) for p in points if p.value is None)
        + f'<circle cx="{last[0]}" cy="{last[1]}" r="2.6" fill="currentColor"/></svg>'
    )


def _runs(points) -> list[list]:
    """The stretches of measured points between recorded gaps: the line never bridges a gap."""
    runs = [[]]
    for p in points:
        if p.value is None:
            runs.append([])
        else:
            runs[-1].append(p)
    return [run for run in runs if run]


def _run(run, xy) -> str:
    if len(run) == 1:  # a lone figure between gaps is a dot: a one-point polyline draws nothing
        x, y = xy(run[0]).split(",")
        return f'<circle cx="{x}" cy="{y}" r="1.6" fill="currentColor"/>'
    path = " ".join(xy(p) for p in run)
    return f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/>'


def _gap(p, pad: int, width: int, height: int, x0: int, span: int, fm: Formats) -> str:
    """A hollow ring on the floor of the sparkline where a figure is missing."""
    x = pad + (p.period.ordinal - x0) / span * (width - 2 * pad)
    return (
        f'<circle class="bb-spark__gap" cx="{x:.1f}" cy="{height - pad:.1f}" r="2.2" fill="none" '
        f'stroke="currentColor" stroke-width="1"><title>no figure for {escape(fm.period(p.period))}</title></circle>'
    )
