"""Which card each page shows when its link is shared (still no MkDocs).

The home page, the scorecard, each metric and each partner get a card of their own; every
other page (stories have theirs) shows the site's card. ``plan`` says what to draw and
where it goes; the adapter draws, publishes and hands each page its ``Picture``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..about.partners import partner_page_uri
from ..drawing.band import Brand
from ..memo import content_digest
from ..metrics.figures import describe
from ..metrics.pages import SCORECARD
from ..metrics.source import metric_src_uri
from ..project import Project
from ..render.numbers import Squeezable
from ..render.plaintext import isolated
from .cards import PreviewSpec, Tile

FOLDER = "assets/backbone/previews"
CHANNEL_IMAGE = f"{FOLDER}/logo.png"  # the feeds' <image>: RSS 2.0 takes GIF, JPEG or PNG, never SVG
SITE = None  # the src_uri of the site's card: the home page and every page without its own


@dataclass(frozen=True)
class Planned:
    src_uri: str | None  # the page that shows it; None: the site's card
    site_path: str  # where the PNG is published
    spec: PreviewSpec
    alt: str  # what the card shows, for og:image:alt


def plan(
    project: Project, brand: Brand, figures=None, charts: Mapping[str, Path] | None = None, partners: bool = True
) -> list[Planned]:
    """Every card of the site: the site's, the scorecard's and each metric's (when ``figures``,
    the metrics, are on; ``charts`` gives each metric's slide PNG) and each partner's."""
    ident = project.identity
    cards = [
        Planned(
            SITE,
            f"{FOLDER}/site.png",
            PreviewSpec("site", ident.tagline, ident.purpose, brand),
            f"{ident.name}: {ident.tagline}.",
        )
    ]
    if figures is not None and figures.metrics:
        cards.append(_scorecard(project, brand, figures))
        cards += [_metric(project, brand, figures, mid, (charts or {}).get(mid)) for mid in sorted(figures.metrics)]
    if partners:
        cards += [_partner(project, brand, pid) for pid in sorted(project.partners)]
    return cards


def _figure(figures, metric) -> str:
    """The latest figure in full with its unit's word, as the alt text says it: '1,204 people'."""
    f = figures.figures(metric.id)
    return f"{f.text(figures.formats)} {figures.unit_word(metric, f.value)}".strip()


def _drawn(project: Project, figures, metric) -> Squeezable:
    """The latest figure as the card draws it: in full, or compact where that does not fit."""
    spec, value = metric.spec, figures.figures(metric.id).value
    return figures.formats.squeezable(value, spec.unit, spec.decimals, spec.currency, figures.unit_word(metric, value))


def _scorecard(project: Project, brand: Brand, figures) -> Planned:
    name = project.identity.name
    tiles = []
    for metric in figures.headline()[:3]:
        f = figures.figures(metric.id)
        period = figures.formats.period(f.period)
        tiles.append(
            Tile(_drawn(project, figures, metric), metric.title, f"{period} · {f.status_label(figures.formats)}")
        )
    w = figures.formats.words
    spec = PreviewSpec(
        "scorecard",
        w.gettext("Scorecard"),
        w.gettext("The few numbers %(name)s watches together.", name=name),
        brand,
        tiles=tuple(tiles),
    )
    shown = "; ".join(f"{m.title}: {_figure(figures, m)} ({t.period})" for m, t in zip(figures.headline(), tiles))
    alt = (
        w.gettext("Scorecard of %(name)s: %(shown)s.", name=name, shown=shown)
        if shown
        else w.gettext("Scorecard of %(name)s.", name=name)
    )
    return Planned(SCORECARD, f"{FOLDER}/scorecard.png", spec, alt)


def _metric(project: Project, brand: Brand, figures, metric_id: str, chart: Path | None) -> Planned:
    metric, fm = figures.metrics[metric_id], figures.formats
    f = figures.figures(metric_id)
    spec = PreviewSpec(
        "metric",
        metric.title,
        f"{fm.period(f.period)}. {f.status_label(fm)}.",
        brand,
        figure=_drawn(project, figures, metric),
        picture=str(chart) if chart else None,
        picture_digest=content_digest(chart) if chart else None,
    )
    alt = fm.words.gettext(
        "%(title)s: %(figure)s in %(period)s, with its chart. %(description)s",
        title=metric.title,
        figure=_figure(figures, metric),
        period=fm.period(f.period),
        description=describe(metric, fm),
    )
    return Planned(metric_src_uri(metric_id), f"{FOLDER}/metrics/{metric_id}.png", spec, alt.rstrip(".") + ".")


def _partner(project: Project, brand: Brand, partner_id: str) -> Planned:
    partner = project.partners[partner_id]
    logo = project.asset(partner.logo) if partner.logo else None
    spec = PreviewSpec(
        "partner",
        partner.name,
        partner.role,
        brand,
        picture=str(logo) if logo else None,
        picture_digest=content_digest(logo) if logo else None,
    )
    alt = f"{isolated(project.identity.name)}, partner: {isolated(partner.name)}. {partner.role}"
    return Planned(partner_page_uri(partner_id), f"{FOLDER}/partners/{partner_id}.png", spec, alt.rstrip(".") + ".")
