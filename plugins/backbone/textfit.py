"""Fitting text into a width: word wrapping and cutting with "…".

Shared by the cards (Pillow fonts) and the charts (matplotlib's text metrics): each
passes ``measure``, the width of a string in its own units, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable

Measure = Callable[[str], float]


def ellipsize(text: str, measure: Measure, width: float) -> str:
    """``text`` cut to ``width`` with '…', at a word boundary when one is near."""
    if measure(text) <= width:
        return text
    cut = text
    while cut and measure(cut.rstrip() + "…") > width:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"


def wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Greedy word wrap; a word longer than the line is cut to fit."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word if measure(word) <= width else ellipsize(word, measure, width)
    if line:
        lines.append(line)
    return lines


def at_most(lines: list[str], most: int, measure: Measure, width: float) -> list[str]:
    """The first ``most`` lines; the rest joined onto the last and cut with '…'.

    Greedy wrapping means the rest never fits on the last line, so it is always cut."""
    if len(lines) <= most:
        return lines
    return lines[: most - 1] + [ellipsize(" ".join(lines[most - 1:]), measure, width)]
