"""The learning pages: /learning/, /learning/actions/, /voices/, and the blocks of each review page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from ..drawing.fonts import card_font
from ..metrics import periods
from ..partners.model import Partner
from ..render.formats import Formats
from ..render.html import GeneratedPage, render
from ..render.markup import markdown_html
from ..render.urls import Linker
from ..textfit import ellipsize
from .model import CHANNELS, KINDS, SECTIONS, STRENGTH_SECTIONS, Survey
from .reviews import Review
from .tracker import STATES, TrackedAction, counts
from .voices import PublishedVoices

LEARNING_PAGE = "learning/index.md"
ACTIONS_PAGE = "learning/actions.md"
VOICES_PAGE = "voices/index.md"


def partner_uri(pid: str) -> str:
    return f"partners/{pid}.md"


def _review_view(review: Review, link: Linker, fm: Formats) -> dict:
    return dict(
        title=review.meta.title,
        url=link(review.src_uri),
        kind=fm.words.gettext(KINDS[review.meta.kind]),
        kind_key=review.meta.kind,
        date=fm.date(review.meta.date),
        iso=review.meta.date.isoformat(),
        summary=review.meta.summary,
        actions=len(review.meta.actions),
    )


def learning_index(
    reviews: list[Review], tracked: list[TrackedAction], directory_urls: bool, fm: Formats
) -> GeneratedPage:
    link = Linker(LEARNING_PAGE, directory_urls)
    newest = sorted(reviews, key=lambda r: (r.meta.date, r.src_uri), reverse=True)
    strengths = [
        dict(review=_review_view(r, link, fm), title=fm.words.gettext(title), html=markdown_html(r.sections[title]))
        for r in newest
        for title in SECTIONS[r.meta.kind]
        if title in STRENGTH_SECTIONS and title in r.sections  # a draft (in `mkdocs serve`) may lack one
    ]
    body = render(
        "learning_index.html",
        fm.words,
        strengths=strengths,
        reviews=[_review_view(r, link, fm) for r in newest],
        counts=counts(tracked),
        states=STATES,
        actions_url=link(ACTIONS_PAGE),
        voices_url=link(VOICES_PAGE),
    )
    return GeneratedPage(
        LEARNING_PAGE,
        fm.words.gettext("Learning"),
        body,
        {"description": fm.words.gettext("What we learn from our work: strengths first.")},
    )


def _action_rows(
    tracked: list[TrackedAction], partners: dict[str, Partner], link: Linker, today: dt.date, fm: Formats
) -> list[dict]:
    return [
        dict(
            id=t.action.id,
            what=t.action.what,
            owner=partners[t.action.owner].name,
            owner_url=link(partner_uri(t.action.owner)),
            due=fm.date(t.action.due),
            due_iso=t.action.due.isoformat(),
            state=t.state,
            state_label=fm.words.gettext(STATES[t.state]),
            late_days=(today - t.action.due).days if t.state == "overdue" else 0,
            done_on=fm.date(t.action.done_on) if t.action.done_on else None,
            review=t.review.meta.title,
            review_url=link(t.review.src_uri),
        )
        for t in tracked
    ]


def actions_page(
    tracked: list[TrackedAction], partners: dict[str, Partner], today: dt.date, directory_urls: bool, fm: Formats
) -> GeneratedPage:
    link = Linker(ACTIONS_PAGE, directory_urls)
    rows = _action_rows(tracked, partners, link, today, fm)
    groups = [dict(key=key, label=label, rows=[r for r in rows if r["state"] == key]) for key, label in STATES.items()]
    body = render(
        "learning_actions.html",
        fm.words,
        groups=groups,
        counts=counts(tracked),
        today=fm.date(today),
        learning_url=link(LEARNING_PAGE),
    )
    return GeneratedPage(
        ACTIONS_PAGE,
        fm.words.gettext("Action tracker"),
        body,
        {"description": fm.words.gettext("Every action agreed in our reviews, and where it stands.")},
    )


def review_header(
    review: Review, partners: dict[str, Partner], link: Linker, fm: Formats, titles: Mapping[str, str] = {}
) -> str:
    """The review's kind, date and who took part, and the metrics and stories it names, by
    their titles (``titles``: metric id or story slug → title; an id without one shows as is)."""
    meta = review.meta
    return render(
        "review_header.html",
        fm.words,
        kind=fm.words.gettext(KINDS[meta.kind]),
        kind_key=meta.kind,
        date=fm.date(meta.date),
        iso=meta.date.isoformat(),
        participants=[dict(name=partners[p].name, url=link(partner_uri(p))) for p in meta.participants],
        metrics=[dict(name=titles.get(m, m), url=link(f"metrics/{m}.md")) for m in meta.metrics],
        stories=[dict(name=titles.get(s, s), url=link(f"stories/{s}.md")) for s in meta.stories],
        learning_url=link(LEARNING_PAGE),
    )


def review_actions(
    review: Review,
    tracked: list[TrackedAction],
    partners: dict[str, Partner],
    link: Linker,
    today: dt.date,
    fm: Formats,
) -> str:
    order = [a.id for a in review.meta.actions]  # as the review lists them
    mine = sorted((t for t in tracked if t.review is review), key=lambda t: order.index(t.action.id))
    if not mine:
        return ""
    rows = _action_rows(mine, partners, link, today, fm)
    return render("review_actions.html", fm.words, rows=rows, actions_url=link(ACTIONS_PAGE))


def partner_actions(
    partner: Partner,
    tracked: list[TrackedAction],
    partners: dict[str, Partner],
    link: Linker,
    today: dt.date,
    fm: Formats,
) -> str:
    mine = [t for t in tracked if t.action.owner == partner.id]
    if not mine:
        return ""
    rows = _action_rows(mine, partners, link, today, fm)
    return render(
        "partner_actions.html",
        fm.words,
        rows=rows,
        name=partner.short_name or partner.name,
        actions_url=link(ACTIONS_PAGE),
    )


SURVEY_FONT_PX = 15  # the size learning.css gives the survey chart's text
SURVEY_WIDTH = 640
SURVEY_LABEL_SHARE = 0.4  # of the chart's width, at most, for an answer's text


@lru_cache(maxsize=1)
def _survey_measure():
    """Widths of text at the chart's size, in DejaVu Sans: wider than the web fonts a page
    is likely set in, so text that fits here fits on the page."""
    return card_font("regular", SURVEY_FONT_PX).getlength


def survey_chart(survey: Survey, fm: Formats) -> dict:
    total = sum(o.count for o in survey.options) or 1
    width, bar_h, gap = SURVEY_WIDTH, 28, 10
    measure = _survey_measure()
    values = [f"{fm.number(o.count)} ({fm.percent(o.count / total)})" for o in survey.options]
    # an answer too long for its column is cut in the picture only: the table below holds it whole
    labels = [ellipsize(o.label, measure, width * SURVEY_LABEL_SHARE) for o in survey.options]
    label_w = round(max(measure(label) for label in labels) + 10)
    room = width - label_w - 8 - max(measure(v) for v in values)  # the widest bar's value still fits
    bars = []
    top = max(o.count for o in survey.options) or 1
    for i, (option, label, value) in enumerate(zip(survey.options, labels, values)):
        share = option.count / total
        bars.append(
            dict(
                label=label,
                full=option.label,
                count=fm.number(option.count),
                value=value,
                percent=fm.percent(share),
                y=i * (bar_h + gap),
                w=round(room * option.count / top, 1),
            )
        )
    desc = "; ".join(f"{o.label}: {fm.number(o.count)} ({b['percent']})" for o, b in zip(survey.options, bars))
    answers = fm.number(sum(o.count for o in survey.options))
    return dict(
        survey=survey,
        period=periods.label_of(survey.period, fm),
        bars=bars,
        total=answers,
        width=width,
        height=len(bars) * (bar_h + gap) - gap,
        bar_h=bar_h,
        label_w=label_w,
        desc=f"{survey.question} {answers} answers. {desc}.",
    )


def voices_page(
    shown: PublishedVoices,
    tracked: list[TrackedAction],
    partners: dict[str, Partner],
    today: dt.date,
    directory_urls: bool,
    fm: Formats,
    titles: Mapping[str, str] = {},
) -> GeneratedPage:
    link = Linker(VOICES_PAGE, directory_urls)
    by_action = {t.action.id: t for t in tracked}
    quotes = {q.id: q for q in shown.quotes}
    quote_views = [
        dict(
            q=q,
            channel=fm.words.gettext(CHANNELS[q.channel]),
            date=fm.month(q.date.year, q.date.month),
            stories=[dict(name=titles.get(s, s), url=link(f"stories/{s}.md")) for s in q.stories],
            actions=[
                dict(id=a, what=by_action[a].action.what, url=link(ACTIONS_PAGE) + f"#{a}")
                for a in q.actions
                if a in by_action
            ],
        )
        for q in shown.quotes
    ]
    responses = []
    for pair in shown.responses:
        t = by_action[pair.action]
        responses.append(
            dict(
                quote=quotes[pair.quote],
                summary=pair.summary,
                action=t.action,
                state=fm.words.gettext(STATES[t.state]),
                state_key=t.state,
                owner=partners[t.action.owner].name,
                owner_url=link(partner_uri(t.action.owner)),
                action_url=link(ACTIONS_PAGE) + f"#{t.action.id}",
            )
        )
    body = render(
        "voices.html",
        fm.words,
        quotes=quote_views,
        surveys=[survey_chart(s, fm) for s in shown.voices.surveys],
        responses=responses,
    )
    return GeneratedPage(
        VOICES_PAGE,
        fm.words.gettext("What we heard"),
        body,
        {"description": fm.words.gettext("What the people we serve told us, and what we did about it.")},
    )
