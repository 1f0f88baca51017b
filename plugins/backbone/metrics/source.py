"""The ``FigureSource`` other features (stories, learning) use to cite metrics."""

from __future__ import annotations

from collections.abc import Iterable

from ..figures_api import KeyFigure
from ..project import Project
from ..render.formats import Formats, formats_for
from ..render.urls import page_url
from . import periods
from .figures import Figures, Settings, compute
from .model import Metric, MetricsData
from .units import word


def metric_src_uri(metric_id: str) -> str:
    return f"metrics/{metric_id}.md"


def metric_page(metric_id: str, directory_urls: bool = True) -> str:
    """Site path of a metric's page: 'metrics/jobs-placed/' (or 'metrics/jobs-placed.html')."""
    return page_url(metric_src_uri(metric_id), directory_urls)


class ProjectFigures:
    """Figures of every metric of a project, computed once and kept."""

    def __init__(
        self,
        project: Project,
        settings: Settings | None = None,
        directory_urls: bool = True,
        formats: Formats | None = None,
    ):
        self.directory_urls = directory_urls
        self.formats = formats or formats_for("en")  # how figures are written: the site's language
        data: MetricsData | None = project.extras.get("metrics")
        self.metrics: dict[str, Metric] = dict(sorted(data.metrics.items())) if data else {}
        self.investments = data.investments if data else None
        self.broken = data.broken if data else frozenset()
        self.roi_waits = bool(data and data.investments_failed)  # the return waits for a fix elsewhere
        self.units = data.units if data else {}  # the partnership's own units (data/units.yml)
        self.settings = settings or Settings()
        self._cache: dict[tuple[str, str | None], Figures] = {}
        # a thousand stories cite the same few figures: each made once a build
        self._key_figures: dict[tuple[str, str | None], KeyFigure] = {}
        self._periods: dict[str, tuple[str, ...]] = {}

    # -- FigureSource -------------------------------------------------------
    def metric_ids(self) -> list[str]:
        return list(self.metrics)

    def broken_ids(self) -> frozenset[str]:
        return self.broken

    def periods(self, metric_id: str) -> tuple[str, ...]:
        known = self._periods.get(metric_id)
        if known is None:
            metric = self.metrics[metric_id]
            found = {p.period.text: p.period for p in metric.measured}  # the periods with a figure
            found.setdefault(metric.baseline.period.text, metric.baseline.period)
            known = self._periods[metric_id] = tuple(p.text for p in sorted(found.values()))
        return known

    def neighbours(self, metric_id: str, period: periods.Period) -> list[str]:
        """The periods with figures nearest ``period`` in time: the one before and the one after."""
        metric = self.metrics[metric_id]
        known = [periods.parse(text) for text in self.periods(metric_id)]
        before = [p for p in known if p.ordinal < period.ordinal]
        after = [p for p in known if p.ordinal > period.ordinal]
        return [p.text for p in (before[-1:] + after[:1])] if period.granularity == metric.granularity else []

    def missing_period(self, metric_id: str, text: str) -> str | None:
        """Why the metric has no figure for the period ``text`` (a recorded gap's reason) and the
        nearest periods with figures, either side in time; None when ``text`` is no period of the
        metric's kind (the caller suggests a spelling instead)."""
        try:
            period = periods.parse(text)
        except ValueError:
            return None
        near = self.neighbours(metric_id, period)
        if not near:
            return None
        gap = self.metrics[metric_id].gap_at(period)
        missing = f"metric '{metric_id}' has no figure for {period.text}" + (f" ({gap.note})" if gap else "")
        if len(near) == 2:
            return f"{missing}; the nearest periods with figures are {near[0]} and {near[1]}"
        known = self.periods(metric_id)  # before the first figure or after the latest
        return (
            f"{missing}: its figures run from {known[0]} to {known[-1]}; the nearest period with a figure is {near[0]}"
        )

    def key_figure(self, metric_id: str, period: str | None = None) -> KeyFigure:
        found = self._key_figures.get((metric_id, period))
        if found is None:
            found = self._key_figures[metric_id, period] = self._key_figure(metric_id, period)
        return found

    def _key_figure(self, metric_id: str, period: str | None) -> KeyFigure:
        figures = self.figures(metric_id, period)
        latest = self.figures(metric_id)
        return KeyFigure(
            metric_id=metric_id,
            title=figures.metric.title,
            value=figures.value,
            text=figures.text(self.formats),
            period=figures.period.text,
            period_label=self.formats.period(figures.period),
            change_text=figures.previous.short(figures.metric, self.formats) if figures.previous else None,
            latest_period=latest.period.text,
            page=metric_page(metric_id, self.directory_urls),
            unit=figures.metric.spec.unit,
            decimals=figures.metric.spec.decimals,
            currency=figures.metric.spec.currency,
        )

    def unit_word(self, metric: Metric, value: float) -> str:
        """The word after ``value`` of ``metric``: '', 'people', 'tonne' (by the language's plural rule)."""
        return word(metric.spec.unit, value, metric.spec.decimals, self.formats, self.units)

    # -- for the metrics pages ----------------------------------------------
    def figures(self, metric_id: str, period: str | None = None) -> Figures:
        key = (metric_id, period)
        if key not in self._cache:
            metric = self.metrics[metric_id]
            self._cache[key] = compute(metric, self.settings, periods.parse(period) if period else None)
        return self._cache[key]

    def headline(self) -> list[Metric]:
        return headline(self.metrics.values())


def headline(metrics: Iterable[Metric]) -> list[Metric]:
    """Headline metrics in the partnership's order (then by title), as the scorecard shows them."""
    chosen = [m for m in metrics if m.spec.headline]
    return sorted(chosen, key=lambda m: (m.spec.order is None, m.spec.order or 0, m.title.lower()))
