"""The report's content as one plain ``ReportData`` value, from the objects the build has.

Every figure and date is written by the functions that write the site's (``Figures.text``, the
impact page's rows and outcome views, the site's ``Formats``), at the same metric and period, so
the PDF and the site never disagree. Nothing here draws, reads a template or writes a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..drawing.fonts import FONTS_DIR, own_fonts
from ..governance.model import BODY_KINDS
from ..learning.model import CHANNELS, KINDS
from ..learning.reviews import Review
from ..learning.tracker import STATES, track
from ..learning.voices import PublishedVoices
from ..metrics import chartspecs, periods
from ..metrics.citations import Resolver, substitute
from ..metrics.figures import Figures
from ..metrics.model import Metric
from ..metrics.pages import IMPACT, MetricsSite, sector_rows
from ..metrics.roi import Roi
from ..metrics.source import ProjectFigures
from ..metrics.window import Window
from ..project import Project
from ..render.formats import Formats, formats_for
from ..render.urls import Linker
from ..stories.catalog import Catalog
from ..stories.model import Story
from .blocks import blocks
from .letter import Letter
from .paper import paper_for
from .words import WORDS_EN

FEATURED_STORIES = 3  # when the letter names none: the newest of the window


@dataclass(frozen=True)
class Sources:
    """What the build already has, handed to ``assemble``; None where a feature is off."""

    project: Project
    figures: ProjectFigures | None = None
    roi: Roi | None = None
    catalog: Catalog | None = None
    reviews: list[Review] | None = None
    voices: PublishedVoices | None = None
    today: dt.date = dt.date(2000, 1, 1)
    site_url: str = ""
    docs_dir: Path | None = None
    tolerance: float = 0.05
    lag_days: int = 90
    formats: Formats = field(default_factory=lambda: formats_for("en"))  # the site's language
    # a picture file → the copy the report may show (the site's: upright, without metadata);
    # None when it cannot be shown
    picture: Callable[[Path], Path | None] = lambda path: path


@dataclass(frozen=True)
class ReportData:
    """The report as data: ``content`` is what the template reads (JSON), ``charts`` the chart
    specs it shows by file name, ``files`` the other files it shows (logo, pictures) by name."""

    year: int
    title: str
    lang: str
    content: dict
    charts: dict[str, dict] = field(default_factory=dict)
    files: dict[str, Path | bytes] = field(default_factory=dict)


def assemble(letter: Letter, src: Sources, logos: dict[str, tuple[str, bytes | Path]] | None = None) -> ReportData:
    """The report of ``letter``; ``logos`` gives the brand's logos, cleaned, by use ('logo' for
    light backgrounds, 'logo_reversed' for the primary colour): (file name, bytes or path)."""
    ident = src.project.identity
    lang = ident.language
    window = letter.window
    charts: dict[str, dict] = {}
    files: dict[str, Path | bytes] = {}
    style = chartspecs.style_of(ident, own_fonts(src.project.data_dir / FONTS_DIR, src.project.root))
    words = {key: src.formats.words.gettext(text) if text != "–" else text for key, text in WORDS_EN.items()}
    featured = _featured_metrics(letter, src)
    content = {
        "lang": lang,
        "year": letter.year,
        "title": letter.meta.title,
        "window": window.label_in(src.formats),
        "paper": letter.meta.paper or paper_for(lang),
        "bleed": letter.meta.bleed,
        "built": src.formats.date(src.today),
        "site_url": src.site_url,
        "page_url": (src.site_url.rstrip("/") + "/" + letter.pdf_path) if src.site_url else "",
        "words": words,
        "brand": {
            "name": ident.name,
            "short_name": ident.short_name,
            "tagline": ident.tagline,
            "purpose": ident.purpose,
            "colours": ident.colours.model_dump(),
            "muted": style["muted"],
            "accent_dark": style["accent_dark"],
            "logo": None,
            "logo_reversed": None,
            "contact": ident.contact.email or "",
            "address": ident.contact.address or "",
        },
        "letter": {
            "blocks": blocks(_cited(letter.body, src)),
            # the language of its words where it is not the report's (a letter not yet translated)
            "lang": letter.language.split("-")[0].lower() if letter.language else "",
            "signed": [{"name": s.name, "role": s.role or ""} for s in letter.meta.signed],
        },
        "scorecard": [_metric_item(m, window, src, style, charts) for m in featured],
        "roi": _roi(src, style, charts),
        "stories": [_story(s, src, files) for s in _featured_stories(letter, src)],
        "partners": _partners(src),
        "governance": _governance(src.project, src.formats),
        "learning": _learning(src, window),
        "voices": _voices(src, window),
        "notes": _notes(featured, window, src),
    }
    for use, (name, data) in (logos or {}).items():
        files[name] = data
        content["brand"][use] = name
    return ReportData(letter.year, letter.meta.title, lang, content, charts, files)


# -- choosing what is featured -----------------------------------------------------------


def _featured_metrics(letter: Letter, src: Sources) -> list[Metric]:
    if src.figures is None:
        return []
    if letter.meta.metrics:
        return [src.figures.metrics[mid] for mid in letter.meta.metrics if mid in src.figures.metrics]
    return src.figures.headline()


def _featured_stories(letter: Letter, src: Sources) -> list[Story]:
    if src.catalog is None:
        return []
    published = {s.slug: s for s in src.catalog.published}  # never a draft, even in a preview
    if letter.meta.stories:
        return [published[slug] for slug in letter.meta.stories if slug in published]
    window = letter.window
    inside = [s for s in src.catalog.published if window.holds(periods.containing(s.date, "month"))]
    return inside[:FEATURED_STORIES]


# -- sections -------------------------------------------------------------------------------


def latest_in(metric: Metric, window: Window) -> periods.Period | None:
    """The newest period inside ``window`` with a figure (the baseline counts)."""
    found = [p.period for p in metric.measured if window.holds(p.period)]
    if window.holds(metric.baseline.period):
        found.append(metric.baseline.period)
    return max(found, default=None)


def _metric_item(metric: Metric, window: Window, src: Sources, style: dict, charts: dict) -> dict:
    fm = src.formats
    spec = chartspecs.curve(metric, style, fm)  # the site's own chart: the same drawing, from the cache
    name = f"charts/{metric.id}.svg"
    charts[name] = spec
    period = latest_in(metric, window)
    owner = src.project.partners.get(metric.spec.owner) if metric.spec.owner else None
    item = {
        "id": metric.id,
        "title": metric.title,
        "description": metric.spec.description,
        "chart": name,
        "alt": spec["desc"],
        "owner": owner.label if owner else "",
        "target": None,
        "value": None,
        "period": None,
        "status": None,
        "status_key": None,
        "change": None,
        "progress": None,
    }
    if metric.target:
        f0 = src.figures.figures(metric.id)
        item["target"] = f"{f0.text(fm, metric.target.value)} ({fm.period(metric.target.period)})"
    if period is None:
        return item
    f: Figures = src.figures.figures(metric.id, period.text)
    change = f.previous.words(metric, fm) if f.previous else None
    gap = metric.gap_at(period.shift(-1))
    item.update(
        value=f.text(fm),
        period=fm.period(f.period),
        status=f.status_label(fm),
        status_key=f.status,
        change=change or (f"no figure for {fm.period(period.shift(-1))} ({gap.note})" if gap else None),
        progress=fm.percent(f.progress) if f.progress is not None else None,
    )
    return item


def _metrics_site(src: Sources) -> MetricsSite:
    """The site's metrics views, for the rows the impact page shows (nothing is drawn)."""
    return MetricsSite(src.project, src.figures, src.roi, cache_dir=Path("."), directory_urls=True)


def _roi(src: Sources, style: dict, charts: dict) -> dict | None:
    r = src.roi
    if r is None or src.figures is None:
        return None
    site = _metrics_site(src)
    link, fm = Linker(IMPACT, True), src.formats
    money = lambda v: fm.money(v, r.currency)  # noqa: E731
    outcomes = [
        site.outcome_view(o, link, money)
        for o in sorted(r.outcomes, key=lambda o: (-o.value, o.metric.title.casefold()))
    ]
    chart = None
    if r.partners:
        names = {pid: p.label for pid, p in src.project.partners.items()}
        spec = chartspecs.contributions(r, names, src.project, style, fm)
        charts["charts/contributions.svg"] = spec
        chart = {"file": "charts/contributions.svg", "alt": spec["desc"]}
    spec_file = src.figures.investments.spec
    return {
        "window": r.window.label_in(fm),
        "collective": fm.ratio(r.collective) if r.collective is not None else "–",
        "invested": money(r.invested),
        "value_created": money(r.value_created),
        "hours": fm.number(r.hours),
        "money": money(r.money),
        "hours_value": money(r.hours_value),
        "in_kind": money(r.in_kind),
        "hourly": money(spec_file.hourly_value),
        "outcomes": [
            {k: o[k] or "" for k in ("title", "how", "units", "per_unit", "value", "words", "source", "assumption")}
            for o in outcomes
        ],
        "sectors": sector_rows(r, src.project.sectors, fm, empty=False),
        "chart": chart,
    }


def _story(story: Story, src: Sources, files: dict) -> dict:
    picture = None
    if story.meta.image and src.docs_dir is not None:
        found = _picture(story, src.docs_dir)
        path = src.picture(found) if found is not None else None
        if path is not None:
            name = f"pictures/{story.slug}{path.suffix.lower()}"
            files[name] = path
            picture = {"file": name, "alt": story.meta.image.alt}
    quote = story.meta.quote
    return {
        "slug": story.slug,
        "title": story.title,
        "date": src.formats.date(story.date),
        "summary": story.summary,
        "author": story.author,
        "partners": [src.project.partners[p].label for p in story.partners if p in src.project.partners],
        "figures": [{"title": k.title, "value": k.text, "period": k.period_label} for k in story.figures],
        "picture": picture,
        "quote": {"text": quote.text, "name": quote.name, "role": quote.role or ""} if quote else None,
        "blocks": blocks(_cited(story.body, src)),
    }


def _picture(story: Story, docs_dir: Path) -> Path | None:
    """The story's picture in the docs folder (a picture from another site is never fetched)."""
    src = story.meta.image.src
    if "://" in src or src.startswith("//"):
        return None
    path = (docs_dir / Path(story.src_uri).parent / src).resolve()
    return path if path.is_file() and path.is_relative_to(docs_dir.resolve()) else None


def _partners(src: Sources) -> list[dict]:
    project, r = src.project, src.roi
    rows = {}
    if r is not None and src.figures is not None:
        rows = dict(zip(r.partners, _metrics_site(src).roi_rows(Linker(IMPACT, True))))
    sectors = []
    for key, sector in project.sectors.items():
        label = sector.label
        members = sorted((p for p in project.partners.values() if p.sector == key), key=lambda p: p.label.casefold())
        if not members:
            continue
        sectors.append(
            {
                "label": label,
                "partners": [
                    {
                        "name": p.name,
                        "role": p.role,
                        "contribution": rows[p.id]["total"] if p.id in rows else "",
                        "share": rows[p.id]["share"] if p.id in rows else "",
                    }
                    for p in members
                ],
            }
        )
    return sectors


def _governance(project: Project, fm: Formats) -> dict | None:
    g = project.governance
    if g is None:
        return None
    partner = lambda pid: project.partners[pid].label if pid in project.partners else pid  # noqa: E731
    bodies = {b.id: b.name for b in g.bodies}
    return {
        "bodies": [
            {
                "name": b.name,
                "kind": fm.words.gettext(BODY_KINDS[b.kind]),
                "purpose": b.purpose,
                "chair": partner(b.chair) if b.chair else "",
                "members": [partner(m) for m in b.members],
                "cadence": b.cadence,
            }
            for b in g.bodies
        ],
        "decisions": [
            {"decision": d.decision, "body": bodies.get(d.body, d.body), "rule": d.rule} for d in g.decisions
        ],
    }


def _learning(src: Sources, window: Window) -> dict | None:
    if src.reviews is None:
        return None
    fm, day = src.formats, src.formats.date
    reviews = [r for r in src.reviews if not r.meta.draft]
    partner = lambda pid: src.project.partners[pid].label if pid in src.project.partners else pid  # noqa: E731
    tracked = track(reviews, src.today)
    in_window = lambda day: day is not None and window.holds(periods.containing(day, "month"))  # noqa: E731
    done = [t for t in tracked if t.state == "done" and (in_window(t.action.done_on) or in_window(t.action.due))]
    still = [t for t in tracked if t.state in ("open", "overdue")]
    return {
        "reviews": [
            {"title": r.meta.title, "kind": fm.words.gettext(KINDS[r.meta.kind]), "date": day(r.meta.date)}
            for r in sorted(reviews, key=lambda r: r.meta.date)
            if in_window(r.meta.date)
        ],
        "done": [
            {
                "what": t.action.what,
                "owner": partner(t.action.owner),
                "date": day(t.action.done_on or t.action.due),
            }
            for t in done
        ],
        "open": [
            {
                "what": t.action.what,
                "owner": partner(t.action.owner),
                "date": day(t.action.due),
                "state": fm.words.gettext(STATES[t.state]),
            }
            for t in still
        ],
    }


def _voices(src: Sources, window: Window) -> dict | None:
    if src.voices is None:
        return None
    fm, day = src.formats, src.formats.date
    quotes = [q for q in src.voices.quotes if window.holds(periods.containing(q.date, "month"))]
    shown = {q.id for q in quotes}
    actions = {a.id: a.what for r in src.reviews or [] if not r.meta.draft for a in r.meta.actions}
    texts = {q.id: q.text for q in quotes}
    return {
        "quotes": [
            {"text": q.text, "who": q.who, "channel": fm.words.gettext(CHANNELS[q.channel]), "date": day(q.date)}
            for q in quotes
        ],
        "pairs": [
            {"said": texts[p.quote], "did": actions[p.action]}
            for p in src.voices.responses
            if p.quote in shown and p.action in actions
        ],
    }


def _notes(featured: list[Metric], window: Window, src: Sources) -> dict:
    gaps = [
        {"metric": m.title, "period": src.formats.period(p.period), "reason": p.note or ""}
        for m in featured
        for p in m.series
        if p.value is None and window.holds(p.period)
    ]
    sources = [{"what": m.title, "source": m.spec.source} for m in featured]
    if src.roi is not None:
        sources += [{"what": o.metric.title, "source": o.valuation.source} for o in src.roi.outcomes]
    return {
        "gaps": gaps,
        "sources": sources,
        "tolerance": src.formats.percent(src.tolerance),
        "lag_days": str(src.lag_days),
    }


def _cited(text: str, src: Sources) -> str:
    """Live figures of the Markdown written as the site writes them; a chart becomes a marker
    the blocks read (citations were checked with the page, so problems here are none)."""
    if "{{" not in text or src.figures is None:
        return text
    resolver = Resolver(src.figures, src.roi, lambda mid: f"\n\n\u2063chart:{mid}\u2063\n\n")
    return substitute(text, resolver, "")[0]
