"""Test doubles for the features the stories build on (metrics is developed in parallel).

``FakeFigures`` implements ``backbone.figures_api.FigureSource`` over a small,
hand-written table, so every figure a test checks is known by hand.
``FakeMetricsFeature`` stands in for the metrics feature of the backbone plugin in site builds.
"""

from __future__ import annotations

from backbone.figures_api import KeyFigure

SERIES = {
    # metric id: (title, [(period, value)], unit suffix)
    "people-helped": ("People helped", [("2024-Q1", 120), ("2024-Q2", 150), ("2024-Q3", 180), ("2024-Q4", 210)], ""),
    "clinic-visits": ("Clinic visits avoided", [("2024", 800), ("2025", 1000)], ""),
    "satisfaction": ("Residents satisfied", [("2024-Q3", 71), ("2024-Q4", 74)], "%"),
}


def _label(period: str) -> str:
    if "-Q" in period:
        year, q = period.split("-")
        return f"{q} {year}"
    return period


class FakeFigures:
    def __init__(self, series: dict | None = None):
        self.series = series or SERIES

    def metric_ids(self) -> list[str]:
        return sorted(self.series)

    def broken_ids(self) -> frozenset[str]:
        return frozenset()  # every metric here is valid

    def periods(self, metric_id: str) -> list[str]:
        return [p for p, _ in self.series[metric_id][1]]

    def missing_period(self, metric_id: str, text: str) -> None:
        return None  # no recorded gaps here: the stories' own message is checked

    def key_figure(self, metric_id: str, period: str | None = None) -> KeyFigure:
        title, points, suffix = self.series[metric_id]
        periods = [p for p, _ in points]
        index = periods.index(period) if period else len(points) - 1
        value = points[index][1]
        change = None
        if index > 0:
            before = points[index - 1]
            pct = round((value - before[1]) / before[1] * 100)
            change = f"{'up' if pct >= 0 else 'down'} {abs(pct)}% on {_label(before[0])}"
        return KeyFigure(
            metric_id=metric_id,
            title=title,
            value=float(value),
            text=f"{value:,}{suffix}",
            period=points[index][0],
            period_label=_label(points[index][0]),
            change_text=change,
            latest_period=periods[-1],
            page=f"metrics/{metric_id}/",
            unit="percent" if suffix == "%" else "count",
        )


class FakeMetricsFeature:
    """What the stories need from metrics: figures and metric ids in the build context."""

    name = "metrics"
    without_project = False  # as the real one: its figures come from the loaded data
    on_partial_project = True  # as the real one: checked against whatever data loaded

    def __init__(self, figures: FakeFigures | None = None):
        self.figures = figures or FakeFigures()

    @staticmethod
    def loader(project, problems) -> None:
        return None

    def has_data(self, ctx) -> bool:
        return True

    def configure(self, ctx, config) -> None:
        ctx.figures, ctx.metric_ids = self.figures, sorted(self.figures.metric_ids())

    def files(self, ctx, files, config) -> None:
        self.metric_sections = {mid: list(html) for mid, html in ctx.metric_sections.items()}  # by metric id
