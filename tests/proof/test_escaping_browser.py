"""Hostile names in headless Chromium: a page and its search results open no dialog.

The site name, a review title and a page's tag carry markup that runs script the moment a browser
builds it as HTML: mkdocs-material prints the site name in the page and inserts search
result titles and tags as HTML. Escaped, they show as the words typed and nothing fires.
"""

from __future__ import annotations

import json

import pytest
from browsing import goto, served, settle

pytestmark = pytest.mark.browser

NAME = 'Harbour <img src=x onerror=alert("name")> "><svg onload=alert("quote")>'
TITLE = 'Winter <img src=y onerror=alert("review")> review'
TAG = '<img src=z onerror=alert("tag")>'
REVIEW = """---
title: {title}
kind: appreciative-inquiry
date: "2024-11-05"
participants: [harbour-clinic]
---

## Strengths

Neighbours trust the clinic.

## Conditions behind them

It has been open for twenty years.

## How to repeat them

Keep the same faces at the desk.
"""


def test_hostile_site_name_and_review_title_fire_nothing_even_in_search(browser, minimal):
    minimal.edit("data/identity.yml", lambda d: d.update(name=NAME))
    minimal.write("content/learning/2024-11-winter.md", REVIEW.format(title=json.dumps(TITLE)))
    minimal.write(
        "content/notes.md", f"---\ntitle: Winter notes\ntags: [{json.dumps(TAG)}]\n---\n\nWinter review notes.\n"
    )
    minimal.edit("site_config.yml", lambda d: d["plugins"].insert(0, "search"))
    built = minimal.build()
    assert built.error is None, built.error

    with served(built.site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            goto(page, server + "learning/")
            assert page.title() == f"Learning - {NAME}"
            page.click("input.md-search__input")
            page.keyboard.type("winter review")
            page.wait_for_selector(".md-search-result__item")
            settle(page)  # any image the results made has loaded or failed by now
            titles = page.eval_on_selector_all(".md-search-result__article h1", "els => els.map(e => e.textContent)")
            tags = page.eval_on_selector_all(".md-search-result .md-tag", "els => els.map(e => e.textContent)")
            planted = page.eval_on_selector_all(
                ".md-search-result img, .md-search-result svg[onload], [onerror]", "els => els.length"
            )
        finally:
            context.close()
    assert dialogs == []
    assert planted == 0
    assert any(TITLE in title for title in titles), titles
    assert TAG in tags, tags
