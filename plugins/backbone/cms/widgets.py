"""A pydantic model's fields → Decap CMS fields, read from the types and limits that validate them.

The walk follows each field's annotation: a ``Literal`` is a select, a date a date picker, an id
a text box with the id's pattern, a list of models a list of objects, a length limit a pattern
that says it; references to other entries (``Ref``) are relations or selects (``choices.py``).
The validator functions of ``backbone.fields`` and the models tell the kinds apart. A type, a
validator or a reference the walk does not know stops it with ``UnknownField``: a new field of a
model must be given its form before the editor is published (tests/test_cms_config.py).

Only options that both Decap CMS and Sveltia CMS read are used, so a partnership can swap in
Sveltia with the same configuration.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import annotated_types as at
from pydantic import AfterValidator, BaseModel, BeforeValidator, Tag
from pydantic.fields import FieldInfo

from .. import fields as base
from ..identity import languages, translated
from ..identity import model as identity
from ..learning import model as learning
from ..metrics import model as metrics
from ..stories import model as stories
from . import labels as words
from .labels import Labels, hint_of, label_of


class UnknownField(Exception):
    """A field whose form the walk cannot tell (a new type, validator or reference)."""


# What each validator function says about its value.
KINDS: dict[Callable, str] = {
    base._text: "text",
    base._id: "id",
    base._hex: "colour",
    base._url: "url",
    base._email: "email",
    base._partial_date: "partial-date",
    stories._day: "date",
    stories._summary: "text",
    metrics.number: "number",
    metrics.period_text: "period",
    metrics.currency_code: "currency",
    identity._font_list: "text",
    languages.language_tag: "text",  # a BCP 47 tag, checked by the build
    translated._whole: "text",  # a text, or one per language (the form edits the text: see _one_text)
    learning._consent: "choice",
}
LIMITS = {stories._summary: stories.SUMMARY_MAX}  # limits a validator checks itself

DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
PATTERNS = {  # kind → (regular expression, the message shown when a value does not match)
    "period": (r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$", words.PERIOD_PATTERN),
    "partial-date": (r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$", words.PARTIAL_DATE_PATTERN),
    "url": (r"^(https?://|mailto:)[^\s<>\"']+$", words.URL_PATTERN),
    "email": (r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-zA-Z]{2,}$", words.EMAIL_PATTERN),
    "currency": (r"^[A-Z]{3}$", words.CURRENCY_PATTERN),
}
SHORT_TEXT = base.TITLE_MAX  # up to this many characters a value is one line; longer ones get a box


@dataclass(frozen=True)
class Shape:
    """What an annotation allows: its kind and limits."""

    kind: str  # text, id, colour, url, email, partial-date, date, period, currency, number, int, float,
    #            bool, choice, object, list, map, any
    optional: bool = False
    min_length: int | None = None
    max_length: int | None = None
    ge: float | None = None
    le: float | None = None
    choices: tuple = ()
    model: type[BaseModel] | None = None
    item: Shape | None = None  # of a list, or the values of a map
    key: Shape | None = None  # the keys of a map
    per_language: bool = False  # a text, or one per language (translated.per_language)


def shape_of(annotation: Any, metadata: list | tuple = ()) -> Shape:
    """The Shape of a field's annotation (pydantic keeps a top-level Annotated's extras in ``metadata``)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return shape_of(inner, [*extra, *metadata])
    if origin in (typing.Union, types.UnionType):
        every = [a for a in typing.get_args(annotation) if a is not type(None)]
        args = _one_text(every)
        if len(args) != 1:
            raise UnknownField(f"a union of {args}")
        inner = shape_of(args[0], metadata)
        # optional where None is allowed (a text given per language is a union without None)
        optional = inner.optional or len(every) < len(typing.get_args(annotation))
        return replace(inner, optional=optional, per_language=inner.per_language or len(args) < len(every))
    limits = _limits(metadata)
    kinds = {KINDS[f] for f in _validators(metadata) if f in KINDS}
    unknown = [f for f in _validators(metadata) if f not in KINDS]
    if unknown:
        raise UnknownField(f"the validator {unknown[0].__module__}.{unknown[0].__qualname__}")
    if origin is typing.Literal:
        return Shape("choice", choices=typing.get_args(annotation), **limits)
    if origin is list:
        return Shape("list", item=shape_of(typing.get_args(annotation)[0]), **limits)
    if origin is dict:
        key, value = typing.get_args(annotation)
        return Shape("map", key=shape_of(key), item=shape_of(value), **limits)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("object", model=annotation)
    if kinds - {"text"}:
        return Shape(next(iter(kinds - {"text"})), **limits)
    simple = {str: "text", bool: "bool", int: "int", float: "float", dt.date: "date", Any: "any"}
    if annotation in simple:
        return Shape(simple[annotation], **limits)
    raise UnknownField(f"the type {annotation!r}")


def _one_text(args: list) -> list:
    """A text given per language (translated.per_language) is shaped as its text branch; on a
    site in several languages the form edits it one box per language (``_per_language``)."""
    texts = [a for a in args if any(isinstance(m, Tag) and m.tag == "[text]" for m in typing.get_args(a)[1:])]
    return texts if texts else args


def _validators(metadata) -> list[Callable]:
    return [m.func for m in _flat(metadata) if isinstance(m, (AfterValidator, BeforeValidator)) and _named(m.func)]


def _named(func: Callable) -> bool:
    return func.__name__ != "<lambda>"  # a lambda only passes the value on


def _flat(metadata) -> list:
    out = []
    for m in metadata:
        out.extend(_flat(m.metadata) if isinstance(m, FieldInfo) else [m])
    return out


def _limits(metadata) -> dict:
    found: dict[str, Any] = {}
    for m in _flat(metadata):
        if isinstance(m, at.MinLen):
            found["min_length"] = m.min_length
        elif isinstance(m, at.MaxLen):
            found["max_length"] = m.max_length
        elif isinstance(m, at.Ge):
            found["ge"] = m.ge
        elif isinstance(m, at.Le):
            found["le"] = m.le
    for f in _validators(metadata):
        if f in LIMITS:
            found["max_length"] = LIMITS[f]
    return found


@dataclass
class Walk:
    """How to walk one collection's models: the labels, the references and the special fields."""

    t: Labels
    # a reference kind ('partner', 'claim'...) and whether several are chosen → the widget's options
    reference: Callable[[str, bool], dict]
    # 'Model.field' → the kind of entry it names ('partner', 'metric'...)
    references: dict[str, str] = field(default_factory=dict)
    # 'Model.field' → a function (walk, base field) → the CMS field, for what the type alone cannot say
    special: dict[str, Callable[[Walk, dict], dict]] = field(default_factory=dict)
    choice_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # 'Model.field' → value → label
    number: Callable[[float], str] = str  # a count as the site's language writes it ('5,000', '5 000')
    languages: tuple[str, ...] = ()  # several: a text given per language is one box per language
    language_name: Callable[[str], str] = str  # 'es' → 'Spanish', in the editor's language


def model_fields(model: type[BaseModel], walk: Walk, owner: str | None = None) -> list[dict]:
    """The CMS fields of every field of ``model`` (those read only to say they moved are left out)."""
    owner = owner or model.__name__
    out = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        key = info.alias or name
        annotation = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        shape = None if f"{owner}.{key}" in walk.special else shape_of(annotation)
        out.append(cms_field(owner, key, shape, walk, required=info.is_required(), info=info))
    return out


def cms_field(
    owner: str, name: str, shape: Shape | None, walk: Walk, required: bool = True, info: FieldInfo | None = None
) -> dict:
    """One CMS field for the field ``name`` of ``owner`` of the given Shape."""
    t = walk.t
    try:
        label = label_of(owner, name)
    except KeyError:
        raise UnknownField(f"{owner}.{name} has no label in backbone/cms/labels.py") from None
    out: dict[str, Any] = {"name": name, "label": t(label)}
    if (hint := hint_of(owner, name)) is not None:
        out["hint"] = t(hint)
    where = f"{owner}.{name}"
    if where in walk.special:  # its form is written out in collections.py
        out["required"] = required
        return walk.special[where](walk, out)
    out["required"] = required and not shape.optional
    if where in walk.references:
        return {**out, **_reference(walk, walk.references[where], shape)}
    out.update(_widget(owner, name, shape, walk))
    if shape.per_language and len(walk.languages) > 1:
        out = _per_language(out, walk)
    if info is not None and not info.is_required() and isinstance(info.default, (str, int, float, bool)):
        out["default"] = info.default  # what the site assumes when the field is left out
    return out


def _per_language(out: dict, walk: Walk) -> dict:
    """One box per language, saved as the mapping the data files write (``{en: ..., es: ...}``):
    never one text that would overwrite every translation. The first language's is required
    where the text is (every other falls back to it); a value written as one text shows in
    every box and is saved as the same text in each."""
    text = {k: v for k, v in out.items() if k in ("widget", "pattern")}
    boxes = [
        {"name": tag, "label": walk.language_name(tag), **text, "required": out["required"] and n == 0}
        for n, tag in enumerate(walk.languages)
    ]
    head = {k: v for k, v in out.items() if k in ("name", "label", "hint", "required")}
    return {**head, "widget": "object", "collapsed": False, "fields": boxes}


EVERY = "*"  # in a path of per_language_fields: every item of a list, every value of a map


def per_language_fields(model: type[BaseModel]) -> list[tuple[str, ...]]:
    """The path of every text of ``model`` that may be given per language (its field names as the
    files write them, ``EVERY`` for the items of a list or the values of a map): the fields this
    walk makes one box per language on a site in several languages. A field whose form the types
    cannot say (collections.py writes it out: a picture, a breakdown) holds no such text."""
    out: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        annotation = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        try:
            shape = shape_of(annotation)
        except UnknownField:
            continue
        out += _per_language_in(shape, (info.alias or name,))
    return out


def _per_language_in(shape: Shape, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    if shape.per_language:
        return [path]
    if shape.kind == "object":
        return [path + inner for inner in per_language_fields(shape.model)]
    if shape.kind in ("list", "map"):
        return _per_language_in(shape.item, (*path, EVERY))
    return []


def _reference(walk: Walk, kind: str, shape: Shape) -> dict:
    many = shape.kind == "list"
    options = walk.reference(kind, many)
    if many and shape.max_length is not None:
        options["max"] = shape.max_length
    return options


def _widget(owner: str, name: str, shape: Shape, walk: Walk) -> dict:
    t = walk.t
    kind = shape.kind
    if kind in ("text", "id", "url", "email", "period", "partial-date", "currency"):
        return _text(shape, t, walk.number)
    if kind == "colour":
        return {"widget": "color", "allowInput": True}
    if kind == "date":
        return dict(DATE)
    if kind in ("number", "float", "int"):
        out = {"widget": "number", "value_type": "int" if kind == "int" else "float"}
        if shape.ge is not None:
            out["min"] = shape.ge
        if shape.le is not None:
            out["max"] = shape.le
        if kind == "float" and shape.le is not None and shape.le <= 1:
            out["step"] = 0.01  # a share: 0.05
        return out
    if kind == "bool":
        return {"widget": "boolean"}
    if kind == "choice":
        named = walk.choice_labels.get(f"{owner}.{name}", {})
        return {
            "widget": "select",
            "options": [{"label": t(named.get(str(v), str(v))), "value": v} for v in shape.choices],
        }
    if kind == "object":
        fields = model_fields(shape.model, walk)
        if shape.optional:  # Decap would ask for the parts of an object the editor leaves out
            fields = [{**f, "required": False} for f in fields]
        return {"widget": "object", "fields": fields}
    if kind == "list" and shape.item.kind == "object":
        fields = model_fields(shape.item.model, walk)
        return _count({"widget": "list", "fields": fields, "summary": _summary(fields)}, shape)
    if kind == "list":
        item = cms_field(owner, name, shape.item, walk)
        item = {k: v for k, v in item.items() if k not in ("hint", "required")}
        return _count({"widget": "list", "field": item}, shape)
    raise UnknownField(f"{owner}.{name}: a {kind} has no form (give it one in backbone/cms/collections.py)")


def _text(shape: Shape, t: Labels, number: Callable[[float], str] = str) -> dict:
    long = shape.max_length is not None and shape.max_length > SHORT_TEXT
    out: dict[str, Any] = {"widget": "text" if long else "string"}
    if shape.kind == "id":
        out["pattern"] = [rf"^(?=.{{1,{base.ID_MAX}}}$)[a-z0-9][a-z0-9-]*$", t(words.ID_PATTERN, limit=base.ID_MAX)]
    elif shape.kind in PATTERNS:
        regex, message = PATTERNS[shape.kind]
        out["pattern"] = [regex, t(message)]
    elif shape.max_length is not None:
        out["pattern"] = [rf"^[\s\S]{{0,{shape.max_length}}}$", t(words.LIMIT, limit=number(shape.max_length))]
    return out


def _count(out: dict, shape: Shape) -> dict:
    if shape.min_length:
        out["min"] = shape.min_length
    if shape.max_length is not None:
        out["max"] = shape.max_length
    return out


def _summary(fields: list[dict]) -> str:
    """What a collapsed row of a list shows: its first naming field."""
    names = [f["name"] for f in fields]
    for wanted in ("name", "title", "label", "period", "partner", "decision", "who", "id", "network", "what"):
        if wanted in names:
            extra = " · {{fields.value}}" if wanted == "period" and "value" in names else ""
            return f"{{{{fields.{wanted}}}}}{extra}"
    return f"{{{{fields.{names[0]}}}}}"
