"""The contract between features that show figures (stories, learning) and the metrics core.

Stories and reviews cite metrics by id and period. They do not compute figures
themselves: they ask a ``FigureSource`` (implemented by ``backbone.metrics``), so
each feature stays testable on its own and the metrics rules live in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class KeyFigure:
    metric_id: str
    title: str  # the metric's title, e.g. "Young adults placed in jobs"
    value: float
    text: str  # formatted with its unit: "1,240", "68%", "€18,500"
    period: str  # the period shown: "2025-Q3"
    period_label: str  # for people: "Q3 2025"
    change_text: str | None  # "up 12% on Q2 2025", None when there is no previous period
    latest_period: str  # the metric's newest period (a claim is stale when period < latest)
    page: str  # site path of the metric's page, "metrics/jobs-placed/"
    # how the value is written, for where room is short (cards): render.numbers.squeezable
    unit: str = "count"  # count | percent | currency | hours | people | ratio
    decimals: int = 0
    currency: str | None = None


class FigureSource(Protocol):
    def metric_ids(self) -> list[str]: ...

    def broken_ids(self) -> frozenset[str]:
        """Ids of the metrics whose files have problems of their own: a claim of one is not
        reported as unknown (its file's problems are), and is checked once they are fixed."""
        ...

    def periods(self, metric_id: str) -> Sequence[str]: ...

    def missing_period(self, metric_id: str, text: str) -> str | None:
        """Why there is no figure for period ``text`` (a recorded gap's reason) and the nearest
        periods with figures; None when ``text`` is no period of the metric's kind."""
        ...

    def key_figure(self, metric_id: str, period: str | None = None) -> KeyFigure:
        """The figure at ``period`` (or the latest). Callers check ids and periods first."""
        ...
