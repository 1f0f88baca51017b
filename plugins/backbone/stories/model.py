"""The front matter of a story file, and the story as the rest of the site sees it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from ..fields import TAGS_MAX, Id, Name, Ref, Text, Title
from ..fields import Summary as Paragraph  # 600 characters; a story's summary is shorter
from ..figures_api import KeyFigure
from ..schema import Strict

SUMMARY_MAX = 200
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _day(value: object) -> str:
    text = str(value).strip()
    try:
        if not _DAY.match(text):
            raise ValueError
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: write it as YYYY-MM-DD, like '2025-03-18'") from None
    return text


def _summary(value: str) -> str:
    if len(value) > SUMMARY_MAX:
        raise ValueError(
            f"the summary is the share text and may have at most {SUMMARY_MAX} characters; "
            f"it has {len(value)}: shorten it by {len(value) - SUMMARY_MAX}"
        )
    return value


Day = Annotated[str, BeforeValidator(_day)]
Summary = Annotated[str, BeforeValidator(lambda v: v), AfterValidator(_summary)]
# 'metric-id' or 'metric-id@period': both parts are checked against the metrics
# (load.check_references), which can answer a title with the id it means.
Claim = Ref


class StoryImage(Strict):
    src: Text
    alt: Paragraph = Field(min_length=1)


class StoryQuote(Strict):
    text: Paragraph
    name: Name
    role: Name | None = None


class StoryMeta(Strict):
    """Front matter, exactly as documented in SPEC.md and the README."""

    title: Title = Field(min_length=1)
    date: Day
    summary: Summary
    slug: Id | None = None
    aliases: list[Id] = Field([], max_length=TAGS_MAX)
    partners: list[Ref] = []
    metrics: list[Claim] = []
    tags: list[Id] = Field([], max_length=TAGS_MAX)
    principle: int | None = Field(None, ge=1, le=6)
    image: StoryImage | None = None
    quote: StoryQuote | None = None
    author: Name
    draft: bool = False
    updated: Day | None = None


def split_claim(claim: str) -> tuple[str, str | None]:
    """'jobs-placed@2025-Q3' → ('jobs-placed', '2025-Q3'); 'jobs-placed' → ('jobs-placed', None)."""
    metric, _, period = claim.partition("@")
    return metric, period or None


@dataclass(frozen=True)
class Card:
    """A PNG drawn for a story: where it is published and its size."""

    path: str  # site path, e.g. "stories/night-bus/card.png"
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Cards:
    """The PNGs drawn for one story: none in `backbone check`, which draws nothing."""

    card: Card | None = None
    slide: Card | None = None


NO_CARDS = Cards()


@dataclass(frozen=True)
class Story:
    """One story as read from its file, validated, with its figures; where the site puts
    it is a ``Placed`` value, its cards a ``Cards`` value, handed on beside it."""

    meta: StoryMeta
    src_uri: str  # relative to the docs folder: "stories/night-bus-to-eastgate.md"
    file: str  # relative to the project root, for messages: "content/stories/..."
    slug: str
    body: str  # the Markdown body (without front matter)
    body_line: int  # the line the body starts on in the file
    figures: tuple[KeyFigure, ...] = ()  # one per cited metric, in order
    draft: bool = False  # a draft, or dated in the future (not published)
    words: int = 0

    # --- the fields feeds and e-mails read ---
    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def summary(self) -> str:
        return self.meta.summary

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.meta.date)

    @property
    def updated(self) -> dt.date | None:
        return dt.date.fromisoformat(self.meta.updated) if self.meta.updated else None

    @property
    def author(self) -> str:
        return self.meta.author

    @property
    def tags(self) -> list[str]:
        return list(self.meta.tags)

    @property
    def partners(self) -> list[str]:
        return list(self.meta.partners)

    @property
    def metric_ids(self) -> list[str]:
        return [split_claim(c)[0] for c in self.meta.metrics]

    @property
    def headline(self) -> KeyFigure | None:
        return self.figures[0] if self.figures else None

    @property
    def reading_minutes(self) -> int:
        return max(1, -(-self.words // 200))


@dataclass(frozen=True)
class Placed:
    """A story where the site puts it: its page, its picture and its absolute addresses."""

    story: Story
    site_url: str  # absolute base, ending with "/"
    page_path: str  # site path of the page: "stories/night-bus/"
    image_path: str | None = None  # site path of the story's picture

    @property
    def url(self) -> str:
        """The permalink: absolute URL of the story's page."""
        return self.site_url + self.page_path

    def absolute(self, site_path: str) -> str:
        return self.site_url + site_path


def tag_label(tag: str) -> str:
    """A tag as a reader sees it, on pages and in feeds alike: words, not an id
    ('youth-voice' → 'youth voice'); the id stays in addresses."""
    return tag.replace("-", " ")
