"""Schemas of data/metrics/<id>.yml and data/investments.yml, and the loaded models."""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag

from .. import kept
from ..fields import TAGS_MAX, MarkdownText, Name, Ref, Text, Title
from ..identity.translated import per_language
from ..problems import thousands
from ..render.words import N_
from ..schema import Strict, number_fix
from . import periods
from .periods import Period

QUESTIONS = {
    "how-much": N_("How much did we do?"),
    "how-well": N_("How well did we do it?"),
    "better-off": N_("Is anyone better off?"),
}
# The units every site has (metrics/units.py); a partnership names more in data/units.yml.
UNITS = ("count", "percent", "currency", "hours", "people", "ratio")


# Far beyond any figure a partnership reports (a thousand trillion), and far inside what
# sums, ratios and formatting handle: YAML reads a 400-digit number as an exact integer.
NUMBER_MAX = 10**15


# A number written as text ('401', '12.5'), as a form may save it: read as that number.
_NUMBER_TEXT = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*", re.ASCII)


def number(value: object) -> float:
    """A finite number, or the text of one; other text, true/false and blanks are refused
    (they are typos, not zeros)."""
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        try:
            value = int(value)
        except ValueError:  # a decimal, or more digits than int() reads: float is inf, refused below
            value = float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        shown = "nothing" if value is None else repr(value)
        raise ValueError(f"expected a number, got {shown}: {number_fix(value)}")
    if isinstance(value, float) and math.isnan(value):
        raise ValueError(
            "expected a number, got .nan (not a number); "
            "write the figure, or record it as missing with value: null and a note saying why"
        )
    if not -NUMBER_MAX <= value <= NUMBER_MAX:  # compared exactly: float() of a huge integer overflows
        raise ValueError(
            f"{_shown(value)} is out of range: figures must lie between -{thousands(NUMBER_MAX)} "
            f"and {thousands(NUMBER_MAX)}; check the value"
        )
    return float(value)


def _shown(value: int | float) -> str:
    if isinstance(value, float):
        return f"the number {value}"  # 'inf', '1e+300'
    if value.bit_length() > 14_000:  # str() refuses integers past 4,300 digits
        return "a number of more than 4,000 digits"
    return f"a number of {thousands(len(str(abs(value))))} digits"


def period_text(value: object) -> str:
    return periods.parse(value).text


def currency_code(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value.strip()):
        raise ValueError(f"expected a three-letter ISO currency code like 'EUR' or 'USD', got {value!r}")
    return value.strip()


Number = Annotated[float, BeforeValidator(number)]
PeriodText = Annotated[str, BeforeValidator(period_text)]
Currency = Annotated[str, BeforeValidator(currency_code)]


class PointIn(Strict):
    """One period of a series; no value (``value: null``, or none given, as the browser editor
    saves a row whose figure is left empty) records a missing figure, and its note says why."""

    period: PeriodText
    value: Number | None = None
    note: Text | None = None


class BreakdownPart(Strict):
    """One partner's figures, as the browser editor writes a breakdown: a list of these (it
    cannot write a mapping whose keys the editor chooses). Written by hand, the mapping
    ``partner-id: [points]`` says the same."""

    partner: Ref
    series: list[PointIn] = []


def _breakdown_form(value: object) -> str:
    return "list[parts]" if isinstance(value, list) else "dict[partner]"


# Either form; the discriminator picks one, so that a mistake is reported once, in the form written
# (the bracketed tags are left out of the located field, see schema._data_loc).
Breakdown = Annotated[
    Annotated[dict[Ref, list[PointIn]], Tag("dict[partner]")] | Annotated[list[BreakdownPart], Tag("list[parts]")],
    Discriminator(_breakdown_form),
]


class Anchor(Strict):
    period: PeriodText
    value: Number


@dataclass(frozen=True)
class PartFound:
    """One partner of a breakdown, in either form, with where it is written."""

    partner: str
    points: list[PointIn]
    where: tuple  # the partner id's place in the file
    point_at: tuple  # the place of its points, to which a point's index is added


def breakdown_parts(breakdown: dict | list) -> list[PartFound]:
    if isinstance(breakdown, dict):
        return [PartFound(pid, points, ("breakdown", pid), ("breakdown", pid)) for pid, points in breakdown.items()]
    return [
        PartFound(part.partner, part.series, ("breakdown", i, "partner"), ("breakdown", i, "series"))
        for i, part in enumerate(breakdown)
    ]


class MetricFile(Strict):
    title: per_language(Title)
    question: Literal["how-much", "how-well", "better-off"]
    description: per_language(Text)
    unit: Ref  # one of UNITS, or a unit of data/units.yml: checked by the loader
    currency: Currency | None = None
    decimals: int = Field(0, ge=0, le=6)
    polarity: Literal["higher", "lower"]
    baseline: Anchor
    target: Anchor | None = None
    series: list[PointIn] | None = None
    series_csv: Text | None = None
    breakdown: Breakdown = {}
    source: Text
    owner: Ref | None = None
    headline: bool = False
    order: int | None = None
    tags: list[Name] = Field([], max_length=TAGS_MAX)
    story: MarkdownText | None = None
    tolerance: float | None = Field(None, ge=0, le=1)


class Contribution(Strict):
    partner: Ref
    period: PeriodText
    money: Number = 0
    staff_hours: Number = 0
    volunteer_hours: Number = 0
    hourly_value: Number | None = None
    in_kind: Number = 0
    note: Text | None = None


RULES = ("sum", "growth", "latest")


class Valuation(Strict):
    metric: Ref
    value_per_unit: Number
    source: Text
    assumption: Text
    # How the metric's figures in the window become units (see roi.py): 'sum' adds them (flows
    # such as job starts), 'growth' takes the rise over the window (stocks such as childcare
    # seats), 'latest' the newest figure (a level, such as people currently housed).
    valuation: Literal["sum", "growth", "latest"] = "sum"
    count: Any = Field(None, exclude=True)  # renamed 'valuation'; read only to say so


class Window(Strict):
    """The span over which money put in and value created are set side by side: whole
    periods (YYYY, YYYY-Qn or YYYY-MM), both ends included."""

    start: PeriodText = Field(alias="from")
    end: PeriodText = Field(alias="to")


class InvestmentsFile(Strict):
    currency: Currency
    hourly_value: Number
    window: Window | None = None
    contributions: list[Contribution] = []
    valuations: list[Valuation] = []


@dataclass(frozen=True, slots=True)  # slots: a large site holds a great many of them
class Point:
    period: Period
    value: float | None  # None: a recorded gap, with its reason in ``note``
    note: str | None = None

    @property
    def gap(self) -> bool:
        return self.value is None


class Points(Sequence):
    """A series of points, read like the list of them it was made from, held compactly: the
    periods (shared, ``periods.from_ordinal``), the figures in one array of doubles, the
    gaps and notes apart. A site of 200 metrics × 10 partners × 40 quarters holds 88,000
    points: as Point objects and their floats, 80 bytes each; here about 16."""

    __slots__ = ("_periods", "_values", "_gaps", "_notes")

    def __init__(self, points: Iterable[Point] = ()):
        points = list(points)
        self._periods = tuple(p.period for p in points)
        self._values = array("d", (0.0 if p.value is None else p.value for p in points))
        self._gaps = frozenset(i for i, p in enumerate(points) if p.value is None)
        self._notes = {i: p.note for i, p in enumerate(points) if p.note is not None}

    def __len__(self) -> int:
        return len(self._periods)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("point index out of range")
        value = None if index in self._gaps else self._values[index]
        return Point(self._periods[index], value, self._notes.get(index))

    def __iter__(self):  # Sequence's own asks __getitem__ for each index: 2-3× slower
        gaps, notes = self._gaps, self._notes
        for i, (period, value) in enumerate(zip(self._periods, self._values)):
            yield Point(period, None if i in gaps else value, notes.get(i))

    def pairs(self) -> list[list]:
        """[[period ordinal, figure or None], ...]: what a chart draws, made without a Point each."""
        gaps = self._gaps
        return [
            [period.ordinal, None if i in gaps else value]
            for i, (period, value) in enumerate(zip(self._periods, self._values))
        ]

    def has_figures(self) -> bool:
        """Whether any point has a figure (not every one is a gap)."""
        return len(self._gaps) < len(self._periods)

    def gaps(self) -> list[Point]:
        """The recorded gaps, in order."""
        return [self[i] for i in sorted(self._gaps)]

    def __eq__(self, other) -> bool:
        return isinstance(other, (Points, list)) and list(self) == list(other)

    __hash__ = None  # like the list it stands for

    def __repr__(self) -> str:
        # as the list of Points writes it (kept's digests read it), without making each Point
        gaps, notes = self._gaps, self._notes
        return (
            "["
            + ", ".join(
                f"Point(period={period!r}, value={None if i in gaps else value!r}, note={notes.get(i)!r})"
                for i, (period, value) in enumerate(zip(self._periods, self._values))
            )
            + "]"
        )


@dataclass(repr=False)
class Metric:
    """One metric, validated, with its series sorted by period. Never changed once made."""

    id: str
    file: str  # data/metrics/<id>.yml, for messages and edit links
    spec: MetricFile
    granularity: str
    baseline: Point
    target: Point | None
    series: Points
    breakdown: dict[str, Points] = field(default_factory=dict)
    series_file: str | None = None  # the CSV, when the series comes from one

    @property
    def title(self) -> str:
        return self.spec.title

    def __repr__(self) -> str:
        return self._written

    @cached_property
    def _written(self) -> str:
        # Written once: a rebuild keys what is made of a metric by its repr (kept.py), and a
        # kept metric's hundreds of points would otherwise be written again every build. Kept
        # as the digest of that text, which keys the same: the text itself, held for every
        # metric, was as large as all the metric pages together.
        text = f"Metric({', '.join(f'{f.name}={getattr(self, f.name)!r}' for f in fields(self))})"
        try:
            return f"Metric({self.id!r}, sha256={kept.inputs_digest((text,))})"
        except kept.Unkeyable:
            return text  # an address: the key that reads it must see it too, and keep nothing

    def value_at(self, period: Period) -> float | None:
        """The figure of ``period``; None when there is none (a recorded gap or no entry)."""
        if period.granularity != self.granularity:
            return None
        return self._values.get(period.ordinal)

    def gap_at(self, period: Period) -> Point | None:
        """The recorded gap at ``period`` (its note says why), if there is one."""
        if period.granularity != self.granularity:
            return None
        return self._gaps.get(period.ordinal)

    @cached_property
    def measured(self) -> list[Point]:
        """The series' points that have a figure: what trends, latest values and sums read."""
        return [p for p in self.series if p.value is not None]

    @cached_property
    def _gaps(self) -> dict[int, Point]:
        return {p.period.ordinal: p for p in self.series if p.value is None}

    @cached_property
    def _values(self) -> dict[int, float]:
        # by ordinal: a metric page asks for many values, and a scan comparing Period
        # dataclasses for each added up over hundreds of metrics. The series' value wins over
        # the baseline's.
        values = {self.baseline.period.ordinal: self.baseline.value}
        values.update((point.period.ordinal, point.value) for point in self.measured)
        return values


@dataclass
class Investments:
    file: str
    spec: InvestmentsFile


@dataclass
class MetricsData:
    """What the metrics loader stores in ``project.extras['metrics']``."""

    metrics: dict[str, Metric]  # the valid ones, by id
    investments: Investments | None
    broken: frozenset[str] = frozenset()  # ids of the metric files with problems (reported there)
    # data/investments.yml exists, but it, or a partner or metric it names, has problems (reported
    # there): the return waits for their fix, and nothing that cites it is reported meanwhile
    investments_failed: bool = False
    units: Mapping[str, Any] = field(default_factory=dict)  # data/units.yml's units by id (metrics/units.py)
