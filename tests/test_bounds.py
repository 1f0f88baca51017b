"""Issue 21, items 6-7: each former traceback and each unbounded cost ends in one located message.

Every case here crashed, hung or went quietly wrong before (F16, F17, F20 and the bounds of
F11, F12, F19): the core is asked directly where it can be, and the wiring into the build and
`backbone check` is proven once per family on the small fixture."""

from __future__ import annotations

import contextlib
import io
import os

import pytest
from support import FIXTURES, make_project

from backbone.cli import main as backbone
from backbone.problems import DataError
from backbone.sources import parse_yaml

GOVERNANCE = "data/governance.yml"


def check(project) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = backbone(["check", "-f", str(project.path("site_config.yml"))])
    return code, err.getvalue()


def problems_of(text: str, rel: str = "data/x.yml") -> list[str]:
    try:
        parse_yaml(text, rel)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


# --- F16: numbers past Python's int() limit, lone surrogates in keys ------------------------


def test_a_number_of_4301_digits_is_a_located_message():
    digits = "1" + "0" * 4300
    assert problems_of(f"a: 1\nfigures:\n  - value: {digits}\n  - value: 0x{'f' * 4000}\n") == [
        "data/x.yml:3 (figures[0].value): a number of 4,301 digits is more than Backbone reads; "
        "check the value (figures lie within ±10¹⁵), or put it in quotes if it is text",
        # read without int()'s limit, but neither str() nor JSON could write it back
        "data/x.yml:4 (figures[1].value): a number of 4,002 digits is more than Backbone reads; "
        "check the value (figures lie within ±10¹⁵), or put it in quotes if it is text",
    ]
    assert problems_of(f"a: 1\n? {digits}\n: x\n") == [  # a key, written as a complex key
        "data/x.yml:2: a number of 4,301 digits is more than Backbone reads; "
        "check the value (figures lie within ±10¹⁵), or put it in quotes if it is text"
    ]
    assert problems_of(f"a: '{digits}'\n") == []  # quoted, it is text


def test_a_lone_surrogate_in_a_key_is_a_located_message_and_leaves_no_cache_file(tmp_path):
    from backbone.sources import read_yaml

    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "m.yml"
    path.write_text('title: Visits\n"bad\\ud800key": 1\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_yaml(path, tmp_path, tmp_path / "cache")
    assert [str(p) for p in caught.value.problems] == [
        "data/m.yml:2: delete the character U+D800 (a lone surrogate, often pasted from a PDF or a terminal): "
        "text may not contain it"
    ]
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []


def test_a_cache_file_that_cannot_be_written_leaves_no_temporary_file(tmp_path):
    from backbone import memo

    with pytest.raises(UnicodeEncodeError):
        memo.write_atomic(tmp_path / "entry.json", "\ud800")
    with pytest.raises(IsADirectoryError):  # the rename fails: the entry's name is a folder
        (tmp_path / "taken").mkdir()
        (tmp_path / "taken" / "x").write_text("")
        memo.write_atomic(tmp_path / "taken", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_the_metrics_build_reports_the_long_number_and_the_surrogate_key(tmp_path):
    from metrics_helpers import build

    project = make_project(tmp_path, FIXTURES / "metrics")
    clinic = "data/metrics/clinic-visits.yml"
    text = project.path(clinic).read_text(encoding="utf-8")
    project.write(clinic, text.replace("value: 120}", "value: 1" + "0" * 4300 + "}") + '"bad\\ud800": 1\n')
    built = build(project)
    assert built.error is not None and "Traceback" not in built.error
    assert f"{clinic}:11 (series[1].value): a number of 4,301 digits is more than Backbone reads" in built.error
    assert f"{clinic}:32: delete the character U+D800 (a lone surrogate" in built.error
    assert not [p for p in project.root.rglob("*.tmp")]


# --- F16: an icon the theme does not have ---------------------------------------------------


def test_an_icon_the_theme_lacks_is_located_in_the_build_and_the_check(minimal):
    # 'material/hoem': two letters swapped, one icon that near ('material/hom' is as near to others)
    minimal.write("content/about.md", "---\ntitle: About\nicon: material/hoem\n---\n# About\n\nText.\n")
    expected = (
        "content/about.md:3 (icon): the theme has no icon 'material/hoem': an icon is named by its set and its name, "
        "like 'material/home' (all are listed at https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/); "
        "did you mean 'material/home'?"
    )
    built = minimal.build()
    assert built.error is not None and expected in built.error and "TemplateNotFound" not in built.error
    code, err = check(minimal)
    assert code == 1 and expected in err
    minimal.write("content/about.md", "---\ntitle: About\nicon: material/home\n---\n# About\n\nText.\n")
    built = minimal.build()
    assert built.error is None, built.error
    assert built.html("about/index.html").select_one(".md-nav__link svg") is not None  # the icon, drawn


@pytest.mark.parametrize("name", ["material/nonexistent", "../../../etc/passwd", "material", " material/home"])
def test_icon_names_outside_the_theme_are_refused(name):
    import material

    from backbone.theme_icons import ThemeIcons

    icons = ThemeIcons([os.path.join(os.path.dirname(material.__file__), "templates")])
    assert icons.problem("material/home") is None and icons.problem("simple/uniqlo_ja") is None
    assert icons.problem(name).startswith(f"the theme has no icon '{name}'")


# --- F16: `backbone new site` where no folder can be, `new story` with a title not in UTF-8 ----


def run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = backbone(argv)
        except SystemExit as exc:  # argparse refuses an argument with a message and exit code 2
            code = exc.code
    return code, err.getvalue()


def test_new_site_refuses_a_dangling_link_and_a_folder_below_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink("nowhere", "gone")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    cases = {
        "gone": "gone is a link to nowhere, which does not exist; choose a new folder name",
        "gone/site": "gone/site cannot be made: gone is a link to nowhere, which does not exist; choose another place",
        "notes.txt": "notes.txt is a file, not a folder; choose a new folder name",
        "notes.txt/site/x": "notes.txt/site/x cannot be made: notes.txt is a file, not a folder; choose another place",
    }
    for target, expected in cases.items():
        assert run(["new", "site", target]) == (1, f"backbone: {expected}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gone", "notes.txt"]


def test_new_story_and_review_refuse_a_title_that_is_not_utf8_and_write_nothing(tmp_path):
    title = b"Caf\xe9 opens".decode("utf-8", "surrogateescape")  # what Python makes of a Latin-1 terminal
    for kind in (["story"], ["review", "after-action-review"]):
        code, err = run(["new", *kind, title, "--folder", str(tmp_path / "new"), "--date", "2025-01-02"])
        assert code == 2
        assert (
            "error: argument title: the title is not UTF-8 text (the byte 0xE9 at character 4): set your terminal "
            "to UTF-8, or type the title without that letter and correct it in the file"
        ) in err
    code, err = run(["new", "story", "Bell\x07", "--folder", str(tmp_path / "new")])
    assert code == 2 and "the title holds the control character U+0007 at character 5" in err
    code, err = run(["new", "story", "Fine", "--folder", str(tmp_path / "new"), "--date", "2025-02-30"])
    assert code == 2 and "'2025-02-30' is not a date: write a real date as YYYY-MM-DD" in err
    assert not (tmp_path / "new").exists()


# --- F20: governance bodies whose parents go round in a circle ------------------------------


def test_a_cycle_of_parents_is_refused_with_the_cycle_named(minimal):
    text = minimal.path(GOVERNANCE).read_text(encoding="utf-8")
    minimal.write(GOVERNANCE, text.replace("  - id: board\n", "  - id: board\n    parent: clinics-wg\n", 1))
    expected = (
        f"{GOVERNANCE}:3 (bodies[0].parent): these bodies are each other's parents: 'board' → 'clinics-wg' → 'board' "
        "(each arrow points to a parent), so none of them is at the top; remove 'parent' from the one that "
        "belongs at the top"
    )
    built = minimal.build()
    assert built.error is not None and expected in built.error
    assert built.error.count("each other's parents") == 1  # one cycle, one message
    code, err = check(minimal)
    assert code == 1 and expected in err


def test_each_cycle_is_named_once_from_its_first_body_and_a_chain_into_it_is_not():
    from backbone.checks import Checks
    from backbone.governance.checks import check_governance
    from backbone.governance.model import Governance
    from backbone.sources import Source

    def body(id_, parent=None):
        return dict(id=id_, name=id_, kind="board", purpose="p", cadence="c", parent=parent)

    gov = Governance(
        bodies=[
            body("a", "b"),
            body("b", "c"),
            body("c", "a"),  # a → b → c → a
            body("d", "a"),  # leads into the cycle: not a cycle of its own
            body("e", "e"),  # its own parent
            body("f"),
        ],
        decisions=[],
        workstreams=[],
        responsibilities=[],
    )
    problems = []
    check_governance(Checks(Source(GOVERNANCE, {}, {}), problems), gov, None)
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [
        ("bodies[0].parent", "these bodies are each other's parents"),
        ("bodies[4].parent", "body 'e' cannot be its own parent; remove its 'parent' line"),
    ]
    assert "'a' → 'b' → 'c' → 'a'" in problems[0].message


# --- F17: a file is keyed by its content, never by a name that looks like a digest ----------


def test_a_replaced_logo_named_like_a_digest_gets_a_new_preview_card(minimal):
    partners = "data/partners.yml"
    named = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.svg"  # sha256 of nothing
    logo = minimal.path("data/partners/city-hall.svg").read_text(encoding="utf-8")
    minimal.write(f"data/partners/{named}", logo)
    minimal.write(partners, minimal.path(partners).read_text().replace("partners/city-hall.svg", f"partners/{named}"))
    card = "assets/backbone/previews/partners/city-hall.png"
    first = minimal.build()
    assert first.error is None, first.error
    before = (first.site / card).read_bytes()
    minimal.write(f"data/partners/{named}", logo.replace("#1d4e89", "#c0392b"))  # same name, new colours
    second = minimal.build()  # the same cache folder
    assert second.error is None, second.error
    assert (second.site / card).read_bytes() != before


# --- F12: Markdown checked for bracket bombs before it is rendered ---------------------------

BOMBS = {  # each just past the bound, as small as proves it (40,000 '[' took 172 s)
    "unclosed '['": ("[" * 700, 1, "'[' are never closed by ']', or are nested inside each other"),
    "the issue's 40,000 '['": ("Intro.\n\n" + "[" * 40_000, 3, "'[' are never closed by ']'"),
    "'[' nested": ("[" * 500 + "x" + "]" * 500, 1, "'[' are never closed by ']', or are nested inside each other"),
    "a '[' on each line": ("\n".join(f"line {i} [ note" for i in range(200)), 2, "'[' are never closed by ']'"),
    "links never closed": ("[a](x " * 300, 1, "links '](…' are never closed by ')'"),
    "tags never closed": ("<a " * 400, 1, "'<' start HTML tags that are never closed by '>'"),
    "CDATA never closed": ("<![CDATA[ " * 250, 1, "'<' start HTML tags that are never closed by '>'"),
    "code never closed": ("``a`" * 300, 1, "'`' start code that no '`' as long closes"),
    "lists in lists": ("1. " * 120 + "x", 1, "150 lists or quotes open inside each other at the start of this line"),
    "indented 100 levels": (
        "text\n\n" + "    " * 100 + "- x",
        3,
        "101 lists or quotes open inside each other at the start of this line",
    ),
}


@pytest.mark.parametrize("name", BOMBS)
def test_a_markdown_bomb_is_one_located_problem(name):
    from backbone import mdbounds

    body, line, message = BOMBS[name]
    [problem] = mdbounds.problems(body, "content/stories/x.md", first_line=5)
    assert (problem.file, problem.line) == ("content/stories/x.md", 4 + line)
    assert message in problem.message, problem.message


def test_ordinary_markdown_is_untouched_however_many_links_it_has():
    from backbone import mdbounds

    links = " ".join(f"[report {i}](https://example.org/r/{i} 'Report {i}')" for i in range(2_000))
    pages = {
        "2,000 links in one paragraph": links,
        "links across 500 paragraphs": "\n\n".join(
            f"See [the report](https://e.org/{i}) and ![a chart](c{i}.png)." for i in range(500)
        ),
        "a table of links": "| a | b |\n|---|---|\n"
        + "\n".join(f"| [x{i}](https://e.org/{i}) | ok |" for i in range(1_000)),
        "brackets as text": "\n\n".join("Prices rose \\[sic\\] by 5%; see \\<note\\>." for _ in range(1_000)),
        "brackets in code": "```python\n" + "a[\n" * 2_000 + "```\n\nUse `a[` or ``b[`` and `<div` in code.\n" * 50,
        "HTML closed later": "<div markdown>\n" + "x < y and <em>z</em>\n" * 2_000 + "</div>\n",
        "lists six deep": "\n".join("    " * i + "- item" for i in range(6)),
    }
    for name, text in pages.items():
        assert mdbounds.problems(text, "content/page.md") == [], name


def test_the_build_and_the_check_refuse_bombs_in_pages_and_stories(minimal):
    minimal.write("content/about.md", "---\ntitle: About\n---\n# About\n\nWe work together.\n\n" + "[" * 2_000 + "\n")
    minimal.write("content/stories/bomb.md", "---\ntitle: Tags\n---\nText.\n\n" + "<a " * 1_000 + "\n")
    expected = [
        "content/about.md:8: from this line on, '[' are never closed by ']'",
        "content/stories/bomb.md:6: from this line on, '<' start HTML tags that are never closed by '>'",
    ]
    built = minimal.build()
    assert built.error is not None and all(e in built.error for e in expected), built.error
    code, err = check(minimal)
    assert code == 1 and all(e in err for e in expected), err


def test_a_bomb_in_a_metrics_story_is_located_at_its_field(tmp_path):
    from backbone.loaders import load_project

    project = make_project(tmp_path, FIXTURES / "metrics")
    clinic = "data/metrics/clinic-visits.yml"
    text = project.path(clinic).read_text(encoding="utf-8")
    assert "\nstory: |-\n" in text
    project.write(clinic, text.replace("\nstory: |-\n", "\nstory: |-\n  Visits fell.\n\n  " + "[" * 1_000 + "\n"))
    with pytest.raises(DataError) as caught:
        load_project(project.root)
    [problem] = [p for p in caught.value.problems if p.file == clinic]
    assert problem.field == "story" and problem.message.startswith(
        "from its line 3 on, '[' are never closed by ']', or are nested inside each other"
    ), problem


def _served_files(project):
    """The files of the first build of a `mkdocs serve` session of ``project``, and its plugin."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(project.path("site_config.yml")))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    files = get_files(config)
    assert files.get_file_from_path("about.md") is not None
    return config.plugins.on_files(files, config=config), config.plugins["backbone"]


def test_a_served_page_with_a_bomb_is_not_rendered(minimal, tmp_path):
    """`mkdocs serve` shows the problem list on every page: the page with the bomb is taken
    out of the files at once, so MkDocs never renders it. MkDocs keeps one plugin for every
    session of a process: the addresses an earlier session's good build left (about/ among
    them, a page to show the problems at) are not this session's."""
    earlier = make_project(tmp_path / "earlier", FIXTURES / "minimal")
    earlier.write("content/about.md", "---\ntitle: About\n---\n# About\n\nWho we are.\n")
    _, plugin = _served_files(earlier)
    assert plugin.broken is None and "about.md" in plugin.addresses
    minimal.write("content/about.md", "---\ntitle: About\n---\n# About\n\n" + "[" * 2_000 + "\n")
    files, plugin = _served_files(minimal)
    assert plugin.broken is not None
    assert files.get_file_from_path("about.md") is None and files.get_file_from_path("index.md") is not None


# --- F19: related stories from an index, not from every pair --------------------------------


def _related_by_pairs(catalog, story, limit):
    """The algorithm before the index (kept here as the reference): every story sharing a key
    is counted, then the best are sorted."""
    from collections import Counter

    rank = {s.slug: r for r, s in enumerate(catalog._by_rank)}
    weighted = {}
    for kind, weight, index in (("m", 3, catalog.by_metric), ("p", 2, catalog.by_partner), ("t", 1, catalog.by_tag)):
        for key, stories in index.items():
            weighted[(kind, key)] = [rank[s.slug] for s in stories for _ in range(weight)]
    score = Counter()
    for key in (
        {("m", m) for m in story.metric_ids}
        | {("p", p) for p in story.meta.partners}
        | {("t", t) for t in story.meta.tags}
    ):
        score.update(weighted.get(key, ()))
    score.pop(rank[story.slug], None)
    if not score:
        return []
    cutoff = sorted(set(score.values()), reverse=True)[:limit][-1]
    finalists = sorted((-points, r) for r, points in score.items() if points >= cutoff)
    return [catalog._by_rank[r] for _, r in finalists[:limit]]


def _generated_stories(count: int, seed: int):
    import datetime as dt
    import random
    from types import SimpleNamespace

    rng = random.Random(seed)
    stories = []
    for i in range(count):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(60))  # many share a date
        meta = SimpleNamespace(
            date=day.isoformat(),
            tags=["everyone"] * (i % 7 != 0) + rng.sample([f"t{j}" for j in range(12)], rng.randrange(4)),
            partners=rng.sample([f"p{j}" for j in range(8)], rng.randrange(3)),
            draft=False,
        )
        metrics = rng.sample([f"m{j}" for j in range(5)], rng.randrange(3))
        stories.append(SimpleNamespace(slug=f"s{i:03d}", meta=meta, metric_ids=metrics, draft=False, date=day))
    return stories


def _related_in_windows(catalog, story, limit):
    """The definition, written the slow way: the neighbours in time on each of a story's lists
    (WINDOW each side), scored against it by every key, the best first and the newer among equals."""
    from backbone.stories.related import WINDOW

    ranked = catalog._by_rank
    me = ranked.index(story)
    keys = catalog._related.keys
    near = set()
    for key in keys[me]:
        on_list = [r for r in range(len(ranked)) if key in keys[r]]
        place = on_list.index(me)
        near.update(on_list[max(0, place - WINDOW) : place + WINDOW + 1])
    near.discard(me)
    scored = sorted((-sum(p for k, p in keys[me].items() if k in keys[r]), r) for r in near)
    return [ranked[r] for _, r in scored[:limit]]


@pytest.mark.parametrize("seed", [1, 2])
def test_related_are_the_best_of_the_neighbours_in_time_on_hundreds_of_stories(seed):
    from backbone.stories.catalog import Catalog

    catalog = Catalog(_generated_stories(300, seed))
    for limit in (1, 3, 6):
        for story in list(catalog)[::7]:
            expected = [s.slug for s in _related_in_windows(catalog, story, limit)]
            assert [s.slug for s in catalog.related(story, limit)] == expected, (story.slug, limit)


@pytest.mark.parametrize("seed", [1, 2])
def test_related_are_the_best_of_all_where_no_list_is_longer_than_the_windows(seed):
    """A partnership's first few dozen stories: every story sharing a key is a candidate, so the
    result is the best of all of them (the former pairwise count)."""
    from backbone.stories.catalog import Catalog
    from backbone.stories.related import WINDOW

    catalog = Catalog(_generated_stories(WINDOW + 1, seed))
    for limit in (1, 3, 6):
        for story in catalog:
            expected = [s.slug for s in _related_by_pairs(catalog, story, limit)]
            assert [s.slug for s in catalog.related(story, limit)] == expected, (story.slug, limit)


def _stories_met(stories) -> float:
    """How many stories ``related`` scores, per story: its work, counted rather than timed."""
    from backbone.stories import related
    from backbone.stories.catalog import Catalog

    catalog = Catalog(stories)
    met = 0
    points = related.RelatedIndex.points

    def counted(index, me, other):
        nonlocal met
        met += 1
        return points(index, me, other)

    related.RelatedIndex.points = counted
    try:
        for story in catalog:
            catalog.related(story, 3)
    finally:
        related.RelatedIndex.points = points
    return met / len(stories)


def test_a_tag_every_story_shares_is_not_walked_for_each_story():
    """Pairs cost each story one step per story sharing its tag; the windows, a fixed few."""
    from backbone.stories.related import WINDOW

    stories = _generated_stories(2_000, 3)
    for i, story in enumerate(stories):  # one tag for all, and a partner of 100
        story.meta.tags, story.meta.partners, story.metric_ids = ["everyone"], [f"p{i % 100}"], []
    assert _stories_met(stories) <= 2 * WINDOW + 19  # the tag's window, and the 19 others of its partner


def test_the_work_per_story_does_not_grow_with_the_site():
    """Stories scored per story, at 1,000 and 4,000 stories sharing everything alike: the same."""
    small, large = _generated_stories(1_000, 4), _generated_stories(4_000, 4)
    assert _stories_met(large) <= _stories_met(small) * 1.1


# --- F11: text in an SVG is bounded before resvg lays it out --------------------------------

SVG_TEXT = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 60">\n{}</svg>'
)


@pytest.mark.parametrize(
    "inside, message",
    [
        (  # the logo: one <text> of 450 KB took resvg 180 s
            '<text x="0" y="30">' + "Harbour " * 56_250 + "</text>",
            "it draws more than 50,000 characters of text, more than the 5,000 Backbone draws",
        ),
        ('<text x="0" y="30">' + "H" * 5_001 + "</text>", "it draws 5,001 characters of text"),
        ('<text x="0" y="30">' + "<tspan>H</tspan>" * 101 + "</text>", "it draws text in 101 pieces (<tspan>"),
        (  # each copy a <use> makes is laid out again
            '<defs><text id="t">' + "H" * 1_000 + "</text></defs>" + '<use xlink:href="#t"/>' * 6,
            "it draws 6,000 characters of text",
        ),
    ],
    ids=["450 KB", "one character over", "pieces", "copies"],
)
def test_text_in_an_svg_is_bounded_before_it_is_drawn(inside, message):
    from backbone.svgsafe import SvgError, clean

    with pytest.raises(SvgError) as caught:
        clean(SVG_TEXT.format(inside).encode())
    assert str(caught.value).startswith(message), str(caught.value)
    assert caught.value.line == 2  # the <text>
    assert "turn it into outlines (paths) in your design tool" in caught.value.fix


def test_a_wordmark_set_letter_by_letter_is_drawn():
    from backbone.drawing.band import LOGO_HEIGHT
    from backbone.drawing.fonts import fonts
    from backbone.drawing.svg import rasterise
    from backbone.svgsafe import clean

    letters = "".join(f'<tspan x="{10 * i}">{c}</tspan>' for i, c in enumerate("HARBOUR HEALTH ALLIANCE" * 4))
    svg = SVG_TEXT.format(f'<text y="40" font-size="30" fill="#1d4e89">{letters}</text>').encode()
    assert clean(svg) == svg  # 92 pieces, 92 characters: published as it is
    assert rasterise(svg, LOGO_HEIGHT, fonts()) is not None


def test_a_partner_logo_with_too_much_text_is_located_by_the_check(minimal):
    minimal.write("data/partners/city-hall.svg", SVG_TEXT.format('<text y="30">' + "Harbour " * 1_000 + "</text>"))
    code, err = check(minimal)
    assert code == 1
    assert (
        "data/partners.yml:5 (partners[0].logo): 'partners/city-hall.svg': it draws 8,000 characters of text, "
        "more than the 5,000 Backbone draws"
    ) in err, err
    assert "(line 2 of data/partners/city-hall.svg)" in err
