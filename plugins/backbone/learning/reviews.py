"""Read the reviews in content/learning/ and check their sections and references."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from .. import fences, frontmatter
from ..checks import Checks
from ..problems import DataError, Problem
from ..references import REMOTE_FIX, REMOTE_WHY, remote_pictures
from ..schema import validate
from ..sources import Source, unprintable_lines
from ..translations import is_translation, language_of
from .model import SECTIONS, ReviewMeta

_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t#]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass
class Review:
    src_uri: str  # path inside the docs folder: "learning/2025-03-aar.md"
    rel: str  # path from the project root, for messages
    meta: ReviewMeta
    sections: dict[str, str]  # required section title → its Markdown
    source: Source  # the located front matter, for reference checks
    body: str = ""  # the Markdown after the front matter, rendered by the core
    body_line: int = 1  # the line it starts on

    @property
    def slug(self) -> str:
        return Path(self.src_uri).stem


def split_sections(body: str, first_line: int) -> dict[str, tuple[int, str]]:
    """'## ' sections of a Markdown body: title → (line, text); fenced code is skipped."""
    found: dict[str, tuple[int, list[str]]] = {}
    current = None
    lines = body.splitlines()
    for number, (line, code) in enumerate(zip(lines, fences.in_code(lines)), start=first_line):
        match = None if code else _HEADING.match(line)
        if match:
            current = match.group(1).strip()
            found[current] = (number, [])
        elif current:
            found[current][1].append(line)
    # Authoring prompts are HTML comments: they do not count as text.
    return {title: (line, _COMMENT.sub("", "\n".join(lines)).strip()) for title, (line, lines) in found.items()}


def reader_headings(body: str, kind: str, words) -> str:
    """``body`` with the heading of each section its kind must have in ``words``' language
    (Formats.words): '## What we expected' → '## Lo que esperábamos'. Other headings, and
    anything in fenced code, stay as the author wrote them."""
    titles = section_titles(kind, words)
    lines = body.split("\n")
    for number, (line, code) in enumerate(zip(lines, fences.in_code(lines))):
        match = None if code else _HEADING.match(line)
        if match and (title := titles.get(section_key(match.group(1)))):
            lines[number] = "## " + words.gettext(title)
    return "\n".join(lines)


def section_titles(kind: str, words=None) -> dict[str, str]:
    """Each way a heading of a section ``kind`` must have may be written (its ``section_key``)
    → the section's title: in English, as Backbone names it, or in ``words``' language, as the
    page shows it ('Ce que nous attendions' for 'What we expected')."""
    titles = {section_key(title): title for title in SECTIONS.get(kind, ())}
    for title in SECTIONS.get(kind, ()) if words is not None else ():
        titles.setdefault(section_key(words.gettext(title)), title)
    return titles


def section_key(title: str) -> str:
    """A heading without case, accents or punctuation: 'Ce qu’il s’est passé', 'ce qu'il
    s'est passe' and 'CE QU IL S EST PASSE' are one."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", title.casefold()) if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", bare))


def read_review(
    path: Path, docs_dir: Path, root: Path, problems: list[Problem], declared: set[str] | None = None, words=None
) -> Review | None:
    """The review, or None when its front matter has problems (added to ``problems``); the ids
    of the actions such a review still declares are added to ``declared`` (see checks.Declared).
    Its section headings may be in English or in ``words``' language (the site's)."""
    try:
        doc = frontmatter.read(path, root, "a review", "title, kind, date and participants")
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(unprintable_lines(doc.body, doc.source.rel, doc.body_line))
    meta, found = validate(ReviewMeta, doc.source)
    problems.extend(found)
    kind = meta.kind if meta else doc.meta.get("kind")
    # A draft is being written: its syntax and references are checked, its completeness is not.
    draft = meta.draft if meta else doc.meta.get("draft") is True
    # Sections are checked even when a field is wrong: all problems of a file at once.
    sections = _sections(doc, kind, problems, not draft, words) if kind in SECTIONS else {}
    for line, url in remote_pictures(doc.body):  # reviews have no opt-in: a tracker is never needed
        problems.append(
            Problem(
                doc.source.rel,
                doc.body_line + line - 1,
                "",
                f"the picture '{url}' is on another site: {REMOTE_WHY}; {REMOTE_FIX}",
            )
        )
    if meta is None:
        if declared is not None:
            declared.update(_action_ids(doc.meta))
        return None
    if not draft and not meta.participants:
        Checks(doc.source, problems).add(
            ("participants",), "needs at least 1 entry: the ids of the partners who took part (from data/partners.yml)"
        )
    return Review(
        path.relative_to(docs_dir).as_posix(), doc.source.rel, meta, sections, doc.source, doc.body, doc.body_line
    )


def _sections(doc, kind: str, problems: list[Problem], required: bool = True, words=None) -> dict[str, str]:
    titles = section_titles(kind, words)
    present: dict[str, str] = {}
    strays = []  # a heading the kind does not have is most likely a renamed required section
    for heading, (line, text) in split_sections(doc.body, doc.body_line).items():
        title = titles.get(section_key(heading))
        if title is None:
            strays.append((line, heading))
        elif text:
            present.setdefault(title, text)
    if not required:
        return {title: present[title] for title in SECTIONS[kind] if title in present}
    named = [words.gettext(title) if words is not None else title for title in SECTIONS[kind]]
    a_kind = f"a{'n' if kind[0] in 'aeiou' else ''} {kind}"
    for title, name in zip(SECTIONS[kind], named):
        if title in present:
            continue
        line, hint = doc.body_line, f"; {a_kind} has: {', '.join(named)}"
        if strays:
            line, stray = strays[0]
            hint = f" (found '## {stray}', which {a_kind} does not have)"
        message = f"this {kind} needs a section '## {name}' with some text{hint}"
        problems.append(Problem(doc.source.rel, line, "", message))
    return {title: present[title] for title in SECTIONS[kind] if title in present}


def _action_ids(meta: object) -> list[str]:
    actions = meta.get("actions") if isinstance(meta, dict) else None
    items = actions if isinstance(actions, list) else []
    return [str(a["id"]) for a in items if isinstance(a, dict) and isinstance(a.get("id"), (str, int))]


def read_reviews(
    folder: Path,
    docs_dir: Path,
    root: Path,
    problems: list[Problem],
    declared: set[str] | None = None,
    languages: Sequence[str] = (),
    words=None,
) -> list[Review]:
    """The reviews whose front matter is valid; ``declared`` collects the action ids of the others;
    their headings may be in ``words``' language (the site's).
    A translation (``review.es.md`` on a site in ``languages``) is not a review of its own: its
    words are published at its original's address, its actions are the original's."""
    if not folder.is_dir():
        return []
    paths = [p for p in sorted(folder.glob("*.md")) if not (languages and is_translation(p.name, languages))]
    reviews = [read_review(path, docs_dir, root, problems, declared, words) for path in paths]
    # the default language's file named with its tag ('2026-10-review.en.md', as the browser
    # editor writes it) is the page of the name without it, as a story's is (translations.py)
    return [replace(r, src_uri=language_of(r.src_uri)[0]) if languages else r for r in reviews if r is not None]


def check_references(
    reviews: list[Review],
    partners: Mapping[str, object],  # by id: the partners, for their names
    metrics: Mapping[str, str] | None,  # id → title
    stories: Mapping[str, str] | None,  # slug → title
    problems: list[Problem],
    unpublished: Mapping[str, str] | None = None,
) -> None:
    """Participants, owners, metrics and stories must exist; action ids are unique.

    ``unpublished`` says why a story that exists is not on the site (a draft, a later date).
    """
    seen: dict[str, str] = {}
    for review in reviews:
        checks = Checks(review.source, problems)
        meta = review.meta
        for i, pid in enumerate(meta.participants):
            checks.known(("participants", i), pid, partners, "partner", "data/partners.yml")
        _refs(checks, "metrics", meta.metrics, metrics, "metric", "data/metrics/", "no data/metrics/ folder")
        _refs(
            checks,
            "stories",
            meta.stories,
            stories,
            "story",
            "content/stories/",
            "no story in content/stories/",
            unpublished,
        )
        for i, action in enumerate(meta.actions):
            checks.known(("actions", i, "owner"), action.owner, partners, "partner", "data/partners.yml")
            if action.id in seen:
                checks.add(
                    ("actions", i, "id"),
                    f"duplicate action id '{action.id}' (also in {seen[action.id]}); each action needs its own id",
                )
            seen.setdefault(action.id, review.rel)
            if action.done_on and action.status != "done":
                checks.add(
                    ("actions", i, "done_on"),
                    f"action '{action.id}' has a done_on date but its status is '{action.status}'; set status: done",
                )


def _refs(
    checks: Checks,
    field: str,
    refs: list[str],
    known: Mapping[str, str] | None,
    what: str,
    where: str,
    why_off: str,
    unavailable: Mapping[str, str] | None = None,
) -> None:
    if refs and known is None:
        checks.add((field,), f"this review names {field}, but {field} are off ({why_off})")
        return
    for i, ref in enumerate(refs):
        checks.known((field, i), ref, known, what, where, unavailable)
