"""The site model (issue 24 item 1): one frozen value per build, each page and output with
the digest of its inputs. Real builds of the metrics fixture with two stories: built again
unchanged, every digest is the same; a story's text changes its page's and the feeds' digests
and no chart's; a metric's figure changes its chart's and not the story's page."""

from __future__ import annotations

import dataclasses

import pytest
from metrics_helpers import build, metrics_project
from mkdocs.plugins import BasePlugin

from backbone.render.search import searchable
from backbone.spool import Spooled

STORY = """---
title: {title}
date: "2024-03-10"
summary: "Vouchers for fresh food."
partners: [dockside-foods]
tags: [food]
author: Sam Lee
---

{text}
"""


class Grab(BasePlugin):
    """The backbone plugin's model, taken once the build is over; and what another plugin reads
    of a page's HTML at each event (after Backbone's steps: priority 0)."""

    model = None

    def __init__(self):
        self.seen: dict[str, dict[str, str]] = {}  # event → src_uri → the page's HTML then
        self.held: dict[str, bytes] = {}  # src_uri → what Backbone holds between MkDocs' loops

    def on_page_content(self, html, /, *, page, config, files):
        self.seen.setdefault("page_content", {})[page.file.src_uri] = html
        return html

    def on_env(self, env, /, *, config, files):
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self.seen["env"] = {page.file.src_uri: page.content for page in pages}
        self.held = dict(config.plugins["backbone"].features["pages"]._packed)
        return env

    def on_page_context(self, context, /, *, page, config, nav):
        self.seen.setdefault("page_context", {})[page.file.src_uri] = page.content
        return context

    def on_post_build(self, *, config):
        self.model = config.plugins["backbone"].ctx.model


def _model(project, grab=None):
    grab = grab or Grab()
    built = build(project, plugins={"test/grab": grab})
    assert built.error is None, built.error
    return grab.model


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    project = metrics_project(tmp_path_factory.mktemp("sitemodel"))
    project.write("content/stories/vouchers.md", STORY.format(title="Vouchers", text="Families buy fresh food."))
    project.write("content/stories/clinic.md", STORY.format(title="Clinic", text="The clinic opens at dawn."))
    first = _model(project, GRABBED)
    again = _model(project)
    project.write("content/stories/vouchers.md", STORY.format(title="Vouchers", text="Families buy fresh fish."))
    story = _model(project)
    project.edit("data/metrics/wait-days.yml", lambda m: m["series"].append({"period": 2024, "value": 22}))
    figure = _model(project)
    return first, again, story, figure


GRABBED = Grab()  # the first build's


def _changed(before, after) -> set[str]:
    return {
        name
        for name in before.keys() | after.keys()
        if getattr(before.get(name), "digest", None) != getattr(after.get(name), "digest", None)
    }


def test_the_model_cannot_be_changed(models):
    model = models[0]
    page = model.pages["stories/vouchers.md"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.pages = {}
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.body = "<p>changed</p>"
    with pytest.raises(TypeError):
        model.pages["stories/vouchers.md"] = page
    with pytest.raises(TypeError):
        model.settings.options["stories"] = {}
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.settings.site_url = "https://elsewhere.example.org/"
    assert model.settings.site_url == "https://harbour.example.org/" and isinstance(model.settings.nav, tuple)
    assert model.settings.option("stories", "per_page") == 12
    assert isinstance(page.toc, tuple) and isinstance(page.sections, tuple)


def test_the_model_holds_pages_bodies_sections_and_outputs(models):
    model = models[0]
    story = model.pages["stories/vouchers.md"]
    assert "Families buy fresh food." in story.body and story.title == "Vouchers" and not story.generated
    partner = model.pages["partners/dockside-foods.md"]
    assert partner.generated and "stories" in dict(partner.sections)
    assert "Vouchers" in dict(partner.sections)["stories"].text()
    outputs = model.outputs()
    kinds = {o.kind for o in outputs.values()}
    assert {"feed", "email", "charts", "csv"} <= kinds, kinds
    assert "Families buy fresh food." in repr(model.feeds["stories"].value)  # what the worker writes
    assert outputs["feeds/stories.rss"].dest_uris == ("feeds/stories.rss", "feeds/stories.atom", "feeds/stories.json")


def test_unchanged_inputs_give_the_same_digests(models):
    first, again, _, _ = models
    assert _changed(first.pages, again.pages) == set()
    assert _changed(first.outputs(), again.outputs()) == set()


def test_a_story_text_changes_its_page_and_its_feeds_not_a_chart(models):
    first, _, story, _ = models
    pages = _changed(first.pages, story.pages)
    assert "stories/vouchers.md" in pages and "stories/clinic.md" not in pages
    assert not any(uri.startswith("metrics/") or uri.startswith("scorecard/") for uri in pages), pages
    outputs = _changed(first.outputs(), story.outputs())
    assert {"feeds/stories.rss", "feeds/tags/food.rss", "feeds/partners/dockside-foods.rss"} <= outputs, outputs
    assert {"stories/vouchers/email.html"} == {uri for uri in outputs if uri.endswith("email.html")}, outputs
    assert not any(first.outputs()[uri].kind == "charts" for uri in outputs if uri in first.outputs()), outputs


def test_a_figure_changes_its_chart_not_the_story(models):
    _, _, story, figure = models
    pages = _changed(story.pages, figure.pages)
    assert "metrics/wait-days.md" in pages and "stories/vouchers.md" not in pages, pages
    outputs = _changed(story.outputs(), figure.outputs())
    assert any((figure.outputs().get(uri) or story.outputs()[uri]).kind == "charts" for uri in outputs), outputs
    assert not any(uri.startswith("feeds/") or uri.endswith("email.html") for uri in outputs), outputs


def test_pages_are_held_in_the_builds_spool(models):
    """The model holds every page the whole build, and MkDocs renders every page before it
    writes one: each page's HTML is in the build's spool meanwhile (spool.py), the model's own
    place there where the page is the model's (no second copy), and every other plugin reads
    the page's HTML at on_page_content and on_page_context as before."""
    model, seen, held = models[0], GRABBED.seen, GRABBED.held
    story, partner = "stories/vouchers.md", "partners/dockside-foods.md"
    assert model.pages[story].html is held[story] and model.pages[partner].html is held[partner]
    assert set(seen["env"].values()) == {""}, "no page's text is held between the loops"
    assert all(isinstance(h, Spooled) for h in held.values()), "every page, the engine's too"
    for uri in (story, partner):
        assert isinstance(model.pages[uri].html, Spooled) and model.pages[uri].html.read().startswith(b"<")
        assert seen["page_content"][uri] == model.pages[uri].body and "bb-" in seen["page_content"][uri]
        # the search plugin's turn: the page's searchable part (adapters/site_pages.py)
        assert seen["page_context"][uri] == searchable(model.pages[uri].body)
    assert "Families buy fresh food." in seen["page_context"][story]
