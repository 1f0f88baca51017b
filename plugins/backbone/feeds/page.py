"""The /feeds/ page: every feed with a copy button, and how to turn one into a newsletter."""

from __future__ import annotations

from ..render.html import GeneratedPage, render
from .model import Feed

FEEDS_PAGE = "feeds/index.md"
FORMATS = (("rss", "RSS 2.0"), ("atom", "Atom"), ("json", "JSON Feed"))


def feeds_page(groups: list[tuple[str, list[Feed]]], identity_name: str) -> GeneratedPage:
    """``groups``: (heading, feeds) in the order to show them."""
    views = [
        dict(
            heading=heading,
            feeds=[
                dict(
                    key=feed.key.replace("/", "-"),
                    title=feed.title,
                    count=len(feed.entries),
                    home=feed.home_url,
                    urls=[dict(ext=ext, label=label, url=feed.url(ext)) for ext, label in FORMATS],
                )
                for feed in feeds
            ],
        )
        for heading, feeds in groups
        if feeds
    ]
    body = render("feeds.html", groups=views, name=identity_name, main=views[0]["feeds"][0] if views else None)
    return GeneratedPage(FEEDS_PAGE, "Feeds", body, {"description": f"Follow {identity_name}'s stories in a feed reader or newsletter."})
