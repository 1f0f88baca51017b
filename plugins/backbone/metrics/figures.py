"""Computed figures of a metric: latest value, changes, progress, status, staleness.

Status rule (documented in the README): the expected value at the latest period
lies on the straight line from the baseline to the target (the target itself once
its period has passed). The shortfall is how far the actual value is behind the
expected one, in the direction the metric should move. With ``span`` = |target −
baseline| and ``tolerance`` t (a fraction, default 0.05):

* on track  — shortfall ≤ t × span (at, ahead of, or just behind the path);
* at risk   — shortfall ≤ 2t × span;
* off track — further behind.

A metric without a target has the status "no target". A metric is stale when its
latest period is older than the newest period due by the build date (a period is
due ``lag_days`` after it ends).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.lists import format_list

from ..render.formats import Formats
from ..render.words import N_
from . import periods
from .model import Metric, Point
from .periods import Period

STATUS_LABELS = {
    "on-track": N_("On track"),
    "at-risk": N_("At risk"),
    "off-track": N_("Off track"),
    "no-target": N_("No target"),
}
# The same words inside a sentence ("the jobs placed are on track"): lower case in English.
STATUS_IN_TEXT = {
    "on-track": N_("on track"),
    "at-risk": N_("at risk"),
    "off-track": N_("off track"),
    "no-target": N_("no target"),
}


@dataclass(frozen=True)
class Settings:
    tolerance: float = 0.05
    lag_days: int = 90
    today: dt.date = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Change:
    """The change from ``since`` to the figure's period."""

    since: Period
    before: float
    absolute: float
    relative: float | None  # None when the earlier value is 0
    direction: str  # up | down | flat
    better: bool | None  # None when flat

    def words(self, metric: Metric, fm: Formats) -> str:
        """'up 26 (8.3%) on Q2 2025'; percent metrics change in points."""
        spec, since, w = metric.spec, fm.period(self.since), fm.words
        if self.direction == "flat":
            return w.gettext("no change on %(period)s", period=since)
        amount = fm.difference(self.absolute, spec.unit, spec.decimals, spec.currency)
        if self.relative is not None and spec.unit != "percent":
            share = fm.percent(abs(self.relative), 1)
            if self.direction == "up":
                return w.gettext("up %(amount)s (%(share)s) on %(period)s", amount=amount, share=share, period=since)
            return w.gettext("down %(amount)s (%(share)s) on %(period)s", amount=amount, share=share, period=since)
        if self.direction == "up":
            return w.gettext("up %(amount)s on %(period)s", amount=amount, period=since)
        return w.gettext("down %(amount)s on %(period)s", amount=amount, period=since)

    def short(self, metric: Metric, fm: Formats) -> str:
        """'up 8.3% on Q2 2025' (points for percent metrics)."""
        spec, since, w = metric.spec, fm.period(self.since), fm.words
        if self.direction == "flat":
            return w.gettext("no change on %(period)s", period=since)
        if spec.unit == "percent" or self.relative is None:
            amount = fm.difference(self.absolute, spec.unit, spec.decimals, spec.currency)
        else:
            amount = fm.percent(abs(self.relative), 1)
        if self.direction == "up":
            return w.gettext("up %(amount)s on %(period)s", amount=amount, period=since)
        return w.gettext("down %(amount)s on %(period)s", amount=amount, period=since)


@dataclass(frozen=True)
class Figures:
    metric: Metric
    period: Period
    value: float
    previous: Change | None
    year_ago: Change | None
    since_baseline: Change | None
    progress: float | None  # share of the way from baseline to target (1.0 = reached)
    expected: float | None  # the value on the straight path at this period
    status: str  # on-track | at-risk | off-track | no-target
    stale: bool
    due: Period  # the newest period due by the build date

    def text(self, fm: Formats, value: float | None = None) -> str:
        spec = self.metric.spec
        return fm.value(self.value if value is None else value, spec.unit, spec.decimals, spec.currency)

    def status_label(self, fm: Formats) -> str:
        """'On track', in the site's language."""
        return fm.words.gettext(STATUS_LABELS[self.status])

    def status_in_text(self, fm: Formats) -> str:
        """'on track', as a sentence says it."""
        return fm.words.gettext(STATUS_IN_TEXT[self.status])


def change(metric: Metric, before: Point | None, now: float) -> Change | None:
    if before is None:
        return None
    delta = now - before.value
    if round(delta, metric.spec.decimals + 2) == 0:
        direction, better = "flat", None
    else:
        direction = "up" if delta > 0 else "down"
        better = (delta > 0) == (metric.spec.polarity == "higher")
    relative = delta / abs(before.value) if before.value else None
    return Change(before.period, before.value, delta, relative, direction, better)


def point_at(metric: Metric, period: Period) -> Point | None:
    value = metric.value_at(period)
    return None if value is None else Point(period, value)


def expected_at(metric: Metric, period: Period) -> float | None:
    """The value on the straight path from baseline to target at ``period``."""
    if metric.target is None:
        return None
    b, t = metric.baseline, metric.target
    steps = t.period.ordinal - b.period.ordinal
    share = min(max((period.ordinal - b.period.ordinal) / steps, 0.0), 1.0)
    return b.value + (t.value - b.value) * share


def status(metric: Metric, period: Period, actual: float, tolerance: float) -> str:
    expected = expected_at(metric, period)
    if expected is None:
        return "no-target"
    sign = 1 if metric.spec.polarity == "higher" else -1
    shortfall = (expected - actual) * sign
    span = abs(metric.target.value - metric.baseline.value)
    if shortfall <= tolerance * span + 1e-9:
        return "on-track"
    if shortfall <= 2 * tolerance * span + 1e-9:
        return "at-risk"
    return "off-track"


def compute(metric: Metric, settings: Settings, period: Period | None = None) -> Figures:
    """Figures at ``period`` (default: the latest period with a value).

    Gaps are skipped explicitly: the latest figure, staleness and status read measured
    points only, and a change compares with the exact earlier period, so a change after a
    gap is "no figure for the previous period", never a change on an older figure."""
    latest = metric.measured[-1] if metric.measured else metric.baseline
    if period is None:
        period = latest.period
    value = metric.value_at(period)
    if value is None:
        raise KeyError(f"{metric.id} has no value for {period.text}")
    tolerance = metric.spec.tolerance if metric.spec.tolerance is not None else settings.tolerance
    target = metric.target
    progress = None
    if target is not None and target.value != metric.baseline.value:
        progress = (value - metric.baseline.value) / (target.value - metric.baseline.value)
    due = periods.newest_due(settings.today, metric.granularity, settings.lag_days)
    return Figures(
        metric=metric,
        period=period,
        value=value,
        previous=change(metric, point_at(metric, period.shift(-1)), value),
        year_ago=change(metric, point_at(metric, period.shift(-period.per_year)), value),
        since_baseline=change(metric, metric.baseline, value) if period != metric.baseline.period else None,
        progress=progress,
        expected=expected_at(metric, period),
        status=status(metric, period, value, tolerance),
        stale=latest.period < due,
        due=due,
    )


def describe(metric: Metric, fm: Formats) -> str:
    """The sentence a chart's <desc> holds: what the curve did, and the target."""
    spec, w = metric.spec, fm.words
    show = lambda v: fm.value(v, spec.unit, spec.decimals, spec.currency)  # noqa: E731
    label = fm.period
    first = metric.baseline
    last = metric.measured[-1] if metric.measured else first
    values = dict(
        title=spec.title,
        first=show(first.value),
        start=label(first.period),
        last=show(last.value),
        end=label(last.period),
        target=show(metric.target.value) if metric.target else "",
        by=label(metric.target.period) if metric.target else "",
    )
    if last.value > first.value:
        sentence = (
            w.gettext(
                "%(title)s rose from %(first)s in %(start)s to %(last)s in %(end)s, "
                "against a target of %(target)s by %(by)s.",
                **values,
            )
            if metric.target
            else w.gettext("%(title)s rose from %(first)s in %(start)s to %(last)s in %(end)s.", **values)
        )
    elif last.value < first.value:
        sentence = (
            w.gettext(
                "%(title)s fell from %(first)s in %(start)s to %(last)s in %(end)s, "
                "against a target of %(target)s by %(by)s.",
                **values,
            )
            if metric.target
            else w.gettext("%(title)s fell from %(first)s in %(start)s to %(last)s in %(end)s.", **values)
        )
    else:
        sentence = (
            w.gettext(
                "%(title)s stayed at %(last)s from %(start)s to %(end)s, against a target of %(target)s by %(by)s.",
                **values,
            )
            if metric.target
            else w.gettext("%(title)s stayed at %(last)s from %(start)s to %(end)s.", **values)
        )
    return sentence + gaps_sentence(metric, fm)


def gaps_sentence(metric: Metric, fm: Formats) -> str:
    """' No figure for Q1 2025.' when the series records gaps (a chart's reader learns of them
    from its description too); '' otherwise."""
    gaps = [fm.period(p.period) for p in metric.series if p.value is None]
    if not gaps:
        return ""
    listed = format_list(gaps, locale=fm.locale)
    return " " + fm.words.gettext("No figure for %(periods)s.", periods=listed)
