"""The disk store of one-off builds (kept.store): an output made once is read back, as made,
by the next build of another process; anything it is made from that changed misses.

A build in a process of its own is simulated by clearing what the process kept in memory
(``kept.keep(False)``): only the cache folder carries over, as between two `mkdocs build`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from backbone import kept
from backbone.render.html import PAGE, GeneratedPage
from backbone.render.markdown import RENDERED, BrokenLink, Rendered
from backbone.stories.catalog import RANKS

HOSTILE = '</script><script>alert("x")</script> & \u202e\'"\u0000'


@pytest.fixture
def store(tmp_path: Path):
    """A one-off build's store in ``tmp_path``; dropped after the test."""
    kept.keep(False)
    kept.store(tmp_path, "salt-1")
    yield tmp_path
    kept.keep(False)
    kept.store(None)


def counted(value):
    """A maker of ``value`` that counts its calls."""
    calls = []

    def make():
        calls.append(1)
        return value

    return make, calls


def output(kind: str, value, codec, inputs=("a", 1)):
    make, calls = counted(value)
    return kept.output(kind, "name", lambda: inputs, make, codec), len(calls)


VALUES = [
    ("text", f"<p>{HOSTILE}</p>", kept.TEXT),
    ("html", Markup(f"<p>{HOSTILE}</p>"), kept.HTML),
    ("page", GeneratedPage("metrics/x.md", HOSTILE, "<p>body</p>", {"description": HOSTILE, "n": [1, 2]}), PAGE),
    ("ranks", ((1, 2), (), (0,)), RANKS),
    (
        "body",
        Rendered(
            "<h1 id='t'>T</h1>",
            ((("children", ()), ("id", "t"), ("level", 1), ("name", HOSTILE)),),
            HOSTILE,
            (BrokenLink("../x.md", "x.md"), BrokenLink("a.png", "stories/a.png", True)),
        ),
        RENDERED,
    ),
]


@pytest.mark.parametrize(("kind", "value", "codec"), VALUES, ids=[v[0] for v in VALUES])
def test_an_output_is_read_back_as_made_by_the_next_build(store, kind, value, codec):
    first, made = output(kind, value, codec)
    assert first is value and made == 1
    assert len(list(store.glob("output-*.json"))) == 1
    kept.keep(False)  # the next build, in a process of its own
    again, made = output(kind, value, codec)
    assert made == 0, "read from the store, not made again"
    assert repr(again) == repr(value), "the same value and the same types (tuples, Markup, the page)"


def test_whatever_it_is_made_from_that_changed_misses(store):
    output("text", "one", kept.TEXT)
    assert output("text", "one", kept.TEXT, inputs=("b", 1)) == ("one", 1), "other inputs"
    kept.store(store, "salt-2")  # another version of Backbone or of a package, other settings, another day
    assert output("text", "one", kept.TEXT) == ("one", 1)
    kept.store(store, "salt-1")
    assert output("text", "one", kept.TEXT)[1] == 0, "the first entry is still there"


def test_what_would_not_read_back_as_made_is_not_kept(store):
    """Markup under the codec for plain text would come back as text, to be escaped again."""
    output("text", Markup("<b>x</b>"), kept.TEXT)
    output("pairs", ("a", ("b",)), kept.Codec(list, tuple))  # the tuple inside would come back a list
    assert list(store.iterdir()) == []


def test_inputs_that_cannot_be_written_down_are_not_kept(store):
    assert output("text", "x", kept.TEXT, inputs=(object(),)) == ("x", 1)
    assert output("text", "x", kept.TEXT, inputs=(object(),)) == ("x", 1)
    assert list(store.iterdir()) == []


def test_a_damaged_entry_is_made_again_and_written_over(store):
    output("page", VALUES[2][1], PAGE)
    (entry,) = store.glob("output-*.json")
    entry.write_text('["only the address"]', encoding="utf-8")
    again, made = output("page", VALUES[2][1], PAGE)
    assert made == 1 and again == VALUES[2][1]
    assert output("page", VALUES[2][1], PAGE)[1] == 0


def test_a_cache_that_cannot_be_written_still_builds(store):
    (store / "taken").write_text("a file where the folder would be", encoding="utf-8")
    kept.store(store / "taken" / "outputs", "salt-1")
    assert output("text", "x", kept.TEXT) == ("x", 1)
    assert output("text", "x", kept.TEXT) == ("x", 1)


def test_without_a_codec_or_a_store_nothing_is_written(store):
    assert output("chart", ("spec",), None) == (("spec",), 1)
    kept.store(None)  # `mkdocs serve` (drafts) and `backbone check` keep no store
    assert output("text", "x", kept.TEXT) == ("x", 1)
    assert list(store.iterdir()) == []


def test_a_preview_keeps_its_outputs_in_memory_and_between_builds_nothing_is_used(store):
    kept.keep(True)  # `mkdocs serve`: in memory only (drafts), no store
    kept.store(None)
    assert output("text", "x", kept.TEXT) == ("x", 1)
    assert output("text", "x", kept.TEXT) == ("x", 0)
    assert list(store.iterdir()) == []
    kept.keep(False)
    kept.store(store, "salt-1")
    output("text", "x", kept.TEXT)
    kept.pause()  # after the build: a command or a test reading outside one makes its own
    assert output("text", "x", kept.TEXT) == ("x", 1)


def test_a_second_build_in_one_process_looks_in_memory_then_on_disk(store):
    """A process that builds twice (a plugin's second build) keeps outputs in memory, and,
    not being a preview, in the store too: what another process made is read from there."""
    output("text", "x", kept.TEXT)  # another process's build
    kept.keep(False)
    kept.keep(True)
    kept.store(store, "salt-1")
    assert output("text", "x", kept.TEXT) == ("x", 0), "from the store"
    (entry,) = store.iterdir()
    entry.unlink()
    assert output("text", "x", kept.TEXT) == ("x", 0), "from memory"
