"""MkDocs' own `mkdocs serve` with Backbone's rebuilds (adapters/unchanged.py): after its clean
first build, a rebuild rewrites the edited story's page and e-mail and leaves every other page's
file and every other e-mail as it was; a deleted story's page goes. (That the folder then
equals a clean build's, byte for byte, is test_incremental.py's.) MkDocs' server is not started: its build loop is replaced by the
edits, which call the builder the server would call."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import jinja2
from metrics_helpers import metrics_project
from mkdocs.commands import serve
from mkdocs.livereload import LiveReloadServer
from PIL import Image
from support import FIXTURES, make_project
from test_serve_keeps_every_page import STORY  # a story of its own slug, night-bus

from backbone.written import NOTHING, Written


def caught_up(server, asked: list[bool]) -> bool:
    """The whole rebuild a quick answer asks the server for (``asked``: QuickPreview.catch_up's
    calls, recorded), made as MkDocs' build loop makes it; whether it was asked for."""
    for _ in range(200):
        if asked:
            break
        time.sleep(0.02)
    server._want_rebuild = False
    server.builder()
    return asked.pop() if asked else False


def body_of(html: str) -> str:
    return html[html.index("</head>") :]


def serve_with_edits(project, edits, monkeypatch, caplog) -> None:
    """MkDocs' own `serve` of ``project``, its server's loop replaced by ``edits(server)``."""
    from backbone.metrics import charts

    monkeypatch.setattr(charts, "warm_up", lambda: None)
    monkeypatch.setattr(LiveReloadServer, "serve", edits)
    monkeypatch.chdir(project.root)
    with caplog.at_level(logging.INFO):
        serve.serve(config_file="site_config.yml", dev_addr="127.0.0.1:8000")


def record_catch_ups(monkeypatch) -> list[bool]:
    """Quick answers ask for their whole rebuild at once; each ask recorded."""
    from backbone.adapters import quick

    asked: list[bool] = []
    catch_up = quick.QuickPreview.catch_up

    def recorded(self) -> None:
        catch_up(self)
        asked.append(True)

    monkeypatch.setattr(quick, "CATCH_UP", 0.05)
    monkeypatch.setattr(quick.QuickPreview, "catch_up", recorded)
    return asked


def test_mkdocs_serve_rebuilds_only_what_changed(tmp_path, monkeypatch, caplog):
    project = metrics_project(tmp_path)
    project.write("content/stories/night-bus.md", STORY)
    project.write(
        "content/stories/quay.md",
        STORY.replace("The night bus", "On the quay").replace("night-bus", "quay").replace("2024-05-20", "2024-01-09"),
    )
    story = project.path("content/stories/night-bus.md")
    seen: dict[str, object] = {}

    def edits(server, *, open_in_browser=False):
        site = Path(server.root)
        page, partners = site / "stories" / "night-bus" / "index.html", site / "partners" / "index.html"
        mail, other_mail = site / "stories" / "night-bus" / "email.html", site / "stories" / "quay" / "email.html"
        seen["builder"] = server.builder.__qualname__
        before = partners.stat().st_mtime_ns, other_mail.stat().st_mtime_ns
        story.write_text(STORY + "\nIt stops at the harbour.\n", encoding="utf-8")
        server.builder()  # the page alone, first (test_a_saved_story_is_shown_first_...)
        caught_up(server, asked)
        seen["edited"] = "It stops at the harbour." in page.read_text(encoding="utf-8")
        seen["e-mailed"] = "It stops at the harbour." in mail.read_text(encoding="utf-8")
        seen["untouched"] = (partners.stat().st_mtime_ns, other_mail.stat().st_mtime_ns) == before
        story.unlink()
        server.builder()
        seen["gone"] = not page.exists() and not page.parent.exists()

    from backbone.metrics import charts

    asked = record_catch_ups(monkeypatch)
    warmed: list[bool] = []
    monkeypatch.setattr(charts, "warm_up", lambda: warmed.append(True))  # what drawing needs, imported early
    monkeypatch.setattr(LiveReloadServer, "serve", edits)
    monkeypatch.chdir(project.root)
    with caplog.at_level(logging.WARNING):
        serve.serve(config_file="site_config.yml", dev_addr="127.0.0.1:8000")
    assert seen == {
        "builder": "rebuilding_builder.<locals>.rebuild",
        "edited": True,
        "e-mailed": True,
        "untouched": True,  # another page, another story's e-mail
        "gone": True,
    }
    assert warmed == [True]  # once, as the server starts: the site has metrics
    assert not [r for r in caplog.records if "dirty" in r.getMessage()]


def test_the_folder_holds_an_output_written_from_the_same_inputs_while_its_files_are_there(tmp_path):
    record = Written()
    record.start(str(tmp_path), recording=True, active=False)
    record.wrote("feed:all", "d1", "a warning")
    record.start(str(tmp_path), recording=True, active=True)  # a clean build emptied the folder: forgotten
    assert record.holds("feed:all", "d1", ["feeds/all.rss"]) == (False, None)
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "all.rss").write_text("<rss/>")
    record.wrote("feed:all", "d1", "a warning")
    assert record.holds("feed:all", "d2", ["feeds/all.rss"]) == (False, None)  # other inputs
    assert record.holds("feed:all", "d1", ["feeds/all.rss", "feeds/all.atom"]) == (False, None)  # a file gone
    assert record.holds("feed:all", "d1", ["feeds/all.rss"]) == (True, "a warning")
    assert record.kept == {str(tmp_path / "feeds" / "all.rss")}
    assert NOTHING.holds("feed:all", "d1", ["feeds/all.rss"]) == (False, None)  # MkDocs' warning: not true of these


def test_a_saved_story_is_shown_first_and_the_whole_site_follows(tmp_path, monkeypatch, caplog):
    """A story's body text saved: its page alone is rewritten, in place, before the whole
    rebuild (adapters/quick.py); the server is then asked for that rebuild, whose page is
    the same, byte for byte, and whose e-mail carries the new text too. A heading or the front
    matter changed: the whole rebuild at once."""
    project = metrics_project(tmp_path)
    # a figure the catalog resolves, and a picture the page offers at its published widths
    cited = STORY.replace("partners: [city-hall]", "partners: [city-hall]\nmetrics: [wait-days]").replace(
        "The bus runs at night.", "The bus runs at night.\n\n![The depot at dawn](depot.png)"
    )
    project.write("content/stories/night-bus.md", cited + "\n## At the depot\n\nIt waits.\n")
    Image.new("RGB", (1200, 600), (20, 90, 160)).save(project.path("content/stories/depot.png"))
    story = project.path("content/stories/night-bus.md")
    seen: dict[str, object] = {}
    asked = record_catch_ups(monkeypatch)

    def edits(server, *, open_in_browser=False):
        site = Path(server.root)
        page, mail = site / "stories" / "night-bus" / "index.html", site / "stories" / "night-bus" / "email.html"
        caught = []

        def save(text: str) -> str:
            story.write_text(text, encoding="utf-8")
            server.builder()
            return page.read_text(encoding="utf-8")

        edited = cited.replace("The bus runs at night.", "The bus runs <em>all</em> night, & stops at the harbour.")
        first = save(edited + "\n## At the depot\n\nIt waits.\n")
        seen["shown first"] = "The bus runs <em>all</em> night, &amp; stops at the harbour." in first
        seen["its picture offered at its widths"] = "<picture>" in first and "srcset=" in first
        seen["e-mail not yet"] = "harbour" not in mail.read_text(encoding="utf-8")
        caught.append(caught_up(server, asked))
        seen["the same once whole"] = page.read_text(encoding="utf-8") == first
        seen["e-mailed"] = "harbour" in mail.read_text(encoding="utf-8")
        # a heading changed: the page's contents in the sidebar too; the whole rebuild at once
        whole = save(edited + "\n## At the harbour\n\nIt waits.\n")
        seen["heading: whole"] = 'id="at-the-harbour"' in whole and "harbour" in mail.read_text(encoding="utf-8")
        retitled = save(edited.replace("title: The night bus", "title: The late bus") + "\n## At the harbour\n")
        seen["front matter: whole"] = "The late bus" in retitled and "The late bus" in mail.read_text(encoding="utf-8")
        seen["asked"] = caught

    serve_with_edits(project, edits, monkeypatch, caplog)
    assert seen == {
        "shown first": True,
        "its picture offered at its widths": True,
        "e-mail not yet": True,  # the quick answer rewrote the page alone
        "the same once whole": True,
        "e-mailed": True,
        "heading: whole": True,
        "front matter: whole": True,
        "asked": [True],
    }
    shown = [r.getMessage() for r in caplog.records if "showing the new text" in r.getMessage()]
    assert shown == ["backbone: showing the new text of stories/night-bus.md; the whole site follows"]


def test_a_saved_figure_is_shown_first_on_its_page_and_the_scorecard(tmp_path, monkeypatch, caplog):
    """A metric's figure saved: its page, its chart and the scorecard are made again from the
    metric files alone and put in place before the whole rebuild, which then makes the same
    pages; a metric's new title (the navigation's) waits for the whole rebuild."""
    project = metrics_project(tmp_path)
    project.write("content/stories/night-bus.md", STORY)
    seen: dict[str, object] = {}
    asked = record_catch_ups(monkeypatch)

    def edits(server, *, open_in_browser=False):
        site = Path(server.root)
        pages = [site / "metrics" / "wait-days" / "index.html", site / "scorecard" / "index.html"]
        chart = site / "metrics" / "wait-days" / "wait-days.svg"
        drawn = chart.read_bytes()
        project.edit("data/metrics/wait-days.yml", lambda d: d["series"][-1].update(value=17))
        server.builder()
        first = [page.read_text(encoding="utf-8") for page in pages]
        seen["shown first"] = [">17<" in text or ">17 " in text for text in first]
        seen["chart drawn again"] = chart.read_bytes() != drawn
        seen["asked"] = caught_up(server, asked)
        whole = [page.read_text(encoding="utf-8") for page in pages]
        # what the page shows: its head's description and link preview follow with the whole rebuild
        seen["the same body once whole"] = [body_of(text) for text in whole] == [body_of(text) for text in first]
        project.edit("data/metrics/wait-days.yml", lambda d: d.update(title="Days to a first appointment"))
        server.builder()
        retitled = pages[0].read_text(encoding="utf-8")
        seen["new title: whole"] = "Days to a first appointment" in retitled  # and no second message, below

    serve_with_edits(project, edits, monkeypatch, caplog)
    assert seen == {
        "shown first": [True, True],
        "chart drawn again": True,
        "asked": True,
        "the same body once whole": True,
        "new title: whole": True,
    }
    shown = [r.getMessage() for r in caplog.records if "showing the new figures" in r.getMessage()]
    assert shown == [
        "backbone: showing the new figures on /scorecard/, /metrics/, /metrics/wait-days/; the whole site follows"
    ]


def test_a_rebuild_compiles_no_template_again_but_one_that_changed(tmp_path, monkeypatch):
    """MkDocs makes new Jinja environments for every build (its own, and Material's search
    plugin three for its words): in one process, the theme's templates are compiled once, and a
    site's own template, edited, is compiled again and shown (adapters/compiled.py)."""
    project = make_project(tmp_path, FIXTURES / "minimal")
    theme = {"name": "material", "custom_dir": "overrides"}
    project.edit("site_config.yml", lambda site: site.update(theme=theme, plugins=["search", *site["plugins"]]))
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    shown = []
    for words in ("Made by the first team", "Made by the second team", "Made by the second team"):
        project.write("overrides/partials/copyright.html", f'<div class="md-copyright">{words}</div>\n')
        compiled.clear()
        result = project.build(site_dir=tmp_path / "site")
        assert result.error is None, result.error
        shown.append((result.html("index.html").select_one(".md-copyright").get_text(strip=True), list(compiled)))
    assert shown[1] == ("Made by the second team", ["partials/copyright.html"]), shown[1]
    assert shown[2] == ("Made by the second team", []), "the third build compiled again"
