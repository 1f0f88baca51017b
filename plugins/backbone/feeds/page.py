"""The /feeds/ page: every feed with a copy button, and how to turn one into a newsletter."""

from __future__ import annotations

from ..render.formats import Formats
from ..render.html import GeneratedPage, render
from ..render.urls import Linker
from .sources import FeedSpec

FEEDS_PAGE = "feeds/index.md"
FORMATS = (("rss", "RSS 2.0"), ("atom", "Atom"), ("json", "JSON Feed"))


def feeds_page(
    specs: list[tuple[str, FeedSpec]],
    counts: dict[str, int],
    site_url: str,
    name: str,
    directory_urls: bool,
    fm: Formats,
) -> GeneratedPage:
    link = Linker(FEEDS_PAGE, directory_urls)
    groups: dict[str, list[dict]] = {}
    for heading, spec in specs:
        groups.setdefault(heading, []).append(
            dict(
                key=spec.key.replace("/", "-"),
                title=spec.title,
                count=counts.get(spec.key, 0),
                home=link.file(spec.home_path),
                urls=[dict(ext=ext, label=label, url=f"{site_url}feeds/{spec.key}.{ext}") for ext, label in FORMATS],
            )
        )
    views = [dict(heading=h, id=h.lower().replace(" ", "-"), feeds=f) for h, f in groups.items()]
    w = fm.words
    body = render("feeds.html", w, groups=views, main=views[0]["feeds"][0] if views else None)
    description = w.gettext("Follow the stories of %(name)s in a feed reader or a newsletter.", name=name)
    return GeneratedPage(FEEDS_PAGE, w.gettext("Feeds"), body, {"description": description})
