"""Schema checking with pydantic, translated into messages a non-programmer can act on."""

from __future__ import annotations

import re
import types
import typing
import weakref
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from . import kept, yamlerrors
from .problems import Problem, did_you_mean, thousands
from .sources import Source, field_name


class Strict(BaseModel):
    """Base of every data model: unknown keys are errors, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def blank_is_absent(cls, data: Any) -> Any:
        """An optional field left blank is a field not given. The browser editor (Decap CMS)
        saves a cleared field as ``website: ''`` and an emptied picture as ``image: {src: '',
        alt: ''}``; written by hand, ``updated:`` with nothing after it says the same.
        (Run for every point of every series: kept to a dictionary lookup and a short loop.)"""
        if type(data) is not dict:
            return data
        keys = _OPTIONAL.get(cls)
        if keys is None:
            keys = _OPTIONAL[cls] = tuple(i.alias or n for n, i in cls.model_fields.items() if not i.is_required())
        blank = None
        for key in keys:
            if key in data and (data[key] is None or type(data[key]) in _MAYBE_BLANK and _blank(data[key])):
                blank = (*(blank or ()), key)
        return {k: v for k, v in data.items() if k not in blank} if blank else data

    def __repr__(self) -> str:
        """Written once per object: a rebuild writes the same kept models down again and again
        as the keys of what is made of them (kept.py), and a model never changes (frozen)."""
        key = id(self)
        found = _REPRS.get(key)
        if found is not None and found[0]() is self:
            return found[1]
        text = super().__repr__()
        _REPRS[key] = (weakref.ref(self, lambda _, key=key: _REPRS.pop(key, None)), text)
        return text


_REPRS: dict[int, tuple[weakref.ref, str]] = {}  # id of a live model → (the model, its repr)
_OPTIONAL: dict[type, tuple[str, ...]] = {}  # each model's optional fields, by the name files use
_MAYBE_BLANK = (str, dict)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return False  # an emptied list is a list with nothing in it


def validate(model: type[BaseModel], source: Source, path: tuple = ()) -> tuple[Any, list[Problem]]:
    """Validate ``source.data`` (or the part at ``path``); return (model or None, problems)."""
    if (value := kept.validated(model, source.rel, path, source.data)) is not None:
        return value, []
    data = source.data
    for part in path:
        data = data[part]
    try:
        value, noticed = kept.noting(lambda: model.model_validate(data))
    except ValidationError as exc:
        return None, [_problem(model, source, path + tuple(err["loc"]), err) for err in exc.errors()]
    kept.remember(model, source.rel, path, source.data, value, noticed)
    return value, []


def salvage(model: type[BaseModel], source: Source) -> Any:
    """For a file that failed ``model`` (its problems already reported): the model built from its
    lists' valid entries, None in place of each entry with problems, so that positions (and so
    lines) stay true; without validation, for the checks that can still run on the valid part
    (every problem of a file in one run). None when the file's top level is not a mapping."""
    if not isinstance(source.data, dict):
        return None
    values = {}
    for name, info in model.model_fields.items():
        item = _unwrap(info.annotation)
        args = typing.get_args(item) if typing.get_origin(item) is list else ()
        if not (args and isinstance(args[0], type) and issubclass(args[0], BaseModel)):
            continue
        written = source.data.get(info.alias or name)
        entries = written if isinstance(written, list) else []
        values[name] = [
            validate(args[0], source, (name, i))[0] if isinstance(e, dict) else None for i, e in enumerate(entries)
        ]
    return model.model_construct(**values)


_COMMA_NUMBER = re.compile(r"[-+]?\d+(?:,\d+)+(?:\.\d+)?")  # 61,5 or 1,240 or 1,240.5


def _problem(model: type[BaseModel], source: Source, loc: tuple, err: dict) -> Problem:
    loc = _data_loc(source.data, loc)
    kind = err["type"]
    value = err.get("input")
    split = source.split_value(loc) if kind == "extra_forbidden" else None
    # a figure with a decimal comma, unless the field takes text ('{note: 12,5}' wants quotes)
    text_field = split and isinstance(kind_of := _type_at(model, split[0]), type) and issubclass(kind_of, str)
    if split and _COMMA_NUMBER.fullmatch(split[1]) and not text_field:
        loc, whole = split  # '{period: 2025-Q2, value: 61,5}': reported once, at the figure
        message = f"'{whole}' is one number, but inside {{...}} a comma ends a value: {number_fix(whole)}"
    elif split:
        message = _quote_fix(loc[-1], *split)
    elif kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        message = f"unknown field '{loc[-1]}'{did_you_mean(loc[-1], known)}"
        if known and not did_you_mean(loc[-1], known):
            message += f"; expected one of: {', '.join(sorted(known))}"
    elif kind == "missing":
        message = f"the required field '{loc[-1]}' is missing"
        loc = loc[:-1]  # point at the entry that lacks it
    elif kind == "string_type" and (text := _colon_split(value)) is not None:
        message = _colon_fix(loc, text)
    else:
        message = _explain(kind, value, err)
    return Problem(source.rel, source.line(loc), field_name(loc), message)


def number_fix(value: object) -> str:
    """How to write as a number what was written as text: '889,600' → 889600, '12,5' → 12.5,
    '€1,200' or '45 people' → the number alone. A typo ('12a', '11OO') gets the general rule."""
    text = value.strip() if isinstance(value, str) else ""
    parts = re.fullmatch(
        r"(?P<unit>[^\d\s+-]{1,3})?\s*(?P<number>[-+]?\d[\d,]*(?:\.\d+)?)(?P<after>\s*%|\s+\D.*)?", text
    )
    number = parts["number"] if parts else ""
    if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        return f"write it without the thousands separators, as {number.replace(',', '')}"
    if re.fullmatch(r"[-+]?\d+,\d+", number):
        return f"write decimals with a point, as {number.replace(',', '.')}"
    if parts and "," not in number:
        return f"write the number alone, as {number}: the unit is set once, not with each figure"
    return "write a number like 120 or 12.5, without units or thousands separators"


def _quote_fix(key: str, value_path: tuple, whole: str) -> str:
    """A key that an unquoted comma split off the value before it, inside '{...}'."""
    quoted = f'"{whole}"' if '"' not in whole else "'" + whole.replace("'", "''") + "'"
    return (
        f"'{key}' is the rest of the value of '{value_path[-1]}': inside {{...}} a comma ends a value, "
        f"so put the value in quotes: {value_path[-1]}: {quoted}"
    )


def _colon_split(value: Any) -> str | None:
    """The text a colon and a space turned into a one-entry mapping ('Say "organise": we write
    UK English.' is read as the key 'Say "organise"' with the value 'we write UK English.')."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (key, rest), plain = next(iter(value.items())), (str, int, float, type(None))
    if not isinstance(key, plain) or not isinstance(rest, plain) or isinstance(rest, bool):
        return None
    return f"{key}:" if rest is None else f"{key}: {rest}"


def _colon_fix(loc: tuple, text: str) -> str:
    where = "- " if loc and isinstance(loc[-1], int) else f"{loc[-1]}: " if loc else ""
    return (
        "expected text, but the colon and space in it make YAML read 'key: value'; "
        f"put the whole text in quotes: {where}{yamlerrors.quoted(text)}"
    )


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (lines of 'key: value')",
    "model_type": "a mapping (lines of 'key: value')",
    "model_attributes_type": "a mapping (lines of 'key: value')",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
}


def _explain(kind: str, value: Any, err: dict) -> str:
    got = _show(value)
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {got}"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {got}{did_you_mean(value, _literal_choices(expected))}"
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    if kind in ("too_short", "string_too_short"):
        least = err.get("ctx", {}).get("min_length", 1)
        if isinstance(value, str):
            return f"is empty: write at least {least} character{'s' if least != 1 else ''}"
        return f"needs at least {least} entr{'y' if least == 1 else 'ies'}"
    if kind in ("string_too_long", "too_long"):
        # a text says its characters, a list its entries (pydantic calls both 'too long')
        ctx = err.get("ctx", {})
        most, found = ctx.get("max_length"), ctx.get("actual_length") or len(value)
        if isinstance(value, str):
            return f"too long: shorten it to at most {thousands(most)} characters; it has {thousands(found)}"
        return f"too many entries: keep at most {thousands(most)}; it has {thousands(found)}"
    return f"{err['msg'][0].lower()}{err['msg'][1:]}, got {got}"


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _literal_choices(expected: str) -> list[str]:
    return [part.strip(" '\"") for part in expected.replace(" or ", ",").split(",") if part.strip(" '\"")]


def _data_loc(data: Any, loc: tuple) -> tuple:
    """``loc`` as a path into the data: without the branch names pydantic puts in the location
    of a union ("function-after[...]", "str"). A key the file really has is kept, even one
    that looks like a branch name ('b[odies' is a typo to report, not a tag to drop)."""
    out = []
    for part in loc:
        if (
            isinstance(data, dict)
            and part in data
            or isinstance(data, list)
            and isinstance(part, int)
            and 0 <= part < len(data)
        ):
            data = data[part]
        elif _is_union_tag(part):
            continue
        else:
            data = None  # a field the data lacks (a missing one): nothing further to follow
        out.append(part)
    return tuple(out)


def _is_union_tag(part: Any) -> bool:
    # pydantic puts the branch name of a union in the location ("function-after[...]", "str")
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float", "list[str]"})


def _type_at(model: Any, loc: tuple) -> Any:
    """The type the data at ``loc`` under ``model`` should have (None when unknown)."""
    current = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            current = info.annotation if info else None
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return _unwrap(current)


def _fields_at(model: Any, loc: tuple) -> list[str]:
    """Field names of the model found at ``loc`` under ``model`` (for 'did you mean')."""
    current = _type_at(model, loc)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    """Optional[X] / X | None / Annotated[X, ...] → X."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp


__all__ = ["Strict", "validate", "salvage", "Literal"]
