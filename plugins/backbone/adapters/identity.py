"""The identity and brand features: load and check the data, dress the theme in the brand."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

from .. import images, memo, svgsafe
from ..about.assets import asset_paths
from ..about.brand_kit import brand_page
from ..context import BuildContext
from ..frontmatter import block
from ..identity import brand
from ..identity.languages import FALLBACK, theme_translation
from ..identity.logo import LogoContrast, on_primary
from ..identity.logo import advice as logo_advice
from ..identity.model import SOCIAL_ICONS, social_name
from ..inputs import rel_of
from ..page_meta import docs_problems, front_matter_problems, page_templates
from ..problems import Problem
from ..project import read_project
from ..render.formats import formats_for
from ..render.html import THEME_META, theme_text
from ..render.search import searchable
from ..theme_icons import ThemeIcons
from ..themefolder import theme_folder
from .common import GENERATED, Feature, add_asset, add_image, add_page
from .languages import build_language, project_in, switcher

log = get_plugin_logger(__name__)

BRAND_CSS = "assets/backbone/brand.css"


def packaged_theme() -> str:
    """Backbone's overrides of mkdocs-material (home page, footer, feed links, accessibility
    fixes), shipped in the package so an installed Backbone looks like the repository's demo."""
    return str(theme_folder())


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


def _translation(language: str, config: MkDocsConfig) -> str:
    """The theme's translation nearest the site's language ('en' for 'en-GB'); its own words
    are English where it has none (said once, in the log)."""
    translation = theme_translation(language, theme_languages(config))
    if translation is None:
        log.info(
            f"data/identity.yml: the theme has no translation for '{language}' or its language: "
            "its own words (search, navigation) are English; figures and dates follow the site's language"
        )
    return translation or FALLBACK


def packaged_assets() -> list[tuple[str, str]]:
    """(site path, text) of each stylesheet and script shipped in backbone/assets."""
    folder = resources.files("backbone") / "assets"
    return sorted(
        (f"assets/backbone/{item.name}", item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith((".css", ".js"))
    )


class IdentityFeature(Feature):
    """Loads and checks the data, dresses the theme in the brand, and is the one boundary
    where page text is escaped for the theme."""

    name = "identity"
    without_project = True  # it reads the data; its page checks need none of it

    def __init__(self, config):
        super().__init__(config)
        self._full_content: dict[str, str] = {}  # a page's HTML while the search indexes a shorter one
        self.cache_days = 30  # the plugin's site-wide option

    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        self.templates = page_templates(config.theme.dirs)  # what 'template:' may name
        # System fonts, even when the data does not load: the theme would fetch its font from
        # Google Fonts on every page, the `mkdocs serve` problem list included.
        config.theme["font"] = False
        self.icons = ThemeIcons(config.theme.dirs)  # and 'icon:'
        # read once: the builds of the other languages take the default's (adapters/languages.py)
        project = ctx.project_read or read_project(
            ctx.root, self.config.data_dir, ctx.cache("data"), ctx.loaders, ctx.problems
        )
        ctx.project_read = project
        ctx.project = project_in(project, build_language(project, ctx.language))  # its texts in this build's language
        if ctx.project.identity is None:  # its problems are reported; the other files are checked all the same
            return
        ident = ctx.project.identity
        ctx.formats = formats_for(ident.language)  # every figure and date of this build, in its language
        ctx.assets = asset_paths(ctx.project)
        # Everything handed to the theme is escaped here, once (see theme_text).
        config.site_name = theme_text(ident.name)
        config.site_description = theme_text(config.site_description or ident.purpose)
        # the search plugin reads the theme's translation in its own on_config
        config.theme["language"] = _translation(ident.language, config)
        if alternates := switcher(ctx.project, config.site_url or ""):
            config.extra["alternate"] = alternates  # the language switcher, to the same page
        config.theme["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
        # The theme prints these paths raw in src/href too; a file name may hold a quote.
        config.theme["logo"] = theme_text(ctx.assets.header_logo)
        config.theme["favicon"] = theme_text(ctx.assets.favicon or ctx.assets.icon)
        if ident.social and not config.extra.get("social"):
            config.extra["social"] = [
                # named by network, not by handle: "@riverbend" does not say where it leads
                {
                    "icon": SOCIAL_ICONS[s.network],
                    "link": theme_text(s.url),
                    "name": theme_text(social_name(ident.short_name, s.network)),
                }
                for s in ident.social
            ]
        for path in [BRAND_CSS] + [path for path, _ in packaged_assets()]:
            if path.endswith(".css") and path not in config.extra_css:
                config.extra_css.append(path)
            elif path.endswith(".js") and path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(path)

    def refuse_unsafe_files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Files of the docs folder that lead out of the project, or are no ordinary file, are
        problems, and leave the build at once: MkDocs must never open them (a pipe would
        block it), not even to show the problem list in `mkdocs serve`."""
        docs = os.path.abspath(config.docs_dir)  # the theme's own files are trusted: not checked
        found = [
            (Path(f.abs_src_path), rel_of(Path(f.abs_src_path), ctx.root), f)
            for f in files
            if f.abs_src_path
            and not f.generated_by
            and not f.inclusion.is_excluded()
            and Path(f.abs_src_path).is_relative_to(docs)
        ]
        problems = docs_problems([(path, rel) for path, rel, _ in found], ctx.root)
        refused = {p.file for p in problems}
        for _, rel, file in found:
            if rel in refused:
                files.remove(file)
        ctx.problems += problems

    def check(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """The pages' own pictures and SVGs, and the front matter of every page."""
        _clean_svgs_of(files, config, ctx)
        _check_pictures_of(files, config, ctx)
        for file in files.documentation_pages(inclusion=lambda level: True):
            if file.generated_by or not file.abs_src_path:
                continue
            ctx.problems += page_front_matter_problems(file, ctx, self.templates, self.icons)

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        project, assets = ctx.project, ctx.assets
        ident = project.identity
        add_asset(files, config, BRAND_CSS, content=brand.css(ident))
        for path, text in packaged_assets():
            add_asset(files, config, path, content=text)
        add_image(files, config, ctx, assets.logo, project.asset(ident.logo))
        for field, dest in (
            ("logo_reversed", assets.logo_reversed),
            ("favicon", assets.favicon),
            ("mark", assets.mark),
        ):
            if dest:
                add_image(files, config, ctx, dest, project.asset(getattr(ident, field)))
        for pid, dest in assets.partner_logos.items():
            add_image(files, config, ctx, dest, project.asset(project.partners[pid].logo))

    def escape_for_theme(self, ctx: BuildContext, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # The one boundary for page text: generated pages, stories and authors' own pages alike.
        for key in THEME_META:
            if page.meta.get(key) is not None:
                page.meta[key] = theme_text(page.meta[key])
        # The search index carries a page's tags, and the search UI shows them as HTML.
        if isinstance(page.meta.get("tags"), list):
            page.meta["tags"] = [theme_text(tag) if isinstance(tag, str) else tag for tag in page.meta["tags"]]
        return markdown

    def swap_generated(self, ctx: BuildContext, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # popped, not read: the page keeps its HTML, and a second copy would double the
        # memory that 1,000 generated pages hold until the end of the build
        generated = ctx.generated_html.pop(page.file.src_uri, None)
        return html.replace(GENERATED, generated, 1) if generated is not None else html

    # The search plugin reads page.content in its on_page_context; the theme renders it after
    # every on_page_context. So the page is shortened just before the indexer and given back
    # just after it: the index never parses the share kit, related stories or tables.
    def hide_from_search(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        short = searchable(page.content or "")
        if short is not page.content and page.content:
            self._full_content[page.file.src_uri] = page.content
            page.content = short
        return context

    def restore_after_search(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    def release_page(self, ctx: BuildContext, output: str, *, page, config: MkDocsConfig) -> str:
        # MkDocs keeps every page's HTML until the build ends; nothing reads it after this
        # event, and a thousand stories held a lot of memory that way.
        if page.file.src_uri in ctx.own_pages:
            page.content = None
        return output

    # After the e-mail worker is done: a cache kept in CI otherwise grows by every chart,
    # card and e-mail any build ever made.
    def prune_caches(self, ctx: BuildContext, *, config: MkDocsConfig) -> None:
        days = self.cache_days
        if days <= 0:
            return
        removed = [memo.prune(folder, days) for folder in sorted(ctx.caches)]
        files, size = sum(f for f, _ in removed), sum(b for _, b in removed)
        if files:
            log.info(
                f"removed {files} cache entr{'y' if files == 1 else 'ies'} ({size / 1e6:.1f} MB) "
                f"no build had used for {days} days"
            )

    def env(self, ctx: BuildContext, env, *, config: MkDocsConfig, files: Files):
        # Theme templates read the brand from here; MkDocs' Jinja does not
        # autoescape, so the templates escape every value with |e.
        env.globals["backbone"] = {"identity": ctx.project.identity, "assets": ctx.assets}
        return env


class BrandFeature(Feature):
    """The brand's contrast checks and the brand kit page at /brand/."""

    name = "brand"
    on_partial_project = True  # its warnings are identity.yml's, given even when partners.yml has problems

    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        ident = ctx.project.identity
        if ident is None:
            return  # identity.yml's problems are reported: its colours are checked once it loads
        source = ctx.project.sources.get("identity.yml")
        line = source.line if source else None
        ctx.warnings += brand.contrast_warnings(ident, self.config.contrast_minimum, line)
        note = brand.muted_note(ident, line)
        if note:  # adjusted, not refused: --strict still builds
            log.info(note)
        self.on_primary = None if ident.logo_reversed else measured_logo(ctx)
        # A warning only where the header falls back to the faint logo, on every page. A logo in
        # the brand's own colour is common and the kit says so; with a mark or favicon in the
        # header, a warning would fail --strict builds for a tile of the brand kit.
        if self.on_primary and not self.on_primary.readable and not (ident.mark or ident.favicon):
            at = f":{line(('logo',))}" if line else ""
            ctx.warnings.append(
                f"data/identity.yml{at} (logo): '{ident.logo}' is what the site header shows, and "
                f"{logo_advice(ident.logo, self.on_primary)}, or a square symbol as 'mark:'"
            )

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        page = brand_page(ctx.project, ctx.assets, config.use_directory_urls, ctx.formats, self.on_primary)
        add_page(files, config, ctx, page, edit="../data/identity.yml")


def measured_logo(ctx: BuildContext) -> LogoContrast | None:
    ident = ctx.project.identity
    return on_primary(ctx.project.asset(ident.logo), ident.colours.primary, ctx.cache("brand"))


def page_front_matter_problems(file, ctx: BuildContext, templates, icons=None) -> list[Problem]:
    """A front matter MkDocs could not read, or a theme key of the wrong type, located
    (file:line) before anything is built instead of a traceback while rendering the page."""
    try:
        text = file.content_string
    except (OSError, UnicodeDecodeError):
        return []  # reported by the feature that reads the page, or by MkDocs
    if block(text) is None:
        return []
    try:
        _, meta = get_data(text)
    except Exception:  # MkDocs drops a front matter it cannot read: located below
        meta = {}
    return front_matter_problems(ctx.rel(Path(file.abs_src_path)), text, meta, templates, icons)


def _clean_svgs_of(files: Files, config: MkDocsConfig, ctx: BuildContext) -> None:
    """SVGs among the pages' own files (story images, pictures in content/) are published
    cleaned like the logos, a linked one too (one that leads out of the project was refused
    by refuse_unsafe_files); one that cannot be read or a compressed SVG is a problem of the
    build, every such file named."""
    root = Path(config.config_file_path).resolve().parent
    problems = []
    for file in [
        f for f in files if f.src_uri.lower().endswith((".svg", ".svgz")) and f.abs_src_path and not f.generated_by
    ]:
        name = Path(os.path.relpath(file.abs_src_path, root)).as_posix()  # as the author sees it
        path = Path(file.abs_src_path).resolve()
        if file.src_uri.lower().endswith(".svgz"):
            problems.append(
                Problem(
                    name,
                    0,
                    "",
                    "a compressed SVG (.svgz) is not published, as it cannot be cleaned "
                    "where it is served; save it as a plain .svg",
                )
            )
            continue
        try:
            cleaned = svgsafe.clean(path.read_bytes())
        except svgsafe.SvgError as exc:
            problems.append(Problem(name, exc.line, "", f"{exc}; {exc.fix}"))
            continue
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=cleaned))
    ctx.problems += problems


def _check_pictures_of(files: Files, config: MkDocsConfig, ctx: BuildContext) -> None:
    """Pictures among the pages' own files (story images, pictures in content/) are checked
    like the logos, every file that cannot be published named; the pictures feature
    publishes them, without metadata and at the widths pages need."""
    docs = Path(config.docs_dir).resolve()
    for file in [
        f for f in files if Path(f.src_uri).suffix.lower() in images.SUFFIXES and f.abs_src_path and not f.generated_by
    ]:
        path = Path(file.abs_src_path).resolve()
        if path.is_relative_to(docs) and (wrong := images.problem(path)):
            ctx.problems.append(Problem(ctx.rel(path), 0, "", wrong))
