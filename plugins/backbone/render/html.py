"""Jinja2 rendering with autoescaping on: text from data files can never become markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import jinja2
import yaml
from jinja2.filters import do_join
from markupsafe import Markup, escape

from .. import kept
from .plaintext import isolated
from .words import Words, count


@lru_cache(maxsize=8)
def environment(words: Words) -> jinja2.Environment:
    """The templates in one language: their words come from ``words`` (one environment per
    language, so an imported macro speaks the page's language too)."""
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.PackageLoader("backbone", "templates"),
        # Our templates are package code, not site files: no stat() of each one per render.
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["join"] = _join
    _install(env, words)
    return env


def _install(env: jinja2.Environment, words: Words) -> None:
    """``{% trans %}`` in ``words``' language. As Jinja's newstyle gettext, but each value put
    into a message goes through the environment's ``finalize`` first, as a printed value does
    (bidi isolation; an e-mail's printable text), then is escaped."""
    t = words.translations
    env.newstyle_gettext = True  # placeholders are %(name)s, filled by the callables below

    def fill(context, text: str, values: dict) -> str:
        finalize = context.environment.finalize
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % {k: finalize(v) if finalize else v for k, v in values.items()} if values or "%" in text else text

    @jinja2.pass_context
    def gettext(context, message, **values):
        return fill(context, t.gettext(message), values)

    @jinja2.pass_context
    def ngettext(context, singular, plural, num, **values):
        return fill(context, t.ngettext(singular, plural, count(num)), {"num": num, **values})

    @jinja2.pass_context
    def pgettext(context, ctx, message, **values):
        return fill(context, t.pgettext(ctx, message), values)

    @jinja2.pass_context
    def npgettext(context, ctx, singular, plural, num, **values):
        return fill(context, t.npgettext(ctx, singular, plural, count(num)), {"num": num, **values})

    env.globals.update(gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext, _=gettext)


def _finalize(value):
    """Every value a template prints: text (a name, a title from data) is isolated for bidi
    where it needs to be, so a right-to-left name or an override left open in it never
    reorders what is printed after it; then autoescaping escapes it. HTML (Markup) is as is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return isolated(value)
    return value


@jinja2.pass_eval_context
def _join(eval_ctx, items, separator: str = "", attribute=None):
    """Jinja's ``join``, each text item isolated on its own (one isolate around the joined
    names would let an override in one reach the next)."""
    items = [isolated(i) if isinstance(i, str) and not isinstance(i, Markup) else i for i in items]
    return do_join(eval_ctx, items, separator, attribute)


def render(template: str, words: Words, **context) -> str:
    """A template's HTML, its words in ``words``' language (``Formats.words``)."""
    html = environment(words).get_template(template).render(**context)
    # Markdown treats an HTML block as raw only while it has no blank lines.
    return re.sub(r"\n\s*\n", "\n", html).strip() + "\n"


# Page metadata the theme prints; theme_text escapes each of them (adapters/identity.py).
THEME_META = ("title", "description", "author", "subtitle", "status")


def theme_text(value: object) -> Markup:
    """Text for the theme (mkdocs-material), HTML-escaped exactly once.

    The theme's Jinja does not autoescape: it prints ``config.site_name`` raw in
    ``<title>`` and an ``aria-label``, but through ``|e`` in a ``title`` attribute.
    Escaped text wrapped as Markup reads right in both: raw it is already escaped, and
    ``|e`` leaves Markup as it is. Also what its search indexes: result titles are HTML.
    Isolated for bidi (``isolated``): a right-to-left title keeps " - site name" in place.
    """
    return value if isinstance(value, Markup) else _theme_text(str(value))


@lru_cache(maxsize=4096)  # every page's title, description and tags, on every build of `mkdocs serve`
def _theme_text(value: str) -> Markup:
    return escape(isolated(value))


@dataclass
class GeneratedPage:
    """A page the site gets without a Markdown file of its own."""

    src_uri: str
    title: str
    body: str
    meta: dict = field(default_factory=dict)

    def markdown(self, body: str | None = None) -> str:
        """The page as a Markdown file: front matter, then ``body`` (default: the HTML)."""
        return f"---\n{front_matter({'title': self.title, **self.meta})}---\n\n{self.body if body is None else body}"


# A generated page in the disk store of one-off builds (kept.store): its front matter is plain data.
PAGE = kept.Codec(
    lambda p: [p.src_uri, p.title, p.body, p.meta],
    lambda d: GeneratedPage(d[0], d[1], d[2], d[3]),
)


_FRONT: dict[str, str] = {}  # the same front matter, written once per process (a rebuild asks again for each page)


def front_matter(meta: dict) -> str:
    key = repr(meta)  # plain data writes its whole value
    if " at 0x" in key:  # a value written as its address: not one to look up by
        return yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)
    found = _FRONT.get(key)
    if found is None:
        if len(_FRONT) > 8192:
            _FRONT.clear()
        found = _FRONT[key] = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)
    return found
