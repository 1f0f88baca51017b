"""What a reference offers the editor: the entries it may name, listed by name and searchable.

Entries that live in one data file (partners, governance bodies and workstreams, quotes) are
Decap *relations* to that file: one request lists them all, and a partner added a minute ago is
offered at once. Entries that are files of their own (metrics, stories, reviews' actions) are
*selects* whose options the build writes into the configuration: a relation to a folder makes
Decap fetch every file of it (a thousand stories, over a hosted backend's rate limit), while a
select lists them at once, searchable by name. They are as fresh as the last build, which
`backbone edit` redoes after every save.

A story cites a metric's latest figure ('jobs-placed') or one period's ('jobs-placed@2025-Q3'):
the select offers every metric and every claim a story already makes, so that an existing claim
is shown, and kept, when its story is edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .labels import N_, Labels

RELATIONS = {  # kind → (collection, file, list in the file, fields searched, fields shown)
    "partner": ("partners", "partners", "partners", ("name", "short_name", "id"), ("name",)),
    "body": ("governance", "governance", "bodies", ("name", "id"), ("name",)),
    "workstream": ("governance", "governance", "workstreams", ("name", "id"), ("name",)),
    "quote": ("voices", "voices", "quotes", ("who", "text", "id"), ("who", "id")),
}
LATEST = N_("{title} (latest figure)")
OF_PERIOD = N_("{title}, {period}")


@dataclass(frozen=True)
class Choices:
    """The entries of the site that references may name, as the last build read them."""

    metrics: dict[str, str] = field(default_factory=dict)  # id → title
    claims: dict[str, tuple[str, str]] = field(default_factory=dict)  # 'id@period' → (metric id, period label)
    stories: dict[str, str] = field(default_factory=dict)  # slug → title
    actions: dict[str, str] = field(default_factory=dict)  # action id → what is to be done
    tags: tuple[str, ...] = ()  # the stories' tags, the most used first
    files: frozenset[str] = frozenset()  # the collections of data files the editor has ('partners', ...)


def reference(choices: Choices, t: Labels):
    """The function widgets.Walk calls for a reference of ``kind``; ``many``: a list of them."""

    def widget(kind: str, many: bool) -> dict:
        if kind in RELATIONS and RELATIONS[kind][0] in choices.files:
            return _relation(kind, many)
        options = _options(kind, choices, t)
        if not options:  # nothing to choose from yet: typed by hand, checked by the build
            return {"widget": "list", "field": {"name": kind, "label": kind, "widget": "string"}} if many else {}
        return {"widget": "select", "multiple": many, "options": options}

    return widget


def _relation(kind: str, many: bool) -> dict:
    collection, file, name, search, shown = RELATIONS[kind]
    return {
        "widget": "relation",
        "collection": collection,
        "file": file,
        "value_field": f"{name}.*.id",
        "search_fields": [f"{name}.*.{f}" for f in search],
        "display_fields": [f"{name}.*.{f}" for f in shown],
        "multiple": many,
    }


def _options(kind: str, choices: Choices, t: Labels) -> list[dict]:
    if kind == "metric":
        return [{"label": title, "value": mid} for mid, title in choices.metrics.items()]
    if kind == "claim":
        latest = [{"label": t(LATEST, title=title), "value": mid} for mid, title in choices.metrics.items()]
        dated = [
            {"label": t(OF_PERIOD, title=choices.metrics.get(mid, mid), period=label), "value": claim}
            for claim, (mid, label) in choices.claims.items()
        ]
        return latest + dated
    if kind == "story":
        return [{"label": title, "value": slug} for slug, title in choices.stories.items()]
    if kind == "action":
        return [{"label": f"{what} ({aid})", "value": aid} for aid, what in choices.actions.items()]
    if kind in RELATIONS:
        return []
    raise KeyError(kind)
