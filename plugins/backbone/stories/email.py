"""Newsletter-ready e-mail: one per story and a monthly digest, in HTML and plain text.

E-mail clients ignore most of the web: the HTML is a 600-pixel table layout with
every style inlined (css-inline, never fetching anything), no script, absolute
URLs, PNG images with alt text, a hidden preheader, and must stay under Gmail's
102 KB clipping limit.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import css_inline
from markupsafe import Markup

from ..memo import Memo, code_digest, direct
from ..render.html import environment
from ..render.plaintext import plain, printable
from .model import Cards, Placed, Story

MAX_BYTES = 102_000  # Gmail clips messages larger than about 102 KB
WIDTH = 600


@dataclass(frozen=True)
class Mailer:
    """What every e-mail shows about the partnership."""

    name: str
    site_url: str
    boilerplate: str
    address: str | None
    primary: str
    primary_text: str
    accent: str
    text: str
    muted: str
    language: str = "en"


_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)


def _finalize(value):
    """Every value an e-mail template prints: text loses the characters e-mail and XML
    forbid and keeps its bidi controls to itself (then autoescaping escapes it); the
    sanitised body (Markup) only loses the forbidden characters."""
    if isinstance(value, Markup):
        return Markup(printable(value))
    return plain(value) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def _environment():
    # Its own template cache: a template compiles the finalize step in.
    return environment().overlay(finalize=_finalize, cache_size=50)


def _html(template: str, memo: Memo, **context) -> str:
    html = _environment().get_template(template).render(width=WIDTH, **context)
    return memo("inline", html, _INLINER.inline)


def memo_salt() -> str:
    """What the cached results depend on besides their input: this code and css-inline."""
    return code_digest(__file__, packages=("css_inline",))


def story_email(placed: Placed, cards: Cards, content: str, mailer: Mailer, memo: Memo = direct) -> tuple[str, str]:
    """(HTML, plain text) of one story; ``content`` is its page's sanitised body with absolute
    URLs; ``memo`` may keep the costly parts between builds."""
    story = placed.story
    html = _html("email_story.html", memo, story=story, placed=placed, card=cards.card, m=mailer, content=content, date=_date(story))
    text = "\n".join(
        [
            _p(story.title).upper(),
            "",
            _wrap(_p(story.summary)),
            "",
            f"By {_p(story.author)} · {_date(story)}",
            "",
            *[_wrap(f"* {f.text} — {_p(f.title)}, {f.period_label}" + (f" ({f.change_text})" if f.change_text else "")) for f in story.figures],
            *([""] if story.figures else []),
            memo("text", content, html_to_text),
            "",
            *([_wrap(f"“{_p(story.meta.quote.text)}”"), f"— {_p(story.meta.quote.name)}" + (f", {_p(story.meta.quote.role)}" if story.meta.quote.role else ""), ""] if story.meta.quote else []),
            f"Read it on the web: {placed.url}",
            "",
            _footer_text(mailer),
        ]
    )
    return html, _tidy(text)


def digest_email(month: str, label: str, stories: list[tuple[Placed, Cards]], mailer: Mailer, web_url: str, memo: Memo = direct) -> tuple[str, str]:
    """(HTML, plain text) of a month's stories, newest first, each with its cards."""
    html = _html("email_digest.html", memo, stories=stories, m=mailer, label=label, web_url=web_url, dates={p.story.slug: _date(p.story) for p, _ in stories})
    parts = [f"{_p(mailer.name).upper()}: STORIES OF {label.upper()}", ""]
    for placed, _ in stories:
        story = placed.story
        parts += [_p(story.title), _date(story), _wrap(_p(story.summary))]
        if story.headline:
            h = story.headline
            parts.append(f"{h.text} — {_p(h.title)}, {h.period_label}")
        parts += [f"Read the story: {placed.url}", ""]
    parts += [f"All stories: {web_url}", "", _footer_text(mailer)]
    return html, _tidy("\n".join(parts))


def size_warning(where: str, html: str) -> str | None:
    size = len(html.encode("utf-8"))
    if size > MAX_BYTES:
        return f"{where} is {size / 1000:.0f} KB; Gmail clips e-mails over 102 KB, so shorten the story (or split the month)"
    return None


def _date(story: Story) -> str:
    return story.date.strftime("%-d %B %Y")


def _footer_text(m: Mailer) -> str:
    lines = [_wrap(_p(m.boilerplate))]
    if m.address:
        lines.append(_p(m.address))
    lines.append(m.site_url)
    return "\n".join(lines)


# Each value of the plain text, alone: its bidi controls must not reach the words after it.
_p = plain


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=72, break_long_words=False, break_on_hyphens=False)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+\n", "\n", _inert(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def _inert(text: str) -> str:
    """Plain text that stays plain wherever it is pasted or shown: no character XML forbids,
    and no '<' that would open a tag (it becomes '‹', as in page titles)."""
    return _TAG_OPEN.sub("‹", printable(text))


class _Text(HTMLParser):
    """HTML → readable plain text: paragraphs, bullets, and links as 'words (url)'."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table", "tr", "figure", "figcaption", "pre", "hr", "dl", "dt", "dd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current = ""
        self.links: list[tuple[str, str]] = []
        self.skip = 0

    def flush(self):
        text = re.sub(r"\s+", " ", self.current).strip()
        if text:
            self.blocks.append(text)
        self.current = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.flush()
            if tag == "li":
                self.current = "- "
            elif tag in ("h1", "h2", "h3", "h4"):
                self.current = "## " if tag != "h1" else ""
        elif tag == "br":
            self.current += "\n"
        elif tag == "a":
            self.links.append((attrs.get("href") or "", self.current))
        elif tag == "img" and attrs.get("alt"):
            self.current += f"[{attrs['alt']}]"

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.flush()
        elif tag == "a" and self.links:
            href, before = self.links.pop()
            words = self.current[len(before):].strip()
            if href and href != words and not href.startswith("#"):
                self.current += f" ({href.removeprefix('mailto:')})"

    def handle_data(self, data):
        if not self.skip:
            self.current += data


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n\n".join(_wrap(b) if not b.startswith("- ") else textwrap.fill(b, 72, subsequent_indent="  ") for b in parser.blocks)
