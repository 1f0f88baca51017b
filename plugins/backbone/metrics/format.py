"""Numbers as people read them: thousands separators, percent, currency, points."""

from __future__ import annotations

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
