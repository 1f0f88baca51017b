"""A site in several languages (issue 25): one MkDocs build per language, the default's at the
site's root and each other's at /<tag>/, run one after the other by the default's build. Each
build's model has the texts of its language (identity/translated.py: ``localized``), and its pages
are the translations of the docs folder's pages where there are some, the originals elsewhere
(translations.py). Kept in one module, which the plugin calls at a few points: the build's
language and model (identity.configure), its files (on_files), its navigation titles (on_nav),
the language of a page shown untranslated (on_page_content), the builds after the default's
(on_post_build)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from babel import Locale
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import translations
from ..context import BuildContext
from ..identity.translated import localized
from ..previews.tags import og_locale
from ..project import Project

log = get_plugin_logger(__name__)


def build_language(project: Project, wanted: str | None) -> str:
    """The language this build writes: ``wanted`` (a build after the default's), else the
    site's default (the first of identity.yml's ``languages``)."""
    if project.identity is None:
        return wanted or "en"
    return wanted if wanted in project.identity.site_languages else project.identity.site_languages[0]


def site_languages(ctx: BuildContext) -> tuple[str, ...]:
    """The languages of a site that declares several (``languages:``), the default first: none
    for a site in one language (whose files are never translations), or while identity.yml has
    problems."""
    return tuple(ctx.project.identity.languages or ()) if ctx.project and ctx.project.identity else ()


def project_in(project: Project, language: str) -> Project:
    """``project`` with every text given per language in ``language`` (the default language's
    where a text has none in it), and ``identity.language`` the build's: what the pages, charts,
    cards and feeds of its build read (``<html lang>``, og:locale and CLDR's formats follow)."""
    if project.identity is None:
        return project
    default = project.identity.site_languages[0]
    identity = localized(project.identity, language, default) if project.translated else project.identity
    if language != identity.language:
        identity = identity.model_copy(update={"language": language})
    if not project.translated:  # nothing to localize: the model as read (the walk below visits it all)
        return project if identity is project.identity else dataclasses.replace(project, identity=identity)
    return dataclasses.replace(
        project,
        identity=identity,
        partners=localized(project.partners, language, default),
        governance=localized(project.governance, language, default),
        sectors=localized(project.sectors, language, default),
        extras=localized(project.extras, language, default),
    )


def switcher(project: Project, site_url: str) -> list[dict]:
    """mkdocs-material's ``extra.alternate`` for a site in several languages (none for one):
    each language's name in itself, its root relative to this build's, and its absolute root
    (hreflang alternates: theme/main.html; the switcher: theme/partials/alternate.html)."""
    if project.identity is None or len(project.identity.site_languages) < 2:
        return []
    languages, current = project.identity.site_languages, project.identity.language

    def link(tag: str) -> str:  # the language's root, relative to this build's
        if tag == current:
            return ""
        return ("" if current == languages[0] else "../") + ("" if tag == languages[0] else f"{tag}/")

    root = site_url.rstrip("/") + "/" if site_url else ""
    if root and current != languages[0]:
        root = root[: -len(current) - 1]  # this build's site_url ends in '<tag>/'
    return [
        {
            "name": language_name(tag),
            "lang": tag,
            "link": link(tag),
            "base": root and root + ("" if tag == languages[0] else f"{tag}/"),
            "current": tag == current,
            "og_locale": og_locale(tag),
        }
        for tag in languages
    ]


def language_name(tag: str) -> str:
    """A language's name in itself, as a switcher lists it: 'English', 'Español', 'Français (Canada)'."""
    name = Locale.parse(tag, sep="-").get_display_name() or tag
    return name[:1].upper() + name[1:]


def mark_fallback(ctx: BuildContext, html: str, page) -> str:
    """A page with no translation into this build's language shows its original: its text says
    which language it is in, for screen readers and translators (the header stays the build's)."""
    written = ctx.page_languages.get(page.file.src_uri)
    if written is None or ctx.project is None or written == ctx.project.identity.language:
        return html
    return f'<div lang="{written}">\n{html}\n</div>'


def translated_nav_titles(ctx: BuildContext, nav) -> None:
    """A title site_config.yml's ``nav:`` gives a page ('- About: about.md') is its default
    language's words: in another language's build, a page read from its translation takes the
    translation's own title (its front matter's, or its first heading) instead."""
    if ctx.project is None or ctx.project.identity is None or not site_languages(ctx):
        return
    language = ctx.project.identity.language
    if language == site_languages(ctx)[0]:
        return
    for page in nav.pages:
        if ctx.page_languages.get(page.file.src_uri) == language:
            vars(page).pop("title", None)  # the title nav: set, over MkDocs' own (mkdocs.utils.weak_property)


def check_translated_pages(ctx: BuildContext, files: Files) -> None:
    """The translations among the docs folder's pages and stories: each names one of the site's
    languages, and keeps its original's front matter on everything that is not words."""
    if not (languages := site_languages(ctx)):
        return
    pages = files.documentation_pages(inclusion=lambda level: True)
    by_uri = {f.src_uri: f for f in pages if f.abs_src_path and not f.generated_by}
    translations.check(
        by_uri,
        languages,
        lambda uri: by_uri[uri].content_string,
        lambda uri: ctx.rel(Path(by_uri[uri].abs_src_path) if uri in by_uri else ctx.docs_dir / uri),
        ctx.problems,
    )


def use_language_files(ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
    """The docs folder's pages in this build's language: each page at its original's address
    ('about.md'), read from its translation where there is one ('about.es.md'), from the
    default language's file elsewhere (and then its ``lang`` says so, see ``page_language``)."""
    if not (languages := site_languages(ctx)):
        return
    language = ctx.project.identity.language
    pages = files.documentation_pages(inclusion=lambda level: True)
    by_uri = {f.src_uri: f for f in pages if f.abs_src_path and not f.generated_by}
    ctx.page_languages = {}
    read_from: dict[str, str] = {}
    placed: dict[str, File] = {}  # a tagged original's src_uri → the page's file, put in its place
    for page in translations.sort_out(by_uri, languages).values():
        original = page.files.get(languages[0])
        if original is None:
            continue  # a translation of no page: translations.check said so
        chosen = page.files.get(language, original)
        ctx.page_languages[page.page] = language if chosen != original else languages[0]
        if page.files == {languages[0]: page.page}:
            continue  # a page in the default language only, at its own name: as MkDocs found it
        file = by_uri.get(page.page)
        if file is None:
            file = placed[original] = _file_at(page.page, config)
        for uri in page.files.values():
            if uri != page.page and uri not in placed:
                files.remove(by_uri[uri])
        file.abs_src_path = by_uri[chosen].abs_src_path
        read_from[page.page] = chosen
    if placed:
        _put_in_place(files, placed)
    if read_from:
        ctx.trusted = TrustOfTheFileRead(ctx.trusted, read_from)


class TrustOfTheFileRead:
    """The site's trust (``trusted:``) asked of the file a page is read from: a page at
    'about.md' read from 'about.es.md' is trusted only if 'about.es.md' is. Whoever may change the
    translation is not, by that, someone the original's trust was given to."""

    def __init__(self, trust, read_from: dict[str, str]):
        self._trust, self._read_from = trust, read_from

    def __call__(self, src_uri: str) -> bool:
        return self._trust(self._read_from.get(src_uri, src_uri))

    def __getattr__(self, name: str):
        return getattr(self._trust, name)


def _file_at(src_uri: str, config: MkDocsConfig) -> File:
    """A page at the name of a page written only with its language in its name ('about.en.md',
    as Decap CMS's i18n writes the default language's): the page's address has none."""
    return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)


def _put_in_place(files: Files, placed: dict[str, File]) -> None:
    """Each such page's file where its tagged original was among the files, so that the pages
    come in the same order (sitemap, search index) whether the original is 'about.md' or
    'about.en.md'."""
    order = list(files)
    for file in order:
        files.remove(file)
    for file in order:
        files.append(placed.get(file.src_uri, file))


def other_languages(ctx) -> list[str]:
    """The site's languages after the first (each built into /<tag>/), as far as the data loaded."""
    if ctx is None or ctx.project is None or ctx.project.identity is None:
        return []
    return list(ctx.project.identity.site_languages[1:])


def language_settings(config: MkDocsConfig, tag: str) -> dict:
    """What the build of the language ``tag`` changes of the default's configuration: its
    folder and its address, /<tag>/ of the site's."""
    settings = {
        "site_dir": os.path.join(config.site_dir, tag),
        "docs_dir": config.docs_dir,
        "use_directory_urls": config.use_directory_urls,
        "strict": config.strict,
    }
    if config.site_url:
        settings["site_url"] = config.site_url.rstrip("/") + f"/{tag}/"
    return settings


def follow(plugin, ctx: BuildContext, tag: str) -> None:
    """Make ``plugin``'s next build the language ``tag``'s, after the default's ``ctx``: the
    data as read, and the info lines said, are that build's."""
    plugin.language = tag
    plugin.read_once = ctx.project_read
    plugin.said_once = ctx.said


def build_other_languages(plugin, config: MkDocsConfig) -> None:
    """After the default language's build: each other language's, into /<tag>/ of the site."""
    ctx = plugin.ctx
    others = other_languages(ctx)
    if not others or plugin.language is not None:
        return
    serving = plugin.serving  # `mkdocs serve` previews every language, each at its address
    plugin.run("stop")  # the default build is done: its features' workers close, as at the end of a build
    try:
        for tag in others:
            log.info(f"building the site in {tag} at /{tag}/")
            other = load_config(config.config_file_path, **language_settings(config, tag))
            if not serving:  # as `mkdocs build` starts each plugin (MkDocs keeps the same instances)
                other.plugins.on_startup(command="build", dirty=False)
            follow(other.plugins["backbone"], ctx, tag)
            build(other, serve_url=other.site_url if serving else None)
    finally:
        plugin.language = None
        plugin.read_once = None
        plugin.said_once = None
