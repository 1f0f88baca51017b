"""Read data/metrics/*.yml (and their CSV series) and data/investments.yml.

Passed to ``backbone.project.read_project`` (a feature loader) so that metric problems are
reported together with every other problem of the partnership's files.
"""

from __future__ import annotations

import os
import re
from operator import attrgetter
from pathlib import Path

from .. import kept
from ..checks import Checks, Declared
from ..fields import id_like
from ..inputs import read_text
from ..problems import DataError, Problem, did_you_mean
from ..project import Project
from ..references import REMOTE_FIX, REMOTE_WHY, remote_pictures
from ..schema import validate
from ..sources import Source, read_csv, read_yaml, relpath
from . import periods, roi
from .model import (
    RULES,
    UNITS,
    Investments,
    InvestmentsFile,
    Metric,
    MetricFile,
    MetricsData,
    Point,
    Points,
    breakdown_parts,
    number,
)
from .units import WHERE, load_units
from .window import months as window_months
from .window import spanning

METRICS_DIR = "metrics"
INVESTMENTS = "investments.yml"
CSV_COLUMNS = ("period", "value", "note")
PARTNERS = "data/partners.yml"
GAP_NEEDS_NOTE = "a missing figure needs a note saying why (readers see the reason where the figure would be)"


# Points sorted by their period's ordinal (one metric has one granularity): comparing Period
# dataclasses ran hundreds of thousands of Python comparisons at scale.
BY_PERIOD = attrgetter("period.ordinal")


def load_metrics(project: Project, problems: list[Problem]) -> None:
    """The feature loader: fills ``project.extras['metrics']`` with a MetricsData."""
    folder = project.data_dir / METRICS_DIR
    metrics: dict[str, Metric] = {}
    broken: set[str] = set()
    units = load_units(project, problems)
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        metric = _load_metric(project, path, problems, units)
        if metric is not None:
            metrics[metric.id] = metric
        else:  # the file still declares its metric: what cites it waits for the file's own fix
            broken.add(path.stem)
    # every metric by id with its title (a title written for an id is answered), and those with problems
    ids = Declared({mid: metric.title for mid, metric in metrics.items()}, broken)
    investments, failed = _load_investments(project, ids, metrics, problems)
    project.extras["metrics"] = MetricsData(metrics, investments, frozenset(broken), failed, dict(units))


def _read(path: Path, root: Path, problems: list[Problem], cache_dir: Path | None = None) -> Source | None:
    try:
        source = read_yaml(path, root, cache_dir)
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    if not isinstance(source.data, dict):
        problems.append(Problem(source.rel, 1, "", "expected a mapping of 'key: value' lines at the top of the file"))
        return None
    return source


def _load_metric(project: Project, path: Path, problems: list[Problem], units: Declared) -> Metric | None:
    source = _read(path, project.root, problems, project.cache_dir)
    if source is None:
        return None
    # A rebuild of `mkdocs serve` checks again only the metrics whose file (the very parsed
    # values kept.made returned), partners or units changed; one with problems, or whose
    # figures are in a CSV file, every time.
    found: list[Problem] = []
    metric = kept.derived(
        "metric",
        source.rel,
        (source,),
        lambda: (str(project.root), path.name, project.partners, units),
        lambda: _checked_metric(project, path, source, found, units),
        lambda m: m is not None and m.series_file is None and not found,
    )
    problems.extend(found)
    return metric


def _checked_metric(
    project: Project, path: Path, source: Source, problems: list[Problem], units: Declared
) -> Metric | None:
    checks = Checks(source, problems)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", path.stem):
        problems.append(
            Problem(
                source.rel,
                0,
                "",
                f"'{path.stem}' is not a valid metric id: name the file with lower-case letters, digits and dashes, "
                f"like '{id_like(path.stem)}.yml'",
            )
        )
    spec, found = validate(MetricFile, source)
    problems.extend(found)
    if spec is None:
        return None
    before = len(problems)
    if spec.unit not in UNITS:  # built in, or named in data/units.yml ('tonnes')
        known = Declared({**dict.fromkeys(UNITS, ""), **units}, units.broken, units.whole)
        checks.known(("unit",), spec.unit, known, "unit", WHERE)
    if spec.unit == "currency" and not spec.currency:
        checks.add(("unit",), "unit 'currency' needs the field 'currency' with an ISO code like 'EUR'")
    if spec.unit != "currency" and spec.currency:
        checks.add(("currency",), f"'currency' is only used with unit: currency (this metric's unit is '{spec.unit}')")
    checks.known(("owner",), spec.owner, project.partners, "partner", PARTNERS)
    for _, url in remote_pictures(spec.story or ""):
        checks.add(("story",), f"the picture '{url}' is on another site: {REMOTE_WHY}; {REMOTE_FIX}")
    parts = breakdown_parts(spec.breakdown)
    named: dict[str, int] = {}
    for k, part in enumerate(parts):
        checks.known(part.where, part.partner, project.partners, "partner", PARTNERS)
        if part.partner in named:  # only the list form can name a partner twice
            checks.add(
                part.where,
                f"'{part.partner}' is listed twice in the breakdown (also as entry {named[part.partner] + 1}); "
                "put all of a partner's figures under one entry",
            )
        named.setdefault(part.partner, k)

    baseline = periods.parse(spec.baseline.period)
    grain = baseline.granularity

    def period_of(value: str, where: tuple, add) -> periods.Period:
        period = periods.parse(value)
        if period.granularity != grain:
            add(
                where,
                f"'{value}' is a {periods.ADJECTIVE[period.granularity]} period but this metric is "
                f"{periods.ADJECTIVE[grain]} (its baseline is {baseline.text}); use one granularity per metric",
            )
        return period

    target = None
    if spec.target:
        tp = period_of(spec.target.period, ("target", "period"), checks.add)
        if tp.granularity == grain and tp <= baseline:
            checks.add(
                ("target", "period"),
                f"the target period {tp.text} is not after the baseline period {baseline.text}; "
                "a target must come after the baseline",
            )
        target = Point(tp, spec.target.value)

    series_file = None
    if spec.series and spec.series_csv is not None:
        checks.add(("series_csv",), "give either 'series' or 'series_csv', not both")
        series = []
    elif spec.series_csv is not None:  # beside an empty list of figures, as the browser editor may save it
        series, series_file = _csv_series(project, path, spec.series_csv, checks, period_of, problems)
    elif spec.series is not None:
        series = _points(spec.series, "series", lambda i: ("series", i, "period"), period_of, checks.add)
    else:
        checks.add(
            (),
            "the required field 'series' is missing "
            "(or give 'series_csv': a CSV file beside this one with the columns period,value,note)",
        )
        series = []
    # a partner listed with no figures yet ('city-hall: []') has no breakdown: no empty
    # column, and no chart of nobody when every partner is empty
    breakdown = {
        part.partner: _points(
            part.points,
            f"breakdown.{part.partner}",
            lambda i, at=part.point_at: (*at, i, "period"),
            period_of,
            checks.add,
        )
        for part in sorted(parts, key=lambda part: part.partner)
        if part.points
    }
    for i, point in enumerate(series):
        if point.value is None and point.period == baseline:
            where = ("series",) if series_file is None else ("series_csv",)
            checks.add(
                where,
                f"{baseline.text} is the baseline period, whose figure is {spec.baseline.value:g}: "
                "it cannot also be missing; remove that row or fix the baseline",
            )
    if len(problems) > before:
        return None
    # The validated points now live in ``series`` and ``breakdown``: the spec keeps the rest
    # only, not a second copy of every data point as pydantic models.
    spec = spec.model_copy(update={"series": None, "breakdown": {}})
    return Metric(
        path.stem,
        source.rel,
        spec,
        grain,
        Point(baseline, spec.baseline.value),
        target,
        Points(series),
        {partner: Points(points) for partner, points in breakdown.items()},
        series_file,
    )


def _points(items, label: str, where, period_of, add) -> list[Point]:
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(items):
        period = period_of(item.period, where(i), add)
        if period.text in seen:
            add(
                where(i),
                f"duplicate period '{period.text}' (also at {label}[{seen[period.text]}]); give each period once",
            )
            continue
        seen[period.text] = i
        if item.value is None and not item.note:
            add(
                where(i)[:-1] + ("note",),
                GAP_NEEDS_NOTE
                + ": add a note, like {period: "
                + period.text
                + ', value: null, note: "The survey was not run"}',
            )
            continue
        out.append(Point(period, item.value, item.note))
    return sorted(out, key=BY_PERIOD)


def _csv_series(project, yml: Path, name: str, checks: Checks, period_of, problems) -> tuple[list[Point], str | None]:
    before = len(problems)
    checks.file(("series_csv",), name, yml.parent, project.root, suffixes={".csv"})
    if len(problems) > before:
        return [], None
    path = (yml.parent / name).resolve()
    try:
        rel, rows = read_csv(path, project.root)
    except DataError as exc:
        problems.extend(exc.problems)
        return [], relpath(path, project.root)
    text = read_text(path, project.root, rel)
    header = text.splitlines()[:1]
    columns = [c.strip() for c in header[0].split(",")] if header else []
    if (
        len(columns) == 1 and ";" in columns[0]
    ):  # a spreadsheet set to a European locale: one message, not one per column
        problems.append(Problem(rel, 1, "", semicolons_fix(text)))
        return [], rel
    bad = [c for c in columns if c not in CSV_COLUMNS]
    for column in bad:
        problems.append(
            Problem(
                rel,
                1,
                column,
                f"unknown column '{column}': the columns are period, value and an optional note"
                + did_you_mean(column, CSV_COLUMNS),
            )
        )
    for column in ("period", "value"):
        if column not in columns:
            problems.append(
                Problem(
                    rel, 1, "", f"the column '{column}' is missing; the first line must be the header period,value,note"
                )
            )
    if len(problems) > before:
        return [], rel
    points, seen = [], {}
    for line, row in rows:

        def add(field, message, line=line):
            problems.append(Problem(rel, line, field, message))

        try:
            period = period_of(row.get("period", ""), "period", lambda _w, m: add("period", m))
        except ValueError as exc:
            add("period", str(exc))
            continue
        text, note = row.get("value", ""), (row.get("note") or "").strip() or None
        try:
            # an empty cell records a missing figure; its note says why
            value = None if not text.strip() else number(_csv_number(text))
        except ValueError as exc:
            add("value", str(exc))
            continue
        if period.text in seen:
            add("period", f"duplicate period '{period.text}' (also on line {seen[period.text]}); give each period once")
            continue
        seen[period.text] = line
        if value is None and not note:
            add("note", GAP_NEEDS_NOTE + f": write why in the note column, like {period.text},,The survey was not run")
            continue
        points.append(Point(period, value, row.get("note") or None))
    return sorted(points, key=BY_PERIOD), rel


def semicolons_fix(text: str) -> str:
    """What to do with a CSV file whose columns are separated by semicolons."""
    decimals = " and write decimals with a point (12.5, not 12,5)" if re.search(r";\s*-?\d+,\d", text) else ""
    return (
        "this file uses semicolons (;) between columns; separate columns with commas, "
        f"so that the first line reads period,value,note{decimals} (in a spreadsheet: "
        "save as 'CSV UTF-8 (comma delimited)', or replace ; with , in a text editor)"
    )


def _csv_number(text: str):
    text = text.strip()
    if not text:
        return None
    try:
        return float(text) if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text, re.ASCII) else text
    except ValueError:
        return text


def _load_investments(
    project: Project, metric_ids: Declared, metrics: dict[str, Metric], problems: list[Problem]
) -> tuple[Investments | None, bool]:
    """(the investments, or None; whether data/investments.yml exists but has problems)."""
    path = project.data_dir / INVESTMENTS
    if not os.path.lexists(path):  # anything else by that name is read, to say what is wrong with it
        return None, False
    source = _read(path, project.root, problems)
    if source is None:
        return None, True
    spec, found = validate(InvestmentsFile, source)
    problems.extend(found)
    if spec is None:
        return None, True
    before = len(problems)
    checks = Checks(source, problems)
    seen: dict[tuple, int] = {}
    for i, c in enumerate(spec.contributions):
        checks.known(("contributions", i, "partner"), c.partner, project.partners, "partner", PARTNERS)
        key = (c.partner, c.period)
        if key in seen:
            checks.add(
                ("contributions", i),
                f"'{c.partner}' already has a contribution for {c.period} (contributions[{seen[key]}]); "
                "give one entry per partner and period",
            )
        seen.setdefault(key, i)
    for i, v in enumerate(spec.valuations):
        checks.known(("valuations", i, "metric"), v.metric, metric_ids, "metric", "data/metrics/")
        if v.count is not None:
            rule = v.count if v.count in RULES else "sum"
            checks.add(
                ("valuations", i, "count"),
                f"'count' is now called 'valuation': write 'valuation: {rule}' instead ({RULE_HELP}); "
                "`backbone upgrade` renames it in every valuation",
            )
    if spec.window:
        _check_window(checks, spec, metrics)
    # The return is worked out only from valid contributions of valid partners and valid metrics:
    # while a partner or metric it names has problems of its own, it waits for their fix.
    waits = any(c.partner not in project.partners for c in spec.contributions) or any(
        v.metric in metric_ids.broken for v in spec.valuations
    )
    if waits or len(problems) > before:
        return None, True
    return Investments(source.rel, spec), False


RULE_HELP = "sum adds every figure in the window, growth takes the rise over the window, latest the newest figure in it"


def _check_window(checks: Checks, spec: InvestmentsFile, metrics: dict[str, Metric]) -> None:
    """A window that runs forwards, holds some contribution, and cuts through no contribution's
    period and no valued metric's periods: nothing is ever split or silently dropped at its edges."""
    window = roi.window_of(spec)
    if window.span[1] < window.span[0]:
        checks.add(
            ("window", "to"),
            f"the window ends ({window.last.text}) before it starts ({window.first.text}); "
            "put the earlier period under 'from'",
        )
        return
    for i, c in enumerate(spec.contributions):
        period = periods.parse(c.period)
        if window.cuts(period):
            checks.add(
                ("contributions", i, "period"),
                f"the window ({window.label}) cuts through {period.label}, this contribution's period: "
                f"a contribution counts whole or not at all; {_edges(window, period)}, "
                "or record this contribution by shorter periods",
            )
    held = [c for c in spec.contributions if window.holds(periods.parse(c.period))]
    if spec.contributions and not held:
        every = spanning([periods.parse(c.period) for c in spec.contributions])
        checks.add(
            ("window",),
            f"no contribution lies inside the window ({window.label}); the contributions run from {every.label}: "
            "set 'from' and 'to' to the periods the value should be set against",
        )
    for i, v in enumerate(spec.valuations):
        metric = metrics.get(v.metric)
        if metric is None:
            continue
        size = 12 // periods.GRANULARITIES[metric.granularity]
        cut = next(
            (p for m in window.span if window.cuts(p := periods.from_ordinal(m // size, metric.granularity))), None
        )
        if cut:
            checks.add(
                ("valuations", i, "metric"),
                f"'{v.metric}' has {periods.ADJECTIVE[metric.granularity]} figures, and the window ({window.label}) "
                f"cuts through {cut.label}: a figure counts whole or not at all; {_edges(window, cut)}",
            )


def _edges(window, period) -> str:
    first, last = window_months(period)
    if first < window.span[0]:  # the window starts inside the period
        return f"let the window start with {period.text} or {period.shift(1).text} ('from')"
    return f"let the window end with {period.shift(-1).text} or {period.text} ('to')"
