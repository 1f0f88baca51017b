"""The ROI window: the span of time over which money put in and value created are compared.

Periods of any granularity meet on a calendar of months: a period is a run of months, and it
counts for the window only when the window holds all of it (a contribution or a figure is
never split). The loader refuses windows that would cut through one (see load.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..render.formats import Formats
from .periods import GRANULARITIES, MESSAGES, Period, from_ordinal

NOUNS = {"year": ("year", "years"), "quarter": ("quarter", "quarters"), "month": ("month", "months")}


def months(period: Period) -> tuple[int, int]:
    """The first and last month (counted from year 0) that ``period`` covers."""
    size = 12 // period.per_year
    return period.ordinal * size, (period.ordinal + 1) * size - 1


def noun(granularity: str, count: int) -> str:
    return NOUNS[granularity][count != 1]


@dataclass(frozen=True)
class Window:
    """``first`` to ``last``, both included; both None for an open window (no window in the file
    and no contributions to take one from): every period after a metric's baseline counts."""

    first: Period | None
    last: Period | None
    stated: bool  # written in data/investments.yml, rather than the span of the contributions

    @property
    def open(self) -> bool:
        return self.first is None

    @property
    def span(self) -> tuple[int, int]:
        return months(self.first)[0], months(self.last)[1]

    @property
    def label(self) -> str:
        """In messages to the backbone team (English): '2022 to 2025', 'Q1 2024 to Q2 2025', '2024'."""
        return self.label_in(MESSAGES)

    def label_in(self, fm: Formats) -> str:
        """For readers, its periods written in the site's language: 'Q1 2024 to Q2 2025'."""
        if self.open:
            return "from each baseline on"
        first, last = fm.period(self.first), fm.period(self.last)
        return first if self.first == self.last else f"{first} to {last}"

    def holds(self, period: Period) -> bool:
        if self.open:
            return True
        start, end = months(period)
        return self.span[0] <= start and end <= self.span[1]

    def cuts(self, period: Period) -> bool:
        """True when the window holds part of ``period`` but not all of it."""
        start, end = months(period)
        return not self.open and not self.holds(period) and start <= self.span[1] and end >= self.span[0]

    def periods(self, granularity: str) -> list[Period]:
        """The periods of ``granularity`` the window holds, oldest first."""
        size = 12 // GRANULARITIES[granularity]
        first, last = -(-self.span[0] // size), (self.span[1] + 1) // size - 1
        return [from_ordinal(o, granularity) for o in range(first, last + 1)]


def spanning(periods: list[Period], stated: bool = False) -> Window:
    """The smallest window that holds every one of ``periods`` (open when there are none)."""
    if not periods:
        return Window(None, None, stated)
    first = min(periods, key=lambda p: months(p)[0])
    last = max(periods, key=lambda p: months(p)[1])
    return Window(first, last, stated)
