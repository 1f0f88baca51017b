"""Where each action stands on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..render.words import N_
from .model import Action
from .reviews import Review

STATES = {"overdue": N_("Overdue"), "open": N_("Open"), "done": N_("Done"), "dropped": N_("Dropped")}


@dataclass(frozen=True)
class TrackedAction:
    action: Action
    review: Review
    state: str  # a key of STATES


def state(action: Action, today: dt.date) -> str:
    """Open actions past their due date are overdue; the due day itself is not late."""
    if action.status == "open" and action.due < today:
        return "overdue"
    return action.status


def track(reviews: list[Review], today: dt.date) -> list[TrackedAction]:
    tracked = [TrackedAction(a, r, state(a, today)) for r in reviews for a in r.meta.actions]
    order = list(STATES)
    return sorted(tracked, key=lambda t: (order.index(t.state), t.action.due, t.action.id))


def counts(tracked: list[TrackedAction]) -> dict[str, int]:
    return {key: sum(1 for t in tracked if t.state == key) for key in STATES}
