"""Tiny inline SVG sparklines for scorecard tiles (no matplotlib: one path per tile)."""

from __future__ import annotations

from html import escape

from .model import Metric


def sparkline(metric: Metric, label: str, width: int = 120, height: int = 32) -> str:
    points = [metric.baseline] + [p for p in metric.series if p.period != metric.baseline.period]
    points.sort(key=lambda p: p.period)
    if len(points) < 2:
        return ""
    values = [p.value for p in points]
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    x0, x1 = points[0].period.ordinal, points[-1].period.ordinal
    span = (x1 - x0) or 1
    pad = 3

    def xy(p):
        x = pad + (p.period.ordinal - x0) / span * (width - 2 * pad)
        y = height - pad - (p.value - low) / spread * (height - 2 * pad)
        return f"{x:.1f},{y:.1f}"

    path = " ".join(xy(p) for p in points)
    last = xy(points[-1]).split(",")
    return (
        f'<svg class="bb-spark" role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/>'
        f'<circle cx="{last[0]}" cy="{last[1]}" r="2.6" fill="currentColor"/></svg>'
    )
