"""Text a data file gives per language: ``name: {en: Riverbend Works, es: Obras Riverbend}``.

One type for every reader text of the data (``per_language(Name)``): a plain string stays valid
and is the same text in every language; a mapping gives it per language. A mapping is kept as a
``Translated``, a ``str`` whose value is the site's first language's text, with every language's
text beside it: code that reads the field as text keeps working and reads the default language,
and ``localized`` turns a whole model into one language's (a model per language, from the data
read once).

The languages a mapping may name are the site's (identity.yml's ``languages``): ``reading`` sets
them while the project's files are validated, so that a language the site does not declare, or a
mapping without the first language's text (the one every other falls back to), is a problem
located at its key like any other.
"""

from __future__ import annotations

import copy as copy_module
import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Discriminator, Tag

from ..fields import Name
from ..kept import notice, noticing
from .languages import language_tag


@dataclasses.dataclass(frozen=True)
class SiteLanguages:
    """The site's languages, the first the default."""

    tags: tuple[str, ...]

    @property
    def default(self) -> str:
        return self.tags[0]

    def listed(self) -> str:
        return ", ".join(self.tags)


@dataclasses.dataclass
class Reading:
    """What validation found while the project's files were read (kept.notice)."""

    noticed: set[str] = dataclasses.field(default_factory=set)

    @property
    def translated(self) -> bool:
        """Some text is given per language: each build's model is localized."""
        return TRANSLATED in self.noticed


TRANSLATED = "translated"


_SITE: ContextVar[SiteLanguages | None] = ContextVar("backbone_site_languages", default=None)


@contextmanager
def reading(tags: Sequence[str] | None) -> Iterator[Reading]:
    """Validate the files read inside against the site's languages ``tags`` (None: any language
    CLDR knows, for a site whose identity.yml cannot say)."""
    found = Reading()
    token = _SITE.set(SiteLanguages(tuple(tags)) if tags else None)
    try:
        # a model kept from a read under other languages is validated again (its default's text)
        with noticing(found.noticed, ("languages", tuple(tags or ()))):
            yield found
    finally:
        _SITE.reset(token)


class Translated(str):
    """A text given per language. As a ``str`` it is the site's first language's text (or the
    first given, where the site's languages are not known); ``texts`` has every language's."""

    texts: dict[str, str]
    language: str  # the language whose text it is as a str

    def __new__(cls, texts: dict[str, str], default: str | None = None) -> Translated:
        language = default if default in texts else next(iter(texts))
        self = super().__new__(cls, texts[language])
        self.texts, self.language = texts, language
        return self

    def __reduce__(self):  # pickled (the build's caches) as what it is, not as a plain str
        return (Translated, (self.texts, self.language))

    def get(self, language: str, default: str) -> str:
        """The text in ``language``; the ``default`` language's where it has none."""
        return self.texts.get(language) or self.texts.get(default) or str(self)


def _language_key(value: object) -> str:
    text = str(value)
    try:
        tag = language_tag(text)
    except ValueError as exc:
        raise ValueError(
            f"{exc}. A text given per language is a mapping of language tags, like "
            "'name: {en: Riverbend Works, es: Obras Riverbend}'; if this is one text with a colon "
            "and a space in it, put the whole text in quotes"
        ) from None
    site = _SITE.get()
    if site is not None and tag not in site.tags:
        raise ValueError(
            f"'{tag}' is not one of the site's languages ({site.listed()}): add it to 'languages' in "
            f"data/identity.yml, or remove this translation"
        )
    return tag


def _whole(texts: str | dict[str, str]) -> str:
    if isinstance(texts, str):
        return texts
    # a language's box the browser editor saves empty ('es: ""') is a text not given: it falls back
    texts = {tag: text for tag, text in texts.items() if text.strip()}
    if not texts:
        raise ValueError("no text given: write the text, or one per language like '{en: ..., es: ...}'")
    site = _SITE.get()
    if site is not None and site.default not in texts:
        raise ValueError(
            f"no text in {site.default}, the site's first language, which every other language falls back "
            f"to: add '{site.default}: ...' beside {', '.join(texts)}"
        )
    notice(TRANSLATED)  # kept with the model it is part of (kept.noting)
    return Translated(texts, site.default if site else None)


def _branch(value: object) -> str:
    return "[per language]" if isinstance(value, dict) else "[text]"


LanguageKey = Annotated[str, BeforeValidator(_language_key)]


def per_language(text: Any) -> Any:
    """The field type ``text`` (Name, Title, Text...), or a mapping of the site's languages to
    it. Only the branch the value's shape picks is checked, so that a wrong value gets one
    message (the branch names in brackets are dropped from its location, schema._data_loc)."""
    return Annotated[
        Annotated[text, Tag("[text]")] | Annotated[dict[LanguageKey, text], Tag("[per language]")],
        Discriminator(_branch),
        AfterValidator(_whole),
    ]


# A name the partnership gives something readers see on every page (a sector, a unit's words).
Label = per_language(Name)


def localized(value: Any, language: str, default: str) -> Any:
    """``value`` (a model, a dataclass, a list, a mapping...) with every ``Translated`` in it
    replaced by its text in ``language`` (the ``default`` language's where it has none): the
    model of one language's build, from the data read once. The same object where nothing in it
    is translated, so that a site in one language shares everything."""
    if isinstance(value, Translated):
        return value.get(language, default)
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, BaseModel):
        names = type(value).model_fields
        return _rebuilt(value, names, language, default, lambda changed: value.model_copy(update=changed))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value) if f.init]
        return _rebuilt(value, names, language, default, lambda changed: dataclasses.replace(value, **changed))
    if isinstance(value, (list, tuple)):
        items = [localized(v, language, default) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items) if type(value) in (list, tuple) else items
    if isinstance(value, dict):
        items = {k: localized(v, language, default) for k, v in value.items()}
        if all(items[k] is v for k, v in value.items()):
            return value
        if type(value) is dict:
            return items
        copy = copy_module.copy(value)  # a dict that carries more (checks.Declared: its broken ids)
        copy.update(items)
        return copy
    return value


def _rebuilt(value: Any, names, language: str, default: str, rebuild) -> Any:
    changed = {}
    for name in names:
        item = getattr(value, name, None)
        new = localized(item, language, default)
        if new is not item:
            changed[name] = new
    return rebuild(changed) if changed else value
