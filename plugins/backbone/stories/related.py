"""Related stories: the few that share the most metrics, partners and tags with a story.

A shared metric is worth 3 points, a partner 2, a tag 1; among equal points the newer story
(the lower rank) comes first. Scoring every story that shares a key with each story is
quadratic when many share one (a tag every story carries). Here each story's
search starts from what it shares most rarely and ends as soon as nothing else can place:

1. the pairs of its rarest keys are intersected: stories sharing two of them usually hold
   the top places at once;
2. once ``limit`` stories are placed, a story not met yet must reach the points of the
   last of them, so it must share every key of some group of the keys left
   (``_must_share``); those groups are intersected as sets, in C;
3. while that would cost more than walking on (early, when many groups could place), the
   shortest list left is walked, story by story, until the bar rises.

A list every story is on (a common tag) is never walked: a story's work follows the lists
of its rarer keys. Scoring a story met is three AND and bit counts on masks of its keys.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from itertools import combinations
from math import comb
from typing import Hashable, Iterable

WEIGHTS = {"m": 3, "p": 2, "t": 1}  # a shared metric, partner, tag
PROBED = 4  # the rarest keys of a story whose pairs are intersected first
GROUPS_MAX = 32  # groups worth intersecting at once; with more, a list is walked
INTERSECTED = 8  # stories a set intersection goes through in the time scoring one takes


class RelatedIndex:
    """Who shares what: for each key ('m'|'p'|'t', id), the ranks of the stories that have it."""

    def __init__(self, keys: list[dict[Hashable, int]]):
        self.keys = keys  # by rank: each story's keys and their points
        found: dict[Hashable, list[int]] = defaultdict(list)
        for rank, theirs in enumerate(keys):
            for key in theirs:
                found[key].append(rank)
        self.postings = dict(found)  # key → ranks, in order
        self.members = {key: frozenset(ranks) for key, ranks in self.postings.items()}
        bit = {key: 1 << i for i, key in enumerate(self.postings)}
        self.masks = [
            tuple(sum(bit[key] for key, points in theirs.items() if points == weight) for weight in (3, 2, 1))
            for theirs in keys
        ]

    def top(self, me: int, limit: int) -> list[int]:
        """The ranks of the ``limit`` stories related to the story ranked ``me``, best first."""
        search = _Search(self, me, limit)
        search.probe()
        search.run()
        return [rank for _, rank in search.best]


class _Search:
    def __init__(self, index: RelatedIndex, me: int, limit: int):
        self.index, self.limit = index, limit
        self.mine = index.keys[me]
        self.masks = index.masks[me]
        self.best: list[tuple[int, int]] = []  # (-points, rank), at most limit, in order
        self.seen = {me}

    def meet(self, rank: int) -> None:
        """Score the story ranked ``rank`` (once) and place it if it beats the last place."""
        if rank in self.seen:
            return
        self.seen.add(rank)
        three, two, one = self.index.masks[rank]
        mine3, mine2, mine1 = self.masks
        entry = (-(3 * (three & mine3).bit_count() + 2 * (two & mine2).bit_count() + (one & mine1).bit_count()), rank)
        if len(self.best) < self.limit:
            insort(self.best, entry)
        elif entry < self.best[-1]:
            insort(self.best, entry)
            self.best.pop()

    def probe(self) -> None:
        """Meet the stories that share two of this one's rarest keys."""
        postings, members = self.index.postings, self.index.members
        rarest = sorted(self.mine, key=lambda key: len(postings[key]))[:PROBED]
        for first, second in combinations(rarest, 2):
            for rank in members[first] & members[second]:
                self.meet(rank)

    def run(self) -> None:
        postings, mine = self.index.postings, self.mine
        pending = sorted(mine, key=lambda key: len(postings[key]))  # keys whose lists are not all met
        rest = sum(mine.values())  # their points: the most a story not met yet can have
        walked = 0  # stories met in the first pending list
        while pending:
            full = len(self.best) == self.limit
            level, last = (-self.best[-1][0], self.best[-1][1]) if full else (0, -1)
            if rest < level:
                return
            ranks = postings[pending[0]]
            groups = _must_share(pending, mine, rest - level) if full else None
            before = last if rest == level else None  # only a tie is left: it places if it is newer
            if groups is not None and _cost(groups, postings, before) < len(ranks) - walked:
                for group in groups:
                    for rank in _shared_by(group, postings, self.index.members, before):
                        self.meet(rank)
                return
            while walked < len(ranks):
                self.meet(ranks[walked])
                walked += 1
                if len(self.best) == self.limit and (not full or -self.best[-1][0] > level):
                    break  # the bar rose: fewer groups can place now
            else:
                rest -= mine[pending.pop(0)]
                walked = 0


def _must_share(pending: list, mine: dict, slack: int) -> list[list] | None:
    """The groups of keys of which a story must share one whole group to lose at most
    ``slack`` points of the pending keys: the pending keys less each largest set of keys
    worth at most ``slack``. None when there could be too many to go through."""
    light = [key for key in pending if mine[key] <= slack]
    most = min(len(light), slack // min((mine[key] for key in light), default=1))  # keys one set can hold
    if sum(comb(len(light), size) for size in range(most + 1)) > 2 * GROUPS_MAX:
        return None
    dropped: list[frozenset] = []

    def drop(start: int, chosen: frozenset, left: int) -> None:
        grown = False
        for i in range(start, len(light)):
            if mine[light[i]] <= left:
                grown = True
                drop(i + 1, chosen | {light[i]}, left - mine[light[i]])
        if not grown:
            dropped.append(chosen)

    drop(0, frozenset(), slack)
    largest = [d for d in dropped if not any(d < other for other in dropped)]
    return [[key for key in pending if key not in d] for d in largest]


def _cost(groups: list, postings: dict, before: int | None) -> float:
    """What ``_shared_by`` costs for every group, in stories scored."""
    if before is not None:
        return sum(bisect_left(min((postings[key] for key in group), key=len), before) for group in groups)
    return sum(min(len(postings[key]) for key in group) for group in groups) / INTERSECTED


def _shared_by(group: list, postings: dict, members: dict, before: int | None) -> Iterable[int]:
    """The ranks of the stories that have every key of ``group`` (and a rank below ``before``)."""
    first, *others = sorted(group, key=lambda key: len(postings[key]))
    if before is None:
        return members[first].intersection(*(members[key] for key in others))
    ranks = postings[first]
    return [r for r in ranks[: bisect_left(ranks, before)] if all(r in members[key] for key in others)]
