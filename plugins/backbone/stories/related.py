"""Related stories: the few near in time that share the most metrics, partners and tags.

A shared metric is worth 3 points, a partner 2, a tag 1; among equal points the newer story
(the lower rank) comes first. The candidates of a story are its neighbours in time on each
list it is on: the ``WINDOW`` stories just newer and just older than it among those sharing
that metric, partner or tag. So the work is a fixed number of candidates per key of a story,
linear in the stories whatever they share (scoring every story that shares a key was
quadratic when many share one), and what a reader is shown beside a
story is the closest in time of what is most alike. Where no list holds more than
``WINDOW + 1`` stories, the candidates are every story sharing a key, and the result is
the best of all of them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Hashable

WEIGHTS = {"m": 3, "p": 2, "t": 1}  # a shared metric, partner, tag
WINDOW = 16  # neighbours on each side of a story, on each of its lists


class RelatedIndex:
    """Who shares what: for each key ('m'|'p'|'t', id), the ranks of the stories that have it,
    in rank order, and where each story stands on each of its lists."""

    def __init__(self, keys: list[dict[Hashable, int]]):
        self.keys = keys  # by rank: each story's keys and their points
        postings: dict[Hashable, list[int]] = defaultdict(list)
        self.places: list[list[tuple[Hashable, int]]] = []  # by rank: (key, its place on that key's list)
        for rank, theirs in enumerate(keys):
            places = []
            for key in theirs:
                places.append((key, len(postings[key])))
                postings[key].append(rank)
            self.places.append(places)
        self.postings = dict(postings)

    def candidates(self, me: int) -> set[int]:
        """The ranks of the stories near ``me`` in time on each of its lists."""
        found: set[int] = set()
        for key, place in self.places[me]:
            found.update(self.postings[key][max(0, place - WINDOW) : place + WINDOW + 1])
        found.discard(me)
        return found

    def points(self, me: int, other: int) -> int:
        mine, theirs = self.keys[me], self.keys[other]
        return sum(points for key, points in mine.items() if key in theirs)

    def top(self, me: int, limit: int) -> list[int]:
        """The ranks of the ``limit`` stories related to the story ranked ``me``, best first."""
        scored = sorted((-self.points(me, other), other) for other in self.candidates(me))
        return [rank for _, rank in scored[:limit]]
