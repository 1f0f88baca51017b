"""Fitting text into a width: word wrapping and cutting with "…"; figures fitted whole.

Words of a title or a name may be cut with "…"; a figure never is (a cut number reads as a
wrong one): ``whole`` tries its forms (the full figure, then its compact notation) at each
size and gives the first that fits, or None, never a part of one.

Shared by the cards (Pillow fonts) and the charts (matplotlib's text metrics): each
passes ``measure``, the width of a string in its own units, so neither imports the other.

Widths grow with the text, so the longest prefix that fits is found by a galloping
search (1, 2, 4... then halving) rather than by dropping one character or adding one word
at a time: the number of measures grows with the logarithm of what fits, and a text never
is measured much past what one line can hold. A 100,000-character name costs a few dozen
measures, the same result as the one-by-one search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

Measure = Callable[[str], float]

# Where the search for a fitting prefix starts: a title or name of normal length is
# measured once, whole, as before.
_FIRST_GUESS = 128


def _longest(fits: Callable[[int], bool], most: int, guess: int) -> int:
    """The largest ``k`` in 0..``most`` with ``fits(k)``, ``fits`` being true up to a point
    and false after it (``fits(0)`` is taken as true). Probes start at ``guess``."""
    good, bad = 0, most + 1
    k = max(1, min(guess, most))
    while k <= most and bad == most + 1:  # gallop up until a probe fails or the end is reached
        if fits(k):
            good = k
            if k == most:
                return k
            k = min(2 * k, most)
        else:
            bad = k
    while bad - good > 1:  # then halve the gap between the last fit and the first failure
        middle = (good + bad) // 2
        if fits(middle):
            good = middle
        else:
            bad = middle
    return good


def ellipsize(text: str, measure: Measure, width: float) -> str:
    """``text`` cut to ``width`` with '…', at a word boundary when one is near."""
    if not text:
        return text
    fits = _longest(lambda k: measure(text[:k]) <= width, len(text), _FIRST_GUESS)
    if fits == len(text):
        return text
    # the longest prefix that fits with its '…' (it is no longer than what fits without)
    keep = _longest(lambda k: measure(text[:k].rstrip() + "…") <= width, len(text), max(1, fits))
    cut = text[:keep]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"


def wrap(text: str, measure: Measure, width: float, most: int | None = None) -> list[str]:
    """Greedy word wrap; a word longer than the line is cut to fit.

    With ``most``, wrapping stops after that many lines: what remains is one more
    line, unwrapped, for ``at_most`` to cut (a caller never shows more lines)."""
    words = text.split()
    lines: list[str] = []
    i = 0
    while i < len(words):
        if most is not None and len(lines) == most:
            lines.append(" ".join(words[i:]))
            break
        head = words[i] if measure(words[i]) <= width else ellipsize(words[i], measure, width)
        # how many of the following words fit on the line after its first
        count = _longest(lambda k: measure(" ".join([head, *words[i + 1 : i + 1 + k]])) <= width, len(words) - i - 1, 1)
        lines.append(" ".join([head, *words[i + 1 : i + 1 + count]]))
        i += 1 + count
    return lines


def at_most(lines: list[str], most: int, measure: Measure, width: float, keep: str = "") -> list[str]:
    """The first ``most`` lines; the rest joined onto the last and cut with '…'.

    Greedy wrapping means the rest never fits on the last line, so it is always cut. ``keep``,
    the end of the text (a label's period: ', Q3 2025'), stays whole after the '…' when it
    takes less than half the line: "Spend on meal vouchers in the…, Q3 2025", never "Q3 20…"."""
    if len(lines) <= most:
        return lines
    rest = " ".join(lines[most - 1 :])
    room = width - measure(keep)
    if keep and rest.endswith(keep) and rest != keep and room > width / 2:
        return lines[: most - 1] + [ellipsize(rest[: -len(keep)], measure, room) + keep]
    return lines[: most - 1] + [ellipsize(rest, measure, width)]


def whole(
    forms: Sequence[str],
    measure_at: Callable[[int], Measure],
    sizes: Iterable[int],
    width: float,
    smaller: Iterable[int] = (),
):
    """(size, form): the first of ``forms`` that fits ``width`` whole, at the largest of ``sizes``
    it fits at (``measure_at(size)`` measures at that size); else, at the largest of the
    ``smaller`` sizes, whichever form fits there first; None when none fits at any size.

    Every size is tried for a form before the next form: a figure is shown in full, shrunk,
    and in its shorter form only when the full one fits at no size. ``smaller`` sizes are the
    last resort, for figures too long for the slot in any form (a million with six decimals
    where the locale has no compact form below a million)."""
    sizes = list(sizes)
    for form in forms:
        for size in sizes:
            if measure_at(size)(form) <= width:
                return size, form
    for size in smaller:
        for form in forms:
            if measure_at(size)(form) <= width:
                return size, form
    return None
