"""The browser editor feature: publishes /admin/ (Decap CMS), generated from the schemas.

The admin's files are static files, not pages: MkDocs leaves them out of the navigation, the
search index and the sitemap, and no feed carries them. The core (``backbone.cms``) makes the
configuration from plain facts this adapter gathers: which collections the site has, the
authors' pages the editor may change (not the ones the site trusts with raw HTML), and the
entries references may name.
"""

from __future__ import annotations

import html
import os
from pathlib import PurePosixPath
from typing import Callable

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..cms import admin
from ..cms.choices import Choices
from ..cms.collections import Site
from ..cms.config import LOCAL_BACKEND_ENV, Backend, BackendError, decap_config
from ..cms.labels import Labels
from ..context import BuildContext
from ..frontmatter import block
from ..learning.model import KINDS
from ..metrics.periods import label_of
from ..metrics.units import words as unit_words
from ..problems import DataError, Problem
from ..render.numbers import shape
from ..stories.model import split_claim
from ..trust import Trust
from .common import Feature, add_asset

DATA_FILES = ("partners", "governance", "identity", "investments", "units", "voices")


def local_backend(serving: bool) -> str | None:
    """decap-server's address when `backbone edit` runs the preview; never in a build."""
    if not serving:
        return None
    return os.environ.get(LOCAL_BACKEND_ENV) or None


def trusted_files(plugin_config) -> Callable[[str], bool]:
    """Whether a page of the docs folder is one the site trusts with raw HTML (the plugin's
    ``trusted:`` option): those are left out of the editor, since anyone the editor lets in
    could otherwise publish script. The same matcher as the sanitiser's."""
    return Trust(list(plugin_config.get("trusted") or []))


class CmsFeature(Feature):
    name = "cms"

    def __init__(self, config):
        super().__init__(config)
        self.site_options = None  # the whole plugin's options (stories' folder, 'trusted:'), set by the plugin
        self.backend: Backend | None = None
        self.last: list[admin.AdminFile] = []  # the admin of the last good build (`mkdocs serve`)

    def check(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """The backend's options, with the other problems: an editor that cannot sign in is a mistake."""
        opts = self.config
        self.backend = Backend(
            name=opts.backend,
            repo=opts.repo,
            branch=opts.branch,
            base_url=opts.base_url,
            auth_endpoint=opts.auth_endpoint,
            api_root=opts.api_root,
            app_id=opts.app_id,
            editorial_workflow=opts.editorial_workflow,
        )
        try:
            decap_config(Site(stories=None, learning=None, metrics=False), self.backend, repo_url=config.repo_url)
        except BackendError as exc:
            if self.config.enabled:  # the published site's editor could not sign in
                name = os.path.basename(config.config_file_path or "site_config.yml")
                ctx.problems.append(Problem(name, 0, "cms", str(exc)))
            # else the editor is `backbone edit`'s alone: Decap's local server is its backend

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        self.last = self._admin(ctx, files, config, self._site(ctx, files, config), self._figures(ctx))
        for item in self.last:
            add_asset(files, config, item.dest, source=item.source, content=item.content)

    def broken(self, ctx: BuildContext, files: Files, config: MkDocsConfig, error: DataError) -> None:
        """While `mkdocs serve` shows problems instead of the site, the editor stays, so that
        they can be fixed where they were made: as the last good build made it (or, before
        one, with the forms alone), its previews listing the problems."""
        try:
            items = self.last or self._admin(ctx, files, config, self._site(ctx, files, config, choices=False), {})
        except BackendError:  # listed with the problems; an editor that cannot sign in is no help
            return
        notes = [str(problem) for problem in error.problems]
        for item in items:
            if item.dest == admin.SITE_FACTS:
                item = admin.with_problems(item, notes)
            add_asset(files, config, item.dest, source=item.source, content=item.content)

    def _admin(self, ctx: BuildContext, files: Files, config: MkDocsConfig, site: Site, figures: dict):
        t = Labels(ctx.formats.words.translations)  # the editor speaks the site's language
        decap = decap_config(
            site,
            self.backend,
            repo_url=config.repo_url,
            site_url=config.site_url,
            local_backend=local_backend(ctx.serving),
            t=t,
        )
        identity = ctx.project.identity if ctx.project else None
        return admin.admin_files(
            decap,
            title=f"{identity.name if identity else config.site_name} · editor",
            language=site.language,
            styles=self._styles(files, config),
            figures=figures,
            kinds=KINDS,
            t=t,
            icon=_icon(config),
            numbers=shape(ctx.formats.locale, _currencies(ctx)),
            periods=ctx.formats.period_names(),
            units=unit_words(_metrics(ctx).units if _metrics(ctx) else {}),
        )

    # -- the facts the configuration is made from ---------------------------------------

    def _site(self, ctx: BuildContext, files: Files, config: MkDocsConfig, choices: bool = True) -> Site:
        opts = self.site_options
        language = ctx.project.identity.language if ctx.project else "en"
        docs = ctx.rel(ctx.docs_dir)
        stories = opts.stories.folder if opts.stories.enabled else None
        learning = opts.learning.folder if opts.learning.enabled else None
        return Site(
            docs=docs,
            data=ctx.rel(ctx.data_dir),
            stories=stories,
            learning=learning,
            pages=tuple(self._pages(files, config, [f for f in (stories, learning) if f])),
            metrics=opts.metrics.enabled,
            language=language,
            languages=ctx.project.identity.site_languages if ctx.project and ctx.project.identity else (language,),
            choices=self._choices(ctx) if choices and ctx.project else self._present(ctx),
        )

    def _pages(self, files: Files, config: MkDocsConfig, folders: list[str]):
        """(path, title) of the authors' pages: Markdown of the docs folder outside the stories'
        and reviews' folders, and not trusted with raw HTML."""
        trusted = trusted_files(self.site_options)
        for file in files.documentation_pages():
            src = file.src_uri
            if file.generated_by or PurePosixPath(src).parts[0] in folders or trusted(src):
                continue
            yield src, _title(file.abs_src_path) or src

    def _choices(self, ctx: BuildContext) -> Choices:
        project = ctx.project
        data = project.extras.get("metrics")
        metrics = {mid: m.title for mid, m in sorted(data.metrics.items())} if data else {}
        claims: dict[str, tuple[str, str]] = {}
        stories: dict[str, str] = {}
        if ctx.catalog is not None:
            for story in ctx.catalog.all:
                for claim in story.meta.metrics:
                    mid, period = split_claim(claim)
                    if period and mid in metrics:
                        claims[claim] = (mid, label_of(period, ctx.formats))
            stories = {slug: ctx.catalog.by_slug[slug].title for slug in ctx.story_slugs or []}
        actions = {a.id: a.what for review in ctx.reviews or [] for a in review.meta.actions}
        tags = ()
        if ctx.catalog is not None:  # the most used first, then by name
            tags = tuple(sorted(ctx.catalog.by_tag, key=lambda tag: (-len(ctx.catalog.by_tag[tag]), tag)))
        files = self._present(ctx).files
        sectors = {sid: sector.label for sid, sector in project.sectors.items()}
        units = {uid: unit.plural for uid, unit in data.units.items()} if data else {}
        claims = dict(sorted(claims.items()))
        return Choices(metrics, claims, stories, actions, tags, files, sectors=sectors, units=units)

    @staticmethod
    def _present(ctx: BuildContext) -> Choices:
        """The data files the site has, and nothing to choose from (the data did not load)."""
        return Choices(files=frozenset(name for name in DATA_FILES if (ctx.data_dir / f"{name}.yml").is_file()))

    def _figures(self, ctx: BuildContext) -> dict:
        """The key figure of each claim a story may cite (latest and dated), as its page shows it."""
        if ctx.figures is None:
            return {}
        wanted = [(mid, None) for mid in ctx.figures.metric_ids()]
        if ctx.catalog is not None:
            wanted += [split_claim(c) for s in ctx.catalog.all for c in s.meta.metrics if "@" in c]
        out = {}
        for mid, period in wanted:
            try:
                figure = ctx.figures.key_figure(mid, period)
            except (KeyError, ValueError):
                continue  # a claim the build already reported
            out[f"{mid}@{period}" if period else mid] = {
                "title": figure.title,
                "text": figure.text,
                "period_label": figure.period_label,
                "change_text": figure.change_text,
            }
        return out

    @staticmethod
    def _styles(files: Files, config: MkDocsConfig) -> list[str]:
        """The site's stylesheets for the previews: the theme's, then Backbone's and the brand's."""
        theme = sorted(
            f.dest_uri
            for f in files.css_files()
            if f.dest_uri.startswith("assets/stylesheets/") and f.dest_uri.endswith(".min.css")
        )
        return [f"../{path}" for path in [*theme, *config.extra_css] if not path.startswith(("http:", "https:"))]


def _icon(config: MkDocsConfig) -> str | None:
    """The site's favicon, from admin/ (a browser asks for /favicon.ico otherwise, and finds none)."""
    favicon = html.unescape(str(config.theme.get("favicon") or ""))  # the theme's copy is escaped for it
    return f"../{favicon}" if favicon and not favicon.startswith(("http:", "https:", "/")) else None


def _title(path: str | None) -> str | None:
    """A page's title from its front matter, for the editor's list (the file's name otherwise)."""
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(20_000)
    except (OSError, UnicodeDecodeError):
        return None
    found = block(head)
    if not found:
        return None
    try:
        meta = yaml.safe_load(found.yaml)
    except yaml.YAMLError:
        return None
    title = meta.get("title") if isinstance(meta, dict) else None
    return str(title) if isinstance(title, (str, int, float)) else None


def _metrics(ctx: BuildContext):
    """What the metrics loader read (None before the data loads)."""
    return ctx.project.extras.get("metrics") if ctx.project else None


def _currencies(ctx: BuildContext) -> set[str]:
    """The currencies the site's metrics and investments are in: the previews write their signs."""
    data = _metrics(ctx)
    if data is None:
        return set()
    found = {m.spec.currency for m in data.metrics.values() if m.spec.currency}
    return found | ({data.investments.spec.currency} if data.investments else set())
