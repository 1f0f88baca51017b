"""The return-on-investment narrative: what partners put in, the value that comes out.

Rules (documented in the README):

* A contribution is worth money + (staff hours + volunteer hours) × hourly value
  (the entry's own hourly_value, else the file's) + in-kind value.
* A valuation values a metric: units × value_per_unit, where units is the sum of
  the metric's values for every period after its baseline ("sum", for flows such
  as job starts) or its latest value ("latest", for stocks).
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

from ..partners.model import SECTORS
from ..project import Project
from .model import Investments, Metric, Valuation


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


@dataclass(frozen=True)
class ValuedOutcome:
    valuation: Valuation
    metric: Metric
    units: float
    first: str
    last: str
    value: float


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

    @property
    def collective(self) -> float | None:
        return self.value_created / self.invested if self.invested else None


def compute(project: Project, investments: Investments, metrics: dict[str, Metric]) -> Roi:
    spec = investments.spec
    rows: dict[str, list] = defaultdict(list)
    for c in sorted(spec.contributions, key=lambda c: (c.partner, c.period)):
        rate = c.hourly_value if c.hourly_value is not None else spec.hourly_value
        hours_value = (c.staff_hours + c.volunteer_hours) * rate
        total = c.money + hours_value + c.in_kind
        rows[c.partner].append((c.period, c.money, c.staff_hours + c.volunteer_hours, hours_value, c.in_kind, total, c))
    invested = sum(r[5] for items in rows.values() for r in items)
    outcomes = [_value(v, metrics[v.metric]) for v in spec.valuations if v.metric in metrics]
    value_created = sum(o.value for o in outcomes)
    partners: dict[str, PartnerInput] = {}
    sectors: dict[str, float] = {key: 0.0 for key in SECTORS}
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
        )
        sectors[project.partners[pid].sector] += total
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
    )


def by_contribution(rows: dict[str, list], project: Project) -> list[str]:
    """Partner ids, largest contribution first; ties by the name readers see (short name
    when there is one), then by id so that the order never depends on the file's."""
    total = {pid: sum(r[5] for r in items) for pid, items in rows.items()}
    return sorted(rows, key=lambda pid: (-total[pid], project.partners[pid].label.casefold(), pid))


def _value(valuation: Valuation, metric: Metric) -> ValuedOutcome:
    after = [p for p in metric.measured if p.period > metric.baseline.period]  # a gap adds nothing
    if valuation.count == "latest" or not after:
        last = metric.measured[-1] if metric.measured else metric.baseline
        units, first = last.value, last.period
    else:
        units, first, last = sum(p.value for p in after), after[0].period, after[-1]
    return ValuedOutcome(valuation, metric, units, first.label, last.period.label, units * valuation.value_per_unit)
