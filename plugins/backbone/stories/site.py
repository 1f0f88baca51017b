"""Putting the stories into a site (still no MkDocs): addresses, cards, e-mails.

The adapter calls these in order: ``place`` (addresses), ``draw_cards`` (PNG files
in the cache); each returns values by slug that the readers are handed, the stories
themselves stay as read. ``mailer`` is what every e-mail shows of the partnership (the
e-mails themselves are written by ``mailroom`` as the pages are rendered).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Iterable

from .. import images
from ..checks import IMAGE_SUFFIXES
from ..drawing import svg
from ..drawing.band import Brand
from ..drawing.fonts import FONTS_DIR, fonts_key, own_fonts
from ..identity import brand as brand_colours
from ..memo import content_digest
from ..project import Project
from ..references import local_path, references
from ..render.numbers import squeezable
from . import cards
from .catalog import Catalog
from .email import Mailer
from .model import Card, Cards, Placed, Story
from .pages import Layout


def place(stories: list[Story], layout: Layout, site_url: str) -> dict[str, Placed]:
    """Each story where the site puts it, by slug: absolute base, page path, image path."""
    base = site_url.rstrip("/") + "/"
    return {story.slug: Placed(story, base, layout.story_path(story.slug), _image_path(story)) for story in stories}


def _image_path(story: Story) -> str | None:
    if not story.meta.image:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(story.src_uri), story.meta.image.src))


def image_size(path: Path) -> tuple[int, int] | None:
    """The size of the story's picture as published (checked when the story was loaded); an
    SVG's from its viewBox: without width and height, the key figures and the text below
    jumped down as the picture arrived (layout shift)."""
    return svg.intrinsic_size(path) if path.suffix.lower() == ".svg" else images.display_size(path)


def _uses(text: str, page_uri: str) -> set[str]:
    """The docs-relative paths a page's text links to or shows."""
    return {path for ref in references(text) if (path := local_path(ref.target, page_uri))}


def _story_uses(story: Story) -> set[str]:
    image = _image_path(story)
    return _uses(story.body, story.src_uri) | ({image} if image else set())


def draft_pictures(stories: list[Story], other_pages: Iterable[tuple[str, str]]) -> set[str]:
    """The pictures (docs-relative) that only drafts show: they stay out of the site.

    ``other_pages`` gives (src_uri, Markdown) of every other page, read only when a draft
    shows a picture; a picture any published page links to or shows is kept.
    """
    wanted = set()
    for story in stories:
        if story.draft:
            wanted |= {p for p in _story_uses(story) if posixpath.splitext(p)[1].lower() in IMAGE_SUFFIXES}
    for story in stories:
        if wanted and not story.draft:
            wanted -= _story_uses(story)
    for src_uri, text in other_pages if wanted else ():
        wanted -= _uses(text, src_uri)
    return wanted


def card_brand(project: Project) -> Brand:
    ident = project.identity
    c = ident.colours
    logo = project.asset(ident.logo) if ident.logo else None
    own = own_fonts(project.data_dir / FONTS_DIR, project.root)
    return Brand(
        name=ident.name,
        primary=c.primary,
        accent=c.accent,
        text=c.text,
        background=c.background,
        primary_text=c.primary_text,
        muted=brand_colours.muted(ident),
        logo=str(logo) if logo else None,
        logo_digest=content_digest(logo) if logo else None,
        short_name=ident.short_name,
        fonts=tuple(str(path) for path in own),
        fonts_digest=fonts_key(own),
    )


def _specs(
    story: Story, brand: Brand, photo: Path | None = None, locale: str = "en"
) -> tuple[cards.CardSpec, cards.CardSpec]:
    h = story.headline
    figure = squeezable(h.value, h.unit, h.decimals, h.currency, locale) if h else None
    label, period = (h.title, h.period_label) if h else (None, None)
    shown = dict(photo=str(photo), photo_digest=content_digest(photo)) if photo else {}
    return (
        cards.CardSpec("social", story.title, figure, label, brand, **shown, figure_period=period),
        cards.CardSpec("slide", story.title, figure, label, brand, figure_period=period),
    )


def _alt(story: Story, brand: Brand, photo: bool = False) -> str:
    h = story.headline
    figure = f" {h.text}: {h.title}, {h.period_label}." if h else ""
    picture = f" {story.meta.image.alt.rstrip('.')}." if photo and story.meta.image else ""
    return f"{story.title}.{figure}{picture} {brand.name}."


def card_specs(
    catalog: Catalog, project: Project, brand: Brand, photos: dict[str, Path] | None = None
) -> list[tuple[Story, str, cards.CardSpec]]:
    """(story, file name, spec) of every story's two cards, the social card and the slide."""
    owners = []
    for story in catalog:
        social, slide = _specs(story, brand, (photos or {}).get(story.slug), project.identity.language)
        owners += [(story, "card.png", social), (story, "slide.png", slide)]
    return owners


def draw_cards(
    catalog: Catalog,
    project: Project,
    layout: Layout,
    cache_dir: Path,
    workers: int = 0,
    photos: dict[str, Path] | None = None,
) -> tuple[dict[str, Cards], dict[str, Path], int, list[cards.CardSpec]]:
    """Draw (or reuse) every story's cards; returns the cards by slug, {site path: cached
    file}, how many were drawn and the cards' specs. ``photos``: the file of each story's
    picture, by slug (its published copy), shown on the social card."""
    brand = card_brand(project)
    owners = card_specs(catalog, project, brand, photos)
    specs = [spec for _, _, spec in owners]
    paths, drawn = cards.ensure(specs, cache_dir, workers)
    drawn_cards: dict[str, dict[str, Card]] = {}
    out = {}
    for (story, name, spec), path in zip(owners, paths):
        site_path = layout.asset(story.slug, name)
        field = "card" if name == "card.png" else "slide"
        alt = _alt(story, brand, photo=spec.photo is not None)
        drawn_cards.setdefault(story.slug, {})[field] = Card(site_path, *spec.size, alt=alt)
        out[site_path] = path
    return {slug: Cards(**both) for slug, both in drawn_cards.items()}, out, drawn, specs


def mailer(project: Project, site_url: str) -> Mailer:
    ident = project.identity
    c = ident.colours
    return Mailer(
        name=ident.name,
        site_url=site_url.rstrip("/") + "/",
        boilerplate=ident.boilerplate.short,
        address=ident.contact.address,
        primary=c.primary,
        primary_text=c.primary_text,
        accent=c.accent,
        text=c.text,
        muted=brand_colours.muted(ident),
        language=ident.language,
        partner_names=tuple((pid, partner.name) for pid, partner in project.partners.items()),
    )
