"""The stories core without MkDocs: catalog, cards, sanitising, plain text, scaffold, CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import FakeFigures
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from stories_helpers import with_stories

from backbone.cli import main
from backbone.drawing.band import Brand
from backbone.drawing.fit import fit
from backbone.drawing.fonts import fonts
from backbone.drawing.svg import rasterise
from backbone.loaders import load_project
from backbone.render.htmltext import html_to_text
from backbone.render.numbers import Squeezable
from backbone.render.sanitise import page_html, portable_html
from backbone.stories import cards
from backbone.stories.catalog import Catalog
from backbone.stories.load import load_stories, slug_of
from backbone.stories.pages import Layout
from backbone.stories.site import place

ROOT = Path(__file__).resolve().parent.parent
BRAND = Brand("Harbour Health Alliance", "#1d4e89", "#f4a259", "#1a1a1a", "#ffffff", "#ffffff", "#555555", None)


@pytest.fixture
def stories(tmp_path):
    project = with_stories(tmp_path)
    loaded = load_project(project.root)
    return load_stories(loaded, project.path("content"), FakeFigures(), today=dt.date(2025, 1, 1))


def test_slug_from_file_name():
    assert slug_of(Path("2025-03-01-night-bus.md")) == "night-bus"
    assert slug_of(Path("Night Bus!.md")) == "night-bus"


def test_load_marks_drafts_and_future_stories(stories):
    by_slug = {s.slug: s for s in stories}
    assert sorted(by_slug) == ["city-data", "far-future", "food-vouchers", "secret-plan", "triage-line"]
    assert sorted(s for s in by_slug if by_slug[s].draft) == ["far-future", "secret-plan"]
    triage = by_slug["triage-line"]
    assert triage.meta.aliases == ["phone-line"]
    assert [(f.metric_id, f.period, f.text) for f in triage.figures] == [
        ("people-helped", "2024-Q2", "150"),
        ("satisfaction", "2024-Q4", "74%"),
    ]


def test_future_stories_can_be_published(tmp_path):
    project = with_stories(tmp_path)
    loaded = load_stories(
        load_project(project.root), project.path("content"), FakeFigures(), today=dt.date(2025, 1, 1), future=True
    )
    assert [s.slug for s in loaded if s.draft] == ["secret-plan"]


def test_catalog(stories):
    catalog = Catalog(stories)
    assert catalog.story_slugs() == ["city-data", "food-vouchers", "triage-line"]
    assert [s.slug for s in catalog] == ["city-data", "triage-line", "food-vouchers"]  # newest first
    assert [[s.slug for s in page] for page in catalog.pages(2)] == [["city-data", "triage-line"], ["food-vouchers"]]
    assert catalog.tags() == ["clinics", "data", "food", "triage"]
    assert list(catalog.months()) == ["2024-05", "2024-03"]
    triage = catalog.by_slug["triage-line"]
    # city-data: shares metric people-helped (3) + partner city-hall (2) = 5; food-vouchers: tag clinics (1)
    assert [s.slug for s in catalog.related(triage)] == ["city-data", "food-vouchers"]
    assert [s.slug for s in catalog.related(triage, 1)] == ["city-data"]
    assert [(c.claim, c.latest) for c in catalog.stale_claims()] == [("people-helped@2024-Q2", "2024-Q4")]
    assert Catalog(stories, include_drafts=True).story_slugs() == [
        "city-data",
        "far-future",
        "food-vouchers",
        "secret-plan",
        "triage-line",
    ]
    assert [s.slug for s in Catalog(stories, include_drafts=True).published] == [
        "city-data",
        "triage-line",
        "food-vouchers",
    ]


def test_placing_hands_on_values_and_leaves_the_stories_as_read(stories):
    """Where a story goes is a frozen value by slug; the story itself cannot be filled in later."""
    before = [dataclasses.asdict(s) for s in stories]
    places = place(stories, Layout("stories", directory_urls=False), "https://example.org")
    triage = places["triage-line"]
    assert triage.story is next(s for s in stories if s.slug == "triage-line")
    assert (triage.page_path, triage.url) == (
        "stories/triage-line.html",
        "https://example.org/stories/triage-line.html",
    )
    assert triage.absolute("stories/triage-line/card.png") == "https://example.org/stories/triage-line/card.png"
    assert [dataclasses.asdict(s) for s in stories] == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        triage.page_path = "elsewhere/"
    with pytest.raises(dataclasses.FrozenInstanceError):
        triage.story.draft = True


def test_reading_time(stories):
    story = stories[0]
    assert dataclasses.replace(story, words=201).reading_minutes == 2
    assert dataclasses.replace(story, words=3).reading_minutes == 1


def test_cards_fit_long_titles():
    width = 1056
    font, lines = fit("word " * 80, "bold", width, 3, range(64, 39, -4))
    assert font.size == 40 and len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= width for line in lines)
    font, lines = fit("Short title", "bold", width, 3, range(64, 39, -4))
    assert font.size == 64 and lines == ["Short title"]
    font, lines = fit("A" * 200, "bold", width, 2, range(64, 39, -4))
    assert all(font.getlength(line) <= width for line in lines) and lines[0].endswith("…")


def test_card_drawing_is_deterministic_and_sized():
    spec = cards.CardSpec("social", "A title", Squeezable("338"), "Jobs, Q3 2025", BRAND)
    first, second = cards.draw(spec), cards.draw(spec)
    assert first == second
    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
        # the brand's primary colour fills the footer band
        assert image.convert("RGB").getpixel((600, 600)) == (0x1D, 0x4E, 0x89)
    slide = cards.CardSpec("slide", "A title", Squeezable("338"), "Jobs", BRAND)
    with Image.open(io.BytesIO(cards.draw(slide))) as image:
        assert image.size == (1920, 1080)


def test_cards_are_palette_images_with_smooth_text():
    """Drawn in a palette (fast to encode, small), yet text edges are anti-aliased: the
    title's row holds the text colour, the background and blends between them."""
    brand = dataclasses.replace(BRAND, logo=str(ROOT / "data/brand/logo.svg"))
    with Image.open(
        io.BytesIO(cards.draw(cards.CardSpec("social", "Anti-aliased title", Squeezable("338"), "Jobs", brand)))
    ) as image:
        assert image.mode == "P"
        rgb = image.convert("RGB")
        title_band = {rgb.getpixel((x, y)) for x in range(72, 700) for y in range(60, 130)}
        assert {(0x1A, 0x1A, 0x1A), (0xFF, 0xFF, 0xFF)} <= title_band
        assert len(title_band) >= 8  # blends: FreeType's coverage kept in steps, not a hard edge
        chip = {rgb.getpixel((x, 565)) for x in range(72, 140)}
        assert len(chip) > 3  # the logo kept its colours on its chip


def test_card_cache_draws_only_what_changed(tmp_path):
    specs = [cards.CardSpec("social", f"Story {i}", None, None, BRAND) for i in range(5)]
    paths, drawn = cards.ensure(specs, tmp_path, workers=2)
    assert drawn == 5 and all(p.is_file() for p in paths)
    paths2, drawn2 = cards.ensure(specs, tmp_path, workers=2)
    assert (paths2, drawn2) == (paths, 0)
    changed = specs[:4] + [cards.CardSpec("social", "Story 4, retitled", None, None, BRAND)]
    _, drawn3 = cards.ensure(changed, tmp_path, workers=2)
    assert drawn3 == 1


def test_demo_logo_is_rasterised():
    logo = rasterise((ROOT / "data/brand/logo.svg").read_bytes(), 64, fonts())
    assert logo.size == (320, 64)
    colours = {pixel[:3] for _, pixel in logo.getcolors(1 << 20) if pixel[3] == 255}
    assert (0x0B, 0x5D, 0x5B) in colours  # the teal square
    assert rasterise(b"<svg xmlns='http://www.w3.org/2000/svg'/>", 64, fonts()) is None
    assert rasterise(b"not svg", 64, fonts()) is None


def test_logos_are_drawn_in_full_svg_and_fetch_nothing(tmp_path):
    svg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">
      <defs><linearGradient id="g"><stop offset="0" stop-color="#0000ff"/><stop offset="1" stop-color="#00ff00"/></linearGradient></defs>
      <path d="M5 25 A20 20 0 1 0 45 25 A20 20 0 1 0 5 25 Z" fill="#ff0000"/>
      <rect x="55" y="5" width="40" height="40" fill="url(#g)"/>
    </svg>"""
    logo = rasterise(svg.encode(), 50, fonts())
    assert logo.size == (100, 50)
    red, blue, green = logo.getpixel((25, 25)), logo.getpixel((57, 25)), logo.getpixel((93, 25))
    assert red[:3] == (255, 0, 0) and red[3] == 255  # a circle drawn with arcs
    assert blue[2] > 200 > blue[1] and green[1] > 200 > green[2]  # a gradient, from blue to green
    # a reference to another file is taken out before drawing (resvg would read it): a logo that
    # is only that shows nothing
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10), "red").save(secret)
    outside = f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image xlink:href="{secret}" width="10" height="10"/></svg>'
    assert rasterise(outside.encode(), 10, fonts()) is None


def test_sanitising():
    dirty = '<p onclick="x()">Hi <a href="javascript:alert(1)">x</a><script>alert(2)</script><img src="a.svg" alt="chart"><img src="b.png" alt="photo"></p>'
    page = page_html(dirty)
    assert "onclick" not in page and "javascript" not in page and "<script" not in page and "alert" not in page
    # a body may fold a table and mark a scroll region, never pose as a control
    folded = page_html(
        '<details><summary>More</summary><div role="region" tabindex="0" aria-label="N">t</div>'
        '<div role="button" tabindex="-1">b</div></details>'
    )
    assert '<summary>More</summary><div role="region" tabindex="0" aria-label="N">' in folded
    assert "button" not in folded and 'tabindex="-1"' not in folded
    portable = portable_html(dirty, "https://x.example.org/stories/a/")
    assert '<img src="https://x.example.org/stories/a/b.png" alt="photo">' in portable
    assert "a.svg" not in portable and "<em>chart</em>" in portable


def test_html_to_text():
    html = '<h2>Head</h2><p>One <a href="https://x.example.org/">link</a> and <a href="https://x.example.org/">https://x.example.org/</a>.</p><ul><li>first</li><li>second</li></ul>'
    assert (
        html_to_text(html)
        == "## Head\n\nOne link (https://x.example.org/) and https://x.example.org/.\n\n  * first\n  * second"
    )


def test_new_story_scaffold_validates(tmp_path):
    project = with_stories(tmp_path)
    folder = project.path("content/stories")
    assert main(["new", "story", "Night bus: a test!", "--folder", str(folder), "--date", "2025-03-01"]) == 0
    path = folder / "2025-03-01-night-bus-a-test.md"
    text = path.read_text()
    assert 'title: "Night bus: a test!"' in text and "# The share text" in text
    loaded = load_stories(load_project(project.root), project.path("content"), FakeFigures(), today=dt.date(2025, 3, 1))
    story = next(s for s in loaded if s.slug == "night-bus-a-test")
    assert story.draft and story.meta.date == "2025-03-01"
    assert main(["new", "story", "Night bus: a test!", "--folder", str(folder), "--date", "2025-03-01"]) == 1


@pytest.mark.parametrize("language", ["fr", "es", "de", "fr-CA", "pt"])
def test_the_story_scaffold_in_each_language_has_the_english_ones_fields(language):
    """The same front matter as the English scaffold, line for line, but for its comments and
    the two texts the writer replaces; a language without a scaffold (pt) gets the English one."""
    from backbone.stories.scaffold import template

    def fields(text: str) -> list[str]:
        lines = text.format(title='"T"', date="2025-03-01", slug="t", max=200, metrics="m", example="m").split("\n")
        lines = lines[: lines.index("---", 1)]
        return [re.sub(r"^(summary|author): .*", r"\1: …", line) for line in lines if not line.startswith("#")]

    english, written = template("en"), template(language)
    assert fields(written) == fields(english)
    assert (written == english) == (language == "pt")
    assert written.count("{example}") == english.count("{example}") and written.count("{slug}") == english.count(
        "{slug}"
    )


def test_check_passes_on_a_good_project(tmp_path, capsys):
    project = with_stories(tmp_path)
    for rel in ("2024-05-02-triage-line.md", "2024-05-20-city-data.md"):
        project.path(f"content/stories/{rel}").unlink()
    assert main(["check", "-f", str(project.path("site_config.yml"))]) == 0
    assert "all data and content" in capsys.readouterr().out


@dataclass
class _Meta:
    date: str
    tags: list[str]
    partners: list[str]


@dataclass
class _Story:
    slug: str
    meta: _Meta
    metric_ids: list[str]
    draft: bool = False

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.meta.date)


_IDS = st.lists(st.sampled_from("abcdef"), max_size=4)  # repeats too: a tag named twice counts once
_STORIES = st.lists(
    st.builds(lambda day, tags, partners, metrics: (day, tags, partners, metrics), st.integers(1, 9), _IDS, _IDS, _IDS),
    min_size=1,
    max_size=25,
)


@given(_STORIES, st.integers(1, 5))
def test_related_stories_rank_by_shared_metrics_partners_and_tags(rows, limit):
    stories = [
        _Story(f"s{i:02d}", _Meta(f"2024-01-0{day}", tags, partners), metrics)
        for i, (day, tags, partners, metrics) in enumerate(rows)
    ]
    catalog = Catalog(stories)

    def points(a, b):
        shared = lambda x, y: len(set(x) & set(y))  # noqa: E731
        return (
            3 * shared(a.metric_ids, b.metric_ids)
            + 2 * shared(a.meta.partners, b.meta.partners)
            + shared(a.meta.tags, b.meta.tags)
        )

    for story in stories:
        scored = [(points(story, other), other) for other in stories if other is not story and points(story, other) > 0]
        expected = sorted(scored, key=lambda pair: (-pair[0], -pair[1].date.toordinal(), pair[1].slug))[:limit]
        assert [s.slug for s in catalog.related(story, limit)] == [o.slug for _, o in expected]
    for index in (catalog.by_tag, catalog.by_partner, catalog.by_metric):  # a tag page lists a story once
        assert all(len(set(map(id, listed))) == len(listed) for listed in index.values())


def test_a_card_digest_follows_the_logo_bytes_not_where_the_file_is():
    """Brand.logo is a path, rasterised only when a card is drawn; the cache key is the
    file's sha256, so a moved checkout reuses its cards and a new logo redraws them."""

    def spec(logo, digest):
        return cards.CardSpec(
            "social", "A title", None, None, dataclasses.replace(BRAND, logo=logo, logo_digest=digest)
        )

    here, moved, new = spec("/a/logo.svg", "1" * 64), spec("/b/logo.svg", "1" * 64), spec("/a/logo.svg", "2" * 64)
    assert here.digest() == moved.digest() != new.digest()
