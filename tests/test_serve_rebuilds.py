"""MkDocs' own `mkdocs serve` with Backbone's rebuilds (adapters/unchanged.py): after its clean
first build, a rebuild rewrites the edited story's page and e-mail and leaves every other page's
file and every other e-mail as it was; a deleted story's page goes. (That the folder then
equals a clean build's, byte for byte, is test_incremental.py's.) MkDocs' server is not started: its build loop is replaced by the
edits, which call the builder the server would call."""

from __future__ import annotations

import logging
from pathlib import Path

from metrics_helpers import metrics_project
from mkdocs.commands import serve
from mkdocs.livereload import LiveReloadServer
from test_serve_keeps_every_page import STORY  # a story of its own slug, night-bus

from backbone.written import NOTHING, Written


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
        server.builder()
        seen["edited"] = "It stops at the harbour." in page.read_text(encoding="utf-8")
        seen["e-mailed"] = "It stops at the harbour." in mail.read_text(encoding="utf-8")
        seen["untouched"] = (partners.stat().st_mtime_ns, other_mail.stat().st_mtime_ns) == before
        story.unlink()
        server.builder()
        seen["gone"] = not page.exists() and not page.parent.exists()

    from backbone.metrics import charts

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
