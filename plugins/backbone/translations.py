"""Pages and stories translated beside their original: ``about.es.md`` next to ``about.md``, or
the form Decap CMS's i18n writes (``about.en.md`` + ``about.es.md``).

A file whose name ends in ``.<tag>.md``, the tag a language CLDR knows (two letters, with a script
or region if any: 'es', 'pt-BR'), is that language's version of the page its name has without the
tag; ``about.md`` is the default language's. This module sorts the files into pages and their
languages and checks what a translator can get wrong: a language the site does not declare, two
originals of one page, and front matter that differs from the original's on anything that is not
words (a translation changes the words, never the date, the metrics cited, the partners, the tags
or the picture).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import frontmatter
from .identity.languages import language_tag
from .problems import DataError, Problem
from .sources import Source, field_name

# 'about.es.md', 'about.pt-BR.md', 'about.zh-Hant.md': a two-letter language, then a script or a region
_TAGGED = re.compile(r"(?P<stem>.+)\.(?P<tag>[a-zA-Z]{2}(?:[-_](?:[a-zA-Z]{4}|[a-zA-Z]{2}|\d{3})){0,2})")

# Front matter a translation keeps as its original has it: facts and references, not words. The
# picture is its file ('image.src'); its description ('image.alt') is words and is translated.
SAME_IN_EVERY_LANGUAGE = (
    ("date",),
    ("updated",),
    ("slug",),
    ("aliases",),
    ("partners",),
    ("metrics",),
    ("tags",),
    ("principle",),
    ("draft",),
    ("image", "src"),
    ("template",),
    ("kind",),  # a review's
    ("participants",),
    ("stories",),
)


def language_of(src_uri: str) -> tuple[str, str | None]:
    """('about.md', 'es') for 'about.es.md'; ('about.md', None) for 'about.md' and for a name whose
    last part is no language ('v1.2.md', 'notes.final.md')."""
    path = Path(src_uri)
    m = _TAGGED.fullmatch(path.stem)
    if not m:
        return src_uri, None
    try:
        tag = language_tag(m["tag"])
    except ValueError:
        return src_uri, None
    return (path.parent / f"{m['stem']}{path.suffix}").as_posix(), tag


@dataclass
class Versions:
    """One page in its languages: the src_uri of each language's file."""

    page: str  # the page's name without a language: 'about.md'
    files: dict[str, str] = field(default_factory=dict)  # language → src_uri


def sort_out(src_uris: Iterable[str], languages: Sequence[str]) -> dict[str, Versions]:
    """Every page by its name without a language, each with its files by language (an untagged
    file is the default language's, ``languages[0]``)."""
    pages: dict[str, Versions] = {}
    for uri in sorted(src_uris):
        page, tag = language_of(uri)
        versions = pages.setdefault(page, Versions(page))
        versions.files.setdefault(tag or languages[0], uri)
    return pages


def is_translation(src_uri: str, languages: Sequence[str]) -> bool:
    """Whether the file is another language's than the default's (left out of the default's build)."""
    tag = language_of(src_uri)[1]
    return tag is not None and tag != languages[0]


def check(
    src_uris: Iterable[str], languages: Sequence[str], read: Any, rel: Any, problems: list[Problem]
) -> dict[str, Versions]:
    """The pages by name, with the problems of their translations added to ``problems``.
    ``read(src_uri)`` is the file's text (OSError where it cannot be read); ``rel(src_uri)`` the
    path messages name."""
    uris = list(src_uris)
    default = languages[0]
    for uri in uris:
        page, tag = language_of(uri)
        if tag is not None and tag not in languages:
            problems.append(
                Problem(
                    rel(uri),
                    0,
                    "",
                    f"this file is named as a translation into '{tag}', which is not one of the site's languages "
                    f"({', '.join(languages)}): add '{tag}' to 'languages' in data/identity.yml, or rename the "
                    f"file (its name without '.{tag}' is the page it translates)",
                )
            )
        elif tag == default and page in uris:
            problems.append(
                Problem(
                    rel(uri),
                    0,
                    "",
                    f"two files are this page in {default}, the site's first language: {rel(page)} and this one; "
                    "keep one of them",
                )
            )
    pages = sort_out((u for u in uris if language_of(u)[1] in (None, *languages)), languages)
    for versions in pages.values():
        original = versions.files.get(default)
        if original is None:
            problems += [_no_original(versions, uri, default, rel) for uri in versions.files.values()]
        for tag, uri in versions.files.items():
            if tag != default and original is not None:
                problems += _disagreements(original, uri, read, rel)
    return pages


def _no_original(versions: Versions, uri: str, default: str, rel: Any) -> Problem:
    stem = Path(versions.page)
    return Problem(
        rel(uri),
        0,
        "",
        f"this file translates a page that has no original in {default}, the site's first language, which "
        f"every translation falls back to: write the page as {rel(versions.page)} (or "
        f"{rel((stem.parent / f'{stem.stem}.{default}{stem.suffix}').as_posix())}) first",
    )


def _front(uri: str, read: Any, rel: Any) -> Source | None:
    try:
        return frontmatter.parse(read(uri), rel(uri)).source
    except (OSError, UnicodeDecodeError, DataError):
        return None  # no front matter, or one with problems: the page's own checks say so


def _disagreements(original: str, translation: str, read: Any, rel: Any) -> list[Problem]:
    first, second = _front(original, read, rel), _front(translation, read, rel)
    if first is None or second is None:
        return []
    found = []
    for path in SAME_IN_EVERY_LANGUAGE:
        expected, written = _at(first.data, path), _at(second.data, path)
        if expected == written:
            continue
        name = field_name(path)
        line = second.line(path) if written is not None else second.line(path[:-1]) if len(path) > 1 else 1
        where = f"{rel(original)}:{first.line(path)}" if expected is not None else rel(original)
        found.append(
            Problem(
                rel(translation),
                line or 1,
                name,
                f"a translation keeps its original's {name}, and this one differs from {where}: expected "
                f"{_shown(expected)}, found {_shown(written)}; a translation changes only the words: "
                + (f"write the original's {name} here" if expected is not None else f"remove '{name}' here")
                + ", or change the original first",
            )
        )
    return found


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    text = str(value)
    return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}...'"
