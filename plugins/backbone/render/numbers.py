"""Figures as people read them, in the site's locale: the one module that writes every figure
for every output (pages, charts, cards, e-mails, feeds, the report).

Every function takes the CLDR ``locale`` the figure is written for (``locale_of``: the site's
language tag, 'en', 'en-GB', 'fr-CA'); nothing here knows a "current" locale. The patterns are
CLDR's own (Babel), with only their number of decimals set, so a locale's separators, its
spaces and the place of its currency sign and percent sign are kept: '€14.85' (en),
'14,85 €' (fr), '24.5%' (en), '24,5 %' (fr).

Where room is short (cards, slides, tiles), ``squeezable`` writes a figure in full and in
CLDR's compact notation ("£1.06m", "1,06 M €") for when the full figure does not fit; a
chart's value axis shares one compact magnitude between its ticks (``scale_for``). A figure
is never cut: a cut number reads as a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    NumberPattern,
    format_compact_currency,
    format_compact_decimal,
    format_decimal,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)


@lru_cache(maxsize=16)
def locale_of(language: str) -> Locale:
    """The CLDR locale figures are written in, from the site's language: 'en' (CLDR's en is
    en_US), 'en-GB', 'pt_BR'. One Babel does not know falls back to its base language, then
    to English."""
    tag = language.strip().replace("-", "_")
    for candidate in (tag, tag.split("_")[0], "en"):
        try:
            return Locale.parse(candidate)
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return Locale.parse("en")


def number(value: float, decimals: int = 0, *, locale: Locale) -> str:
    """'1,240', '1 240' (fr), '1.240' (de); never '-0'."""
    return _figure(_exact(value, decimals), "decimal", decimals, locale)


def money(value: float, currency: str, decimals: int = 0, *, locale: Locale) -> str:
    """'$1,240', '1 240 €' (fr), 'CHF 99' (en): the locale's sign for the currency, where it
    puts it."""
    return _figure(_exact(value, decimals), "currency", decimals, locale, currency)


def percent(fraction: float, decimals: int = 0, *, locale: Locale) -> str:
    """A share as a percentage: 0.245 → '24.5%', '24,5 %' (fr)."""
    return points(fraction * 100, decimals, locale=locale)


def points(value: float, decimals: int = 0, *, locale: Locale) -> str:
    """A figure already in percent: 68 → '68%', '68 %' (fr)."""
    exact = _exact(value, decimals).scaleb(-2)  # the pattern's % multiplies by 100
    return _figure(exact, "percent", decimals, locale)


def value(value: float, unit: str, decimals: int = 0, currency: str | None = None, *, locale: Locale) -> str:
    """A metric value in its unit: '1,240', '68%', '€14.85', '2.50'; a unit the partnership
    declares ('tonnes') is written as a count, its word beside it."""
    return _in_unit(value, unit, decimals, currency, locale)


def _in_unit(figure: float, unit: str, decimals: int, currency: str | None, locale: Locale) -> str:
    if unit == "percent":
        return points(figure, decimals, locale=locale)
    if unit == "currency":
        return money(figure, currency or "", decimals, locale=locale)
    return number(figure, decimals, locale=locale)


def difference(delta: float, unit: str, decimals: int = 0, currency: str | None = None, *, locale: Locale) -> str:
    """An absolute change without its sign: percent metrics change in points."""
    if unit == "percent":
        amount = number(abs(delta), decimals, locale=locale)
        shown = round(_exact(abs(delta), decimals), decimals)  # '1.0' is plural in English, as written
        return f"{amount} point" + ("" if locale.plural_form(shown) == "one" else "s")
    return value(abs(delta), unit, decimals, currency, locale=locale)


def ratio(value: float, *, locale: Locale) -> str:
    """A return on investment: '3.4 : 1', '3,4 : 1' (fr)."""
    return f"{number(value, 1, locale=locale)} : 1"


def _exact(value: float, decimals: int) -> Decimal:
    """Exactly the float (rounded as Python's f"{x:.2f}" rounds: its binary value, a tie to
    the even digit), never -0 once rounded."""
    exact = Decimal(value)
    return abs(exact) if round(exact, decimals) == 0 else exact


def _figure(value: Decimal, kind: str, decimals: int, locale: Locale, currency: str | None = None) -> str:
    """``value`` in the locale's pattern of ``kind``: the same figures are written again and
    again (a metric's table, its partners', the scorecard, each story's key figures, and every
    rebuild of `mkdocs serve`), so each is written once, under its exact digits (its ``str``:
    no two Decimals that print differently share a key; a float's exact digits are many, and
    one string holds them in a fraction of the memory of ``as_tuple``'s tuple of digits)."""
    return _written_once(str(value), kind, decimals, locale, currency)


@lru_cache(maxsize=8192)
def _written_once(digits: str, kind: str, decimals: int, locale: Locale, currency: str | None) -> str:
    return _written(Decimal(digits), _pattern(locale, kind, decimals), locale, currency)


def _written(value: Decimal, pattern: NumberPattern, locale: Locale, currency: str | None = None) -> str:
    text = pattern.apply(value, locale, currency=currency, currency_digits=False)
    return spaced(text, get_currency_symbol(currency, locale)) if currency else text


def spaced(text: str, symbol: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a sign made of letters ('CHF', 'NOK')
    and the digits beside it get a no-break space between them ('CHF 99'), a sign that is a
    symbol ('$', '€') none ('$99')."""
    if symbol[-1:].isalpha():
        text = re.sub(re.escape(symbol) + r"(?=\d)", symbol + "\xa0", text)
    if symbol[:1].isalpha():
        text = re.sub(r"(?<=\d)" + re.escape(symbol), "\xa0" + symbol, text)
    return text


def shape(locale: Locale, currencies=()) -> dict:
    """How the locale writes figures, as data a writer outside Python follows to the same text
    (the browser editor's previews, cms/admin/preview.js): its separators, its grouping, each
    kind's prefix and suffix (positive, then negative; '¤' stands for the currency's sign) and
    the sign of each of ``currencies``."""
    patterns = {kind: _pattern(locale, kind, 0) for kind in ("decimal", "percent", "currency")}
    return {
        "decimal": get_decimal_symbol(locale),
        "group": get_group_symbol(locale),
        "grouping": list(patterns["decimal"].grouping),
        "patterns": {kind: [*p.prefix, *p.suffix] for kind, p in patterns.items()},
        "symbols": {code: get_currency_symbol(code, locale) for code in sorted(set(currencies))},
    }


@lru_cache(maxsize=256)
def _pattern(locale: Locale, kind: str, decimals: int) -> NumberPattern:
    """The locale's own pattern of ``kind`` showing exactly ``decimals`` decimals."""
    own = {
        "decimal": locale.decimal_formats[None],
        "percent": locale.percent_formats[None],
        "currency": locale.currency_formats["standard"],
    }[kind]
    return parse_pattern(_with_decimals(own.pattern, decimals))


def _with_decimals(pattern: str, decimals: int) -> str:
    """A CLDR number pattern ('#,##0.00 ¤', '#,##0%', '0K') showing exactly ``decimals`` decimals."""
    fraction = "." + "0" * decimals if decimals else ""
    return ";".join(re.sub(r"0+(?:\.[0#]+)?", "0" + fraction, part, count=1) for part in pattern.split(";"))


# --- a chart's value axis -----------------------------------------------------------------

# An axis reaching SHORT_FROM is labelled in thousands, millions... in the locale's compact
# notation: "$1.2M", "45K" (en), "1,2 M$" (fr). Its figures are rounded there only; tables and
# descriptions write them in full.
SHORT_FROM = 10_000

Scale = tuple[float, str]  # (divisor, the locale's compact pattern); (1, "") writes figures in full


def scale_for(values, unit: str = "count", *, locale: Locale) -> Scale:
    """One compact magnitude for every label of an axis showing ``values``: the largest of
    CLDR's magnitudes the largest value reaches. (1, "") below SHORT_FROM, for percentages, and
    where the locale writes the figure in full (German thousands: "45.000")."""
    largest = max((abs(v) for v in values), default=0)
    if largest < SHORT_FROM or unit == "percent":
        return 1.0, ""
    formats = locale.compact_currency_formats if unit == "currency" else locale.compact_decimal_formats
    table = formats["short"]["other"]
    magnitude = max((int(m) for m in table if int(m) <= largest), default=0)
    pattern = table[str(magnitude)].pattern if magnitude else "0"
    positive = pattern.split(";")[0]
    if re.fullmatch(r"[0\s¤]*", positive):
        return 1.0, ""  # the locale writes this size in full
    return magnitude / 10 ** (positive.count("0") - 1), pattern


def short(figure: float, unit: str, decimals: int, currency: str | None, scale: Scale, *, locale: Locale) -> str:
    """``figure`` on an axis of ``scale``: divided by its size, in its compact pattern."""
    size, pattern = scale
    if not pattern or figure == 0:  # nought is nought in any unit: '$0', not '$0K'
        return _in_unit(figure, unit, decimals, currency, locale)
    compact = parse_pattern(_with_decimals(pattern, decimals))
    return _written(_exact(figure / size, decimals), compact, locale, currency or "")


# --- figures where room is short ----------------------------------------------------------

# A compact figure keeps three significant digits: 1,064,800 is "1.06M", never "1M" (a
# rounding of at most 0.5%, where two digits could be 5% off).
SIGNIFICANT = 3


@dataclass(frozen=True)
class Squeezable:
    """A figure as a card may show it: ``full``, or, only when that does not fit, ``compact``
    (None when the locale has no shorter form of it). Drawn whole or not at all."""

    full: str
    compact: str | None = None
    # the figure without the unit's word after it, full then compact: a last resort where a
    # long word (a unit the partnership names) leaves no room; the number is never cut
    bare: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The forms to try, in order: the full figure first."""
        return (self.full,) if self.compact is None else (self.full, self.compact)


@lru_cache(maxsize=4096)  # a thousand stories cite a few hundred figures: each is written once a build
def squeezable(
    value: float, unit: str, decimals: int = 0, currency: str | None = None, locale: str = "en", word: str = ""
) -> Squeezable:
    """``value`` in its unit, written for the locale (a language tag such as 'en' or 'en-GB'),
    in full and in compact form, with ``word`` after both ('people'): the one way figures
    are written where room is short."""
    where = locale_of(locale)
    suffix = f" {word}" if word else ""
    full = _in_unit(value, unit, decimals, currency, where)
    compact = _compact(Decimal(value), unit, currency, where)
    compact = compact if compact and compact != full else None
    bare = tuple(f for f in (full, compact) if f) if word else ()
    return Squeezable(full + suffix, compact + suffix if compact else None, bare)


def _compact(value: Decimal, unit: str, currency: str | None, locale: Locale) -> str | None:
    """CLDR's compact form of ``value`` to SIGNIFICANT digits; None when the locale writes the
    rounded number in full at this size (German writes 1,060 as "1060": read as exact, it
    would misquote 1,064)."""
    if value == 0:
        return None
    rounded = round(value, SIGNIFICANT - 1 - value.adjusted())
    digits = SIGNIFICANT - 1  # at most: the mantissa is at least 1, and zeros after it are dropped
    try:
        if unit == "currency":
            text = format_compact_currency(rounded, currency or "", locale=locale, fraction_digits=digits)
            text = spaced(text, get_currency_symbol(currency or "", locale))
        else:
            text = format_compact_decimal(rounded, locale=locale, fraction_digits=digits)
    except KeyError:  # Babel before 2.18, at exactly 1,000 in a few locales (nl): no compact form
        return None
    if _digits(text) == _digits(format_decimal(rounded, locale=locale)):
        return None
    if unit == "percent":  # CLDR has no compact percent: the compact number in the percent pattern
        nought = _written(Decimal(0), _pattern(locale, "percent", 0), locale)
        text = re.sub(r"\d+", lambda _: text, nought, count=1)
    return text


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdecimal())
