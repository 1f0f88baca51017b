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
