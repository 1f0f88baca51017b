"""Reviews (content/learning/*.md) and voices (data/voices.yml)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from ..fields import Id, Name, Ref, Summary, Text, Title
from ..render.words import N_
from ..schema import Strict

KINDS = {
    "after-action-review": N_("After-action review"),
    "premortem": N_("Premortem"),
    "appreciative-inquiry": N_("Appreciative inquiry"),
    "progress-review": N_("Progress review"),
}

# The sections each kind of review must have, in order (## headings in the body). The author
# writes them in English in every language's file (the checks look them up so); readers see
# them in the page's language (reviews.reader_headings).
SECTIONS = {
    "after-action-review": [
        N_("What we expected"),
        N_("What happened"),
        N_("Why"),
        N_("What we sustain"),
        N_("What we change"),
    ],
    "premortem": [N_("The imagined failure"), N_("Causes"), N_("Mitigations")],
    "appreciative-inquiry": [N_("Strengths"), N_("Conditions behind them"), N_("How to repeat them")],
    "progress-review": [N_("Where we are"), N_("What is working"), N_("What needs attention")],
}

# Sections whose content is a strength to build on: shown first on /learning/.
STRENGTH_SECTIONS = {"Strengths", "What we sustain", "What is working"}

COUNT_MAX = 1_000_000_000  # answers to one survey: shares of a larger count overflow a float

CHANNELS = {
    "focus-group": N_("Focus group"),
    "survey": N_("Survey"),
    "co-design": N_("Co-design session"),
    "interview": N_("Interview"),
}


class Action(Strict):
    id: Id
    what: Summary
    owner: Ref
    due: dt.date
    status: Literal["open", "done", "dropped"]
    done_on: dt.date | None = None


class ReviewMeta(Strict):
    title: Title
    kind: Literal["after-action-review", "premortem", "appreciative-inquiry", "progress-review"]
    date: dt.date
    summary: Summary | None = None
    participants: list[Ref] = []  # at least one once the review is published (reviews.py)
    metrics: list[Text] = []
    stories: list[Text] = []
    actions: list[Action] = []
    draft: bool = False


def _consent(value: object) -> object:
    # 'yes'/'no' as written; true/false are accepted for people used to YAML booleans.
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value


Consent = Annotated[Literal["yes", "no"], BeforeValidator(_consent)]


class Quote(Strict):
    id: Id
    text: Text
    who: Name
    date: dt.date
    channel: Literal["focus-group", "survey", "co-design", "interview"]
    consent: Consent  # required: an unrecorded consent is never read as a yes
    metrics: list[Text] = []
    stories: list[Text] = []
    actions: list[Ref] = []


class SurveyOption(Strict):
    label: Title
    count: int = Field(ge=0, le=COUNT_MAX)


class Survey(Strict):
    id: Id
    question: Summary
    period: Name
    channel: Literal["focus-group", "survey", "co-design", "interview"] = "survey"
    respondents: int | None = Field(None, ge=0, le=COUNT_MAX)
    options: list[SurveyOption] = Field(min_length=2)


class Response(Strict):
    quote: Ref
    action: Ref
    summary: Summary


class Voices(Strict):
    quotes: list[Quote] = []
    surveys: list[Survey] = []
    you_said_we_did: list[Response] = []
