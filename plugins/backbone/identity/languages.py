"""The site's language: a BCP 47 tag CLDR knows ('en', 'en-GB', 'fr-CA', 'es-MX', 'pt-BR').

The tag decides how figures and dates are written (render/formats.py: CLDR follows the region,
so 'en-GB' writes '20 August 2025' where 'en' writes 'August 20, 2025'), what ``<html lang>``
and ``og:locale`` say ('en-GB', 'en_GB'), and which of the theme's translations its own words
come from: mkdocs-material is translated into some 60 languages, mostly without a region, so
'en-GB' takes 'en', 'pt-BR' takes Material's 'pt-BR', 'fr-CA' takes 'fr'. The theme loads
``partials/languages/<translation>.html`` by that name; only a name it ships reaches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers

from ..problems import close_match

EXAMPLES = "'en', 'en-GB', 'fr-CA', 'es-MX' or 'pt-BR'"
# language, then an optional script (Latn, Hant), then an optional region (GB, 419)
_TAG = re.compile(r"([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{4}))?(?:[-_]([a-zA-Z]{2}|\d{3}))?")
FALLBACK = "en"  # the theme's words where it has no translation near the site's language


def language_tag(value: str) -> str:
    """identity.yml's ``language`` as a BCP 47 tag in its usual case ('pt-br' → 'pt-BR',
    'EN' → 'en', 'en_GB' → 'en-GB'); ValueError, with the tag meant, when CLDR does not know it."""
    text = value.strip()
    m = _TAG.fullmatch(text)
    if m:
        tag = "-".join(p for p in (m[1].lower(), m[2] and m[2].title(), m[3] and m[3].upper()) if p)
        if _known(tag):
            return tag
    hint = _suggest(text)
    raise ValueError(
        f"'{text}' is not a language Backbone knows: write its BCP 47 tag, such as {EXAMPLES}"
        + (f"; did you mean '{hint}'?" if hint else "")
    )


def _known(tag: str) -> bool:
    """CLDR has the tag as written: an alias it would read as another ('fre', 'iw') is not."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    parts = tag.split("-")
    return locale.language == parts[0] and all(p in (locale.script, locale.territory) for p in parts[1:])


def _suggest(text: str) -> str | None:
    """The tag a language's English name or a slip of a tag means: 'English' → 'en',
    'British English' → 'en-GB', 'fre' → 'fr'."""
    names = _names()
    folded = " ".join(text.casefold().split())
    if folded in names:
        return names[folded]
    if m := _TAG.fullmatch(text):
        try:  # its language alone ('en' for 'en-XX'), or the code CLDR reads an older one as ('fr' for 'fre')
            return Locale.parse(m[1].lower()).language
        except (ValueError, TypeError, UnknownLocaleError):
            pass
    name = close_match(folded, names)
    return names[name] if name else close_match(text.replace("_", "-"), _tags())


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    english = Locale.parse("en")
    tags = {code: code.replace("_", "-") for code in english.languages}
    return {name.casefold(): tags[code] for code, name in english.languages.items() if _known(tags[code])}


@lru_cache(maxsize=1)
def _tags() -> tuple[str, ...]:
    return tuple(i.replace("_", "-") for i in locale_identifiers() if i != "root")


def theme_translation(tag: str, available: Iterable[str]) -> str | None:
    """The theme's translation nearest to ``tag``: the tag itself, then its language and script
    ('zh-Hant' for 'zh-HK'), then its language ('en' for 'en-GB'); None when the theme has none
    of them (its words are then English, FALLBACK)."""
    known = {name.lower(): name for name in available}
    locale = Locale.parse(tag, sep="-")
    for candidate in (tag, f"{locale.language}-{locale.script}" if locale.script else "", locale.language):
        if candidate and candidate.lower() in known:
            return known[candidate.lower()]
    return None


def declared_languages(identity: object) -> tuple[str, ...] | None:
    """The site's languages as identity.yml (read, not yet validated) lists them, the default
    first: ``languages: [en, es]``, else ``language: en``, else English. None when they cannot
    be read (a tag CLDR does not know...): identity.yml's own check says so, and meanwhile no
    text is refused for its language."""
    data = identity if isinstance(identity, dict) else {}
    written = data.get("languages") or [data.get("language") or FALLBACK]
    try:
        return tuple(language_tag(str(tag)) for tag in written) if isinstance(written, list) else None
    except ValueError:
        return None
