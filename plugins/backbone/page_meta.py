"""Checks of the front matter that MkDocs and the theme read from every Markdown page.

MkDocs silently drops front matter it cannot parse (the '---' block then shows up as page
text), and a wrong type in a key the theme uses ('template: []', 'hide: toc', 'title:' a
mapping) crashes the build with a traceback. These checks turn both into located problems.
Keys that features define (stories, reviews) are theirs to check; unknown keys pass here.
"""

from __future__ import annotations

import os
import re
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Collection, Iterable

from . import inputs, kept, mdbounds, yamlbounds
from .frontmatter import block
from .problems import DataError, Problem, did_you_mean
from .sources import field_name, parse_yaml
from .theme_icons import ThemeIcons

HIDE = ("feedback", "footer", "navigation", "path", "tags", "toc")
TEXT_KEYS = ("description", "icon", "status", "subtitle")


# Templates the theme uses itself, never a page's: the final-page cache's (adapters/pagecache.py)
INTERNAL_TEMPLATES = {"backbone-cached.html"}


def page_templates(theme_dirs: Iterable[str | Path]) -> list[str]:
    """The page templates a front matter may name: the .html files at the top of the theme's
    folders (the theme, and theme/ when it is the custom_dir). The theme is trusted; a
    template from anywhere else is not."""
    names = set()
    for folder in theme_dirs:
        if os.path.isdir(folder):
            names.update(
                name
                for name in os.listdir(folder)
                if name.endswith(".html") and os.path.isfile(os.path.join(folder, name))
            )
    return sorted(names - INTERNAL_TEMPLATES)


def template_problem(name: str, templates: Collection[str]) -> str | None:
    """Why ``template: name`` cannot be used, or None. Only a template of the theme, by its
    bare name: Jinja would otherwise look up '../../etc/hostname' outside the theme."""
    listing = f"the theme's page templates are {', '.join(templates)}"
    path = PurePosixPath(name)
    if "\\" in name or path.is_absolute() or ".." in path.parts or re.match(r"[A-Za-z]:", name) or len(path.parts) != 1:
        return f"'{name}' is not the name of a theme template: give only a template's name, without folders; {listing}"
    if name not in templates:
        return f"no template '{name}' in the theme or in theme/ (custom_dir); {listing}{did_you_mean(name, templates)}"
    return None


def front_matter_problems(
    rel: str, text: str, meta: dict, templates: Collection[str], icons: ThemeIcons | None = None
) -> list[Problem]:
    """Problems in the front matter of the page ``rel`` (its full source ``text``); ``templates``
    are the names ``template:`` may take (``page_templates``), ``icons`` those ``icon:`` may.

    The types are checked on ``meta``, which MkDocs has already parsed; the page's YAML is
    parsed again (slowly, keeping lines) only to locate a problem, so that a site of
    thousands of correct pages pays next to nothing for the check.
    """
    found = block(text)
    if not found or not found.yaml.strip():
        return []
    if meta:
        if not any(_type_problems(meta, templates, icons)):
            return []
    try:
        source = parse_yaml(found.yaml, rel)
    except DataError as exc:
        return [_below_opening_line(p) for p in exc.problems]
    if not isinstance(source.data, dict):
        return [Problem(rel, 2, "", "the front matter (between the '---' lines) must be 'key: value' lines")]
    return [
        Problem(rel, source.line(path) + 1, field_name(path), message)
        for path, message in _type_problems(source.data, templates, icons)
    ]


def _type_problems(data: dict[str, Any], templates: Collection[str], icons: ThemeIcons | None = None):
    """(field path, message) for each theme key of the wrong type or value."""
    title = data.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        yield ("title",), f"expected text, got {_kind(title)}"
    for key in TEXT_KEYS:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            yield (key,), f"expected text, got {_kind(data[key])}"
    icon = data.get("icon")
    if icons is not None and isinstance(icon, str) and icon and (why := icons.problem(icon)):
        yield ("icon",), why
    if "template" in data:
        template = data["template"]
        if not isinstance(template, str) or not template.strip():
            yield ("template",), f"expected the name of a theme template such as 'home.html', got {_kind(template)}"
        elif why := template_problem(template, templates):
            yield ("template",), why
    if "hide" in data:
        hide = data["hide"]
        if not isinstance(hide, list):
            yield ("hide",), f"expected a list such as [navigation, toc], got {_kind(hide)}"
        else:
            for i, item in enumerate(hide):
                if item not in HIDE:
                    yield ("hide", i), f"cannot hide '{item}': choose from {', '.join(HIDE)}{did_you_mean(item, HIDE)}"
    if "tags" in data and not (
        isinstance(data["tags"], list) and all(isinstance(t, (str, int, float)) for t in data["tags"])
    ):
        yield ("tags",), f"expected a list of words, got {_kind(data['tags'])}"
    if "search" in data:
        search = data["search"]
        if not isinstance(search, dict):
            yield ("search",), f"expected 'exclude: true' or 'boost: 2' lines, got {_kind(search)}"
            return
        checks = {
            "exclude": lambda v: isinstance(v, bool),
            "boost": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        }
        for key, value in search.items():
            if key not in checks:
                yield ("search", key), f"unknown field '{key}': expected exclude or boost{did_you_mean(key, checks)}"
            elif not checks[key](value):
                yield (
                    ("search", key),
                    f"expected {'true or false' if key == 'exclude' else 'a number'}, got {_kind(value)}",
                )


def _below_opening_line(problem: Problem) -> Problem:
    """Lines of the YAML block → lines of the page (the block starts after '---')."""
    line = problem.line + 1 if problem.line else 1
    return Problem(
        problem.file,
        line,
        problem.field,
        problem.message.replace("this is not valid YAML", "the front matter is not valid YAML"),
    )


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


MARKDOWN = (".md", ".markdown")


def docs_problems(files: Iterable[tuple[Path, str]], root: Path) -> list[Problem]:
    """Problems of the files MkDocs collected from the docs folder, as (path, name from the
    project folder), found before MkDocs opens any of them.

    Each must be an ordinary file inside the project ``root`` once links are followed (a
    linked folder would otherwise publish what it points at, a pipe would block the build);
    a page must also be UTF-8 within the size limit, its front matter within the YAML limits
    (MkDocs parses it with libyaml, which crashes on thousands of nested '['), and its body
    within the Markdown limits (Python-Markdown reads unclosed brackets again and again).
    """
    problems: list[Problem] = []
    for path, rel in files:
        why = inputs.refusal(path, root)
        if why:
            problems.append(Problem(rel, 0, "", f"this file {why}"))
        elif path.suffix.lower() in MARKDOWN:
            try:
                text = inputs.read_text(path, root, rel)
            except DataError as exc:
                problems.extend(exc.problems)
                continue
            # kept by the text while rebuilding: composing each front matter again cost most of the check
            problems.extend(kept.made("bounds", rel, text, partial(_bounds, rel, text)))
    return problems


def _bounds(rel: str, text: str) -> list[Problem]:
    return _front_matter_bounds(rel, text) + _body_bounds(rel, text)


def _front_matter_bounds(rel: str, text: str) -> list[Problem]:
    """A front matter beyond the YAML limits (any other problem is reported with the page)."""
    found = block(text)
    if not found:
        return []
    problem = yamlbounds.bounds_problem(found.yaml, rel)
    return [_below_opening_line(problem)] if problem else []


def _body_bounds(rel: str, text: str) -> list[Problem]:
    """A body that would cost Python-Markdown too much to render (mdbounds: bracket bombs)."""
    found = block(text)
    return mdbounds.problems(found.body, rel, found.above + 1) if found else mdbounds.problems(text, rel, 1)
