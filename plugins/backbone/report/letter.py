"""content/reports/<year>.md: the partnership's letter and what its report features.

The front matter chooses the window (default: the calendar year the file is named for), the
metrics (default: the headline metrics) and the stories (default: the newest of the window)
to feature, the paper (default: from the site's language) and an optional bleed for a printer.
Every problem is a located message for the one problem list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Mapping

from pydantic import Field

from .. import frontmatter
from ..checks import Checks
from ..fields import Name, Ref, Summary, Title
from ..metrics import periods
from ..metrics.model import Window as WindowField
from ..metrics.window import Window
from ..problems import DataError, Problem
from ..schema import Strict, validate
from ..sources import Source, relpath
from ..translations import is_translation, language_of

FOLDER = "reports"  # inside the docs folder: content/reports/<year>.md, its page /reports/<year>/
_YEAR = re.compile(r"\d{4}", re.ASCII)
BLEED_MAX = 10  # millimetres; printers ask for 3 (Europe) or 1/8 inch, 3.175 (North America)


class Signature(Strict):
    name: Name
    role: Name | None = None


class ReportMeta(Strict):
    """The letter's front matter, as documented in docs/report.md."""

    title: Title = Field(min_length=1)
    window: WindowField | None = None
    metrics: list[Ref] = []
    stories: list[Ref] = []
    paper: Literal["a4", "us-letter"] | None = None
    bleed: float = Field(0, ge=0, le=BLEED_MAX)
    signed: list[Signature] = []
    draft: bool = False
    description: Summary | None = None  # the page's, and its preview's


# The letter is a page of the site too: what MkDocs and the theme read from any page's front
# matter is theirs, checked there (page_meta.py), and left out of the report's own fields.
PAGE_KEYS = frozenset({"template", "hide", "icon", "status", "subtitle", "search", "tags", "comments"})


@dataclass(frozen=True)
class Letter:
    year: int
    meta: ReportMeta
    body: str  # Markdown, as written
    body_line: int
    src_uri: str  # "reports/2025.md"
    rel: str  # "content/reports/2025.md", for messages
    source: Source = field(compare=False, repr=False)  # the located front matter, for reference checks
    # the language its words are in, where it is not its build's (a letter not yet translated)
    language: str | None = None

    @property
    def window(self) -> Window:
        w = self.meta.window
        if w is None:
            year = periods.parse(str(self.year))
            return Window(year, year, stated=False)
        return Window(periods.parse(w.start), periods.parse(w.end), stated=True)

    @property
    def pdf_path(self) -> str:
        """Where the site publishes the PDF: 'reports/2025.pdf'."""
        return f"{FOLDER}/{self.year}.pdf"


def letter_files(docs_dir: Path, languages: Sequence[str] = ()) -> list[Path]:
    """The letters of content/reports/; a translation ('2025.es.md', on a site in ``languages``)
    is not a report of its own: its words are published at its original's address."""
    folder = docs_dir / FOLDER
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    return [p for p in paths if not (languages and is_translation(p.name, languages))]


def read_letters(
    docs_dir: Path, root: Path, problems: list[Problem], languages: Sequence[str] = (), language: str | None = None
) -> list[Letter]:
    """Every letter of content/reports/, its problems added to ``problems``. In the build of
    ``language``, another of the site's ``languages`` than the first, each letter's words are its
    translation's ('2025.es.md') where it has one, else its original's (and ``language`` says so)."""
    letters = []
    for path in letter_files(docs_dir, languages):
        # 'reports/2025.en.md', as Decap CMS's i18n writes the default language's, is 2025's letter
        page = language_of(path.name)[0] if languages else path.name
        letter = read_letter(path, docs_dir, root, problems, page)
        if letter is not None and languages and language and language != languages[0]:
            letter = translated(letter, docs_dir, root, problems, language) or replace(letter, language=languages[0])
        if letter is not None:
            letters.append(letter)
    return letters


def translated(letter: Letter, docs_dir: Path, root: Path, problems: list[Problem], language: str) -> Letter | None:
    """``letter`` with the words of its translation into ``language``, its year, address and
    published PDF its original's; None when there is none, or it has problems (added to
    ``problems``; translations.py checks that it keeps its original's metrics, stories and window)."""
    path = docs_dir / FOLDER / f"{letter.year}.{language}.md"
    if not path.is_file():
        return None
    read = read_letter(path, docs_dir, root, problems, Path(letter.src_uri).name)
    return read and replace(read, src_uri=letter.src_uri)


def read_letter(
    path: Path, docs_dir: Path, root: Path, problems: list[Problem], page: str | None = None
) -> Letter | None:
    """The letter of ``path``; ``page``: the name of the page it is a language's version of
    ('2025.md' for '2025.es.md'), which gives its year and address."""
    rel = relpath(path, root)
    stem = Path(page or path.name).stem
    if not _YEAR.fullmatch(stem) or int(stem) not in periods.YEARS:
        problems.append(
            Problem(rel, 0, "", f"a report's letter is named for its year, like '{FOLDER}/2025.md': rename the file")
        )
        return None
    try:
        doc = frontmatter.read(path, root, what="a report's letter", needs="title")
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    mine = replace(doc.source, data={k: v for k, v in doc.source.data.items() if k not in PAGE_KEYS})
    meta, found = validate(ReportMeta, mine)
    problems.extend(found)
    if meta is None:
        return None
    if meta.window:
        _check_window(meta, Checks(doc.source, problems))
    src_uri = (path.parent / (page or path.name)).relative_to(docs_dir).as_posix()
    return Letter(int(stem), meta, doc.body, doc.body_line, src_uri, rel, doc.source)


def _check_window(meta: ReportMeta, checks: Checks) -> None:
    first, last = periods.parse(meta.window.start), periods.parse(meta.window.end)
    if Window(first, last, True).span[0] > Window(first, last, True).span[1]:
        checks.add(("window", "to"), f"the window ends ({last.text}) before it starts ({first.text}): swap them")


def check_references(
    letters: list[Letter],
    metrics: Mapping[str, str] | None,
    stories: Mapping[str, str] | None,
    unpublished: Mapping[str, str],
    problems: list[Problem],
) -> None:
    """Featured metrics and stories must exist (and a story be published); ``metrics`` and
    ``stories`` map each id to its title (None: that feature is off)."""
    for letter in letters:
        checks = Checks(letter.source, problems)
        for key, refs, known, what, where, why in (
            ("metrics", letter.meta.metrics, metrics, "metric", "data/metrics/", None),
            ("stories", letter.meta.stories, stories, "story", "content/stories/", unpublished),
        ):
            if refs and known is None:
                checks.add((key,), f"the report features {key}, but the site has none: remove '{key}:'")
                continue
            for i, ref in enumerate(refs):
                checks.known((key, i), ref, known, what, where, why)
