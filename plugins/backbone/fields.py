"""Field types shared by several data files."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from . import mdbounds
from .problems import ID_MAX, id_like, thousands  # noqa: F401 (id_like: examples spelt from the author's own value)

# Lengths no real partnership reaches. They bound the work a value can cause (every page,
# card, chart and feed it appears in) and say early that something pasted is not a name.
NAME_MAX = 120  # names of partners, bodies, people; short labels
SHORT_NAME_MAX = 40
TITLE_MAX = 200  # titles, taglines, headings
SUMMARY_MAX = 600  # summaries, roles, one-paragraph statements
TEXT_MAX = 5_000  # any other text
TAGS_MAX = 20  # tags (and aliases) of one story or metric

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


def _id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lower-case letters, digits and dashes, like '{id_like(value)}'"
        )
    if len(value) > ID_MAX:
        raise ValueError(
            f"this id is too long: shorten it to at most {ID_MAX} characters; it has {thousands(len(value))}"
        )
    return value


def _hex(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"'{value}' is not a colour: write it as a hex code like '#0b5d5b'")
    if len(value) == 4:
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value.lower()


# One plain address: no second address, query ('?cc=', '?subject=') or escape that would
# turn a contact link into something else.
_ADDRESS = re.compile(r"^[^@\s<>\"'?&,;:%()\[\]\\/]+@[^@\s<>\"'?&,;:%()\[\]\\/]+\.[a-zA-Z]{2,}$")


def _url(value: str) -> str:
    if not re.match(r"^(https?://|mailto:)[^\s<>\"']+$", value):
        raise ValueError(f"'{value}' is not a web address: it must start with https:// (or mailto:)")
    if value.startswith("mailto:") and not _ADDRESS.match(value.removeprefix("mailto:")):
        raise ValueError(
            f"'{value}' is not a plain e-mail link: write one address after mailto:, like "
            "'mailto:info@example.org', with nothing after it (no '?cc=', '?subject=' or second address)"
        )
    return value


def _email(value: str) -> str:
    if not _ADDRESS.match(value):
        raise ValueError(f"'{value}' is not an e-mail address: write one plain address, like 'info@example.org'")
    return value


def _partial_date(value: object) -> str:
    text = str(value)
    m = _DATE.fullmatch(text)
    try:
        if not m:
            raise ValueError
        dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))  # a real month and day
    except ValueError:
        raise ValueError(
            f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, like '2024', '2024-03' or '2024-03-18'"
        ) from None
    return text


def _text(value: object) -> object:
    # Numbers typed where text is expected ("cadence: 4") are fine as text.
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _markdown(value: str) -> str:
    """Markdown Backbone renders itself (a metric's story): bounded as pages are (mdbounds)."""
    if why := mdbounds.problem(value, fences=False):
        line, message = why
        where = f"its line {line + 1}" if line else "its first line"
        raise ValueError(message.replace("this line", where))
    return value


Id = Annotated[str, AfterValidator(_id)]
# A reference to an id defined elsewhere (a partner, a body, a metric): its spelling is checked
# against the ids it may name (checks.Checks.known), not against the rules for ids, so that a
# name or a title written in its place is answered with the id it means.
Ref = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=TITLE_MAX)]
Colour = Annotated[str, AfterValidator(_hex)]
Url = Annotated[str, AfterValidator(_url)]
Email = Annotated[str, AfterValidator(_email)]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
Text = Annotated[str, BeforeValidator(_text), Field(max_length=TEXT_MAX)]
MarkdownText = Annotated[str, BeforeValidator(_text), Field(max_length=TEXT_MAX), AfterValidator(_markdown)]
Name = Annotated[str, BeforeValidator(_text), Field(max_length=NAME_MAX)]
ShortName = Annotated[str, BeforeValidator(_text), Field(max_length=SHORT_NAME_MAX)]
Title = Annotated[str, BeforeValidator(_text), Field(max_length=TITLE_MAX)]
Summary = Annotated[str, BeforeValidator(_text), Field(max_length=SUMMARY_MAX)]
# A name the partnership gives something readers see on every page (a sector, a unit): one
# text, or one per language ({en: ..., es: ...}): Label in identity/translated.py.
