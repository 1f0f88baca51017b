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
from pathlib import Path
from typing import Mapping

from lxml import html as lxml_html
from markupsafe import Markup

from ..memo import Memo, code_digest, direct
from ..render.formats import Formats, formats_for
from ..render.html import environment
from ..render.plaintext import plain, printable
from ..render.words import Words
from .model import Cards, Placed

MAX_BYTES = 102_000  # Gmail clips messages larger than about 102 KB
WIDTH = 600
COLUMN = WIDTH - 2 * 24  # the body's width inside the content cell's padding
MAIL_PICTURES = (".png", ".jpg", ".jpeg", ".gif")  # what every mail client shows (not SVG, not WebP)


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
    partner_names: tuple[tuple[str, str], ...] = ()  # (id, name) of every partner

    @property
    def formats(self) -> Formats:
        """How dates and figures are written: the site's language (made in the e-mail worker)."""
        return formats_for(self.language)

    def partners(self, ids: list[str]) -> str:
        """'A, B and C': the partners of a story by name (an id only if it has none)."""
        names = dict(self.partner_names)
        shown = [names.get(pid, pid) for pid in ids]
        if len(shown) < 2:
            return "".join(shown)
        return self.formats.words.gettext("%(first)s and %(last)s", first=", ".join(shown[:-1]), last=shown[-1])


@dataclass(frozen=True)
class Hero:
    """The picture at the top of a story's e-mail, at an absolute address, sized for 600 px."""

    src: str
    width: int
    height: int
    alt: str
    picture: bool  # the story's own picture (else its card)


@dataclass(frozen=True)
class MailPicture:
    """The copy of a picture an e-mail shows (``renditions.Picture.for_mail``): a JPEG, PNG
    or GIF about twice as wide as the e-mail, at its site path."""

    path: str
    width: int
    height: int


def hero(placed: Placed, cards: Cards, picture: MailPicture | None) -> Hero | None:
    """The story's picture (``image:``), when mail clients can show it; else its card."""
    image = placed.story.meta.image
    if image and picture and picture.path.lower().endswith(MAIL_PICTURES):
        return Hero(
            placed.absolute(picture.path), WIDTH, round(picture.height * WIDTH / picture.width), image.alt, True
        )
    if cards.card:
        card = cards.card
        return Hero(placed.absolute(card.path), WIDTH, round(card.height * WIDTH / card.width), card.alt, False)
    return None


# The CSS inliner and the text converter (inscriptis) are imported where a letter is written,
# the mail worker: a build's own process holds a thousand pages, and not their libraries too.
_HTMLTEXT = Path(__file__).parents[1] / "render" / "htmltext.py"


@lru_cache(maxsize=1)
def _inliner():
    import css_inline

    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)


def _text(html: str) -> str:
    from ..render.htmltext import html_to_text

    return html_to_text(html)


def _finalize(value):
    """Every value an e-mail template prints: text loses the characters e-mail and XML
    forbid and keeps its bidi controls to itself (then autoescaping escapes it); the
    sanitised body (Markup) only loses the forbidden characters."""
    if isinstance(value, Markup):
        return Markup(printable(value))
    return plain(value) if isinstance(value, str) else value


@lru_cache(maxsize=8)
def _environment(words: Words):
    # Its own template cache: a template compiles the finalize step in.
    return environment(words).overlay(finalize=_finalize, cache_size=50)


def _html(template: str, memo: Memo, words: Words, **context) -> str:
    html = _environment(words).get_template(template).render(width=WIDTH, **context)
    return memo("inline", html, _inliner().inline)


def memo_salt() -> str:
    """What the cached results depend on besides their input: this code, the text
    converter and the libraries that shape their output."""
    return code_digest(__file__, str(_HTMLTEXT), packages=("css_inline", "inscriptis", "lxml"))


def story_email(
    placed: Placed,
    cards: Cards,
    content: str,
    mailer: Mailer,
    memo: Memo = direct,
    top: Hero | None = None,
    pictures: Mapping[str, MailPicture] | None = None,
) -> tuple[str, str]:
    """(HTML, plain text) of one story; ``content`` is its page's sanitised body with absolute
    URLs; ``top`` its hero picture; ``pictures`` the copy each picture of the site (by site
    path) shows in e-mails; ``memo`` may keep the costly parts between builds."""
    story = placed.story
    partners = mailer.partners(story.partners)
    body = mail_body(
        content, {mailer.site_url + path: copy for path, copy in (pictures or {}).items()}, mailer.site_url
    )
    w = mailer.formats.words
    html = _html(
        "email_story.html",
        memo,
        w,
        story=story,
        placed=placed,
        hero=top,
        m=mailer,
        content=body,
        date=mailer.formats.date(story.date),
        partners=partners,
    )
    quote = story.meta.quote
    text = "\n".join(
        [
            _p(story.title).upper(),
            "",
            _wrap(_p(story.summary)),
            "",
            w.gettext("By %(author)s · %(date)s", author=_p(story.author), date=mailer.formats.date(story.date)),
            *([_wrap(w.gettext("With %(partners)s", partners=_p(partners)))] if partners else []),
            "",
            *([_wrap(w.gettext("Picture: %(alt)s", alt=_p(top.alt))), ""] if top and top.picture else []),
            *[
                _bullet(
                    f"{f.text} — {_p(f.title)}, {f.period_label}" + (f" ({f.change_text})" if f.change_text else "")
                )
                for f in story.figures
            ],
            *([""] if story.figures else []),
            memo("text", content, _text),
            "",
            *(
                [
                    _wrap(w.gettext("“%(quote)s”", quote=_p(quote.text))),
                    f"— {_p(quote.name)}" + (f", {_p(quote.role)}" if quote.role else ""),
                    "",
                ]
                if quote
                else []
            ),
            _wrap(w.gettext("Read it on the web: %(url)s", url=placed.url)),
            "",
            _footer_text(mailer),
        ]
    )
    return html, _tidy(text)


def mail_body(content: str, pictures: Mapping[str, MailPicture] | None = None, site_url: str = "") -> str:
    """The sanitised body as the e-mail shows it: figures set right in their tables, each
    picture of the site as its copy for e-mails (``pictures``, by absolute address), and
    pictures no wider than the column (Outlook sizes a picture by its width attribute
    alone, so an 800-pixel chart would break the 600-pixel layout)."""
    if "<img" not in content and "<table" not in content:
        return content
    from ..render import htmltext

    root = lxml_html.fragment_fromstring(content, create_parent="div")
    for img in root.iter("img"):
        if copy := (pictures or {}).get(img.get("src", "")):
            img.set("src", site_url + copy.path)
            img.set("width", str(copy.width))
            img.set("height", str(copy.height))
        width, height = img.get("width", ""), img.get("height", "")
        if width.isdigit() and int(width) > COLUMN:
            img.set("width", str(COLUMN))
            if height.isdigit():
                img.set("height", str(round(int(height) * COLUMN / int(width))))
    for table in root.iter("table"):
        head, body = htmltext.head_and_body(table)
        for col in htmltext.numeric_columns(body):
            for row in [head] + body if head is not None else body:
                if col < len(row):
                    row[col].set("class", "num")
    return lxml_html.tostring(root, encoding="unicode").removeprefix("<div>").removesuffix("</div>")


def digest_email(
    month: str, label: str, stories: list[tuple[Placed, Cards]], mailer: Mailer, web_url: str, memo: Memo = direct
) -> tuple[str, str]:
    """(HTML, plain text) of a month's stories, newest first, each with its cards."""
    w = mailer.formats.words
    html = _html(
        "email_digest.html",
        memo,
        w,
        stories=stories,
        m=mailer,
        label=label,
        web_url=web_url,
        dates={p.story.slug: mailer.formats.date(p.story.date) for p, _ in stories},
    )
    title = w.gettext("%(name)s: stories of %(month)s", name=_p(mailer.name), month=label)
    parts = [title.upper(), ""]
    for placed, _ in stories:
        story = placed.story
        parts += [_p(story.title), mailer.formats.date(story.date), _wrap(_p(story.summary))]
        if story.headline:
            h = story.headline
            parts.append(_wrap(f"{h.text} — {_p(h.title)}, {h.period_label}"))
        parts += [_wrap(w.gettext("Read the story: %(url)s", url=placed.url)), ""]
    parts += [_wrap(w.gettext("All stories: %(url)s", url=web_url)), "", _footer_text(mailer)]
    return html, _tidy("\n".join(parts))


def size_warning(where: str, html: str | int) -> str | None:
    """Said of an e-mail (its HTML, or its size in bytes) Gmail would clip."""
    size = html if isinstance(html, int) else len(html.encode("utf-8"))
    if size > MAX_BYTES:
        return (
            f"{where} is {size / 1000:.0f} KB; Gmail clips e-mails over 102 KB, "
            "so shorten the story (or split the month)"
        )
    return None


def _footer_text(m: Mailer) -> str:
    lines = [_wrap(_p(m.boilerplate))]
    if m.address:
        lines.append(_wrap(_p(m.address)))
    lines.append(m.site_url)
    return "\n".join(lines)


# Each value of the plain text, alone: its bidi controls must not reach the words after it.
_p = plain


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=72, break_long_words=False, break_on_hyphens=False)


def _bullet(text: str) -> str:
    return textwrap.fill(f"* {text}", width=72, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+\n", "\n", _inert(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def _inert(text: str) -> str:
    """Plain text that stays plain wherever it is pasted or shown: no character XML forbids,
    and no '<' that would open a tag (it becomes '‹', as in page titles)."""
    return _TAG_OPEN.sub("‹", printable(text))
