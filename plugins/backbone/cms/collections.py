"""Decap's collections: one for each kind of file an editor changes.

Stories and reviews are folders of Markdown files with front matter; authors' pages are listed
one by one (the files the site trusts with raw HTML are left out: an editor in the browser must
not be able to publish script); metrics are a folder of YAML files; partners, governance, the
identity, investments and voices are one YAML file each. Each collection's fields come from the
model that validates its files (``widgets.model_fields``); what the types alone cannot say is
here: which entries a reference names, the labels of choices, pictures and the media folders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel

from ..governance import model as governance
from ..governance.model import Governance
from ..identity.model import Identity
from ..learning import model as learning
from ..learning.model import ReviewMeta, Voices
from ..metrics import model as metrics
from ..metrics.model import BreakdownPart, InvestmentsFile, MetricFile
from ..metrics.units import UnitsFile
from ..partners.model import Partner, Sector
from ..render.formats import formats_for
from ..stories.model import StoryMeta
from ..stories.pages import PRINCIPLES
from .choices import Choices, reference
from .labels import N_, Labels, hint_of, label_of
from .widgets import Walk, model_fields, shape_of

# Which kind of entry each reference names (checked against the same lists by the build).
REFERENCES = {
    "StoryMeta.partners": "partner",
    "StoryMeta.metrics": "claim",
    "ReviewMeta.participants": "partner",
    "ReviewMeta.metrics": "metric",
    "ReviewMeta.stories": "story",
    "Action.owner": "partner",
    "MetricFile.owner": "partner",
    "BreakdownPart.partner": "partner",
    "Body.parent": "body",
    "Body.chair": "partner",
    "Body.members": "partner",
    "DecisionNorm.body": "body",
    "Workstream.body": "body",
    "Responsibility.partner": "partner",
    "Responsibility.workstream": "workstream",
    "Contribution.partner": "partner",
    "Valuation.metric": "metric",
    "Quote.metrics": "metric",
    "Quote.stories": "story",
    "Quote.actions": "action",
    "Response.quote": "quote",
    "Response.action": "action",
    "Partner.sector": "sector",  # the partnership's own sectors, or the three defaults
    "MetricFile.unit": "unit",  # the built-in units and the partnership's own
}

CHOICE_LABELS = {
    "MetricFile.question": metrics.QUESTIONS,
    "MetricFile.polarity": {"higher": N_("Higher is better"), "lower": N_("Lower is better")},
    "Body.kind": governance.BODY_KINDS,
    "Responsibility.role": governance.ROLES,
    "ReviewMeta.kind": learning.KINDS,
    "Action.status": {"open": N_("Open"), "done": N_("Done"), "dropped": N_("Dropped")},
    "Quote.channel": learning.CHANNELS,
    "Survey.channel": learning.CHANNELS,
    "Quote.consent": {"yes": N_("Yes: it may be published"), "no": N_("No")},
}


@dataclass(frozen=True)
class Site:
    """What the configuration is made from: plain facts about one site (no MkDocs inside)."""

    docs: str = "content"  # the docs folder, from the project's folder
    data: str = "data"
    stories: str | None = "stories"  # the stories' folder inside docs; None: stories are off
    learning: str | None = "learning"
    pages: tuple[tuple[str, str], ...] = ()  # (path in docs, title) of the pages the editor may change
    metrics: bool = True
    language: str = "en"
    languages: tuple[str, ...] = ()  # more than one: translations are edited side by side
    choices: Choices = field(default_factory=Choices)


class Page(BaseModel):
    """The keys of an author's page the editor changes: MkDocs' and the theme's own, which
    page_meta.py checks (a description of the form, not a schema files are validated with)."""

    title: str | None = None
    description: str | None = None


def collections(site: Site, t: Labels) -> list[dict]:
    walk = _walk(site, t)
    out = []
    if site.stories:
        out.append(_stories(site, walk))
    if site.learning:
        out.append(_reviews(site, walk))
    if site.pages:
        out.append(_pages(site, walk))
    if site.metrics:
        out.append(_metrics(site, walk))
    files = site.choices.files
    for name, model, label in DATA_FILES:
        if name in files:
            out.append(_data_file(site, walk, name, model, label))
    return out


def _walk(site: Site, t: Labels) -> Walk:
    return Walk(
        t=t,
        number=formats_for(site.language).number,
        reference=reference(site.choices, t),
        references=REFERENCES,
        special={
            "StoryMeta.principle": _principle,
            "StoryImage.src": _image,
            "Partner.logo": _image,
            "Identity.logo": _image,
            "Identity.logo_reversed": _image,
            "Identity.mark": _image,
            "Identity.favicon": _image,
            "MetricFile.series_csv": _csv,
            "MetricFile.breakdown": _breakdown,
            "MetricFile.story": _markdown,
        },
        choice_labels={**CHOICE_LABELS, "Social.network": _networks()},
        languages=site.languages,
        language_name=_language_name,
    )


def _language_name(tag: str) -> str:
    """A language's box is named in that language, as the site's switcher names it: 'Español (es)'."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name() or tag
    except (ValueError, UnknownLocaleError):
        return tag
    return f"{name[:1].upper()}{name[1:]} ({tag})"


def _networks() -> dict[str, str]:
    from ..identity.model import NETWORK_NAMES

    return {**NETWORK_NAMES, "website": N_("Website")}


def _body(walk: Walk, owner: str) -> dict:
    out = {"name": "body", "label": walk.t(label_of(owner, "body")), "widget": "markdown", "sanitize_preview": True}
    if hint := hint_of(owner, "body"):
        out["hint"] = walk.t(hint)
    return out


def _stories(site: Site, walk: Walk) -> dict:
    return _markdown_folder(
        walk,
        ("stories", N_("Stories"), N_("Story")),
        N_("Short stories behind the figures, with a picture, a quote and key figures."),
        f"{site.docs}/{site.stories}",
        "{{slug}}",
        [_with_tags(f, site, walk) for f in model_fields(StoryMeta, walk)] + [_body(walk, "StoryMeta")],
    )


def _markdown_folder(walk: Walk, names: tuple, description: str, folder: str, slug: str, fields: list) -> dict:
    """A folder of Markdown files with front matter, each with its pictures in ``images/``
    beside it ('images/night-bus.png'), listed by title and sorted by date or title."""
    name, label, singular = names
    return {
        "name": name,
        "label": walk.t(label),
        "label_singular": walk.t(singular),
        "description": walk.t(description),
        "folder": folder,
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": slug,
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["date", "title"],
        "media_folder": "images",
        "public_folder": "images",
        "fields": fields,
    }


TAGS_SHOWN = 30
TAGS_IN_USE = N_("Tags in use: {tags}.")


def _with_tags(field: dict, site: Site, walk: Walk) -> dict:
    """Tags are free words (a new one starts a new feed), so the form is a list anyone can add to;
    its hint names the tags in use, most used first, so that stories share them."""
    tags = site.choices.tags
    if field["name"] != "tags" or not tags:
        return field
    shown = ", ".join(tags[:TAGS_SHOWN]) + (", …" if len(tags) > TAGS_SHOWN else "")
    return {**field, "hint": f"{field.get('hint', '')} {walk.t(TAGS_IN_USE, tags=shown)}".strip()}


def _reviews(site: Site, walk: Walk) -> dict:
    return _markdown_folder(
        walk,
        ("reviews", N_("Reviews"), N_("Review")),
        N_("What the partnership learns: after-action reviews, premortems and the rest."),
        f"{site.docs}/{site.learning}",
        "{{year}}-{{month}}-{{slug}}",
        [*model_fields(ReviewMeta, walk), _body(walk, "ReviewMeta")],
    )


def _pages(site: Site, walk: Walk) -> dict:
    fields = [*model_fields(Page, walk), _body(walk, "Page")]
    return {
        "name": "pages",
        "label": walk.t(N_("Pages")),
        "label_singular": walk.t(N_("Page")),
        "description": walk.t(N_("The site's own pages. Pages with special layouts are changed by the backbone team.")),
        "format": "frontmatter",
        "media_folder": f"/{site.docs}/images",
        "public_folder": "images",
        "files": [
            {"name": _file_name(path), "label": title or path, "file": f"{site.docs}/{path}", "fields": fields}
            for path, title in site.pages
        ],
    }


def _metrics(site: Site, walk: Walk) -> dict:
    return {
        "name": "metrics",
        "label": walk.t(N_("Metrics")),
        "label_singular": walk.t(N_("Metric")),
        "description": walk.t(N_("One file per metric: what it measures and its figures, period by period.")),
        "folder": f"{site.data}/metrics",
        "create": True,
        "extension": "yml",
        "format": "yml",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "media_folder": "",  # a CSV of figures lives beside its metric
        "public_folder": "",
        "fields": model_fields(MetricFile, walk),
    }


DATA_FILES = (
    ("partners", None, N_("Partners")),
    ("governance", Governance, N_("Governance")),
    ("identity", Identity, N_("Identity and brand")),
    ("investments", InvestmentsFile, N_("Investments")),
    ("units", UnitsFile, N_("Units")),
    ("voices", Voices, N_("What we heard")),
)


def _data_file(site: Site, walk: Walk, name: str, model, label: str) -> dict:
    if name == "partners":
        fields = [_sectors_list(walk), _partners_list(walk)]
    else:
        fields = model_fields(model, walk)
    media = {"identity": "brand", "partners": "partners"}.get(name)  # beside the file: 'brand/logo.svg'
    return {
        "name": name,
        "label": walk.t(label),
        "format": "yml",
        **({"media_folder": media, "public_folder": media} if media else {}),
        "editor": {"preview": False},  # a list of facts: the form is the clearest view of it
        "files": [{"name": name, "label": walk.t(label), "file": f"{site.data}/{name}.yml", "fields": fields}],
    }


def _sectors_list(walk: Walk) -> dict:
    return {
        "name": "sectors",
        "label": walk.t(label_of("PartnersFile", "sectors")),
        "hint": walk.t(hint_of("PartnersFile", "sectors")),
        "widget": "list",
        "summary": "{{fields.label}}",
        "collapsed": True,
        "required": False,
        "fields": model_fields(Sector, walk),
    }


def _partners_list(walk: Walk) -> dict:
    fields = model_fields(Partner, walk)
    return {
        "name": "partners",
        "label": walk.t(N_("Partners")),
        "label_singular": walk.t(N_("Partner")),
        "widget": "list",
        "summary": "{{fields.name}}",
        "collapsed": True,
        "fields": fields,
    }


def _file_name(path: str) -> str:
    """A page's path as the name Decap gives its file ('about.md' → 'about', 'team/index.md' → 'team-index')."""
    stem = path.rsplit(".", 1)[0]
    return "".join(ch if ch.isalnum() else "-" for ch in stem).strip("-") or "page"


# -- fields whose form the type alone does not say ---------------------------------------


def _principle(walk: Walk, out: dict) -> dict:
    options = [{"label": f"{n}. {walk.t(text)}", "value": n} for n, text in PRINCIPLES.items()]
    return {**out, "widget": "select", "options": options}


def _image(walk: Walk, out: dict) -> dict:
    """A picture, uploaded into its collection's media folder (the identity's into data/brand/,
    a partner's into data/partners/, a story's beside it) and written as the data files name it."""
    return {**out, "widget": "image", "choose_url": False}


def _csv(walk: Walk, out: dict) -> dict:
    return {**out, "widget": "file", "choose_url": False, "media_folder": "", "public_folder": ""}


def _markdown(walk: Walk, out: dict) -> dict:
    buttons = ["bold", "italic", "link", "bulleted-list", "numbered-list"]
    return {**out, "widget": "markdown", "buttons": buttons, "sanitize_preview": True}


def _breakdown(walk: Walk, out: dict) -> dict:
    fields = model_fields(BreakdownPart, walk)
    return {**out, "widget": "list", "summary": "{{fields.partner}}", "collapsed": True, "fields": fields}


__all__ = ["Site", "collections", "shape_of", "REFERENCES"]
