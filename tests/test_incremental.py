"""An incremental build equals a clean one, byte for byte (issue 24 item 2).

`mkdocs serve` keeps one plugin instance and one cache folder between rebuilds. Hypothesis
applies short random sequences of the edits a team makes while previewing — a story's text,
a figure, a partner's name, a tag, a story added, a story deleted, a draft published, the
primary colour — rebuilding after each with the same plugin instance and cache, as serve
does; then the same files are copied to a fresh folder and built clean (a new plugin
instance, an empty cache), and every file of the two site folders is compared. Whatever a
cache keeps or the plugin remembers that the edit should have changed shows as a difference.

Sized for the suite: one small partnership (one metric, a few stories) shared by the module,
a few short sequences. Shared on purpose: like a long serve session, each sequence starts
from the files and cache the previous ones left, so a stale entry made three edits ago still
shows (a card's key without its figure was caught this way, by a story's text edited after a
figure). The primary colours offered all keep the theme's contrast with white text.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from support import FIXTURES, Project, make_project, own_process

SOURCES = ("content", "data", "site_config.yml")
PARTNERS = ("city-hall", "harbour-clinic", "dockside-foods")
COLOURS = ("#1d4e89", "#5c1745", "#1b4a2a")


def story(title: str, partner: str, tags: list[str], body: str, draft: bool = False) -> str:
    meta = {
        "title": title,
        "date": "2024-03-10",
        "summary": f"What changed: {title.lower()}.",
        "partners": [partner],
        "metrics": ["clinic-visits"],
        "tags": tags,
        "author": "Sam Lee",
        "draft": draft,
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + body + "\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    """The metrics fixture cut to one metric, with three stories (one a draft)."""
    project = make_project(tmp_path_factory.mktemp("incremental"), FIXTURES / "metrics")
    for name in ("voucher-spend.yml", "voucher-spend.csv", "wait-days.yml"):
        project.path(f"data/metrics/{name}").unlink()
    project.write(
        "content/notes/figures.md", "# Figures\n\nLatest: {{ metric:clinic-visits }}.\n\n{{ chart:clinic-visits }}\n"
    )
    project.write("content/stories/vouchers.md", story("Vouchers", "dockside-foods", ["food"], "Fresh food."))
    project.write("content/stories/clinic.md", story("Evening clinic", "harbour-clinic", ["clinics"], "It opened."))
    project.write("content/stories/plan.md", story("A plan", "city-hall", ["plans"], "Not yet.", draft=True))
    build_with(project.root, project.root / "site")
    return project


def build_with(root: Path, site: Path) -> None:
    """One build as `mkdocs serve` runs it: the config loaded again, the plugin instances MkDocs
    keeps between loads in this process (the backbone plugin has on_startup) reused."""
    config = load_config(str(root / "site_config.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def clean_build(root: Path, site: Path) -> None:
    """A build by plugin instances of its own, as a fresh `mkdocs build` process has."""
    kept = MkDocsConfig.plugins.plugin_cache
    MkDocsConfig.plugins.plugin_cache = {}
    try:
        build_with(root, site)
    finally:
        MkDocsConfig.plugins.plugin_cache = kept


# --- the edits -------------------------------------------------------------------------


def stories(project: Project) -> list[Path]:
    return sorted(project.path("content/stories").glob("*.md"))


def edit_story(project: Project, pick: int, change) -> None:
    paths = stories(project)
    if not paths:
        return
    path = paths[pick % len(paths)]
    head, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(meta)
    body = change(meta, body)
    path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + body, encoding="utf-8")


def story_text(project: Project, pick: int, word: str) -> None:
    edit_story(project, pick, lambda meta, body: body + f"\nA new sentence about {word}.\n")


def story_summary(project: Project, pick: int, word: str) -> None:
    """What every listing of the story shows (the index, its tags, its partners' and metrics'
    pages) and its card does not (a title is in the card's text too)."""

    def resummarise(meta, body):
        meta["summary"] = f"{meta['summary']} Also the {word}."
        return body

    edit_story(project, pick, resummarise)


def figure(project: Project, pick: int, word: str) -> None:
    project.edit("data/metrics/clinic-visits.yml", lambda m: m["series"][-1].update(value=150 + pick % 90))


def partner_name(project: Project, pick: int, word: str) -> None:
    def rename(data):
        # the partner's place in the name: two partners never read the same (a problem, not an edit)
        data["partners"][pick % len(PARTNERS)]["name"] = f"The {word.title()} Group {pick % len(PARTNERS) + 1}"

    project.edit("data/partners.yml", rename)


def tag(project: Project, pick: int, word: str) -> None:
    def retag(meta, body):
        meta["tags"] = [word]
        return body

    edit_story(project, pick, retag)


def story_added(project: Project, pick: int, word: str) -> None:
    partner = PARTNERS[pick % len(PARTNERS)]
    project.write(f"content/stories/{word}-{pick}.md", story(f"About {word}", partner, [word], f"All about {word}."))


def story_deleted(project: Project, pick: int, word: str) -> None:
    paths = stories(project)
    if len(paths) > 1:  # one stays: a partnership without stories turns the feature off, not an edit
        paths[pick % len(paths)].unlink()


def draft_published(project: Project, pick: int, word: str) -> None:
    def toggle(meta, body):
        meta["draft"] = not meta.get("draft", False)
        return body

    edit_story(project, pick, toggle)


def primary_colour(project: Project, pick: int, word: str) -> None:
    project.edit("data/identity.yml", lambda i: i["colours"].update(primary=COLOURS[pick % len(COLOURS)]))


EDITS = [
    story_text,
    story_summary,
    figure,
    partner_name,
    tag,
    story_added,
    story_deleted,
    draft_published,
    primary_colour,
]
WORDS = st.sampled_from(["harbour", "ferry", "market", "garden"])
AN_EDIT = st.tuples(st.sampled_from(EDITS), st.integers(0, 99), WORDS)


# --- the comparison --------------------------------------------------------------------


def differences(left: Path, right: Path) -> list[str]:
    """Every file that is in one site folder only, or differs in its bytes."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"only in one: {prefix}{name}" for name in cmp.left_only + cmp.right_only)
        found.extend(f"differs: {prefix}{name}" for name in cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(f"differs: {prefix}{name}" for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


@settings(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(edits=st.lists(AN_EDIT, min_size=1, max_size=3))
def test_incremental_build_equals_clean_build(project, tmp_path_factory, edits):
    for edit, pick, word in edits:
        edit(project, pick, word)
        build_with(project.root, project.root / "site")
    clean = tmp_path_factory.mktemp("clean")
    for name in SOURCES:
        source = project.path(name)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, clean / name)
    clean_build(clean, clean / "site")
    assert differences(project.root / "site", clean / "site") == [], [e[0].__name__ for e in edits]


def one_off_build(root: Path, site: Path) -> None:
    """A `mkdocs build` in a process of its own, after another: only the cache folder carries
    over, whose disk store (kept.store) gives back the pages and bodies made before."""
    with own_process():
        build_with(root, site)


@settings(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(edits=st.lists(AN_EDIT, min_size=1, max_size=3))
def test_one_off_builds_that_share_the_cache_equal_a_clean_build(project, tmp_path_factory, edits):
    """CI builds: each `mkdocs build` a process of its own, the cache folder kept between them."""
    for edit, pick, word in edits:
        edit(project, pick, word)
        one_off_build(project.root, project.root / "site")
    clean = tmp_path_factory.mktemp("clean")
    for name in SOURCES:
        source = project.path(name)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, clean / name)
    clean_build(clean, clean / "site")
    assert differences(project.root / "site", clean / "site") == [], [e[0].__name__ for e in edits]


def test_a_one_off_build_reuses_the_pages_an_earlier_one_made(project, monkeypatch):
    """The disk store is used: a second one-off build with nothing changed makes no story's or
    metric's page and renders no body; a story's text edited makes its own page again."""
    from backbone.adapters.stories import StoriesFeature
    from backbone.metrics.pages import MetricsSite
    from backbone.render import markdown

    made: list[str] = []
    metric_page, story_page, body = MetricsSite._metric_page, StoriesFeature._made_page, markdown._render

    def counting_metric(self, metric, *args):
        made.append(f"metric:{metric.id}")
        return metric_page(self, metric, *args)

    def counting_story(self, ctx, story, *args):
        made.append(f"story:{story.slug}")
        return story_page(self, ctx, story, *args)

    def counting_body(text, src_uri, *args):
        made.append(f"body:{src_uri}")
        return body(text, src_uri, *args)

    monkeypatch.setattr(MetricsSite, "_metric_page", counting_metric)
    monkeypatch.setattr(StoriesFeature, "_made_page", counting_story)
    monkeypatch.setattr(markdown, "_render", counting_body)
    project.write("content/stories/quay-note.md", story("A note on the quay", "harbour-clinic", ["clinics"], "Open."))
    one_off_build(project.root, project.root / "site")
    assert "story:quay-note" in made and "metric:clinic-visits" in made
    assert list(project.path(".cache/backbone/outputs").glob("output-*.json"))
    made.clear()
    one_off_build(project.root, project.root / "site")
    assert made == []
    paths = stories(project)
    story_text(project, [p.name for p in paths].index("quay-note.md"), "quay")
    one_off_build(project.root, project.root / "site")
    assert made == ["body:stories/quay-note.md", "story:quay-note"]


SERVE_URL = "http://127.0.0.1:8000/"


def serve_config(root: Path, site: Path) -> MkDocsConfig:
    config = load_config(str(root / "site_config.yml"), site_dir=str(site), strict=True)
    config.site_url = SERVE_URL  # as `mkdocs serve` sets it
    return config


@settings(max_examples=2, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(edits=st.lists(AN_EDIT, min_size=1, max_size=3))
def test_serve_rebuilds_that_leave_the_unchanged_in_place_equal_a_clean_build(project, tmp_path_factory, edits):
    """`mkdocs serve` as Backbone runs it (adapters/unchanged.py): a clean first build, then
    rebuilds that empty nothing and write only what changed, each after an edit; against a
    clean serve build of the same files (drafts shown, as in any preview)."""
    serve_and_compare(project, tmp_path_factory, edits)


def serve_and_compare(project: Project, tmp_path_factory, edits) -> Path:
    """The served site folder, once compared with a clean one."""
    served = tmp_path_factory.mktemp("served")
    config = serve_config(project.root, served)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    config.plugins["backbone"].dirty = True  # as on_serve does, once it runs the server's rebuilds
    for edit, pick, word in edits:
        edit(project, pick, word)
        build(serve_config(project.root, served), serve_url=SERVE_URL, dirty=True)
    clean = tmp_path_factory.mktemp("clean")
    for name in SOURCES:
        source = project.path(name)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, clean / name)
    kept = MkDocsConfig.plugins.plugin_cache
    MkDocsConfig.plugins.plugin_cache = {}
    try:
        config = serve_config(clean, clean / "site")
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=SERVE_URL)
    finally:
        MkDocsConfig.plugins.plugin_cache = kept
    assert differences(served, clean / "site") == [], [e[0].__name__ for e in edits]
    return served


def test_a_serve_session_of_every_kind_of_edit_equals_a_clean_build(project, tmp_path_factory):
    """Each kind of edit once, in one serve session (a deleted story's page and feed entries go);
    then a rebuild with nothing changed writes no page."""
    served = serve_and_compare(project, tmp_path_factory, [(edit, 1, "orchard") for edit in EDITS])
    pages = {path: path.stat().st_mtime_ns for path in served.rglob("index.html")}
    build(serve_config(project.root, served), serve_url=SERVE_URL, dirty=True)
    assert pages and {path: path.stat().st_mtime_ns for path in served.rglob("index.html")} == pages


def test_a_summary_saved_is_shown_in_every_listing(project, tmp_path_factory):
    """Listings are kept between rebuilds by what they show of each story (stories/pages.py):
    alone, a summary's change (which no card carries) must still reach the index, the tag
    pages and the partners' and metrics' sections. Later edits in the session above would
    hide a listing kept by a key without it."""
    serve_and_compare(project, tmp_path_factory, [(story_summary, 0, "ferry")])


def test_a_difference_is_found(tmp_path):
    """The comparison itself: one changed byte, one missing file."""
    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "b" / "sub").mkdir(parents=True)
    (tmp_path / "a" / "sub" / "page.html").write_text("same length A")
    (tmp_path / "b" / "sub" / "page.html").write_text("same length B")
    (tmp_path / "a" / "feed.xml").write_text("x")
    assert differences(tmp_path / "a", tmp_path / "b") == ["differs: sub/page.html", "only in one: feed.xml"]


def test_a_rebuild_parses_only_the_files_that_changed(project, monkeypatch):
    """The plugin's second build onwards keeps each file's parsed values and validated model
    under the digest of its text: an unchanged file is read, not parsed again."""
    from backbone import frontmatter, sources

    parsed: list[str] = []
    real = sources.parse_yaml

    def counting(text, rel):
        parsed.append(rel)
        return real(text, rel)

    monkeypatch.setattr(sources, "parse_yaml", counting)
    monkeypatch.setattr(frontmatter, "parse_yaml", counting)
    build_with(project.root, project.root / "site")  # the values of every file, kept
    parsed.clear()
    story_text(project, 0, "ferry")
    build_with(project.root, project.root / "site")
    edited = sorted(p.relative_to(project.root).as_posix() for p in stories(project))[0]
    assert parsed == [edited]


def test_a_rebuild_makes_again_only_the_pages_whose_inputs_changed(project, monkeypatch):
    """Serve rebuilds keep each metric's and story's page under the digest of its inputs
    (kept.output): a rebuild with nothing changed makes none; a figure edited makes its metric's
    page again; a story's text edited makes its own page again and no other. (That the kept pages are the right ones is
    the property test's: incremental equals clean.)"""
    from backbone.adapters.stories import StoriesFeature
    from backbone.metrics.pages import MetricsSite

    made: list[str] = []
    metric_page, story_page = MetricsSite._metric_page, StoriesFeature._made_page

    def counting_metric(self, metric, *args):
        made.append(f"metric:{metric.id}")
        return metric_page(self, metric, *args)

    def counting_story(self, ctx, story, *args):
        made.append(f"story:{story.slug}")
        return story_page(self, ctx, story, *args)

    monkeypatch.setattr(MetricsSite, "_metric_page", counting_metric)
    monkeypatch.setattr(StoriesFeature, "_made_page", counting_story)
    # a story of its own, published: the property test on this project may leave every other a draft
    project.write("content/stories/ferry-note.md", story("A note on the ferry", "harbour-clinic", ["clinics"], "Open."))
    build_with(project.root, project.root / "site")  # every page kept
    made.clear()
    build_with(project.root, project.root / "site")
    assert made == []
    figure(project, 7, "ferry")
    build_with(project.root, project.root / "site")
    # its metric's page, and the stories citing it (their key figures): here, every story
    assert [m for m in made if m.startswith("metric:")] == ["metric:clinic-visits"]
    made.clear()
    paths = stories(project)
    pick = [p.name for p in paths].index("ferry-note.md")
    story_text(project, pick, "ferry")
    build_with(project.root, project.root / "site")
    assert made == [f"story:{paths[pick].stem}"]


def test_a_rebuild_reuses_every_page_and_a_renamed_partner_is_shown(project, tmp_path, monkeypatch):
    """The final-page cache (adapters/pagecache.py) is used: a rebuild with nothing changed
    renders no page through the theme; after a partner is renamed, the story naming it and
    every other page equal a clean build's (the name is in the page's HTML or in the chrome)."""
    from backbone.adapters import pagecache

    looked: list[tuple[str, bool]] = []
    real = pagecache.PageCache.look_up

    def counting(self, context, page, *args):
        real(self, context, page, *args)
        looked.append((page.file.src_uri, pagecache.CACHED in context))

    monkeypatch.setattr(pagecache.PageCache, "look_up", counting)
    project.write("content/stories/quay.md", story("On the quay", "harbour-clinic", ["clinics"], "Open late."))
    build_with(project.root, project.root / "site")
    looked.clear()
    build_with(project.root, project.root / "site")
    assert looked and all(hit for _, hit in looked), [uri for uri, hit in looked if not hit]

    def rename(data):
        next(p for p in data["partners"] if p["id"] == "harbour-clinic")["name"] = "Quayside Health Trust"

    project.edit("data/partners.yml", rename)
    build_with(project.root, project.root / "site")
    # published stories naming the partner (the property test on this project may leave a draft)
    clinic = [
        p
        for p in stories(project)
        if "harbour-clinic" in (text := p.read_text(encoding="utf-8")) and "\ndraft: true" not in text
    ]
    assert clinic
    for path in clinic:
        page = project.root / "site" / "stories" / path.stem / "index.html"
        assert "Quayside Health Trust" in page.read_text(encoding="utf-8"), path.stem
    for name in SOURCES:
        source = project.path(name)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / name)
    clean_build(tmp_path, tmp_path / "site")
    assert differences(project.root / "site", tmp_path / "site") == []
