"""New review files with the sections their kind needs, ready to fill in."""

from __future__ import annotations

import datetime as dt
import json

from ..stories.scaffold import slugify
from .model import KINDS, SECTIONS

_PROMPTS = {
    "What we expected": "What did we plan, and what result did we expect?",
    "What happened": "What actually happened? Give the figures.",
    "Why": "Why was there a difference? Causes, not blame.",
    "What we sustain": "What worked and should be kept? (Shown first on /learning/.)",
    "What we change": "What will we do differently? Each change becomes an action above.",
    "The imagined failure": "It is a year from now and this has failed. What does failure look like?",
    "Causes": "What caused the failure?",
    "Mitigations": "What do we do now so it does not happen? Each one becomes an action above.",
    "Strengths": "When were we at our best? (Shown first on /learning/.)",
    "Conditions behind them": "What made those moments possible?",
    "How to repeat them": "How do we create those conditions again?",
    "Where we are": "Where do the figures stand against the targets?",
    "What is working": "What is working? (Shown first on /learning/.)",
    "What needs attention": "What needs attention, and who will act?",
}


def article(noun: str) -> str:
    """'an after-action review', 'a premortem'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def new_review(kind: str, title: str, today: dt.date, partner: str | None = None, words=None) -> tuple[str, str]:
    """(file name, text) of a draft review of ``kind``, its participants starting with
    ``partner``, its section headings in ``words``' language (the site's; else English);
    raises ValueError for an unknown kind.

    A draft passes `backbone check` as it is: its sections are checked once 'draft' goes."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of review '{kind}'; choose one of: {', '.join(KINDS)}")
    heading = words.gettext if words is not None else str
    sections = "\n\n".join(f"## {heading(name)}\n\n<!-- {_PROMPTS[name]} -->" for name in SECTIONS[kind])
    text = f"""---
# {article(KINDS[kind].lower()).capitalize()}. Every field is explained in Backbone's guide to the learning loop.
# It stays a draft (checked, not published) until you remove 'draft: true' below.
title: {json.dumps(title, ensure_ascii=False)}
kind: {kind}
date: "{today.isoformat()}"          # the day of the session
summary: ""                        # optional: one sentence for the list of reviews
participants: [{partner or ""}]{" " * max(1, 19 - len(partner or ""))}# partner ids from data/partners.yml
metrics: []                        # optional: metric ids this review looked at
stories: []                        # optional: story slugs it relates to
actions: []
# actions:
#   - id: {kind[:3]}-{today:%Y-%m}-1      # unique across all reviews
#     what: What will be done, in one sentence
#     owner: partner-id
#     due: "{today.replace(day=1) + dt.timedelta(days=92):%Y-%m-%d}"
#     status: open                 # open, done or dropped
draft: true                        # remove this line to publish the review
---

{sections}
"""
    return f"{today.isoformat()}-{slugify(title, 'review')}.md", text
