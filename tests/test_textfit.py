"""Text fitting costs a number of measures that grows with the logarithm of the text, not
with its length, and still gives the one-character-at-a-time answer for normal titles."""

from __future__ import annotations

import random

import pytest
from PIL import ImageFont

from backbone.drawing.fonts import fonts
from backbone.textfit import at_most, ellipsize, wrap


class Counting:
    """A Pillow font's width, counting how often it is asked."""

    def __init__(self, size: int = 48):
        self.font = ImageFont.truetype(fonts()["bold"], size)
        self.calls = 0

    def __call__(self, text: str) -> float:
        self.calls += 1
        return self.font.getlength(text)


HUGE = ("Riverbend Works Eastgate Partnership " * 3000)[:100_000]


@pytest.mark.parametrize(
    "text", [HUGE, "W" * 100_000, "\u200b" * 100_000, "x" * 2_000], ids=["words", "wide", "zero-width", "2000"]
)
def test_ellipsis_of_a_huge_text_takes_few_measures(text):
    measure = Counting()
    cut = ellipsize(text, measure, 1056)
    assert measure.calls < 100, measure.calls  # one character at a time took ~100,000
    assert measure.font.getlength(cut) <= 1056


def test_wrapping_a_huge_title_into_a_few_lines_takes_few_measures():
    measure = Counting()
    lines = at_most(wrap(HUGE, measure, 1056, most=5), 5, measure, 1056)
    assert measure.calls < 1_000, measure.calls  # word by word took ~30,000 and all lines
    assert len(lines) == 5 and lines[-1].endswith("…")
    assert all(measure.font.getlength(line) <= 1056 for line in lines)


def test_a_huge_word_is_cut_in_few_measures():
    measure = Counting()
    lines = wrap("Eastgate " + "W" * 100_000 + " bus", measure, 600, most=3)
    assert measure.calls < 200, measure.calls
    assert lines[0] == "Eastgate" and lines[1].endswith("…")


# --- the same answers as fitting one character or word at a time ------------------


def _ellipsize_slowly(text, measure, width):
    if measure(text) <= width:
        return text
    cut = text
    while cut and measure(cut.rstrip() + "…") > width:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"


def _wrap_slowly(text, measure, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word if measure(word) <= width else _ellipsize_slowly(word, measure, width)
    return lines + [line] if line else lines


def _at_most_slowly(lines, most, measure, width):
    return (
        lines
        if len(lines) <= most
        else lines[: most - 1] + [_ellipsize_slowly(" ".join(lines[most - 1 :]), measure, width)]
    )


WORDS = (
    "the of a Harbour City Hall clinic visits per quarter, jobs placed; young people supported — "
    "Riverbend Works night-bus Supercalifragilisticexpialidocious-and-then-some 2024 Q3: % € café 東京都"
).split()


def test_normal_titles_fit_exactly_as_one_at_a_time():
    measure, rnd = Counting(40), random.Random(15)
    for _ in range(150):  # sized for the suite's budget: each case runs the slow references five times
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 30)))
        width = rnd.choice([120, 300, 520, 800, 1056])
        assert ellipsize(text, measure, width) == _ellipsize_slowly(text, measure, width), (text, width)
        for most in (1, 2, 3, 5):
            fast = at_most(wrap(text, measure, width, most=most), most, measure, width)
            assert fast == _at_most_slowly(_wrap_slowly(text, measure, width), most, measure, width), (
                text,
                width,
                most,
            )
