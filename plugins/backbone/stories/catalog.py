"""The published stories and their indexes: by tag, partner and metric, related, stale claims.

Built once per build; pages, cards, e-mails and feeds all read from here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from .. import kept
from .model import Story, split_claim
from .related import WEIGHTS, RelatedIndex

# each story's related stories, by rank, in the disk store of one-off builds (kept.store)
RANKS = kept.Codec(lambda ranks: ranks, lambda data: tuple(tuple(r) for r in data))


@dataclass(frozen=True)
class StaleClaim:
    story: Story
    claim: str  # "jobs-placed@2024-Q1"
    period: str
    latest: str  # the metric's newest period

    def __str__(self) -> str:
        return (
            f"{self.story.file}: '{self.claim}' cites {self.period}, but {self.latest} is now "
            f"available; check that the story still holds, or keep it as a dated claim"
        )


class Catalog:
    """The published stories, newest first, and lookups over them."""

    def __init__(self, stories: list[Story], *, include_drafts: bool = False):
        self.all = sorted(stories, key=lambda s: (s.meta.date, s.slug), reverse=True)
        self.stories = [s for s in self.all if include_drafts or not s.draft]
        self.by_slug = {s.slug: s for s in self.stories}
        self.by_tag: dict[str, list[Story]] = defaultdict(list)
        self.by_partner: dict[str, list[Story]] = defaultdict(list)
        self.by_metric: dict[str, list[Story]] = defaultdict(list)
        self._tops: dict[int, tuple[tuple[int, ...], ...]] = {}  # limit → each story's related, by rank
        for story in self.stories:  # each story once per tag, partner or metric, however often named
            for tag in dict.fromkeys(story.meta.tags):
                self.by_tag[tag].append(story)
            for pid in dict.fromkeys(story.meta.partners):
                self.by_partner[pid].append(story)
            for mid in dict.fromkeys(story.metric_ids):
                self.by_metric[mid].append(story)

    @property
    def published(self) -> list[Story]:
        """Stories for feeds: never a draft, even in a preview."""
        return [s for s in self.stories if not s.draft]

    def __iter__(self):
        return iter(self.stories)

    def __len__(self) -> int:
        return len(self.stories)

    def story_slugs(self) -> list[str]:
        """Slugs of published stories (other features check references against these)."""
        return sorted(self.by_slug)

    def unpublished(self, today: dt.date) -> dict[str, str]:
        """Why each story left out of the site is left out, by slug, for other features' messages."""
        return {
            s.slug: (
                f"is a draft ('draft: true' in {s.file}), so it is not on the site; publish it first"
                if s.meta.draft
                else f"is dated {s.date.isoformat()}, after the build date ({today.isoformat()}), so it is not "
                f"on the site yet ({s.file}); name it once it is published"
            )
            for s in self.all
            if s.slug not in self.by_slug
        }

    def tags(self) -> list[str]:
        return sorted(self.by_tag)

    def aliases(self) -> dict[str, Story]:
        return {alias: s for s in self.stories for alias in s.meta.aliases}

    def pages(self, per_page: int) -> list[list[Story]]:
        """The index split into pages (at least one, possibly empty)."""
        return [self.stories[i : i + per_page] for i in range(0, len(self.stories), per_page)] or [[]]

    def related(self, story: Story, limit: int = 3) -> list[Story]:
        """Stories sharing metrics (3 points each), partners (2) or tags (1); newest wins ties.
        Found from the index of who shares what, not by scoring every pair (``related.py``)."""
        if limit <= 0:
            return []
        return [self._by_rank[rank] for rank in self._every_related(limit)[self._rank[story.slug]]]

    def _every_related(self, limit: int) -> tuple[tuple[int, ...], ...]:
        """Each story's related stories (by rank), all found at once: a rebuild of `mkdocs
        serve` finds them again only when what they are found from changed (kept.output): the
        stories' order (date, slug), tags, partners and metrics; a story's text edited does not."""
        found = self._tops.get(limit)
        if found is None:
            found = self._tops[limit] = kept.output(
                "related stories",
                str(limit),
                lambda: (
                    limit,
                    [
                        (s.slug, s.date.toordinal(), tuple(s.meta.tags), tuple(s.meta.partners), tuple(s.metric_ids))
                        for s in self._by_rank
                    ],
                ),
                lambda: tuple(tuple(self._related.top(rank, limit)) for rank in range(len(self._by_rank))),
                RANKS,
            )
        return found

    @cached_property
    def _by_rank(self) -> list[Story]:
        """Stories in tie order: the newest first, then by slug."""
        return sorted(self.stories, key=lambda s: (_neg_date(s), s.slug))

    @cached_property
    def _rank(self) -> dict[str, int]:
        return {s.slug: rank for rank, s in enumerate(self._by_rank)}

    @cached_property
    def _related(self) -> RelatedIndex:
        """By rank, each story's ('m'|'p'|'t', id) keys and their points."""
        return RelatedIndex(
            [
                {
                    **{("t", tag): WEIGHTS["t"] for tag in s.meta.tags},
                    **{("p", pid): WEIGHTS["p"] for pid in s.meta.partners},
                    **{("m", mid): WEIGHTS["m"] for mid in s.metric_ids},
                }
                for s in self._by_rank
            ]
        )

    def months(self) -> dict[str, list[Story]]:
        """Stories per month 'YYYY-MM', newest month first (the newsletter digests)."""
        out: dict[str, list[Story]] = defaultdict(list)
        for story in self.stories:
            out[story.meta.date[:7]].append(story)
        return dict(sorted(out.items(), reverse=True))

    def stale_claims(self) -> list[StaleClaim]:
        """Claims of a period when the metric has a newer one (the story may be out of date)."""
        found = []
        for story in self.stories:
            for claim, figure in zip(story.meta.metrics, story.figures):
                _, period = split_claim(claim)
                if period is not None and figure.latest_period != period:
                    found.append(StaleClaim(story, claim, period, figure.latest_period))
        return sorted(found, key=lambda c: (c.story.file, c.claim))


def _neg_date(story: Story) -> int:
    return -story.date.toordinal()
