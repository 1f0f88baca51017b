"""The one front-matter splitter and the one code-fence scanner read Markdown as the engines do:
front matter as MkDocs reads it, fenced code as Python-Markdown's fenced_code does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from mkdocs.utils.meta import YAML_RE

from backbone import fences, frontmatter, mdbounds
from backbone.metrics.citations import substitute
from backbone.problems import DataError
from backbone.references import references

FRONT_LINES = ["---", "--- ", "...", "title: A", "tags: [a, b]", "", "Text [a](b.md).", "----", " ---"]
FENCE_LINES = ["```", "````", "~~~", "~~~~", "```python", "``` {.x}", "```py foo", "  ```", "```  ", "text [a]", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRONT_LINES), max_size=8), st.booleans())
def test_the_front_matter_is_the_block_mkdocs_reads(lines, newline):
    text = "\n".join(lines) + ("\n" if newline else "")
    match = YAML_RE.match(text)
    found = frontmatter.block(text)
    assert (found is None) == (match is None)
    if found:
        assert (found.yaml, found.body) == (match.group(1), text[match.end() :])
        assert found.above == text[: match.end()].count("\n")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FENCE_LINES), min_size=1, max_size=12))
def test_fenced_code_is_what_python_markdown_reads_as_code(lines):
    text = "\n".join(lines) + "\n"
    expected, start = [], 0
    while match := FencedBlockPreprocessor.FENCED_BLOCK_RE.search(text, start):
        expected.append((text.count("\n", 0, match.start()), text.count("\n", 0, match.end())))
        start = match.end()
    assert fences.blocks(lines) == expected


def test_a_story_review_or_letter_reads_its_front_matter_as_mkdocs_does():
    split = frontmatter.split
    assert split("---\ntitle: A\n...\nBody\n", "s.md") == ("title: A\n", "Body\n", 4)  # YAML's end marker
    assert split("\ufeff---\ntitle: A\n---", "s.md") == ("title: A\n", "", 4)  # ends on its closing line
    assert split("---\ntitle: A\n---\nBody", "s.md") == ("title: A\n", "Body", 4)
    assert split("---\n---\nBody\n", "s.md") == ("", "Body\n", 3)
    with pytest.raises(DataError, match="the front matter is empty: a story needs at least title"):
        frontmatter.parse("---\n---\nBody\n", "s.md", "a story", "title")
    with pytest.raises(DataError, match="a story starts with front matter between two '---' lines"):
        split("title: A\n---\n", "s.md", "a story")
    with pytest.raises(DataError, match="the front matter is not closed"):
        split("---\ntitle: A\nBody\n", "s.md")


def test_a_fence_never_closed_is_text_for_every_reader():
    """Python-Markdown shows what follows an unclosed fence as text: its pictures are fetched,
    its citations cited, its brackets read again; a closed fence is code for all three."""
    shown = "Intro\n\n```\n![a](https://elsewhere.example/a.png) {{ metric:a }}\n"
    assert [r.target for r in references(shown)] == ["https://elsewhere.example/a.png"]
    assert substitute(shown, lambda kind, arg: "338", "s.md")[0].endswith(" 338\n")
    assert mdbounds.problem("Intro\n\n```\n" + "[" * 2_000 + "\n") is not None
    closed = shown + "```\n"
    assert references(closed) == [] and substitute(closed, lambda kind, arg: "338", "s.md")[0] == closed
    assert mdbounds.problem("Intro\n\n```\n" + "[" * 2_000 + "\n```\n") is None
