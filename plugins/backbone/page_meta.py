"""Checks of the front matter that MkDocs and the theme read from every Markdown page.

MkDocs silently drops front matter it cannot parse (the '---' block then shows up as page
text), and a wrong type in a key the theme uses ('template: []', 'hide: toc', 'title:' a
mapping) crashes the build with a traceback. These checks turn both into located problems.
Keys that features define (stories, reviews) are theirs to check; unknown keys pass here.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .problems import DataError, Problem, did_you_mean
from .sources import field_name, parse_yaml

# The same pattern MkDocs uses (mkdocs.utils.meta.YAML_RE), so that both see the same block.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
HIDE = ("feedback", "footer", "navigation", "path", "tags", "toc")
TEXT_KEYS = ("description", "icon", "status", "subtitle")


def front_matter_problems(rel: str, text: str, meta: dict, template_exists: Callable[[str], bool]) -> list[Problem]:
    """Problems in the front matter of the page ``rel`` (its full source ``text``).

    The types are checked on ``meta``, which MkDocs has already parsed; the page's YAML is
    parsed again (slowly, keeping lines) only to locate a problem, so that a site of
    thousands of correct pages pays next to nothing for the check.
    """
    match = FRONT_MATTER.match(text)
    if not match or not match.group(1).strip():
        return []
    if meta:
        found = list(_type_problems(meta, template_exists))
        if not found:
            return []
    try:
        source = parse_yaml(match.group(1), rel)
    except DataError as exc:
        return [_below_opening_line(p) for p in exc.problems]
    if not isinstance(source.data, dict):
        return [Problem(rel, 2, "", "the front matter (between the '---' lines) must be 'key: value' lines")]
    return [Problem(rel, source.line(path) + 1, field_name(path), message)
            for path, message in _type_problems(source.data, template_exists)]


def _type_problems(data: dict[str, Any], template_exists: Callable[[str], bool]):
    """(field path, message) for each theme key of the wrong type or value."""
    title = data.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        yield ("title",), f"expected text, got {_kind(title)}"
    for key in TEXT_KEYS:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            yield (key,), f"expected text, got {_kind(data[key])}"
    if "template" in data:
        template = data["template"]
        if not isinstance(template, str) or not template.strip():
            yield ("template",), f"expected the name of a theme template such as 'home.html', got {_kind(template)}"
        elif not template_exists(template):
            yield ("template",), f"no template '{template}' in the theme or in theme/ (custom_dir)"
    if "hide" in data:
        hide = data["hide"]
        if not isinstance(hide, list):
            yield ("hide",), f"expected a list such as [navigation, toc], got {_kind(hide)}"
        else:
            for i, item in enumerate(hide):
                if item not in HIDE:
                    yield ("hide", i), f"cannot hide '{item}'{did_you_mean(item, HIDE)}; choose from {', '.join(HIDE)}"
    if "tags" in data and not (isinstance(data["tags"], list) and all(isinstance(t, (str, int, float)) for t in data["tags"])):
        yield ("tags",), f"expected a list of words, got {_kind(data['tags'])}"
    if "search" in data:
        search = data["search"]
        if not isinstance(search, dict):
            yield ("search",), f"expected 'exclude: true' or 'boost: 2' lines, got {_kind(search)}"
            return
        checks = {"exclude": lambda v: isinstance(v, bool), "boost": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)}
        for key, value in search.items():
            if key not in checks:
                yield ("search", key), f"unknown field '{key}'{did_you_mean(key, checks)}; expected exclude or boost"
            elif not checks[key](value):
                yield ("search", key), f"expected {'true or false' if key == 'exclude' else 'a number'}, got {_kind(value)}"


def _below_opening_line(problem: Problem) -> Problem:
    """Lines of the YAML block → lines of the page (the block starts after '---')."""
    line = problem.line + 1 if problem.line else 1
    return Problem(problem.file, line, problem.field, problem.message.replace("this is not valid YAML", "the front matter is not valid YAML"))


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
