"""New review files with the sections their kind needs, ready to fill in."""

from __future__ import annotations

import datetime as dt
import json

from ..stories.scaffold import slugify
from .model import KINDS, N_, SECTIONS

_PROMPTS = {
    "What we expected": N_("What did we plan, and what result did we expect?"),
    "What happened": N_("What actually happened? Give the figures."),
    "Why": N_("Why was there a difference? Causes, not blame."),
    "What we sustain": N_("What worked and should be kept? (Shown first on /learning/.)"),
    "What we change": N_("What will we do differently? Each change becomes an action above."),
    "The imagined failure": N_("It is a year from now and this has failed. What does failure look like?"),
    "Causes": N_("What caused the failure?"),
    "Mitigations": N_("What do we do now so it does not happen? Each one becomes an action above."),
    "Strengths": N_("When were we at our best? (Shown first on /learning/.)"),
    "Conditions behind them": N_("What made those moments possible?"),
    "How to repeat them": N_("How do we create those conditions again?"),
    "Where we are": N_("Where do the figures stand against the targets?"),
    "What is working": N_("What is working? (Shown first on /learning/.)"),
    "What needs attention": N_("What needs attention, and who will act?"),
}


_COMMENTS = {  # the scaffold's front matter comments
    "draft": N_("It stays a draft (checked, not published) until you remove 'draft: true' below."),
    "date": N_("the day of the session"),
    "summary": N_("optional: one sentence for the list of reviews"),
    "participants": N_("partner ids from data/partners.yml"),
    "metrics": N_("optional: metric ids this review looked at"),
    "stories": N_("optional: story slugs it relates to"),
    "unique": N_("unique across all reviews"),
    "what": N_("What will be done, in one sentence"),
    "status": N_("open, done or dropped"),
    "publish": N_("remove this line to publish the review"),
}


def article(noun: str) -> str:
    """'an after-action review', 'a premortem'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def new_review(kind: str, title: str, today: dt.date, partner: str | None = None, words=None) -> tuple[str, str]:
    """(file name, text) of a draft review of ``kind``, its participants starting with
    ``partner``, in ``words``' language (the site's: its headings, prompts and comments; else
    English); raises ValueError for an unknown kind.

    A draft passes `backbone check` as it is: its sections are checked once 'draft' goes."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of review '{kind}'; choose one of: {', '.join(KINDS)}")
    say = words.gettext if words is not None else str
    sections = "\n\n".join(f"## {say(name)}\n\n<!-- {say(_PROMPTS[name])} -->" for name in SECTIONS[kind])
    guide = N_("Every field is explained in Backbone's guide to the learning loop.")
    # English's article ('An after-action review.'); other languages name the kind as their pages do
    what = article(KINDS[kind].lower()).capitalize() if say(guide) == guide else say(KINDS[kind])
    c = {key: say(comment) for key, comment in _COMMENTS.items()}
    text = f"""---
# {what}. {say(guide)}
# {c["draft"]}
title: {json.dumps(title, ensure_ascii=False)}
kind: {kind}
date: "{today.isoformat()}"          # {c["date"]}
summary: ""                        # {c["summary"]}
participants: [{partner or ""}]{" " * max(1, 19 - len(partner or ""))}# {c["participants"]}
metrics: []                        # {c["metrics"]}
stories: []                        # {c["stories"]}
actions: []
# actions:
#   - id: {kind[:3]}-{today:%Y-%m}-1      # {c["unique"]}
#     what: {c["what"]}
#     owner: partner-id
#     due: "{today.replace(day=1) + dt.timedelta(days=92):%Y-%m-%d}"
#     status: open                 # {c["status"]}
draft: true                        # {c["publish"]}
---

{sections}
"""
    return f"{today.isoformat()}-{slugify(title, 'review')}.md", text
