"""Relative links between site paths, checked against posixpath's own reckoning."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from backbone.render.urls import Linker, relative

# a site never has a file and a folder of the same name: names with a dot are files
FOLDER = st.lists(st.sampled_from(["stories", "metrics", "a", "b", "story-0001"]), max_size=4).map(
    lambda parts: "".join(f"{p}/" for p in parts)
)
FILE = st.tuples(FOLDER, st.sampled_from(["card.png", "index.html", "a.html", "stories.xml"])).map("".join)


def by_relpath(from_url: str, to: str) -> str:
    """The same link computed the slow, general way."""
    rel = posixpath.relpath("/" + to, posixpath.dirname("/" + from_url))
    if (to.endswith("/") or to == "") and rel != ".":
        rel += "/"
    return "./" if rel == "." else rel


@given(st.one_of(FOLDER, FILE), st.one_of(FOLDER, FILE))
def test_relative_agrees_with_relpath(from_url, to):
    assert relative(from_url, to) == by_relpath(from_url, to)
    # and it leads there: resolved from the page's folder, the link names the target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname("/" + from_url), relative(from_url, to)))
    assert resolved == posixpath.normpath("/" + to)


def test_links_from_pages_with_and_without_directory_urls():
    story = Linker("stories/night-bus.md")
    assert story.page("stories/night-bus.md") == "./"
    assert story.page("stories/index.md") == "../"
    assert story.page("index.md") == "../../"
    assert story.file("stories/night-bus/card.png") == "card.png"
    assert story.file("assets/backbone/brand.css") == "../../assets/backbone/brand.css"
    flat = Linker("stories/night-bus.md", directory_urls=False)
    assert flat.page("stories/index.md") == "index.html"
    assert flat.page("index.md") == "../index.html"
    assert flat.page("metrics/jobs-placed.md") == "../metrics/jobs-placed.html"
    assert Linker("index.md").page("index.md") == "./"
    assert Linker("index.md").file("feeds/stories.xml") == "feeds/stories.xml"
