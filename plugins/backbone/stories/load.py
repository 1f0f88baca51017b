"""Read the story files: front matter with line numbers, validated, cross-checked.

Every problem of every story is collected before raising, like the data files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from .. import frontmatter, images, kept, translations
from ..checks import IMAGE_SUFFIXES, Checks, Declared
from ..figures_api import FigureSource
from ..inputs import read_text
from ..problems import DataError, Problem, did_you_mean
from ..project import Project
from ..references import REMOTE_WHY, local_path, references
from ..references import remote_pictures as pictures_elsewhere
from ..schema import validate
from ..sources import Source, relpath, unprintable_lines
from ..translations import language_of
from .model import Story, StoryMeta, split_claim

# Site paths under the stories folder that Backbone itself uses.
RESERVED_SLUGS = {"page", "tags", "claims", "images", "index"}
_WORD = re.compile(r"\w+")

STORY_NEEDS = "title, date, summary and author"


def story_files(docs_dir: Path, folder: str = "stories") -> list[Path]:
    """The story Markdown files, sorted (index.md is the listing, never a story)."""
    base = docs_dir / folder
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob("*.md") if p.name not in ("index.md", "README.md"))


def slug_of(path: Path, translated: bool = False) -> str:
    """'2025-03-01-night-bus.md' → 'night-bus' (a leading date is dropped); on a site in several
    languages (``translated``) a file named with its language has its page's: 'night-bus.en.md'
    → 'night-bus' (translations.py)."""
    name = language_of(path.name)[0] if translated else path.name
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", Path(name).stem)
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "story"


def read_story(
    path: Path, project: Project, docs_dir: Path, problems: list[Problem], page: Path | None = None
) -> tuple[Story | None, Source] | None:
    """(story or None when its front matter is invalid, source) — or None when unreadable.
    ``page``: the file whose page ``path`` is a translation of (its address and slug)."""
    page = page or path
    uri, translated = page.relative_to(docs_dir).as_posix(), bool(project.identity and project.identity.languages)
    rel = relpath(path, project.root)
    try:
        text = read_text(path, project.root, rel)  # inside the project, an ordinary file, UTF-8
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    try:
        doc = kept.made("story", rel, text, lambda: frontmatter.parse(text, rel, "a story", STORY_NEEDS))
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    source, body, body_line = doc.source, doc.body, doc.body_line
    meta, found = validate(StoryMeta, source)
    problems.extend(found)
    unprintable, words = kept.made("story body", rel, text, lambda: _body_facts(body, rel, body_line))
    problems.extend(unprintable)
    if meta is None:
        return None, source
    story = Story(
        meta=meta,
        src_uri=language_of(uri)[0] if translated else uri,  # as the build publishes it
        file=rel,
        slug=meta.slug or slug_of(page, translated),
        body=body,
        body_line=body_line,
        words=words,
    )
    return story, source


def _body_facts(body: str, rel: str, body_line: int) -> tuple[tuple[Problem, ...], int]:
    """What a story's body alone gives: its lines with unprintable characters, its word count."""
    return tuple(unprintable_lines(body, rel, body_line)), len(_WORD.findall(body))


def _strings(data: dict, key: str) -> list[tuple[int, str]]:
    values = data.get(key)
    return [(i, v) for i, v in enumerate(values) if isinstance(v, str)] if isinstance(values, list) else []


def check_references(
    source: Source, project: Project, figures: FigureSource | None, docs_dir: Path, problems: list[Problem]
) -> None:
    """Partners, metrics and the image, checked on the raw front matter so that they are
    reported even when another field is invalid (every problem at once)."""
    checks = Checks(source, problems)
    data = source.data
    for i, pid in _strings(data, "partners"):
        checks.known(("partners", i), pid, project.partners, "partner", "data/partners.yml")
    claims = _strings(data, "metrics")
    if claims and figures is None:
        checks.add(
            ("metrics",),
            "this story cites metrics, but metrics are off (no data/metrics/ folder): "
            "add the metric files there, or remove 'metrics:' from the story",
        )
    elif figures is not None:
        known, waiting = figures.metric_ids(), figures.broken_ids()
        for i, claim in claims:
            metric, period = split_claim(claim)
            if metric in waiting:
                continue  # its file's problems are reported there; the claim is checked once they are fixed
            if metric not in known:  # each title, for a title written in place of its id
                titles = {mid: figures.key_figure(mid).title for mid in known}
                checks.known(("metrics", i), metric, Declared(titles, waiting), "metric", "data/metrics/")
            elif period is not None and period not in (periods := figures.periods(metric)):
                if message := figures.missing_period(metric, period):  # a gap's reason, the neighbours in time
                    checks.add(("metrics", i), message)
                    continue
                span = (
                    f" (its periods run from {periods[0]} to {periods[-1]})" if periods else " (it has no figures yet)"
                )
                checks.add(
                    ("metrics", i), f"metric '{metric}' has no period '{period}'{span}{did_you_mean(period, periods)}"
                )
    image = data.get("image")
    if isinstance(image, dict) and isinstance(image.get("src"), str):
        src = image["src"]
        base = source_path(source, project)
        checks.file(("image", "src"), src, base, project.root, IMAGE_SUFFIXES)
        target = (base / src).resolve()
        if target.is_file() and not target.is_relative_to(docs_dir.resolve()):
            checks.add(
                ("image", "src"),
                f"'{src}' is outside the {docs_dir.name}/ folder, so it would not be published; "
                f"move it into {docs_dir.name}/stories/images/",
            )


def source_path(source: Source, project: Project) -> Path:
    """The folder of the story file (image paths are relative to it)."""
    return (project.root / source.rel).parent


def check_story(story: Story, source: Source, problems: list[Problem]) -> None:
    checks = Checks(source, problems)
    meta = story.meta
    if story.slug in RESERVED_SLUGS:
        checks.add(
            ("slug",) if meta.slug else (),
            f"the slug '{story.slug}' is used by Backbone itself ({', '.join(sorted(RESERVED_SLUGS))}); "
            "set another 'slug:'",
        )
    _check_aliases(story, checks)
    if meta.updated and meta.updated < meta.date:
        checks.add(("updated",), f"updated ({meta.updated}) is before the story's date ({meta.date})")


def check_pictures(story: Story, docs_dir: Path, problems: list[Problem]) -> None:
    """The pictures the body shows from the docs folder, checked like the front matter's image
    (a missing one is MkDocs' to report, as for any link)."""
    for ref in references(story.body):
        path = local_path(ref.target, story.src_uri) if ref.picture else None
        target = docs_dir / path if path else None
        if target is None or target.suffix.lower() not in images.SUFFIXES or not target.is_file():
            continue
        if target.resolve().is_relative_to(docs_dir) and (wrong := images.problem(target)):
            problems.append(Problem(story.file, story.body_line + ref.line - 1, "", f"picture '{ref.target}': {wrong}"))


REMOTE_FIX = "download the picture into the story's folder and link it by name"


def remote_pictures(stories: list[Story]) -> list[tuple[Story, int, str]]:
    """(story, line, address) of each picture a story body shows from another site."""
    return [
        (story, story.body_line + line - 1, url) for story in stories for line, url in pictures_elsewhere(story.body)
    ]


def remote_problem(story: Story, line: int, url: str, allowed: bool) -> Problem:
    """Every reader's browser, mail client and feed reader fetches a remote picture from its
    site, which so learns who reads what and when: refused, or a warning where allowed."""
    why = (
        "readers' browsers, mail clients and feed readers fetch it from there (remote_images "
        "is on for the stories in site_config.yml)"
        if allowed
        else REMOTE_WHY
    )
    return Problem(story.file, line, "", f"the picture '{url}' is on another site: {why}; {REMOTE_FIX}")


def _check_aliases(story: Story, checks: Checks) -> None:
    """An alias is a second address of the story: each must be free, or one page silently
    replaces another (Backbone's own listing, the story itself, or the other alias)."""
    seen: dict[str, int] = {}
    for i, alias in enumerate(story.meta.aliases):
        if alias in RESERVED_SLUGS:
            checks.add(
                ("aliases", i),
                f"the alias '{alias}' is used by Backbone itself ({', '.join(sorted(RESERVED_SLUGS))}); "
                "remove it or choose another",
            )
        elif alias == story.slug:
            checks.add(
                ("aliases", i),
                f"the alias '{alias}' is this story's own slug; remove it (aliases are former addresses)",
            )
        elif alias in seen:
            checks.add(
                ("aliases", i), f"the alias '{alias}' is listed twice (also at aliases[{seen[alias]}]); keep one"
            )
        seen.setdefault(alias, i)


def check_slugs(entries: list[tuple[Story, Source]], problems: list[Problem]) -> None:
    """Slugs and aliases share one space: a link must always lead to exactly one story."""
    owners: dict[str, tuple[Story, str]] = {}
    for story, source in entries:
        names = [(story.slug, ("slug",) if story.meta.slug else ())]
        names += [(alias, ("aliases", i)) for i, alias in enumerate(story.meta.aliases)]
        for name, path in names:
            if name in owners and owners[name][0] is not story:
                other, kind = owners[name]
                Checks(source, problems).add(
                    path,
                    f"duplicate slug '{name}': {other.file} already uses it as its {kind}; "
                    f"each story needs its own address (set 'slug:' in one of them)",
                )
            else:
                owners.setdefault(name, (story, "slug" if path[:1] != ("aliases",) else "alias"))


def key_figures(story: Story, figures: FigureSource | None) -> tuple:
    """The figure of each claim, in the order of the claims. While a claim names no figure (a
    problem reported with the story, or with its metric's file) the story has none: the build
    stops on that problem, and nothing may pair a claim with another claim's figure."""
    if figures is None:
        return ()
    known = set(figures.metric_ids())
    claims = [split_claim(claim) for claim in story.meta.metrics]
    if any(mid not in known or (period is not None and period not in figures.periods(mid)) for mid, period in claims):
        return ()
    return tuple(figures.key_figure(mid, period) for mid, period in claims)


def declared_slug(path: Path, source: Source | None) -> str:
    """The slug a story file declares even when its front matter has problems: its 'slug:'
    if that is text, else the one its file name gives."""
    slug = source.data.get("slug") if source is not None and isinstance(source.data, dict) else None
    return slug.strip() if isinstance(slug, str) and slug.strip() else slug_of(path)


def read_stories(
    project: Project,
    docs_dir: Path,
    figures: FigureSource | None,
    problems: list[Problem],
    *,
    folder: str = "stories",
    today: dt.date | None = None,
    future: bool = False,
) -> tuple[list[Story], frozenset[str]]:
    """(every story whose front matter is valid, the slugs of those whose front matter is not),
    with the problems of every file added to ``problems``. A story with problems still declares
    its slug: a review or a quote naming it is not told that it is unknown."""
    docs_dir = Path(docs_dir).resolve()
    entries, broken = [], set()
    files = story_files(docs_dir, folder)
    for page, path in _translations_to_check(files, project):
        # the default language's build checks every translation too: the other languages'
        # builds run after it has written its site, and must find nothing left to say
        entry = read_story(path, project, docs_dir, problems, page)
        if entry is not None and entry[1] is not None:
            check_references(entry[1], project, figures, docs_dir, problems)
    for page, path in _in_language(files, project):
        entry = read_story(path, project, docs_dir, problems, page)
        story, source = entry if entry is not None else (None, None)
        if source is not None:
            check_references(source, project, figures, docs_dir, problems)
        if story is None:
            broken.add(declared_slug(path, source))
            continue
        check_story(story, source, problems)
        check_pictures(story, docs_dir, problems)
        entries.append((story, source))
    check_slugs(entries, problems)
    stories = [
        replace(
            story,
            figures=key_figures(story, figures),
            draft=story.meta.draft or (today is not None and not future and story.date > today),
        )
        for story, _ in entries
    ]
    return stories, frozenset(broken)


def _translations_to_check(paths: list[Path], project: Project) -> list[tuple[Path, Path]]:
    """In the default language's build: (each translated story's original, its translation)."""
    if (
        not (project.identity and project.identity.languages)
        or project.identity.language != project.identity.languages[0]
    ):
        return []
    languages = project.identity.site_languages
    by_name = {path.name: path for path in paths}
    return [
        (by_name[page.files[languages[0]]], by_name[uri])
        for page in translations.sort_out(by_name, languages).values()
        if languages[0] in page.files
        for tag, uri in page.files.items()
        if tag != languages[0] and tag in languages
    ]


def _in_language(paths: list[Path], project: Project) -> list[tuple[Path, Path]]:
    """(each story's file in the default language, the file to read in the build's language: its
    translation where there is one, else the same). A translation of no story is left out
    (translations.check says so)."""
    if not (project.identity and project.identity.languages):  # a site in one language has no translations
        return [(path, path) for path in paths]
    languages, language = project.identity.site_languages, project.identity.language
    by_name = {path.name: path for path in paths}
    chosen = []
    for page in translations.sort_out(by_name, languages).values():
        if (original := page.files.get(languages[0])) is not None:
            chosen.append((by_name[original], by_name[page.files.get(language, original)]))
    return chosen


def load_stories(
    project: Project,
    docs_dir: Path,
    figures: FigureSource | None,
    *,
    folder: str = "stories",
    today: dt.date | None = None,
    future: bool = False,
) -> list[Story]:
    """Every story file, validated; raises DataError with all problems of all files."""
    problems: list[Problem] = []
    stories, _ = read_stories(project, docs_dir, figures, problems, folder=folder, today=today, future=future)
    if problems:
        raise DataError(problems)
    return stories
