"""How a site writes figures, dates and periods for its readers, in its language.

One ``Formats`` per language, made once a build from identity.yml's ``language`` (a BCP 47
tag: 'en', 'en-GB', 'fr-CA', 'pt-BR') and handed down to everything that writes for readers:
pages, charts, cards, e-mails, feeds and the report. There is no "current" locale anywhere: a
build in another language makes another ``Formats`` and hands that one down.

CLDR (through Babel) decides how: the separators and signs of figures (render/numbers.py),
the order of day, month and year ('August 20, 2025' in en, '20 August 2025' in en-GB,
'20 août 2025' in fr), the names of months and quarters ('Q2 2026', 'T2 2026' in fr and es),
and which plural form a count takes. CLDR has no half-years or fiscal years; Backbone's
periods are years, quarters and months.

Machine-readable outputs do not use it: CSV downloads keep plain numbers and ISO dates, feeds
keep their RFC 822 and RFC 3339 dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Protocol

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_skeleton
from babel.numbers import get_territory_currencies

from . import numbers
from .numbers import Scale, Squeezable, locale_of
from .words import Words, words_for


class PeriodLike(Protocol):
    """What a period is made of (metrics.periods.Period): its year, its kind and its place in
    the year (0-based: the third quarter is 2)."""

    granularity: str

    @property
    def year(self) -> int: ...

    @property
    def index(self) -> int: ...


@dataclass(frozen=True)
class Formats:
    tag: str  # the site's language as a BCP 47 tag: 'en-GB'
    locale: Locale  # CLDR's locale for it: en_GB

    @property
    def words(self) -> Words:
        """Backbone's own words in this language (render/words.py): English where Backbone
        has no catalog for it."""
        return words_for(self.locale)

    # -- figures (render/numbers.py, in this locale) -----------------------------------------
    def number(self, value: float, decimals: int = 0) -> str:
        return numbers.number(value, decimals, locale=self.locale)

    def money(self, value: float, currency: str, decimals: int = 0) -> str:
        return numbers.money(value, currency, decimals, locale=self.locale)

    def percent(self, fraction: float, decimals: int = 0) -> str:
        """A share: 0.245 → '24.5%'."""
        return numbers.percent(fraction, decimals, locale=self.locale)

    def value(self, value: float, unit: str, decimals: int = 0, currency: str | None = None) -> str:
        return numbers.value(value, unit, decimals, currency, locale=self.locale)

    def difference(self, delta: float, unit: str, decimals: int = 0, currency: str | None = None) -> str:
        """An absolute change without its sign; percent metrics change in points ('1.5 points',
        '1,5 point' in French), the word chosen by the language's plural rule for the figure as written."""
        if unit == "percent":
            amount = numbers.number(abs(delta), decimals, locale=self.locale)
            one = self.plural(abs(delta), decimals) == "one"  # '1.0' is plural in English, as written
            return self.words.ngettext("%(num)s point", "%(num)s points", 1 if one else 2, num=amount)
        return numbers.difference(delta, unit, decimals, currency, locale=self.locale)

    def ratio(self, value: float) -> str:
        return numbers.ratio(value, locale=self.locale)

    def scale_for(self, values, unit: str = "count") -> Scale:
        return numbers.scale_for(values, unit, locale=self.locale)

    def short(self, figure: float, unit: str, decimals: int, currency: str | None, scale: Scale) -> str:
        return numbers.short(figure, unit, decimals, currency, scale, locale=self.locale)

    def squeezable(
        self, figure: float, unit: str, decimals: int = 0, currency: str | None = None, word: str = ""
    ) -> Squeezable:
        return numbers.squeezable(figure, unit, decimals, currency, self.tag, word)

    @property
    def territory(self) -> str | None:
        """The region the language is written in: its own ('GB' for en-GB), else the one CLDR
        finds most likely ('US' for en, 'FR' for fr); None where CLDR has none."""
        if self.locale.territory:
            return self.locale.territory
        likely = get_global("likely_subtags").get(self.locale.language, "")
        return next((p for p in likely.split("_")[1:] if len(p) == 2 and p.isalpha()), None)

    def currency(self, day: dt.date) -> str | None:
        """The region's currency on ``day`` ('GBP' for en-GB, 'EUR' for fr), for a new site's
        amounts; None where CLDR knows none."""
        found = get_territory_currencies(self.territory, day, tender=True) if self.territory else []
        return found[0] if found else None

    def plural(self, count: float, decimals: int = 0) -> str:
        """CLDR's plural category of ``count`` as written with ``decimals`` decimals: 'one' for
        1 but 'other' for '1.0' in English, 'one' for 0 in French, 'many' for a million in
        French and Spanish."""
        return self.locale.plural_form(round(abs(Decimal(count)), decimals))

    # -- dates and periods ------------------------------------------------------------------
    def date(self, day: dt.date) -> str:
        """A day in full: 'August 20, 2025' (en), '20 August 2025' (en-GB), '20. August 2025' (de)."""
        return _date(self.locale, day)

    def month(self, year: int, month: int) -> str:
        """'July 2026', 'juillet 2026', 'julio de 2026'."""
        return _skeleton(self.locale, "yMMMM", year, month)

    def month_short(self, year: int, month: int) -> str:
        """For tight places (chart axes): 'Jul 2026', 'juil. 2026'."""
        return _skeleton(self.locale, "yMMM", year, month)

    def quarter(self, year: int, quarter: int) -> str:
        """'Q2 2026' (en, de), 'T2 2026' (fr, es)."""
        return _skeleton(self.locale, "yQQQ", year, quarter * 3)

    def period(self, period: PeriodLike) -> str:
        """A reporting period for readers: '2026', 'Q2 2026', 'July 2026'."""
        return self._period(period, self.month)

    def period_short(self, period: PeriodLike) -> str:
        """A period where room is short (chart axes): '2026', 'Q2 2026', 'Jul 2026'."""
        return self._period(period, self.month_short)

    def period_names(self) -> dict[str, list[str]]:
        """Each quarter's and month's label with '{y}' for its year ('T2 {y}', 'julio de {y}'),
        for a writer outside Python (the browser editor's previews)."""
        year = "2001"  # its digits are in no other part of a label
        return {
            "quarters": [self.quarter(2001, q).replace(year, "{y}") for q in range(1, 5)],
            "months": [self.month(2001, m).replace(year, "{y}") for m in range(1, 13)],
        }

    def _period(self, period: PeriodLike, month) -> str:
        if period.granularity == "quarter":
            return self.quarter(period.year, period.index + 1)
        if period.granularity == "month":
            return month(period.year, period.index + 1)
        return str(period.year)


@lru_cache(maxsize=16)
def formats_for(language: str) -> Formats:
    """The Formats of a language tag ('en', 'en-GB'); one Babel does not know is written as its
    base language, then as English (identity.yml's check says so before a build gets here)."""
    return Formats(language, locale_of(language))


@lru_cache(maxsize=4096)  # a site writes a few hundred periods, each many times
def _skeleton(locale: Locale, skeleton: str, year: int, month: int) -> str:
    return format_skeleton(skeleton, dt.date(year, month, 1), locale=locale)


@lru_cache(maxsize=4096)
def _date(locale: Locale, day: dt.date) -> str:
    return format_date(day, "long", locale=locale)
