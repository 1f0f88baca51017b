"""The Nu HTML Checker (vnu) on a story e-mail that holds every kind of body content: a
chart (its slide PNG and table of numbers), Markdown tables, a hero picture, a quote.

The demo's e-mails are checked with every page (test_html_valid); this one is built from
tests/fixtures/email so that the parts the demo may lack are always there."""

from __future__ import annotations

from bs4 import BeautifulSoup
from email_helpers import STORY, email_site
from test_html_valid import vnu


def test_story_email_with_chart_tables_and_picture_is_valid_html(vnu_jar, tmp_path):
    built = email_site(tmp_path)
    page = built.site / STORY / "email.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    # what this check is for: the parts the e-mail must hold
    assert soup.find("img", class_="hero")["src"].endswith("/stories/images/front-desk.png")
    assert soup.find("img", src=lambda src: src and src.endswith("/clinic-visits-1920x1080.png")) is not None
    assert len(soup.select(".body table")) == 3 and soup.find("blockquote") is not None
    errors = [m for m in vnu(vnu_jar, [page]) if m["type"] != "info"]
    shown = "\n".join(
        f"{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}" for m in errors
    )
    assert not errors, f"the Nu HTML Checker found {len(errors)} errors in {STORY}/email.html:\n{shown}"
