"""data/voices.yml: what the people the partnership serves told it, published only with consent."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..checks import Checks
from ..problems import DataError, Problem
from ..schema import validate
from ..sources import Source, read_yaml
from .model import Quote, Voices


@dataclass
class PublishedVoices:
    """Only what may be shown: consented quotes, surveys and responses to them."""

    quotes: list[Quote]
    voices: Voices
    withheld: int  # quotes without consent: counted, never shown

    @property
    def responses(self):
        shown = {q.id for q in self.quotes}
        return [r for r in self.voices.you_said_we_did if r.quote in shown]


def read_voices(data_dir: Path, root: Path, problems: list[Problem]) -> tuple[Voices | None, Source | None]:
    path = data_dir / "voices.yml"
    if not os.path.lexists(path):  # anything else by that name is read, to say what is wrong with it
        return Voices(), None
    try:
        source = read_yaml(path, root)
    except DataError as exc:
        problems.extend(exc.problems)
        return None, None
    if not isinstance(source.data, dict):
        problems.append(
            Problem(source.rel, 1, "", "expected 'quotes:', 'surveys:' and 'you_said_we_did:' at the top of the file")
        )
        return None, source
    voices, found = validate(Voices, source)
    problems.extend(found)
    return voices, source


def check_voices(
    voices: Voices,
    source: Source,
    actions: list[str],
    metrics: Mapping[str, str] | None,  # id → title
    stories: Mapping[str, str] | None,  # slug → title
    problems: list[Problem],
    unpublished: Mapping[str, str] | None = None,
    draft_actions: Mapping[str, str] | None = None,
) -> None:
    """``draft_actions`` says why an action that exists is not on the site (its review is a draft)."""
    checks = Checks(source, problems)
    checks.unique(voices.quotes, "id", "quotes", "quote id")
    checks.unique(voices.surveys, "id", "surveys", "survey id")
    quotes = {q.id: q for q in voices.quotes}
    for i, quote in enumerate(voices.quotes):
        for field, refs, known, what, where, unavailable in (
            ("metrics", quote.metrics, metrics, "metric", "data/metrics/", None),
            ("stories", quote.stories, stories, "story", "content/stories/", unpublished),
            ("actions", quote.actions, actions, "action", "the reviews in content/learning/", draft_actions),
        ):
            for j, ref in enumerate(refs if known is not None else []):
                checks.known(("quotes", i, field, j), ref, known, what, where, unavailable)
    for i, pair in enumerate(voices.you_said_we_did):
        checks.known(
            ("you_said_we_did", i, "quote"), pair.quote, list(quotes), "quote", "data/voices.yml, under 'quotes:'"
        )
        checks.known(
            ("you_said_we_did", i, "action"),
            pair.action,
            actions,
            "action",
            "the reviews in content/learning/",
            draft_actions,
        )
        if pair.quote in quotes and quotes[pair.quote].consent != "yes":
            checks.add(
                ("you_said_we_did", i, "quote"),
                f"quote '{pair.quote}' has no consent to be published, so it cannot appear in 'you said, we did'; "
                "pair the action with a consented quote",
            )


def published_actions(reviews: list, serving: bool) -> tuple[list[str], dict[str, str]]:
    """(ids of the actions on the site, why each action of a draft review is not).

    A draft review is left out of a build (``mkdocs serve`` shows it), and so are its actions."""
    shown, drafts = [], {}
    for review in reviews:
        for action in review.meta.actions:
            if serving or not review.meta.draft:
                shown.append(action.id)
            else:
                drafts[action.id] = (
                    f"is in {review.rel}, a draft review, which is not published; "
                    "publish the review (remove 'draft: true') or name another action"
                )
    return shown, drafts


def published(voices: Voices) -> PublishedVoices:
    shown = [q for q in voices.quotes if q.consent == "yes"]
    return PublishedVoices(
        sorted(shown, key=lambda q: (q.date, q.id), reverse=True), voices, len(voices.quotes) - len(shown)
    )
