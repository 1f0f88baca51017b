"""Reporting periods: years (2025), quarters (2025-Q3) and months (2025-07).

Every period maps to an ordinal (a count of periods since year 0) so that
arithmetic — the previous period, a year earlier, the straight path to a target —
is plain integer arithmetic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..render.formats import Formats, formats_for

# ASCII digits only: int() reads '٢٠٢٢' as 2022, so '٢٠٢٢-Q2' would be a second spelling of
# '2022-Q2' that the duplicate check (by text) misses.
_YEAR = re.compile(r"(\d{4})", re.ASCII)
_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])", re.ASCII)
# Years a partnership reports on; charts and tables span every period in between.
YEARS = range(1900, 2200)

GRANULARITIES = {"year": 1, "quarter": 4, "month": 12}  # periods per year
ADJECTIVE = {"year": "yearly", "quarter": "quarterly", "month": "monthly"}
MESSAGES = formats_for("en")  # messages to the backbone team are English
FORMAT_HELP = "write YYYY (2025), YYYY-Qn (2025-Q3, n = 1 to 4) or YYYY-MM (2025-07)"


@dataclass(frozen=True, order=True)
class Period:
    ordinal: int
    granularity: str
    text: str

    @property
    def per_year(self) -> int:
        return GRANULARITIES[self.granularity]

    @property
    def year(self) -> int:
        return self.ordinal // self.per_year

    @property
    def index(self) -> int:
        """Its place in its year, from 0: the third quarter is 2, July is 6."""
        return self.ordinal % self.per_year

    @property
    def label(self) -> str:
        """In messages to the backbone team (English, like every message): '2025', 'Q3 2025',
        'July 2025'. Pages write periods in the site's language: ``Formats.period``."""
        return MESSAGES.period(self)

    def shift(self, steps: int) -> "Period":
        return from_ordinal(self.ordinal + steps, self.granularity)

    def end(self) -> dt.date:
        """The last day of the period."""
        index = self.ordinal % self.per_year
        if self.granularity == "year":
            return dt.date(self.year, 12, 31)
        last_month = (index + 1) * (12 // self.per_year)
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])


def label_of(text: str, formats: Formats) -> str:
    """A period written for people, the one format of every page, feed and e-mail:
    '2026-Q2' → 'Q2 2026' ('T2 2026' in French), '2026-07' → 'July 2026', '2026' → '2026';
    any other text (a survey's 'spring 2026') as written."""
    try:
        return formats.period(parse(text))
    except ValueError:
        return text


def parse(value: object) -> Period:
    """Parse a period; raise ValueError with a message an author can act on."""
    if type(value) is str:  # the common case, and by far the most frequent call of a build
        return _parse_text(value.strip())
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is None:
        raise ValueError(f"expected a period, got {value!r}; {FORMAT_HELP}")
    return _parse_text(text)


# Periods are immutable and few (40 quarters serve 200 metrics × 10 partners): one object
# per distinct text, shared, instead of one per data point.
@lru_cache(maxsize=8192)
def _parse_text(text: str) -> Period:
    m = _YEAR.fullmatch(text) or _QUARTER.fullmatch(text) or _MONTH.fullmatch(text)
    if not m and any(ch.isdecimal() and not ch.isascii() for ch in text):
        ascii = "".join(str(int(ch)) if ch.isdecimal() else ch for ch in text)
        raise ValueError(f"'{text}' is not a period: write its digits as 0 to 9, like '{ascii}'")
    if not m and (quarter := _quarter_written_otherwise(text)):
        raise ValueError(f"'{text}' is not a period: write a quarter as {quarter}")
    if not m:
        raise ValueError(f"'{text}' is not a period: {FORMAT_HELP}")
    if int(m[1]) not in YEARS:
        raise ValueError(f"'{text}' is not a period: its year must be from {YEARS[0]} to {YEARS[-1]}")
    if m.re is _YEAR:
        return Period(int(m[1]), "year", text)
    if m.re is _QUARTER:
        return Period(int(m[1]) * 4 + int(m[2]) - 1, "quarter", text)
    return Period(int(m[1]) * 12 + int(m[2]) - 1, "month", text)


# A quarter as pages and people write it: 'T4 2025' (French, Spanish), '2025-T4', 'Q4 2025', '2025 q4'
_OTHER_QUARTERS = (
    re.compile(r"(?P<year>\d{4})\s*[-/ ]?\s*[QT]\s*(?P<n>[1-4])", re.ASCII | re.IGNORECASE),
    re.compile(r"[QT]\s*(?P<n>[1-4])\s*[-/ ]?\s*(?P<year>\d{4})", re.ASCII | re.IGNORECASE),
)


def _quarter_written_otherwise(text: str) -> str | None:
    """'2025-Q4' for a quarter written another way; None for anything else."""
    found = next((m for rx in _OTHER_QUARTERS if (m := rx.fullmatch(text))), None)
    return f"{found['year']}-Q{found['n']}" if found else None


@lru_cache(maxsize=8192)
def from_ordinal(ordinal: int, granularity: str) -> Period:
    per_year = GRANULARITIES[granularity]
    year, index = divmod(ordinal, per_year)
    if granularity == "quarter":
        text = f"{year}-Q{index + 1}"
    elif granularity == "month":
        text = f"{year}-{index + 1:02d}"
    else:
        text = str(year)
    return Period(ordinal, granularity, text)


def containing(day: dt.date, granularity: str) -> Period:
    if granularity == "year":
        return from_ordinal(day.year, "year")
    if granularity == "quarter":
        return from_ordinal(day.year * 4 + (day.month - 1) // 3, "quarter")
    return from_ordinal(day.year * 12 + day.month - 1, "month")


def newest_due(today: dt.date, granularity: str, lag_days: int) -> Period:
    """The newest period whose figure is due by ``today``: it ended at least ``lag_days`` ago."""
    period = containing(today, granularity).shift(-1)
    while period.end() + dt.timedelta(days=lag_days) > today:
        period = period.shift(-1)
    return period
