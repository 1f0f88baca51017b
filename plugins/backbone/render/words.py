"""Backbone's own words in the site's language: gettext catalogs managed by Babel.

Every word Backbone writes for readers (templates, status words, generated sentences, chart
descriptions, card and e-mail texts, feed titles) is a message of ``locale/backbone.pot``,
translated in ``locale/<language>/LC_MESSAGES/backbone.po``. The ``.po`` files are read with
Babel at run time, once per language and process (no compile step: what a translator edits
is what a build uses, in a wheel as in a checkout).

A ``Words`` belongs to one language and is handed down with the build's ``Formats``
(``Formats.words``): there is no "current language" anywhere. Placeholders are named,
``%(name)s``, as in Jinja's newstyle gettext, so a translation can put them in any order.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "backbone"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE = "en"  # the language of the msgids


def translated() -> tuple[str, ...]:
    """The languages Backbone's words are translated into: 'de', 'en', 'es', 'fr'."""
    return tuple(sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def language_of(locale: Locale) -> str | None:
    """The catalog a locale reads: its own ('pt_BR') if there is one, else its language's
    ('fr' for fr-CA, 'es' for es-MX, 'en' for en-GB); None when Backbone has neither."""
    names = translated()
    full = str(locale)
    if full in names:
        return full
    return locale.language if locale.language in names else None


class Words:
    """gettext for one language, with named placeholders filled in: ``words.gettext("Updated
    %(date)s", date=...)``. What it fills in is already written for readers (figures by
    render/numbers.py, dates by Formats)."""

    def __init__(self, language: str | None, translations: NullTranslations):
        self.language = language  # the catalog used, None when the site's language has none
        self.translations = translations

    def gettext(self, message: str, /, **values) -> str:
        return _fill(self.translations.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: float, /, **values) -> str:
        return _fill(self.translations.ngettext(singular, plural, count(n)), {"num": n, **values})

    def pgettext(self, context: str, message: str, /, **values) -> str:
        return _fill(self.translations.pgettext(context, message), values)

    def npgettext(self, context: str, singular: str, plural: str, n: float, /, **values) -> str:
        return _fill(self.translations.npgettext(context, singular, plural, count(n)), {"num": n, **values})


def count(n: float) -> int:
    """gettext's plural formulas take whole numbers; a fraction reads as 'other' in every
    language Backbone has, as 2 does."""
    return int(n) if float(n).is_integer() else 2


def _fill(text: str, values: dict) -> str:
    return text % values if values else text


@lru_cache(maxsize=16)
def words_for(locale: Locale) -> Words:
    """The words of a locale: its catalog's, or English's msgids where it has none."""
    language = language_of(locale)
    if language is None or language == SOURCE:
        return Words(language, _translations(SOURCE) if language else NullTranslations())
    return Words(language, _translations(language))


@lru_cache(maxsize=16)
def _translations(language: str) -> Translations:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog (scripts/catalogs.sh extracts every ``N_("...")``): it
    is translated where it is shown, by the ``Words`` of the page's language; a message to the
    team stays English."""
    return message
