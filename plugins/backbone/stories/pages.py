"""The HTML of the stories' pages and sections (no MkDocs): story page parts, the
paginated index, tag pages, partner and metric sections, alias redirects, the
stale-claims page and the newsletter listing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Mapping

from markupsafe import Markup

from .. import kept
from ..metrics import periods
from ..render.formats import Formats
from ..render.html import GeneratedPage, render
from ..render.urls import Linker, page_url
from ..render.words import N_
from . import share
from .catalog import Catalog, StaleClaim
from .model import NO_CARDS, Cards, Placed, Story, tag_label

# Where each story is and its cards, by slug, as the stories feature hands them on.
Places = Mapping[str, Placed]
CardsBySlug = Mapping[str, Cards]


PRINCIPLES = {
    1: N_("Clarity of purpose"),
    2: N_("Driving long-term momentum and growth"),
    3: N_("Strong partnership identity"),
    4: N_("Connected and aligned people and activities"),
    5: N_("Involving the target population"),
    6: N_("Clear measures of success connected to learning"),
}


@dataclass(frozen=True)
class Layout:
    """Where the stories' pages live in the site."""

    folder: str = "stories"
    directory_urls: bool = True

    def story_src(self, slug: str) -> str:
        return f"{self.folder}/{slug}.md"

    def story_path(self, slug: str) -> str:
        return page_url(self.story_src(slug), self.directory_urls)

    def asset(self, slug: str, name: str) -> str:
        return f"{self.folder}/{slug}/{name}"

    @property
    def index_src(self) -> str:
        return f"{self.folder}/index.md"

    def page_src(self, number: int) -> str:
        return self.index_src if number == 1 else f"{self.folder}/page/{number}.md"

    def tag_src(self, tag: str) -> str:
        return f"{self.folder}/tags/{tag}.md"

    @property
    def claims_src(self) -> str:
        return f"{self.folder}/claims.md"

    newsletter_src = "newsletter/index.md"

    @staticmethod
    def digest(month: str, name: str) -> str:
        return f"newsletter/{month}/{name}"


def _item(story: Story, link: Linker, places: Places, cards: CardsBySlug, fm: Formats) -> dict:
    card = cards.get(story.slug, NO_CARDS).card
    return dict(
        story=story,
        href=link.file(places[story.slug].page_path),
        card=link.file(card.path) if card else None,
        date=story.meta.date,
        date_label=fm.date(story.date),
    )


def _shown(stories: list[Story], places: Places, cards: CardsBySlug) -> tuple:
    """What a listing shows of each story (``_item``, _story_items.html): a listing is made
    again in a rebuild only when this, or the rest of what it shows, changed (kept.output),
    so a story's text saved does not render a thousand list items again."""
    return tuple(
        (s.slug, s.title, s.summary, s.draft, s.meta.date, places[s.slug].page_path, cards.get(s.slug, NO_CARDS).card)
        for s in stories
    )


def story_top(
    placed: Placed,
    link: Linker,
    layout: Layout,
    fm: Formats,
    *,
    image_size: tuple[int, int] | None,
    serve_note: str | None,
) -> str:
    story = placed.story
    figures = [dict(figure=f, href=link.file(f.page)) for f in story.figures]
    return render(
        "story_top.html",
        fm.words,
        story=story,
        draft_note=serve_note,
        index=link.page(layout.index_src),
        tags=[dict(name=tag_label(t), href=link.page(layout.tag_src(t))) for t in story.meta.tags],
        date_label=fm.date(story.date),
        updated_label=fm.date(story.updated) if story.updated else None,
        image=link.file(placed.image_path) if placed.image_path else None,
        image_size=image_size,
        figures=figures,
    )


def story_bottom(
    placed: Placed,
    link: Linker,
    layout: Layout,
    catalog: Catalog,
    fm: Formats,
    *,
    places: Places,
    cards: CardsBySlug,
    project,
    partner_logos: dict,
    related: int,
) -> str:
    story, own = placed.story, cards.get(placed.story.slug, NO_CARDS)
    ident = project.identity
    partners = [
        dict(
            partner=project.partners[pid],
            href=link.page(f"partners/{pid}.md"),
            logo=link.file(partner_logos[pid]) if pid in partner_logos else None,
        )
        for pid in story.meta.partners
    ]
    downloads = []
    if own.card:
        downloads.append(
            dict(
                label=fm.words.gettext("Social card"),
                size=f"{own.card.width}×{own.card.height} PNG",
                href=link.file(own.card.path),
                name=f"{story.slug}-card.png",
            )
        )
    if own.slide:
        downloads.append(
            dict(
                label=fm.words.gettext("Slide (fact card)"),
                size=f"{own.slide.width}×{own.slide.height} PNG",
                href=link.file(own.slide.path),
                name=f"{story.slug}-slide.png",
            )
        )
    email_href = link.file(layout.asset(story.slug, "email.html"))
    text_href = link.file(layout.asset(story.slug, "email.txt"))
    return render(
        "story_bottom.html",
        fm.words,
        story=story,
        url=placed.url,
        partners=partners,
        principle=(story.meta.principle, fm.words.gettext(PRINCIPLES[story.meta.principle]))
        if story.meta.principle
        else None,
        embed=share.embed_snippet(placed, own, ident.name, ident.colours.primary, fm),
        citation=share.citation(placed, ident.name, fm),
        shares=share.share_links(placed, ident.name, fm),
        downloads=downloads,
        email_href=email_href,
        text_href=text_href,
        related=[_item(s, link, places, cards, fm) for s in catalog.related(story, related)] if not story.draft else [],
        index=link.page(layout.index_src),
    )


def index_pages(
    catalog: Catalog,
    layout: Layout,
    per_page: int,
    site_name: str,
    places: Places,
    cards: CardsBySlug,
    fm: Formats,
) -> list[GeneratedPage]:
    chunks = catalog.pages(per_page)
    out = []
    for number, chunk in enumerate(chunks, start=1):
        src = layout.page_src(number)
        link = Linker(src, layout.directory_urls)
        pager = dict(
            number=number,
            count=len(chunks),
            prev=link.page(layout.page_src(number - 1)) if number > 1 else None,
            next=link.page(layout.page_src(number + 1)) if number < len(chunks) else None,
            pages=[dict(number=n, href=link.page(layout.page_src(n))) for n in range(1, len(chunks) + 1)],
        )
        body = kept.output(
            "stories index",
            src,
            partial(_index_inputs, catalog, layout, number, chunks, places, cards, fm),
            partial(_index_body, catalog, layout, link, pager, chunk, places, cards, fm),
            kept.TEXT,
        )
        w = fm.words
        title = (
            w.gettext("Stories")
            if number == 1
            else w.gettext("Stories, page %(page)s of %(pages)s", page=fm.number(number), pages=fm.number(len(chunks)))
        )
        description = w.gettext("%(name)s: stories of what we change, told by our partners.", name=site_name)
        out.append(GeneratedPage(src, title, body, {"description": description}))
    return out


def _index_inputs(catalog, layout, number, chunks, places, cards, fm) -> tuple:
    tags = tuple((t, len(catalog.by_tag[t])) for t in catalog.tags()) if number == 1 else ()
    return (layout, fm.tag, number, len(chunks), len(catalog), tags, _shown(chunks[number - 1], places, cards))


def _index_body(catalog, layout, link, pager, chunk, places, cards, fm) -> str:
    return render(
        "stories_index.html",
        fm.words,
        items=[_item(s, link, places, cards, fm) for s in chunk],
        total=len(catalog),
        pager=pager,
        tags=[
            dict(name=tag_label(t), count=fm.number(len(catalog.by_tag[t])), href=link.page(layout.tag_src(t)))
            for t in catalog.tags()
        ],
        newsletter=link.page(layout.newsletter_src),
    )


def tag_pages(catalog: Catalog, layout: Layout, places: Places, cards: CardsBySlug, fm: Formats) -> list[GeneratedPage]:
    out = []
    for tag in catalog.tags():
        src = layout.tag_src(tag)
        link = Linker(src, layout.directory_urls)
        label = tag_label(tag)
        stories = catalog.by_tag[tag]

        def make(link=link, label=label, stories=stories) -> str:
            return render(
                "stories_tag.html",
                fm.words,
                tag=label,
                total=fm.number(len(stories)),
                items=[_item(s, link, places, cards, fm) for s in stories],
                index=link.page(layout.index_src),
            )

        body = kept.output(
            "stories tag", src, lambda s=stories: (layout, fm.tag, _shown(s, places, cards)), make, kept.TEXT
        )
        title = fm.words.gettext("Stories tagged ‘%(tag)s’", tag=label)
        out.append(
            GeneratedPage(src, title, body, {"description": fm.words.gettext("Stories tagged %(tag)s.", tag=label)})
        )
    return out


def story_list_section(
    stories: list[Story],
    link: Linker,
    heading: str,
    anchor: str,
    places: Places,
    cards: CardsBySlug,
    fm: Formats,
) -> Markup | str:
    """A section for another feature's page (partner, metric): Markup, already escaped."""
    if not stories:
        return ""

    def make() -> str:
        items = [_item(s, link, places, cards, fm) for s in stories]
        return render("stories_section.html", fm.words, heading=heading, anchor=anchor, items=items)

    inputs = (heading, anchor, link.url, link.directory_urls, fm.tag)
    name = f"{link.url} {heading}"
    return Markup(
        kept.output("stories section", name, lambda: (*inputs, _shown(stories, places, cards)), make, kept.TEXT)
    )


def claims_page(claims: list[StaleClaim], layout: Layout, places: Places, fm: Formats) -> GeneratedPage:
    link = Linker(layout.claims_src, layout.directory_urls)
    rows = [
        dict(claim=c, href=link.file(places[c.story.slug].page_path), latest=periods.label_of(c.latest, fm))
        for c in claims
    ]
    body = render("stories_claims.html", fm.words, rows=rows)
    return GeneratedPage(
        layout.claims_src,
        fm.words.gettext("Stories to check"),
        body,
        {"description": fm.words.gettext("Stories that cite a period when a newer figure exists.")},
    )


def newsletter_page(
    catalog: Catalog, layout: Layout, site_name: str, places: Places, cards: CardsBySlug, fm: Formats
) -> GeneratedPage:
    link = Linker(layout.newsletter_src, layout.directory_urls)
    months = [
        dict(
            month=month,
            label=month_label(month, fm),
            count=len(stories),
            html=link.file(layout.digest(month, "email.html")),
            text=link.file(layout.digest(month, "email.txt")),
            stories=[_item(s, link, places, cards, fm) for s in stories],
        )
        for month, stories in catalog.months().items()
    ]
    body = render("newsletter_index.html", fm.words, months=months, site_name=site_name)
    return GeneratedPage(
        layout.newsletter_src,
        fm.words.gettext("Newsletter"),
        body,
        {"description": fm.words.gettext("%(name)s: our stories, one digest a month, ready to send.", name=site_name)},
    )


def month_label(month: str, fm: Formats) -> str:
    """'2025-07' → 'July 2025' ('juillet 2025'), as every period is written."""
    return periods.label_of(month, fm)


def redirect_html(target_url: str, title: str, fm: Formats) -> str:
    """A standalone page that sends an old link on to the story's current address."""
    return render("story_redirect.html", fm.words, url=target_url, title=title)
