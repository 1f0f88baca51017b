"""backbone/identity: loads and checks the data, and dresses the theme in the brand."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import brand, images, memo, svgsafe
from ..models.identity import SOCIAL_ICONS
from ..inputs import rel_of
from ..languages import language_problems
from ..page_meta import docs_problems, front_matter_problems, page_templates
from ..problems import DataError, Problem
from ..project import Project, load_project
from ..render.html import THEME_META, theme_text
from ..render.search import searchable
from ..render.site_pages import Assets, PartnerSection, asset_paths, brand_page
from .common import GENERATED, add_asset, add_image, add_page, bare_picture, cache_folder, reported

log = get_plugin_logger(__name__)

BRAND_CSS = "assets/backbone/brand.css"


def packaged_theme() -> str:
    """Backbone's overrides of mkdocs-material (home page, footer, feed links, accessibility
    fixes), shipped in the package so an installed Backbone looks like the repository's demo."""
    return str(resources.files("backbone") / "theme")


def use_packaged_theme(config: MkDocsConfig) -> None:
    """Put the overrides just below the site's own custom_dir, so the site's files still win."""
    folder = packaged_theme()
    dirs = config.theme.dirs
    if folder not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, folder)


def theme_languages(config: MkDocsConfig) -> set[str]:
    """The languages the theme is translated into: its partials/languages/*.html."""
    return {
        path.stem
        for folder in config.theme.dirs
        if (Path(folder) / "partials" / "languages").is_dir()
        for path in (Path(folder) / "partials" / "languages").glob("*.html")
    }


def packaged_assets() -> list[tuple[str, str]]:
    """(site path, text) of each stylesheet and script shipped in backbone/assets."""
    folder = resources.files("backbone") / "assets"
    return sorted(
        (f"assets/backbone/{item.name}", item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith((".css", ".js"))
    )


class IdentityConfig(Config):
    data_dir = c.Type(str, default="data")
    """Folder of the data files, relative to the configuration file."""
    cache_dir = c.Type(str, default=".cache/backbone/data")
    """Where parsed metric files are kept between builds, relative to the configuration file."""
    contrast_minimum = c.Type(float, default=brand.AA_NORMAL)
    """Lowest contrast ratio accepted for text colours before a warning (WCAG AA: 4.5)."""
    brand_page = c.Type(bool, default=True)
    """Publish the brand kit at /brand/."""
    image_cache_dir = c.Type(str, default=".cache/backbone/images")
    """Where pictures stripped of their metadata are kept between builds."""
    cache_days = c.Type(int, default=30)
    """Cache entries (charts, cards, e-mails, parsed data) no build has used for this many
    days are deleted after a build, at most once a day; 0 keeps everything."""


class IdentityPlugin(BasePlugin[IdentityConfig]):
    def __init__(self):
        self.project: Project | None = None
        self.assets: Assets | None = None
        # Feature plugins add sections to partner pages here, in their on_config.
        self.partner_sections: list[PartnerSection] = []
        self.generated_html: dict[str, str] = {}  # src_uri → HTML of each generated page
        self._full_content: dict[str, str] = {}  # a page's HTML while the search indexes a shorter one
        # Pages Backbone made (generated pages, stories): their HTML is let go once written.
        self.own_pages: set[str] = set()
        self.caches: set[Path] = set()  # cache folders, pruned after each build (cache_folder)

    @event_priority(100)  # load the data before every other Backbone plugin needs it
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        self.caches = set()
        use_packaged_theme(config)  # first: the languages and page templates below include it
        with reported():
            self.project = load_project(root, self.config.data_dir, cache_folder(config, self.config.cache_dir))
            problems = language_problems(self.project.identity.language, theme_languages(config), self.project.sources["identity.yml"])
            if problems:
                raise DataError(problems)
        docs = Path(config.docs_dir).resolve()
        # pages are named in messages from the project folder: "content/stories/x.md"
        self._docs_prefix = f"{docs.relative_to(root).as_posix()}/" if docs.is_relative_to(root) and docs != root else ""
        self.partner_sections = []
        self.templates = page_templates(config.theme.dirs)  # what 'template:' may name
        self.generated_html = {}
        self.own_pages = set()
        ident = self.project.identity
        self.assets = asset_paths(self.project)
        # Everything handed to the theme is escaped here, once (see theme_text).
        config.site_name = theme_text(ident.name)
        config.site_description = theme_text(config.site_description or ident.purpose)
        config.theme["language"] = ident.language
        config.theme["font"] = False  # system fonts: nothing is fetched from a font service
        config.theme["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
        # The theme prints these paths raw in src/href too; a file name may hold a quote.
        config.theme["logo"] = theme_text(self.assets.header_logo)
        config.theme["favicon"] = theme_text(self.assets.favicon or self.assets.header_logo)
        if ident.social and not config.extra.get("social"):
            config.extra["social"] = [
                {"icon": SOCIAL_ICONS[s.network], "link": theme_text(s.url), "name": theme_text(s.handle or s.network.capitalize())}
                for s in ident.social
            ]
        for path in [BRAND_CSS] + [path for path, _ in packaged_assets()]:
            if path.endswith(".css") and path not in config.extra_css:
                config.extra_css.append(path)
            elif path.endswith(".js") and path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(path)
        for warning in brand.contrast_warnings(ident, self.config.contrast_minimum):
            log.warning(warning)
        return config

    @event_priority(100)  # before MkDocs or any plugin opens a file of the docs folder
    def _refuse_unsafe_files(self, files: Files, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path).resolve().parent
        docs = os.path.abspath(config.docs_dir)  # the theme's own files are trusted: not checked
        found = [
            (Path(f.abs_src_path), rel_of(Path(f.abs_src_path), root))
            for f in files
            if f.abs_src_path and not f.generated_by and not f.inclusion.is_excluded()
            and Path(f.abs_src_path).is_relative_to(docs)
        ]
        with reported():
            problems = docs_problems(found, root)
            if problems:
                raise DataError(problems)
        return files

    def _add_brand_files(self, files: Files, config: MkDocsConfig) -> Files:
        project, assets = self.project, self.assets
        ident = project.identity
        add_asset(files, config, BRAND_CSS, content=brand.css(ident))
        for path, text in packaged_assets():
            add_asset(files, config, path, content=text)
        add_image(files, config, assets.logo, project.asset(ident.logo))
        for field, dest in (("favicon", assets.favicon), ("mark", assets.mark)):
            if dest:
                add_image(files, config, dest, project.asset(getattr(ident, field)))
        for pid, dest in assets.partner_logos.items():
            add_image(files, config, dest, project.asset(project.partners[pid].logo))
        _clean_svgs_of(files, config)
        _strip_pictures_of(files, config)
        if self.config.brand_page:
            add_page(files, config, brand_page(project, assets, config.use_directory_urls), edit="../data/identity.yml")
        return files

    on_files = CombinedEvent(_refuse_unsafe_files, _add_brand_files)

    def _check_front_matter(self, markdown: str, /, *, page, config: MkDocsConfig, files: Files):
        # A front matter MkDocs could not read, or a theme key of the wrong type, stops the
        # build with file:line here instead of a traceback while rendering the page.
        rel = self._docs_prefix + page.file.src_uri
        problems = front_matter_problems(rel, page.file.content_string, page.meta, self.templates)
        if problems:
            with reported():
                raise DataError(problems)
        return markdown

    @event_priority(-100)  # after every plugin has set its pages' titles and descriptions
    def _escape_for_theme(self, markdown: str, /, *, page, config: MkDocsConfig, files: Files):
        # The one boundary for page text: generated pages, stories and authors' own pages alike.
        for key in THEME_META:
            if page.meta.get(key) is not None:
                page.meta[key] = theme_text(page.meta[key])
        # The search index carries a page's tags, and the search UI shows them as HTML.
        if isinstance(page.meta.get("tags"), list):
            page.meta["tags"] = [theme_text(tag) if isinstance(tag, str) else tag for tag in page.meta["tags"]]
        return markdown

    on_page_markdown = CombinedEvent(_check_front_matter, _escape_for_theme)

    @event_priority(100)  # before other plugins read the page's HTML
    def on_page_content(self, html: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        # popped, not read: the page keeps its HTML, and a second copy would double the
        # memory that 1,000 generated pages hold until the end of the build
        generated = self.generated_html.pop(page.file.src_uri, None)
        return html.replace(GENERATED, generated, 1) if generated is not None else html

    # The search plugin reads page.content in its on_page_context; the theme renders it after
    # every on_page_context. So the page is shortened just before the indexer and given back
    # just after it: the index never parses the share kit, related stories or tables.
    @event_priority(100)
    def _hide_from_search(self, context, /, *, page, config: MkDocsConfig, nav):
        short = searchable(page.content or "")
        if short is not page.content and page.content:
            self._full_content[page.file.src_uri] = page.content
            page.content = short
        return context

    @event_priority(-100)
    def _restore_after_search(self, context, /, *, page, config: MkDocsConfig, nav):
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_hide_from_search, _restore_after_search)

    @event_priority(-100)  # after every plugin has read the page
    def on_post_page(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        # MkDocs keeps every page's HTML until the build ends; nothing reads it after this
        # event, and 1,000 stories held ~40 MiB of it.
        if page.file.src_uri in self.own_pages:
            page.content = None
        return output

    # After the e-mail worker is done (backbone/stories collects it at -100): a cache kept
    # in CI otherwise grows by every chart, card and e-mail any build ever made.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        days = self.config.cache_days
        if days <= 0:
            return
        removed = [memo.prune(folder, days) for folder in sorted(self.caches)]
        files, size = sum(f for f, _ in removed), sum(b for _, b in removed)
        if files:
            log.info(f"removed {files} cache entr{'y' if files == 1 else 'ies'} ({size / 1e6:.1f} MB) no build had used for {days} days")

    def on_env(self, env, /, *, config: MkDocsConfig, files: Files):
        # Theme templates read the brand from here; MkDocs' Jinja does not
        # autoescape, so the templates escape every value with |e.
        env.globals["backbone"] = {"identity": self.project.identity, "assets": self.assets}
        return env

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        server.watch(str(self.project.data_dir))
        return server


def _clean_svgs_of(files: Files, config: MkDocsConfig) -> None:
    """SVGs among the pages' own files (story images, pictures in content/) are published
    cleaned like the logos, a linked one too; one that cannot be read, a link that leads out
    of the project or a compressed SVG stops the build, every such file named."""
    root = Path(config.config_file_path).resolve().parent
    problems = []
    for file in [f for f in files if f.src_uri.lower().endswith((".svg", ".svgz")) and f.abs_src_path and not f.generated_by]:
        name = Path(os.path.relpath(file.abs_src_path, root)).as_posix()  # as the author sees it
        path = Path(file.abs_src_path).resolve()
        if file.src_uri.lower().endswith(".svgz"):
            problems.append(Problem(name, 0, "", "a compressed SVG (.svgz) is not published, as it cannot be cleaned "
                                    "where it is served; save it as a plain .svg"))
            continue
        if not path.is_relative_to(root):
            problems.append(Problem(name, 0, "", f"it is a link to a file outside the project ({path}); "
                                    "copy the file into the project instead of linking to it"))
            continue
        try:
            cleaned = svgsafe.clean(path.read_bytes())
        except svgsafe.SvgError as exc:
            problems.append(Problem(name, exc.line, "", f"{exc}; {exc.fix}"))
            continue
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=cleaned))
    if problems:
        raise PluginError(DataError(problems).report())


def _strip_pictures_of(files: Files, config: MkDocsConfig) -> None:
    """Pictures among the pages' own files (story images, pictures in content/) are checked
    like the logos and published without metadata; every file that cannot be is named."""
    docs = Path(config.docs_dir).resolve()
    problems = []
    for file in [f for f in files if Path(f.src_uri).suffix.lower() in images.SUFFIXES and f.abs_src_path and not f.generated_by]:
        path = Path(file.abs_src_path).resolve()
        if not path.is_relative_to(docs):
            continue
        try:
            bare = bare_picture(config, path)  # checked unless this very file is in the cache
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        files.remove(file)
        add_asset(files, config, file.src_uri, source=bare, cached=True)
    if problems:
        raise PluginError(DataError(problems).report())
