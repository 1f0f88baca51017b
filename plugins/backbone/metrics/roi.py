"""The return-on-investment narrative: what partners put in, the value that comes out.

Rules (documented in docs/metrics.md, "How the figures are computed"):

* The window: money and value are set side by side over one span of time, the ``window``
  of data/investments.yml (``from`` and ``to``, whole periods); without one, the span of the
  contributions. A contribution or a figure counts when the window holds its whole period.
* A contribution is worth money + (staff hours + volunteer hours) × hourly value
  (the entry's own hourly_value, else the file's) + in-kind value.
* A valuation values a metric: units × value_per_unit, where the units follow its rule over
  the metric's periods in the window (after its baseline):
  - ``sum`` adds their figures (flows, such as job starts); a missing figure adds nothing,
    and the page says how many are missing and why;
  - ``growth`` is the figure of the window's last period minus the figure of the period
    before its first (the baseline, when the window starts right after it): stocks, such as
    childcare seats. Both ends need a figure: a missing end is never bridged, the outcome
    is then not valued and the page says why;
  - ``latest`` is the newest figure in the window (a level), naming any later period that
    has no figure.
* Collective ROI = value created ÷ resources invested.
* A partner's attributed value is the value created × its share of the resources;
  its return on time and money is that value ÷ what it put in (so it equals the
  collective ROI: a shared result is not split by who shouted loudest), and its
  leverage is the total invested ÷ its own contribution (€1 from it sits beside
  €N from everyone).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from ..project import Project
from ..render.formats import Formats
from . import periods
from .model import Contribution, Investments, InvestmentsFile, Metric, Point, Valuation
from .periods import Period, from_ordinal
from .window import Window, spanning


@dataclass(frozen=True)
class PartnerInput:
    partner_id: str
    money: float
    staff_hours: float
    volunteer_hours: float
    hours_value: float
    in_kind: float
    total: float
    share: float
    attributed_value: float
    roi: float | None
    leverage: float | None
    periods: list = field(default_factory=list)  # (period, money, hours, hours value, in kind, total)
    outside: list = field(default_factory=list)  # (period, total) of its contributions outside the window


@dataclass(frozen=True)
class ValuedOutcome:
    valuation: Valuation
    metric: Metric
    units: float | None  # None: not valued, ``reason`` says why
    value: float  # 0 when not valued
    start: Point | None  # sum: the first figure added; growth: the figure it grows from
    end: Point | None  # sum: the last figure added; growth and latest: the figure it reaches
    counted: int  # figures that went into the units
    span: list[Period]  # the metric's periods in the window, after its baseline
    missing: list[
        Point
    ]  # periods the rule needed, or skipped, with no figure: a gap (its note) or never reported (no note)
    reason: str | None = None  # why not valued: 'no figure', 'no ends', 'no period' (_unvalued)

    @property
    def rule(self) -> str:
        return self.valuation.valuation

    @property
    def valued(self) -> bool:
        return self.units is not None


@dataclass(frozen=True)
class Roi:
    currency: str
    hourly_value: float
    partners: dict[str, PartnerInput]
    sectors: dict[str, float]
    money: float
    hours: float
    hours_value: float
    in_kind: float
    invested: float
    outcomes: list[ValuedOutcome]
    value_created: float
    window: Window
    outside: list[tuple[Contribution, float]] = field(default_factory=list)  # not counted: (entry, its worth)

    @property
    def outside_total(self) -> float:
        return sum(total for _, total in self.outside)

    @property
    def collective(self) -> float | None:
        return self.value_created / self.invested if self.invested else None


def window_of(spec: InvestmentsFile) -> Window:
    """The file's window, else the span of its contributions (open when it has none)."""
    if spec.window:
        return Window(periods.parse(spec.window.start), periods.parse(spec.window.end), stated=True)
    return spanning([periods.parse(c.period) for c in spec.contributions])


def compute(project: Project, investments: Investments, metrics: dict[str, Metric]) -> Roi:
    spec = investments.spec
    window = window_of(spec)
    rows: dict[str, list] = defaultdict(list)
    outside: dict[str, list] = defaultdict(list)
    for c in sorted(spec.contributions, key=lambda c: (c.partner, periods.parse(c.period).ordinal)):
        rate = c.hourly_value if c.hourly_value is not None else spec.hourly_value
        hours_value = (c.staff_hours + c.volunteer_hours) * rate
        total = c.money + hours_value + c.in_kind
        if window.holds(periods.parse(c.period)):
            rows[c.partner].append(
                (c.period, c.money, c.staff_hours + c.volunteer_hours, hours_value, c.in_kind, total, c)
            )
        else:
            outside[c.partner].append((c, total))
    invested = sum(r[5] for items in rows.values() for r in items)
    outcomes = [value_outcome(v, metrics[v.metric], window) for v in spec.valuations if v.metric in metrics]
    value_created = sum(o.value for o in outcomes)
    partners: dict[str, PartnerInput] = {}
    sectors: dict[str, float] = {key: 0.0 for key in project.sectors}  # the partnership's sectors, in order
    for pid in by_contribution(rows, project):
        items = rows[pid]
        total = sum(r[5] for r in items)
        share = total / invested if invested else 0.0
        attributed = value_created * share
        partners[pid] = PartnerInput(
            partner_id=pid,
            money=sum(r[1] for r in items),
            staff_hours=sum(r[6].staff_hours for r in items),
            volunteer_hours=sum(r[6].volunteer_hours for r in items),
            hours_value=sum(r[3] for r in items),
            in_kind=sum(r[4] for r in items),
            total=total,
            share=share,
            attributed_value=attributed,
            roi=attributed / total if total else None,
            leverage=invested / total if total else None,
            periods=[r[:6] for r in items],
            outside=[(c.period, total) for c, total in outside.get(pid, ())],
        )
        sector = project.partners[pid].sector  # one partners.yml does not declare is reported there
        sectors[sector] = sectors.get(sector, 0.0) + total
    return Roi(
        currency=spec.currency,
        hourly_value=spec.hourly_value,
        partners=partners,
        sectors=sectors,
        money=sum(p.money for p in partners.values()),
        hours=sum(p.staff_hours + p.volunteer_hours for p in partners.values()),
        hours_value=sum(p.hours_value for p in partners.values()),
        in_kind=sum(p.in_kind for p in partners.values()),
        invested=invested,
        outcomes=outcomes,
        value_created=value_created,
        window=window,
        outside=[entry for pid in sorted(outside) for entry in outside[pid]],
    )


def by_contribution(rows: dict[str, list], project: Project) -> list[str]:
    """Partner ids, largest contribution first; ties by the name readers see (short name
    when there is one), then by id so that the order never depends on the file's."""
    total = {pid: sum(r[5] for r in items) for pid, items in rows.items()}
    return sorted(rows, key=lambda pid: (-total[pid], project.partners[pid].label.casefold(), pid))


def value_outcome(valuation: Valuation, metric: Metric, window: Window) -> ValuedOutcome:
    """Units and value of one outcome over ``window`` by its rule; never bridging a gap."""
    span = periods_in(metric, window)
    rule = {"sum": _sum, "growth": _growth, "latest": _latest}[valuation.valuation]
    units, start, end, counted, missing, reason = rule(metric, span, window)
    if not span:
        reason = "no period"
    value = units * valuation.value_per_unit if units is not None else 0.0
    return ValuedOutcome(valuation, metric, units, value, start, end, counted, span, missing, reason)


def periods_in(metric: Metric, window: Window) -> list[Period]:
    """The metric's periods in the window after its baseline (an open window: up to its last entry)."""
    after = metric.baseline.period.ordinal + 1
    if window.open:
        last = metric.series[-1].period.ordinal if metric.series else after - 1
        return [from_ordinal(o, metric.granularity) for o in range(after, last + 1)]
    return [p for p in window.periods(metric.granularity) if p.ordinal >= after]


def figure(metric: Metric, period: Period) -> Point:
    """The figure of ``period`` (the baseline counts); without one, a Point whose value is None
    and whose note is the gap's reason (None when the period was never reported)."""
    value = metric.value_at(period)
    if value is not None:
        return Point(period, value)
    gap = metric.gap_at(period)
    return Point(period, None, gap.note if gap else None)


def _sum(metric: Metric, span: list[Period], window: Window):
    points = [figure(metric, p) for p in span]
    found = [p for p in points if p.value is not None]
    missing = [p for p in points if p.value is None]
    if not found:
        return None, None, None, 0, missing, "no figure"
    return sum(p.value for p in found), found[0], found[-1], len(found), missing, None


def _growth(metric: Metric, span: list[Period], window: Window):
    if not span:
        return None, None, None, 0, [], None
    start, end = figure(metric, span[0].shift(-1)), figure(metric, span[-1])
    missing = [p for p in (start, end) if p.value is None]
    if missing:
        return None, start, end, 0, missing, "no ends"
    return end.value - start.value, start, end, 2, [], None


def _latest(metric: Metric, span: list[Period], window: Window):
    points = [figure(metric, p) for p in span]
    found = [p for p in points if p.value is not None]
    if not found:
        return None, None, None, 0, points, "no figure"
    end = found[-1]
    return end.value, None, end, 1, [p for p in points if p.period > end.period], None


def explain(o: ValuedOutcome, show: Callable[[float], str], fm: Formats) -> str:
    """The rule, as applied, in words: 'the 16 quarterly figures from Q1 2022 to Q4 2025 add up
    to 4,120; 1 of the 16 quarters has no figure and adds nothing: Q1 2025 (survey not run)'."""
    words = {"sum": _sum_words, "growth": _growth_words, "latest": _latest_words}[o.rule](o, show, fm)
    if o.valued:
        return words
    return _unvalued(o.reason, words or None, fm.words)


def _unvalued(reason: str | None, words: str | None, w) -> str:
    """Why an outcome is not valued, as one sentence per reason (``words``: the rule as applied)."""
    if reason == "no ends":
        if words:
            return w.gettext("not valued: growth needs a figure at both ends of the window (%(words)s)", words=words)
        return w.gettext("not valued: growth needs a figure at both ends of the window")
    if reason == "no period":
        if words:
            return w.gettext(
                "not valued: none of its periods after the baseline lies inside the window (%(words)s)", words=words
            )
        return w.gettext("not valued: none of its periods after the baseline lies inside the window")
    if words:
        return w.gettext("not valued: no period in the window has a figure (%(words)s)", words=words)
    return w.gettext("not valued: no period in the window has a figure")


def _missing(points: list[Point], fm: Formats) -> str:
    unreported = fm.words.gettext("not reported")
    return ", ".join(f"{fm.period(p.period)} ({p.note or unreported})" for p in points)


def _sum_sentence(w, granularity: str, n: int, /, **values) -> str:
    """'the figures of 4 quarters from Q1 2025 to Q4 2025 add up to 215': one whole sentence for
    each kind of period."""
    if granularity == "year":
        return w.ngettext(
            "the figures of %(num)s year from %(start)s to %(end)s add up to %(total)s",
            "the figures of %(num)s years from %(start)s to %(end)s add up to %(total)s",
            n,
            **values,
        )
    if granularity == "month":
        return w.ngettext(
            "the figures of %(num)s month from %(start)s to %(end)s add up to %(total)s",
            "the figures of %(num)s months from %(start)s to %(end)s add up to %(total)s",
            n,
            **values,
        )
    return w.ngettext(
        "the figures of %(num)s quarter from %(start)s to %(end)s add up to %(total)s",
        "the figures of %(num)s quarters from %(start)s to %(end)s add up to %(total)s",
        n,
        **values,
    )


def _gaps_sentence(w, granularity: str, k: int, /, **values) -> str:
    """'; 1 of the 16 quarters in the window has no figure and adds nothing: …'."""
    if granularity == "year":
        return w.ngettext(
            "; %(k)s of the %(num)s years in the window has no figure and adds nothing: %(missing)s",
            "; %(k)s of the %(num)s years in the window have no figure and add nothing: %(missing)s",
            k,
            **values,
        )
    if granularity == "month":
        return w.ngettext(
            "; %(k)s of the %(num)s months in the window has no figure and adds nothing: %(missing)s",
            "; %(k)s of the %(num)s months in the window have no figure and add nothing: %(missing)s",
            k,
            **values,
        )
    return w.ngettext(
        "; %(k)s of the %(num)s quarters in the window has no figure and adds nothing: %(missing)s",
        "; %(k)s of the %(num)s quarters in the window have no figure and add nothing: %(missing)s",
        k,
        **values,
    )


def _sum_words(o: ValuedOutcome, show, fm: Formats) -> str:
    g, w = o.metric.granularity, fm.words
    if not o.valued:
        return w.gettext("no figure for %(missing)s", missing=_missing(o.missing, fm)) if o.missing else ""
    words = _sum_sentence(
        w,
        g,
        o.counted,
        num=fm.number(o.counted),
        start=fm.period(o.start.period),
        end=fm.period(o.end.period),
        total=show(o.units),
    )
    if o.missing:
        k = len(o.missing)
        words += _gaps_sentence(w, g, k, k=fm.number(k), num=fm.number(len(o.span)), missing=_missing(o.missing, fm))
    return words


def _growth_words(o: ValuedOutcome, show, fm: Formats) -> str:
    if o.start is None:
        return ""
    w = fm.words
    if not o.valued:
        return w.gettext("no figure for %(missing)s", missing=_missing(o.missing, fm))
    values = dict(
        last=show(o.end.value),
        end=fm.period(o.end.period),
        first=show(o.start.value),
        start=fm.period(o.start.period),
        units=show(o.units),
    )
    if o.start.period == o.metric.baseline.period:
        return w.gettext("%(last)s in %(end)s minus %(first)s in %(start)s (the baseline) = %(units)s", **values)
    return w.gettext(
        "%(last)s in %(end)s minus %(first)s in %(start)s (the period before the window) = %(units)s", **values
    )


def _latest_words(o: ValuedOutcome, show, fm: Formats) -> str:
    w = fm.words
    if not o.valued:
        return w.gettext("no figure for %(missing)s", missing=_missing(o.missing, fm)) if o.missing else ""
    words = w.gettext(
        "the newest figure in the window, %(value)s in %(period)s",
        value=show(o.end.value),
        period=fm.period(o.end.period),
    )
    if o.missing:
        words += w.gettext("; later periods in the window have no figure: %(missing)s", missing=_missing(o.missing, fm))
    return words
