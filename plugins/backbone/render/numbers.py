"""Numbers as people read them: thousands separators, percent, currency, points.

Where room is short (cards, slides, tiles), ``squeezable`` writes a figure in the site's
locale with CLDR's patterns (Babel): in full, and in CLDR's compact notation ("£1.06M",
"1,06 M €") for when the full figure does not fit. A figure is never cut: a cut number
reads as a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    format_compact_currency,
    format_compact_decimal,
    format_currency,
    format_decimal,
)

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}
UNIT_WORDS = {"count": "", "people": "people", "hours": "hours", "percent": "", "currency": "", "ratio": ""}


def number(value: float, decimals: int = 0) -> str:
    text = f"{abs(value):,.{decimals}f}"
    return ("-" if round(value, decimals) < 0 else "") + text


def money(value: float, currency: str, decimals: int = 0) -> str:
    sign = "-" if round(value, decimals) < 0 else ""
    amount = f"{abs(value):,.{decimals}f}"
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


def value(value: float, unit: str, decimals: int = 0, currency: str | None = None) -> str:
    """A metric value with its unit: '1,240', '68%', '€14.85', '2.50'."""
    if unit == "percent":
        return number(value, decimals) + "%"
    if unit == "currency":
        return money(value, currency or "", decimals)
    return number(value, decimals)


# An axis reaching SHORT_FROM is labelled in thousands, millions...: "$1.2M", "45k". Its
# figures are rounded there only; tables and descriptions write them in full.
SHORT_FROM = 10_000
SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k"))


def scale_for(values) -> tuple[float, str]:
    """(divisor, suffix) for labels of ``values``: (1, "") below SHORT_FROM."""
    largest = max((abs(v) for v in values), default=0)
    if largest < SHORT_FROM:
        return 1.0, ""
    return next((size, suffix) for size, suffix in SCALES if largest >= size)


def short(figure: float, unit: str, decimals: int, currency: str | None, scale: tuple[float, str]) -> str:
    """``figure`` divided by the scale's size, its suffix after the digits: '$1.2M', '45k', '3.5M EUR'."""
    size, suffix = scale
    if not suffix or figure == 0:  # nought is nought in any unit: '$0', not '$0k'
        return value(figure, unit, decimals, currency)
    amount = number(figure / size, decimals) + suffix
    if unit == "percent":
        return amount + "%"
    if unit == "currency":
        sign, digits = ("-", amount[1:]) if amount.startswith("-") else ("", amount)
        symbol = SYMBOLS.get(currency or "")
        return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {currency or ''}".rstrip()
    return amount


def difference(delta: float, unit: str, decimals: int = 0, currency: str | None = None) -> str:
    """An absolute change without its sign: percent metrics change in points."""
    if unit == "percent":
        amount = number(abs(delta), decimals)
        return f"{amount} point" + ("" if amount == "1" else "s")
    return value(abs(delta), unit, decimals, currency)


def percent(fraction: float, decimals: int = 0) -> str:
    return number(fraction * 100, decimals) + "%"


def ratio(value: float) -> str:
    """A return on investment: '3.4 : 1'."""
    return f"{number(value, 1)} : 1"


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

    @property
    def forms(self) -> tuple[str, ...]:
        """The forms to try, in order: the full figure first."""
        return (self.full,) if self.compact is None else (self.full, self.compact)


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


@lru_cache(maxsize=4096)  # a thousand stories cite a few hundred figures: each is written once a build
def squeezable(
    value: float, unit: str, decimals: int = 0, currency: str | None = None, locale: str = "en", word: str = ""
) -> Squeezable:
    """``value`` in its unit, written for the locale (a language tag such as 'en' or 'en-GB'),
    in full and in compact form, with ``word`` after both ('people'): the one way figures
    are written where room is short."""
    where = locale_of(locale)
    exact = Decimal(value)  # exactly the float: rounds as the figures written in full elsewhere do
    suffix = f" {word}" if word else ""
    full = _full(exact, unit, decimals, currency, where)
    compact = _compact(exact, unit, currency, where)
    return Squeezable(full + suffix, compact + suffix if compact and compact != full else None)


def _full(value: Decimal, unit: str, decimals: int, currency: str | None, locale: Locale) -> str:
    if round(value, decimals) == 0:  # never "-0"
        value = abs(value)
    if unit == "currency":
        pattern = _with_decimals(locale.currency_formats["standard"].pattern, decimals)
        return format_currency(value, currency or "", format=pattern, locale=locale, currency_digits=False)
    if unit == "percent":
        pattern = _with_decimals(locale.percent_formats[None].pattern, decimals)
        return format_decimal(value.scaleb(-2), format=pattern, locale=locale)  # the pattern's % multiplies by 100
    return format_decimal(value, format=_with_decimals(locale.decimal_formats[None].pattern, decimals), locale=locale)


def _with_decimals(pattern: str, decimals: int) -> str:
    """A CLDR number pattern ('#,##0.00 ¤', '#,##0%') showing exactly ``decimals`` decimals."""
    fraction = "." + "0" * decimals if decimals else ""
    return ";".join(re.sub(r"0(?:\.[0#]+)?", "0" + fraction, part, count=1) for part in pattern.split(";"))


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
        else:
            text = format_compact_decimal(rounded, locale=locale, fraction_digits=digits)
    except KeyError:  # Babel before 2.18, at exactly 1,000 in a few locales (nl): no compact form
        return None
    if _digits(text) == _digits(format_decimal(rounded, locale=locale)):
        return None
    if unit == "percent":  # CLDR has no compact percent: the compact number in the percent pattern
        nought = format_decimal(Decimal(0), format=locale.percent_formats[None].pattern, locale=locale)
        text = re.sub(r"\d+", lambda _: text, nought, count=1)
    return text


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdecimal())
