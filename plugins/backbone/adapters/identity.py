"""The identity and brand features: read the data, dress the theme in the brand."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..about.assets import asset_paths
from ..about.brand_kit import brand_page
from ..context import BuildContext
from ..drawing.fonts import FONTS_DIR, font_problems, own_fonts
from ..identity import brand, drawn
from ..identity.languages import FALLBACK, theme_translation
from ..identity.logo import LogoContrast, on_primary
from ..identity.logo import advice as logo_advice
from ..identity.model import SOCIAL_ICONS, social_name
from ..identity.webfonts import web_faces, woff
from ..project import read_project
from ..render.formats import formats_for
from ..render.html import theme_text
from ..render.words import translated
from ..themefolder import theme_folder
from .common import Feature, add_asset, add_image, add_page
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
    """Reads the identity with every data file, dresses the theme in the brand, publishes the
    brand's files (the site-wide page hooks are SitePagesFeature's, adapters/site_pages.py)."""

    name = "identity"
    without_project = True  # it reads the data; its page checks need none of it

    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        # System fonts, even when the data does not load: the theme would fetch its font from
        # Google Fonts on every page, the `mkdocs serve` problem list included.
        config.theme["font"] = False
        # the colour pairs the theme's stylesheets draw, kept for the next build (`check` writes nothing)
        drawn.keep_in(None if ctx.checking else ctx.cache("drawn"))
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
        if ctx.formats.words.language is None:  # Backbone's own words have no catalog in it: English
            ctx.warnings.append(untranslated(ident.language, ctx.project.sources.get("identity.yml")))
        ctx.problems += font_problems(ctx.project.data_dir / FONTS_DIR, ctx.root)  # before a card reads one
        own = own_fonts(ctx.project.data_dir / FONTS_DIR, ctx.root)
        faces, notes = web_faces(own, (ident.fonts.text, ident.fonts.code), ctx.root)
        for note in notes:  # not a warning: --strict builds a site whose print font stays off the web
            if ctx.once(note):
                log.info(note)
        ctx.assets = replace(asset_paths(ctx.project), fonts=faces)
        # Everything handed to the theme is escaped here, once (see theme_text).
        config.site_name = theme_text(ident.name)
        config.site_description = theme_text(config.site_description or ident.purpose)
        # the search plugin reads the theme's translation in its own on_config
        config.theme["language"] = _translation(ident.language, config)
        if alternates := switcher(ctx.project, ctx.settings.site_url or ""):
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

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        project, assets = ctx.project, ctx.assets
        ident = project.identity
        self.stylesheets(ctx, files, config)
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

    def stylesheets(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """The brand's stylesheet and Backbone's own stylesheets and script, which every page
        links (``configure``): also the problem pages of `mkdocs serve`, which are drawn nothing else."""
        add_asset(files, config, BRAND_CSS, content=brand.css(ctx.project.identity, ctx.assets.fonts))
        for face in ctx.assets.fonts:
            add_asset(files, config, face.dest_uri, source=woff(face, ctx.cache("fonts")), cached=True)
        for path, text in packaged_assets():
            add_asset(files, config, path, content=text)

    def env(self, ctx: BuildContext, env, *, config: MkDocsConfig, files: Files):
        # Theme templates read the brand from here; MkDocs' Jinja does not
        # autoescape, so the templates escape every value with |e.
        words = {"purpose": ctx.formats.words.gettext("Our purpose")}  # the theme's own words (theme/home.html)
        env.globals["backbone"] = {"identity": ctx.project.identity, "assets": ctx.assets, "words": words}
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
        page = brand_page(ctx.project, ctx.assets, ctx.settings.use_directory_urls, ctx.formats, self.on_primary)
        add_page(files, config, ctx, page, edit="../data/identity.yml")


def measured_logo(ctx: BuildContext) -> LogoContrast | None:
    ident = ctx.project.identity
    return on_primary(ctx.project.asset(ident.logo), ident.colours.primary, ctx.cache("brand"))


def untranslated(language: str, source) -> str:
    """The warning for a site whose language Backbone's own words are not translated into."""
    at = f":{source.line(('language',))}" if source else ""
    return (
        f"data/identity.yml{at} (language): Backbone's own words (headings, labels, sentences) are not "
        f"translated into '{language}' yet, so they are in English; they are translated into "
        f"{', '.join(translated())}. Figures and dates are written in '{language}' all the same; "
        "to translate the words, see docs/translating.md"
    )
