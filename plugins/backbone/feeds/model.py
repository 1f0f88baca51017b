"""What a feed and its entries carry, independent of where the entries come from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Image:
    url: str  # absolute
    length: int  # bytes, for the RSS enclosure
    type: str = "image/png"
    width: int = 1200
    height: int = 630
    alt: str = ""


@dataclass(frozen=True)
class Entry:
    id: str  # stable: survives rebuilds, title edits and slug changes
    url: str  # absolute permalink
    title: str
    summary: str
    content_html: str  # sanitised, every link and image absolute
    published: dt.datetime  # timezone-aware
    updated: dt.datetime
    author: str
    categories: tuple[str, ...] = ()
    image: Image | None = None


@dataclass(frozen=True)
class Feed:
    key: str  # "stories", "tags/employers", "partners/city-hall"
    title: str
    description: str
    home_url: str  # absolute URL of the page the feed follows
    base_url: str  # absolute URL of the site, ends with '/'
    language: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)
    icon: str | None = None  # absolute URL of the logo

    def url(self, ext: str) -> str:
        return f"{self.base_url}feeds/{self.key}.{ext}"

    @property
    def updated(self) -> dt.datetime:
        """The newest entry's date: never the build time, so rebuilds give the same bytes."""
        if self.entries:
            return max(e.updated for e in self.entries)
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def tag_uri(site_url: str, day: dt.date, specific: str) -> str:
    """A tag: URI (RFC 4151), stable as long as the site's domain stays."""
    host = urlsplit(site_url).hostname or "localhost"
    return f"tag:{host},{day.isoformat()}:{specific}"
