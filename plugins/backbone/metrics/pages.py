"""The metrics pages: scorecard, metric index, a page per metric, impact, partner sections.

Pure rendering: returns GeneratedPages and the files (charts from the cache, CSVs)
that go beside them; the MkDocs adapter only hands them over.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from types import MappingProxyType

from markupsafe import Markup

from .. import kept
from ..drawing.fonts import FONTS_DIR, own_fonts
from ..partners.model import Partner
from ..project import Project
from ..render import markup
from ..render.csvfile import csv_text
from ..render.csvfile import number as raw
from ..render.formats import Formats
from ..render.html import PAGE, GeneratedPage, render
from ..render.urls import Linker
from . import charts, chartspecs, periods
from .figures import Change, Figures, expected_at
from .model import N_, QUESTIONS, Metric
from .periods import from_ordinal
from .roi import Roi, ValuedOutcome, explain
from .source import ProjectFigures, metric_src_uri
from .sparkline import sparkline
from .window import months

SCORECARD = "scorecard/index.md"
METRICS_INDEX = "metrics/index.md"
IMPACT = "impact/index.md"


def asset(metric_id: str, kind: str) -> str:
    return {
        "svg": f"metrics/{metric_id}/{metric_id}.svg",
        "png": f"metrics/{metric_id}/{metric_id}-1920x1080.png",
        "partners": f"metrics/{metric_id}/{metric_id}-partners.svg",
        "csv": f"metrics/{metric_id}/{metric_id}.csv",
    }[kind]


@dataclass
class Output:
    pages: list[tuple[GeneratedPage, bool, str]] = field(default_factory=list)  # page, in nav, edit path
    files: list[tuple[str, Path | None, str | bytes | None]] = field(default_factory=list)  # dest, source, content
    charts: int = 0
    drawn: int = 0


def markdown_html(text: str | None) -> Markup:
    """Markdown from a data file, sanitised: partners' text never becomes script."""
    if not text:
        return Markup("")
    return Markup(markup.markdown_html(text))


def missing(metric: Metric, period, fm: Formats) -> dict | None:
    """The change against ``period`` when that period is a recorded gap: said, with its reason."""
    gap = metric.gap_at(period)
    return dict(missing=f"no figure for {fm.period(period)} ({gap.note})") if gap else None


def cell(f: Figures, point, fm: Formats) -> dict:
    """A partner's figure in the breakdown table: the value and its note ("no figure" and why), or a dash."""
    if point is None:
        return dict(shown="–", note="")
    shown = "no figure" if point.value is None else f.text(fm, point.value)
    return dict(shown=shown, note=f"({point.note})" if point.note else "")


def sector_rows(roi: Roi, sectors: dict, fm: Formats, empty: bool = True) -> list[dict]:
    """What each sector invested, the most first (then in the partnership's order of sectors);
    ``empty``: also the sectors that invested nothing."""
    order = list(sectors)
    share = lambda v: fm.percent(v / roi.invested, 1) if roi.invested else "–"  # noqa: E731
    return [
        dict(label=sectors[k].label, total=fm.money(v, roi.currency), share=share(v))
        for k, v in sorted(roi.sectors.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
        if v or empty
    ]


def signed_difference(delta: float, metric: Metric, fm: Formats) -> str:
    """A change in a table, with its sign and unit: '+£92,500', '-3 people', '+1.5 points'."""
    sign = "+" if round(delta, metric.spec.decimals) > 0 else "-" if round(delta, metric.spec.decimals) < 0 else ""
    return sign + fm.difference(delta, metric.spec.unit, metric.spec.decimals, metric.spec.currency)


class MetricsSite:
    def __init__(
        self,
        project: Project,
        figures: ProjectFigures,
        roi: Roi | None,
        *,
        directory_urls: bool = True,
        cache_dir: Path,
        workers: int | None = None,
        headline_limit: int = 7,
    ):
        self.project = project
        self.figures = figures
        self.roi = roi
        self.urls = directory_urls
        self.cache_dir = Path(cache_dir)
        self.workers = workers
        self.headline_limit = headline_limit
        self.style = chartspecs.style_of(project.identity, own_fonts(project.data_dir / FONTS_DIR, project.root))
        self.names = {pid: p.label for pid, p in project.partners.items()}
        self.fm = figures.formats  # how figures, dates and periods are written, in the site's language
        # what every metric's page reads beside its own figures, digested once a build
        self._shared = kept.Shared(
            lambda: (figures.settings, figures.units, self.fm.tag, directory_urls, project.partners, project.identity)
        )
        self._inputs: dict[str, kept.Shared] = {}
        # what the pages that show every metric read (the scorecard, the index, the partners'
        # sections): a story's text saved leaves them as they were
        self._every = kept.Shared(
            lambda: (self._shared, tuple(self._of(m) for m in figures.metrics.values()), roi, headline_limit)
        )

    def _of(self, metric: Metric) -> kept.Shared:
        """What a metric's outputs (page, CSV, charts' specs) read, digested once a build: its
        figures (the metric itself and the build date's verdicts) and what every metric's reads."""
        found = self._inputs.get(metric.id)
        if found is None:
            found = self._inputs[metric.id] = kept.Shared(lambda: (self._shared, self.figures.figures(metric.id)))
        return found

    # -- charts ---------------------------------------------------------------
    def chart_specs(self) -> list[tuple[dict, dict[str, str]]]:
        """Every chart of the site: (spec, {format: site path}); one drawing gives all its formats."""
        specs: list[tuple[dict, dict[str, str]]] = []
        for mid, metric in self.figures.metrics.items():
            inputs = partial(lambda metric: (self._of(metric),), metric)
            curve = kept.output("chart", mid, inputs, partial(chartspecs.curve, metric, self.style, self.fm))
            specs.append((curve, {"svg": asset(mid, "svg"), "png": asset(mid, "png")}))
            make = partial(chartspecs.breakdown, metric, self.style, self.names, self.fm)
            if spec := kept.output("partners chart", mid, inputs, make):
                specs.append((spec, {"svg": asset(mid, "partners")}))
        if self.roi and self.roi.partners:
            specs.append(
                (
                    chartspecs.contributions(self.roi, self.names, self.project, self.style, self.fm),
                    {"svg": "impact/contributions.svg", "png": "impact/contributions-1920x1080.png"},
                )
            )
        return specs

    # -- the whole feature ------------------------------------------------------
    def build(self, sections: Mapping[str, Sequence[str]] = MappingProxyType({}), draw: bool = True) -> Output:
        """Pages, tables and (``draw``: `backbone check` draws nothing) charts; ``sections``:
        the HTML other features computed for each metric's page (its stories), by metric id."""
        out = Output()
        desc_of = self._draw(out, draw)
        edit_dir = "../data/"
        out.pages.append((self.scorecard(), True, edit_dir + "metrics/"))
        out.pages.append((self.index(), True, edit_dir + "metrics/"))
        for mid, metric in self.figures.metrics.items():
            out.pages.append(
                (
                    self.metric_page(metric, sections.get(mid, ()), desc_of.get(asset(mid, "partners"))),
                    False,
                    "../" + metric.file,
                )
            )
            out.files.append((asset(mid, "csv"), None, self.csv(metric)))
        if self.roi:
            out.pages.append((self.impact(desc_of.get("impact/contributions.svg")), True, edit_dir + "investments.yml"))
            out.files.append(("impact/contributions.csv", None, self.roi_csv()))
        return out

    def _draw(self, out: Output, draw: bool) -> dict[str, str]:
        """The charts drawn into the cache (``draw``), their files added to ``out``; each chart
        file's description, by its address. The specs hold every figure of every chart: they
        are let go here, before the pages are made, rather than held beside them."""
        specs = self.chart_specs()
        if draw:
            paths, out.drawn = charts.ensure([spec for spec, _ in specs], self.cache_dir, self.workers)
            for (_, dests), files in zip(specs, paths):
                out.files += [(dest, files[kind], None) for kind, dest in sorted(dests.items())]
            out.charts = sum(len(files) for files in paths)
        return {dest: spec["desc"] for spec, dests in specs for dest in dests.values()}

    def warnings(self) -> list[str]:
        count = len(self.figures.headline())
        if count > self.headline_limit:
            return [
                f"data/metrics: {count} metrics are marked 'headline: true' but the scorecard limit is "
                f"{self.headline_limit}. When you measure everything, you measure nothing: keep the fewest, "
                f"most critical metrics as headlines (or raise 'headline_limit' in site_config.yml)"
            ]
        return []

    # -- views ------------------------------------------------------------------
    def view(self, metric: Metric, link: Linker) -> dict:
        f, fm = self.figures.figures(metric.id), self.fm
        spec = metric.spec
        owner = self.project.partners.get(spec.owner) if spec.owner else None
        return dict(
            id=metric.id,
            metric=metric,
            f=f,
            title=spec.title,
            value=f.text(fm),
            unit=self.figures.unit_word(metric, f.value),
            period=fm.period(f.period),
            previous=self.change(f.previous, metric) or missing(metric, f.period.shift(-1), fm),
            year_ago=self.change(f.year_ago, metric) or missing(metric, f.period.shift(-f.period.per_year), fm),
            since_baseline=self.change(f.since_baseline, metric),
            target=f.text(fm, metric.target.value) if metric.target else None,
            target_period=fm.period(metric.target.period) if metric.target else None,
            progress=fm.percent(f.progress) if f.progress is not None else None,
            expected=f.text(fm, f.expected) if f.expected is not None else None,
            status=f.status,
            status_label=f.status_label(fm),
            stale=f.stale,
            due=fm.period(f.due),
            question=fm.words.gettext(QUESTIONS[spec.question]),
            owner=owner,
            owner_href=link.page(f"partners/{owner.id}.md") if owner else None,
            href=link.page(metric_src_uri(metric.id)),
            spark=Markup(
                sparkline(
                    metric,
                    fm.words.gettext(
                        "Trend of %(title)s: %(description)s",
                        title=spec.title,
                        description=chartspecs.describe(metric, fm),
                    ),
                    fm,
                )
            ),
        )

    def change(self, change: Change | None, metric: Metric) -> dict | None:
        if change is None:
            return None
        arrow = {"up": "▲", "down": "▼", "flat": "▶"}[change.direction]
        key = "flat" if change.better is None else ("better" if change.better else "worse")
        verdict = {"flat": N_("no change"), "better": N_("better"), "worse": N_("worse")}[key]
        return dict(arrow=arrow, words=change.words(metric, self.fm), verdict=self.fm.words.gettext(verdict), key=key)

    def scorecard(self) -> GeneratedPage:
        page = kept.output("scorecard", SCORECARD, lambda: (self._every,), self._scorecard, PAGE)
        return replace(page, meta=dict(page.meta))  # a kept page's meta is not to be changed

    def _scorecard(self) -> GeneratedPage:
        link = Linker(SCORECARD, self.urls)
        tiles = [self.view(m, link) for m in self.figures.headline()]
        metrics = list(self.figures.metrics.values())
        health = dict(
            stale=[self.view(m, link) for m in metrics if self.figures.figures(m.id).stale],
            no_target=[self.view(m, link) for m in metrics if m.target is None],
            no_owner=[self.view(m, link) for m in metrics if not m.spec.owner],
        )
        body = render(
            "metrics_scorecard.html",
            self.fm.words,
            tiles=tiles,
            health=health,
            warnings=self.warnings(),
            limit=self.headline_limit,
            index=link.page(METRICS_INDEX),
            settings=self.figures.settings,
        )
        return GeneratedPage(
            SCORECARD,
            self.fm.words.gettext("Scorecard"),
            body,
            {
                "description": self.fm.words.gettext(
                    "%(name)s: the few numbers we watch together.", name=self.project.identity.name
                )
            },
        )

    def index(self) -> GeneratedPage:
        page = kept.output("metrics index", METRICS_INDEX, lambda: (self._every,), self._index, PAGE)
        return replace(page, meta=dict(page.meta))

    def _index(self) -> GeneratedPage:
        link = Linker(METRICS_INDEX, self.urls)
        groups = []
        for key, question in QUESTIONS.items():
            members = [self.view(m, link) for m in self.figures.metrics.values() if m.spec.question == key]
            if members:
                groups.append(dict(key=key, question=self.fm.words.gettext(question), metrics=members))
        body = render("metrics_index.html", self.fm.words, groups=groups, scorecard=link.page(SCORECARD))
        return GeneratedPage(
            METRICS_INDEX,
            self.fm.words.gettext("Metrics"),
            body,
            {"description": self.fm.words.gettext("%(name)s: every metric we track.", name=self.project.identity.name)},
        )

    def rows(self, metric: Metric, f: Figures) -> list[dict]:
        """Every period from the first figure to the latest (gaps shown), with its change."""
        notes = {p.period: p.note for p in metric.series}
        first = min([metric.baseline.period] + [p.period for p in metric.series])
        # recorded gaps after the latest figure are rows too: the table shows why they are empty
        last = max(
            [f.period]
            + [p.period for p in metric.series if p.value is None and p.period.granularity == f.period.granularity]
        )
        rows = []
        for ordinal in range(first.ordinal, last.ordinal + 1):
            period = from_ordinal(ordinal, metric.granularity)
            value = metric.value_at(period)
            before = metric.value_at(period.shift(-1))
            change = change_missing = None
            if value is not None and metric.gap_at(period.shift(-1)):
                change_missing = "no figure for the previous period"  # never a change on an older figure
            elif value is not None and before is not None:
                change = signed_difference(value - before, metric, self.fm)
            expected = expected_at(metric, period) if metric.target and period >= metric.baseline.period else None
            rows.append(
                dict(
                    period=self.fm.period(period),
                    value=f.text(self.fm, value) if value is not None else None,
                    change=change,
                    change_missing=change_missing,
                    expected=f.text(self.fm, expected) if expected is not None else "",
                    note=("Baseline" if period == metric.baseline.period else "") + (notes.get(period) or ""),
                )
            )
        return rows

    def metric_page(
        self, metric: Metric, sections: Sequence[str] = (), partners_desc: str | None = None
    ) -> GeneratedPage:
        """A metric's page; ``partners_desc`` describes its partner-by-partner chart, when it has one.
        A rebuild (`mkdocs serve`) makes again only the pages whose inputs changed (kept.output):
        the metric's figures (the metric itself and the build date's verdicts), the partners,
        the identity, the site's units, language and URL style, the tolerance, its sections."""
        sections = tuple(sections)

        def inputs() -> tuple:
            return (self._of(metric), sections, partners_desc)

        page = kept.output(
            "metric page", metric.id, inputs, lambda: self._metric_page(metric, sections, partners_desc), PAGE
        )
        return replace(page, meta=dict(page.meta))

    def _metric_page(self, metric: Metric, sections: Sequence[str], partners_desc: str | None) -> GeneratedPage:
        uri = metric_src_uri(metric.id)
        link = Linker(uri, self.urls)
        v = self.view(metric, link)
        f = v["f"]
        breakdown = None
        if metric.breakdown:
            partners = sorted(metric.breakdown, key=lambda pid: self.names[pid].lower())
            columns = [{p.period.ordinal: p for p in metric.breakdown[pid]} for pid in partners]
            ordinals = sorted(set().union(*columns))
            breakdown = dict(
                partners=[dict(name=self.names[pid], href=link.page(f"partners/{pid}.md")) for pid in partners],
                rows=[
                    dict(
                        period=self.fm.period(from_ordinal(o, metric.granularity)),
                        values=[cell(f, column.get(o), self.fm) for column in columns],
                    )
                    for o in ordinals
                ],
                chart=link.file(asset(metric.id, "partners")) if partners_desc else None,
                desc=partners_desc,
            )
        extra = [Markup(html) for html in sections if html]
        body = render(
            "metrics_metric.html",
            self.fm.words,
            v=v,
            rows=self.rows(metric, f),
            breakdown=breakdown,
            story=markdown_html(metric.spec.story),
            desc=chartspecs.describe(metric, self.fm),
            svg=link.file(asset(metric.id, "svg")),
            png=link.file(asset(metric.id, "png")),
            csv=link.file(asset(metric.id, "csv")),
            tags=metric.spec.tags,
            source=metric.spec.source,
            sections=extra,
            index=link.page(METRICS_INDEX),
            tolerance=self.fm.percent(
                metric.spec.tolerance if metric.spec.tolerance is not None else self.figures.settings.tolerance
            ),
            baseline=dict(period=self.fm.period(metric.baseline.period), value=f.text(self.fm, metric.baseline.value)),
        )
        return GeneratedPage(uri, metric.title, body, {"description": chartspecs.describe(metric, self.fm)})

    def csv(self, metric: Metric) -> str:
        """The metric's series as a download: figures as numbers, notes as text a spreadsheet
        never reads as a formula (render.csvfile). Made again only when the metric changed."""
        return kept.output("metric csv", metric.id, lambda: (self._of(metric),), lambda: self._csv(metric), kept.TEXT)

    def _csv(self, metric: Metric) -> str:
        headers, columns = self._breakdown_columns(metric)
        baseline = metric.baseline.period.ordinal
        every = sorted({baseline, *(p.period.ordinal for p in metric.series)}.union(*columns))
        rows = [["period", "value", "note", "target_path", *headers]]
        notes = {p.period.ordinal: p.note or "" for p in metric.series}
        for ordinal in every:
            period = from_ordinal(ordinal, metric.granularity)
            value = metric.value_at(period)
            expected = expected_at(metric, period) if metric.target and ordinal >= baseline else None
            rows.append(
                [
                    period.text,
                    "" if value is None else raw(value),
                    "baseline" if ordinal == baseline else notes.get(ordinal, ""),
                    "" if expected is None else raw(round(expected, 6)),
                    *(column.get(ordinal, "") for column in columns),
                ]
            )
        if metric.target:
            rows.append([metric.target.period.text, "", "target", raw(metric.target.value), *([""] * len(headers))])
        return csv_text(rows)

    @staticmethod
    def _breakdown_columns(metric: Metric) -> tuple[list[str], list[dict[int, str]]]:
        """One column per partner, keyed by period ordinal (hashing Period dataclasses was most of
        the CSV's cost), and beside it a '<partner> note' column when that partner has a gap:
        the reason travels with the empty cell."""
        headers, columns = [], []
        for pid in sorted(metric.breakdown):
            points = metric.breakdown[pid]
            headers.append(pid)
            columns.append({p.period.ordinal: "" if p.value is None else raw(p.value) for p in points})
            if any(p.value is None for p in points):
                headers.append(f"{pid} note")
                columns.append({p.period.ordinal: p.note or "" for p in points if p.value is None})
        return headers, columns

    # -- ROI ----------------------------------------------------------------------
    def roi_rows(self, link: Linker) -> list[dict]:
        r, fm = self.roi, self.fm
        money = lambda v: fm.money(v, r.currency)  # noqa: E731
        return [
            dict(
                name=self.names[p.partner_id],
                href=link.page(f"partners/{p.partner_id}.md"),
                sector=self.project.sectors[self.project.partners[p.partner_id].sector].label,
                money=money(p.money),
                hours=fm.number(p.staff_hours + p.volunteer_hours),
                hours_value=money(p.hours_value),
                in_kind=money(p.in_kind),
                total=money(p.total),
                share=fm.percent(p.share, 1),
                attributed=money(p.attributed_value),
                roi=fm.ratio(p.roi) if p.roi is not None else "–",
                leverage=fm.number(p.leverage, 1) if p.leverage else "–",
            )
            for p in r.partners.values()
        ]

    def impact(self, chart_desc: str | None = None) -> GeneratedPage:
        """The ROI page; ``chart_desc`` describes its contributions chart (none without contributions)."""
        link = Linker(IMPACT, self.urls)
        r, fm = self.roi, self.fm
        money = lambda v: fm.money(v, r.currency)  # noqa: E731
        spec = self.figures.investments.spec
        outcomes = [
            self.outcome_view(o, link, money)
            for o in sorted(r.outcomes, key=lambda o: (-o.value, o.metric.title.casefold()))
        ]
        rank = {pid: i for i, pid in enumerate(r.partners)}  # the partner table's order
        contributions = [
            dict(
                name=self.names[c.partner],
                period=fm.period(periods.parse(c.period)),
                money=money(c.money),
                staff=fm.number(c.staff_hours),
                volunteer=fm.number(c.volunteer_hours),
                rate=money(c.hourly_value if c.hourly_value is not None else spec.hourly_value),
                in_kind=money(c.in_kind),
                note=c.note or "",
                counted=r.window.holds(periods.parse(c.period)),
            )
            for c in sorted(
                spec.contributions,
                key=lambda c: (
                    rank.get(c.partner, len(rank)),
                    self.names[c.partner].casefold(),
                    months(periods.parse(c.period)),
                ),
            )
        ]
        outside = sorted({periods.parse(c.period) for c, _ in r.outside}, key=months)
        body = render(
            "metrics_impact.html",
            self.fm.words,
            r=r,
            money=money,
            collective=fm.ratio(r.collective) if r.collective is not None else "–",
            hours=fm.number(r.hours),
            partners=self.roi_rows(link),
            outcomes=outcomes,
            contributions=contributions,
            sectors=sector_rows(r, self.project.sectors, fm),
            hourly=money(spec.hourly_value),
            chart=link.file("impact/contributions.svg") if chart_desc else None,
            png=link.file("impact/contributions-1920x1080.png"),
            csv=link.file("impact/contributions.csv"),
            desc=chart_desc,
            window=r.window,
            window_label=r.window.label_in(fm),
            whole=fm.percent(1),  # the shares' total
            outside=dict(
                count=len(r.outside), total=money(r.outside_total), periods=", ".join(fm.period(p) for p in outside)
            ),
            unvalued=[o for o in outcomes if not o["valued"]],
        )
        return GeneratedPage(
            IMPACT,
            self.fm.words.gettext("Impact"),
            body,
            {
                "description": self.fm.words.gettext(
                    "%(name)s: what the partners put in, and what comes back.", name=self.project.identity.name
                ),
                # the page is its tables: their columns get the width the contents list would take
                "hide": ["toc"],
            },
        )

    def outcome_view(self, o: ValuedOutcome, link: Linker, money) -> dict:
        fm = self.fm
        f = self.figures.figures(o.metric.id)
        show = lambda v: f.text(fm, v)  # noqa: E731
        g = o.metric.granularity
        w = fm.words
        if not o.valued:
            how = w.gettext("Not valued")
        elif o.rule == "sum":
            start, end, num = fm.period(o.start.period), fm.period(o.end.period), fm.number(o.counted)
            how = sum_words(w, g, o.counted, num=num, start=start, end=end)
            if o.missing:
                how += " " + w.gettext("(%(num)s without a figure)", num=fm.number(len(o.missing)))
        elif o.rule == "growth":
            how = w.gettext(
                "Growth, %(start)s to %(end)s", start=fm.period(o.start.period), end=fm.period(o.end.period)
            )
        else:
            how = w.gettext("Latest, %(end)s", end=fm.period(o.end.period))
        return dict(
            title=o.metric.title,
            href=link.page(metric_src_uri(o.metric.id)),
            valued=o.valued,
            how=how,
            rule=rule_word(w, o.rule),
            units=show(o.units) if o.valued else "–",
            per_unit=money(o.valuation.value_per_unit),
            value=money(o.value) if o.valued else w.pgettext("value of an outcome", "not valued"),
            words=explain(o, show, fm),
            source=o.valuation.source,
            assumption=o.valuation.assumption,
        )

    def roi_csv(self) -> str:
        rows = [["partner", "period", "money", "hours", "hours_value", "in_kind", "total", "in_window"]]
        for p in self.roi.partners.values():
            for period, money, hours, hours_value, in_kind, total in p.periods:
                rows.append(
                    [p.partner_id, period, raw(money), raw(hours), raw(hours_value), raw(in_kind), raw(total), "yes"]
                )
        for c, total in self.roi.outside:  # listed, so the download adds up to the file, and marked
            rows.append(
                [
                    c.partner,
                    c.period,
                    raw(c.money),
                    raw(c.staff_hours + c.volunteer_hours),
                    raw(total - c.money - c.in_kind),
                    raw(c.in_kind),
                    raw(total),
                    "no",
                ]
            )
        return csv_text(rows)

    # -- partner pages ---------------------------------------------------------------
    def partner_section(self, project: Project, partner: Partner, link: Linker) -> str:
        """The metrics ``partner`` owns, its shares of breakdowns and its contributions."""
        return kept.output(
            "partner metrics",
            partner.id,
            partial(self._partner_inputs, partner.id, link),
            partial(self._partner_section, partner, link),
            kept.HTML,
        )

    def _partner_inputs(self, pid: str, link: Linker) -> tuple:
        """What a partner's section reads: the metrics it owns or has a share of, and its own
        part of the return on investment (a figure of another partner's metric leaves it be)."""
        shown = tuple(self._of(m) for m in self.figures.metrics.values() if m.spec.owner == pid or pid in m.breakdown)
        roi = self.roi
        own_roi = (
            (roi.currency, roi.window, roi.partners.get(pid), [(c, t) for c, t in roi.outside if c.partner == pid])
            if roi
            else None
        )
        return (self._shared, shown, own_roi, pid, link.url, link.directory_urls)

    def _partner_section(self, partner: Partner, link: Linker) -> str:
        fm = self.fm
        by_title = sorted(
            self.figures.metrics.values(), key=lambda m: (m.title.casefold(), m.id)
        )  # the order readers see
        owned = [self.view(m, link) for m in by_title if m.spec.owner == partner.id]
        shares = []
        for m in by_title:
            points = [p for p in m.breakdown.get(partner.id, ()) if p.value is not None]
            if points:
                last = points[-1]
                total = m.value_at(last.period)
                shares.append(
                    dict(
                        title=m.title,
                        href=link.page(metric_src_uri(m.id)),
                        value=self.figures.figures(m.id).text(fm, last.value),
                        period=fm.period(last.period),
                        share=fm.percent(last.value / total, 1) if total else None,
                    )
                )
        roi = self.roi.partners.get(partner.id) if self.roi else None
        contribution = None
        if roi:
            money = lambda v: fm.money(v, self.roi.currency)  # noqa: E731
            contribution = dict(
                rows=[
                    dict(
                        period=fm.period(periods.parse(p[0])),
                        money=money(p[1]),
                        hours=fm.number(p[2]),
                        hours_value=money(p[3]),
                        in_kind=money(p[4]),
                        total=money(p[5]),
                    )
                    for p in roi.periods
                ],
                window=self.roi.window.label_in(fm),
                outside=dict(
                    periods=", ".join(fm.period(periods.parse(q)) for q, _ in roi.outside),
                    total=money(sum(t for _, t in roi.outside)),
                )
                if roi.outside
                else None,
                total=money(roi.total),
                share=fm.percent(roi.share, 1),
                attributed=money(roi.attributed_value),
                roi=fm.ratio(roi.roi) if roi.roi is not None else "–",
                leverage=fm.number(roi.leverage, 1) if roi.leverage else "–",
                impact=link.page(IMPACT),
            )
        elif self.roi and (only := [(c.period, t) for c, t in self.roi.outside if c.partner == partner.id]):
            money = lambda v: fm.money(v, self.roi.currency)  # noqa: E731
            contribution = dict(
                rows=[],
                window=self.roi.window.label_in(fm),
                impact=link.page(IMPACT),
                outside=dict(
                    periods=", ".join(fm.period(periods.parse(q)) for q, _ in only),
                    total=money(sum(t for _, t in only)),
                ),
            )
        if not (owned or shares or contribution):
            return ""
        return Markup(
            render(
                "metrics_partner.html",
                self.fm.words,
                partner=partner,
                owned=owned,
                shares=shares,
                contribution=contribution,
            )
        )

    # -- live figures --------------------------------------------------------------
    def chart_embed(self, metric_id: str, link: Linker) -> str:
        metric = self.figures.metrics[metric_id]
        f = self.figures.figures(metric_id)
        html = render(
            "metrics_embed.html",
            self.fm.words,
            v=self.view(metric, link),
            rows=self.rows(metric, f),
            desc=chartspecs.describe(metric, self.fm),
            svg=link.file(asset(metric_id, "svg")),
            png=link.file(asset(metric_id, "png")),
        )
        return html.strip()


def sum_words(w, granularity: str, count: int, **values) -> str:
    """'Sum of 4 quarters, Q3 2025 to Q2 2026': one whole message per kind of period."""
    if granularity == "year":
        return w.ngettext(
            "Sum of %(num)s year, %(start)s to %(end)s", "Sum of %(num)s years, %(start)s to %(end)s", count, **values
        )
    if granularity == "month":
        return w.ngettext(
            "Sum of %(num)s month, %(start)s to %(end)s", "Sum of %(num)s months, %(start)s to %(end)s", count, **values
        )
    return w.ngettext(
        "Sum of %(num)s quarter, %(start)s to %(end)s", "Sum of %(num)s quarters, %(start)s to %(end)s", count, **values
    )


def rule_word(w, rule: str) -> str:
    """How an outcome's units are counted, as the impact page names the rule: 'sum', 'growth'
    or 'latest' (the words investments.yml takes), in the site's language."""
    if rule == "sum":
        return w.pgettext("the rule of an outcome", "sum")
    if rule == "growth":
        return w.pgettext("the rule of an outcome", "growth")
    return w.pgettext("the rule of an outcome", "latest")
