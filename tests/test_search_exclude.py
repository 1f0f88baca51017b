"""The blocks kept out of the search index are cut exactly as their definition says."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from backbone.render.search import EXCLUDE_END, EXCLUDE_START, searchable

# The definition: every shortest START … END block, left to right; an unclosed START stays.
DEFINITION = re.compile(re.escape(EXCLUDE_START) + r".*?" + re.escape(EXCLUDE_END), re.S)
PIECES = st.sampled_from([EXCLUDE_START, EXCLUDE_END, "<p>text</p>", "\n", "<!--", "-->", "x"])


@given(st.lists(PIECES, max_size=12).map("".join))
def test_cut_as_defined(html):
    assert searchable(html) == DEFINITION.sub("", html)


def test_a_page_without_blocks_is_the_same_string():
    html = "<p>A story</p>"
    assert searchable(html) is html


def test_blocks_are_removed_and_the_rest_kept():
    html = f"<h1>Title</h1>{EXCLUDE_START}<div>Share</div>{EXCLUDE_END}<p>Body</p>{EXCLUDE_START}kit{EXCLUDE_END}"
    assert searchable(html) == "<h1>Title</h1><p>Body</p>"
