"""The one `backbone` MkDocs plugin: ``plugins: [search, backbone]`` turns everything on.

Each capability has its own typed sub-configuration with ``enabled`` (as mkdocs-material's
blog plugin types its options). A capability whose files are absent is simply off. The
plugin is thin: each MkDocs event dispatches to the features in the order of ``PIPELINE``.
"""

from __future__ import annotations

import copy
import html as htmllib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import __version__, background, heap, kept
from ..context import BuildContext
from ..identity import brand
from ..metrics import charts
from ..problems import DataError, Problem
from ..render.html import theme_text
from ..render.plaintext import without_controls
from ..terminal import show_controls_in_logs
from ..theme_copies import stale_copy_warnings
from ..trust import Trust, pattern_problem
from .cms import CmsFeature, local_backend
from .common import Feature
from .content import ContentFeature, nav_as_text, title_as_text
from .feeds import FeedsFeature
from .first import LastBuild, show_first
from .governance import GovernanceFeature
from .identity import BrandFeature, IdentityFeature, use_packaged_theme
from .languages import (
    build_other_languages,
    mark_fallback,
    other_languages,
    translated_nav_titles,
    use_language_files,
)
from .learning import LearningFeature
from .metrics import MetricsFeature
from .model import make_model
from .navigation import first_nav, join_sections, known_pages
from .pagecache import CACHED, outputs_salt, search_index
from .partners import PartnersFeature
from .pictures import PicturesFeature
from .previews import PreviewsFeature
from .quick import QuickPreview
from .report import ReportFeature
from .settings import settings_from
from .site_pages import SitePagesFeature
from .stories import StoriesFeature
from .themeenv import share_between_builds
from .unchanged import Unchanged, rebuilding_builder

log = get_plugin_logger(__name__)


class BrandConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish the brand kit at /brand/ (the brand itself always dresses the site)."""
    contrast_minimum = c.Type(float, default=brand.AA_NORMAL)
    """Lowest contrast ratio accepted for text colours before a warning (WCAG AA: 4.5)."""


class PartnersConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish the partner directory at /partners/ and one page per partner."""


class GovernanceConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish /governance/ from data/governance.yml (off when the file does not exist)."""


class MetricsConfig(Config):
    enabled = c.Type(bool, default=True)
    """Scorecard, metric pages, charts and ROI from data/metrics/ (off when the folder does not exist)."""
    tolerance = c.Type(float, default=0.05)
    """How far behind the straight path (as a share of |target − baseline|) still counts as on track."""
    reporting_lag_days = c.Type(int, default=90)
    """Days after a period ends before its figure is due (for the stale flag)."""
    headline_limit = c.Type(int, default=7)
    """More headline metrics than this gives a warning."""
    workers = c.Type(int, default=0)
    """Processes drawing charts; 0 = every core."""


class StoriesConfig(Config):
    enabled = c.Type(bool, default=True)
    """Stories, cards, reuse kits, e-mails and digests (off when the folder has no story)."""
    folder = c.Type(str, default="stories")
    """Folder of the story files inside docs_dir; also their URL prefix (/stories/<slug>/)."""
    per_page = c.Type(int, default=12)
    """Stories per page of the index."""
    related = c.Type(int, default=3)
    """Related stories shown under each story."""
    future = c.Type(bool, default=False)
    """Publish stories dated in the future (by default they wait for their date)."""
    trust_html = c.Type(bool, default=False)
    """Deprecated (a warning on every build): show the raw HTML of every story on its page. Name the
    few stories the backbone team alone can change under the plugin's 'trusted:' instead."""
    stale_claims = c.Choice(("info", "warn", "error"), default="info")
    """How to report a claim of a period when a newer one exists: in the log, as a warning, or as an error."""
    workers = c.Type(int, default=0)
    """Processes drawing cards (0: one per CPU, at most 8)."""
    newsletter = c.Type(bool, default=True)
    """Publish monthly digests at /newsletter/."""
    remote_images = c.Type(bool, default=False)
    """Let story bodies show pictures from other sites (each one a warning): by default they are
    refused, because every reader's browser, mail client and feed reader would fetch them there."""


class LearningConfig(Config):
    enabled = c.Type(bool, default=True)
    """Reviews, the action tracker and voices (off without reviews and data/voices.yml)."""
    folder = c.Type(str, default="learning")
    """Folder of the reviews, inside the docs folder."""
    voices = c.Type(bool, default=True)
    """Publish /voices/ from data/voices.yml (consented quotes only)."""


class FeedsConfig(Config):
    enabled = c.Type(bool, default=True)
    """RSS, Atom and JSON Feed of the stories and reviews (off when stories are off)."""
    limit = c.Type(int, default=20)
    """Entries in each feed, newest first."""
    per_tag = c.Type(bool, default=True)
    """A feed for each tag of the stories."""
    per_partner = c.Type(bool, default=True)
    """A feed for each partner that has stories."""
    learning = c.Type(bool, default=True)
    """A feed of the learning reviews (when learning is on)."""


class ReportConfig(Config):
    enabled = c.Type(bool, default=True)
    """The annual report: reports/<year>.pdf from each content/reports/<year>.md (off without one)."""


class CmsConfig(Config):
    enabled = c.Type(bool, default=False)
    """Publish the browser editor (Decap CMS) at /admin/, its forms made from Backbone's schemas."""
    backend = c.Choice(("github", "gitlab", "gitea", "proxy"), default="github")
    """Where the editor reads and commits the files: GitHub, GitLab, Gitea, or Decap's local proxy."""
    repo = c.Optional(c.Type(str))
    """The repository as 'owner/name' (default: from repo_url)."""
    branch = c.Type(str, default="main")
    """The branch the editor commits to."""
    base_url = c.Optional(c.Type(str))
    """The OAuth server editors sign in through (GitHub: one the partnership runs or chooses)."""
    auth_endpoint = c.Optional(c.Type(str))
    """Its sign-in path, when not Decap's default ('auth')."""
    api_root = c.Optional(c.Type(str))
    """The API of a self-hosted GitLab or Gitea (default: from repo_url)."""
    app_id = c.Optional(c.Type(str))
    """The OAuth application id of GitLab or Gitea (sign-in with PKCE: no secret needed)."""
    editorial_workflow = c.Type(bool, default=False)
    """Changes wait as drafts (pull requests) for review before they are published."""


class BackboneConfig(Config):
    data_dir = c.Type(str, default="data")
    """Folder of the data files, relative to the configuration file."""
    trusted = c.ListOfItems(c.Type(str), default=[])
    """The few files of the docs folder only the backbone team can change, whose raw HTML the site
    trusts (paths or globs from the docs folder: [index.md, about.md]); everything else is sanitised."""
    cache_dir = c.Type(str, default=".cache/backbone")
    """Where parsed data, charts, cards, e-mails, pictures and rendered pages are kept between builds
    (one subfolder each: data, charts, cards, emails, images, pictures, pages), relative to the
    configuration file."""
    cache_days = c.Type(int, default=30)
    """Cache entries no build has used for this many days are deleted after a build; 0 keeps everything."""
    poll = c.Type(bool, default=False)
    """The preview polls the docs and data folders every half second instead of listening to the
    system's file events: for folders whose events never reach it (a Docker volume on macOS or
    Windows, a network drive)."""
    brand = c.SubConfig(BrandConfig)
    partners = c.SubConfig(PartnersConfig)
    governance = c.SubConfig(GovernanceConfig)
    metrics = c.SubConfig(MetricsConfig)
    stories = c.SubConfig(StoriesConfig)
    learning = c.SubConfig(LearningConfig)
    feeds = c.SubConfig(FeedsConfig)
    report = c.SubConfig(ReportConfig)
    cms = c.SubConfig(CmsConfig)


FEATURES: dict[str, type[Feature]] = {
    "identity": IdentityFeature,
    "pages": SitePagesFeature,
    "content": ContentFeature,
    "brand": BrandFeature,
    "partners": PartnersFeature,
    "governance": GovernanceFeature,
    "metrics": MetricsFeature,
    "stories": StoriesFeature,
    "learning": LearningFeature,
    "feeds": FeedsFeature,
    "previews": PreviewsFeature,
    "report": ReportFeature,
    "pictures": PicturesFeature,
    "cms": CmsFeature,
}

ALWAYS = ("identity", "content", "pages")  # on in every build: they read and guard the files themselves

# The pipeline, in one place: for each phase, the steps (each a feature's method, the function
# itself) in the order they run. A step of a feature that is off does not run; every step
# exists (the table is made of the functions) and runs once a build (tests/test_pipeline.py).
# Why this order:
# - config: identity loads the data; metrics makes the figures stories cite; stories know
#   their slugs before learning checks the reviews and voices that name them.
# - check: every page's pictures, front matter and citations; then every problem is raised
#   at once, before anything is drawn.
# - files: stories and learning compute their sections (data) before metrics and partners
#   make the pages that show them; the bodies of stories, reviews and authors' pages are
#   rendered once every page is known (their links are resolved against all of them); the
#   report once the charts it shows are in the cache. A draft's pictures are left out before
#   the pictures are published at their widths, and those copies are published before the
#   stories' cards show them.
# - model: the site model is made (adapters/model.py) once the files phase found no problem;
#   the e-mails and feeds are sent from it to the workers that write them.
# - page_content: the pictures' <img> become <picture> last, after every sanitiser, so the
#   markup they gain is Backbone's own.
PIPELINE: dict[str, tuple[Callable, ...]] = {
    "config": (
        ContentFeature.refuse_links,  # first: before anything is read, and before MkDocs walks the docs folder
        SitePagesFeature.configure,
        IdentityFeature.configure,
        BrandFeature.configure,
        MetricsFeature.configure,
        StoriesFeature.configure,
        LearningFeature.configure,
        FeedsFeature.configure,
        ReportFeature.configure,
    ),
    # always, even when the data did not load
    "guard": (SitePagesFeature.refuse_unsafe_files, ContentFeature.keep_to_what_is_published),
    "check": (SitePagesFeature.check, ContentFeature.check, MetricsFeature.check, CmsFeature.check),
    "files": (
        IdentityFeature.files,
        BrandFeature.files,
        StoriesFeature.leave_out_drafts,
        PicturesFeature.files,
        StoriesFeature.files,
        LearningFeature.files,
        MetricsFeature.files,
        GovernanceFeature.files,
        FeedsFeature.files,
        PartnersFeature.files,
        ReportFeature.files,
        StoriesFeature.render_bodies,  # every page known: links resolved against all of them
        LearningFeature.render_bodies,
        ContentFeature.render_pages,  # authors' own pages, the same way
        PreviewsFeature.files,
        CmsFeature.files,  # last: the editor's choices list what the other features read
    ),
    # the site model is made (adapters/model.py): the writers that start now read it
    "model": (
        StoriesFeature.hand_over,
        StoriesFeature.post_mail,
        FeedsFeature.send,
    ),  # the worker writes the feeds while the theme renders the pages
    "pre_page": (SitePagesFeature.known_source,),  # how MkDocs reads and renders the page
    "page_markdown": (
        StoriesFeature.page_meta,
        LearningFeature.page_meta,
        ContentFeature.page_marker,
        MetricsFeature.figures_in_text,
        SitePagesFeature.escape_for_theme,
    ),
    "page_content": (
        ContentFeature.show_page,  # authors' pages: the core's render (render_pages)
        SitePagesFeature.swap_generated,
        StoriesFeature.page_content,
        LearningFeature.page_content,
        ContentFeature.sanitise_page,  # authors' own pages: stories and reviews were, by their features
        ContentFeature.titles_as_text,  # after the render: a title may come from the first heading
        ReportFeature.page_content,
        PicturesFeature.page_content,
    ),
    # after every other plugin's on_page_content: the page's HTML as MkDocs keeps it
    "page_content_last": (ContentFeature.note_used, SitePagesFeature.pack_content),
    "page_context_before_search": (
        SitePagesFeature.unpack_content,  # first: the page's HTML, held packed since page_content_last
        SitePagesFeature.hide_from_search,
        FeedsFeature.feed_links,
        StoriesFeature.share_preview,
        ReportFeature.share_preview,
        PreviewsFeature.preview,
        SitePagesFeature.cached_page,  # last: the context as the template reads it
    ),
    "page_context_after_search": (SitePagesFeature.restore_after_search, SitePagesFeature.cached_entries),
    "rendered": (SitePagesFeature.keep_page,),  # the template's output, before any on_post_page
    "post_page": (SitePagesFeature.release_page,),
    "post_build": (
        StoriesFeature.send_digests,
        FeedsFeature.write,
        StoriesFeature.collect_mail,
        StoriesFeature.forget_drafts,
        SitePagesFeature.prune_caches,
    ),
    "env": (
        ContentFeature.leave_out_unused,
        IdentityFeature.env,
        PreviewsFeature.env,
        SitePagesFeature.start_page_cache,
    ),
    "stop": (StoriesFeature.close, StoriesFeature.forget_drafts, FeedsFeature.close),
}


def _owners() -> dict[Callable, str]:
    """Each step's feature, by the function's identity (the class that defines it)."""
    owners = {}
    for phase, steps in PIPELINE.items():
        for function in steps:
            found = [name for name, cls in FEATURES.items() if vars(cls).get(function.__name__) is function]
            if len(found) != 1:
                raise RuntimeError(f"PIPELINE[{phase!r}]: {function.__qualname__} is no step of one feature")
            owners[function] = found[0]
    return owners


OWNER = _owners()
LISTED = ("config", "guard", "check", "files")  # phases whose problems are listed once they are over


class BackbonePlugin(BasePlugin[BackboneConfig]):
    trace: list[Callable] | None = None  # tests: every step run, in order (set on the class)

    def __init__(self):
        self.serving = False
        self.ctx: BuildContext | None = None
        self.features: dict[str, Feature] = {}
        self.on: set[str] = set()  # the features that are on in this build
        self.doubles: dict[str, Feature] = {}  # tests: stand-ins for features, by name
        self.checking = False  # `backbone check`: nothing is drawn
        self.broken: DataError | None = None  # `mkdocs serve` with problems: every page shows them
        self.addresses: dict[str, tuple] = {}  # src_uri → (dest_uri, url) of each page of the last good build
        # and, by language, its navigation and its pages' titles: what the problem pages show around them
        self.last_nav: dict[str | None, list] = {}
        self.titles: dict[str | None, dict[str, str]] = {}
        self.first_titles: dict[str, str] = {}  # before any good build: the titles Backbone's pages have
        self.watcher = None  # `mkdocs serve`: the docs and data folders, watched (watching.LinkSafeWatch)
        self.builds = 0  # builds by this instance: MkDocs keeps it between `mkdocs serve`'s rebuilds
        self.language: str | None = None  # a build after the default language's: its language
        self.read_once = None  # that build's data, as the default's build read it
        self.said_once: set[str] | None = None  # the info lines the default's build said
        self.unchanged = Unchanged()  # `mkdocs serve`: what its site folder holds (unchanged.py)
        self.quick = QuickPreview()  # `mkdocs serve`: a saved story shown before the whole rebuild (quick.py)
        self.dirty = False  # rebuilds leave the site folder as it is (`mkdocs serve`'s, see on_serve)
        self._nav = None
        self._files: Files | None = None
        show_controls_in_logs()  # MkDocs' own messages echo file names and link targets too

    def load_config(self, options: dict, config_file_path: str | None = None):
        self._raw = dict(options or {})  # to tell 'enabled: true' written from the default
        return super().load_config(options, config_file_path)

    def run(self, phase: str, value=None, *, until_problems: bool = False, **kwargs):
        """Each step of ``phase`` in PIPELINE order; a step's result is the next one's value.
        ``until_problems``: no step runs once one has found a problem (the list is reported
        whole; nothing is made of a file known to be wrong)."""
        for function in PIPELINE[phase]:
            if until_problems and self.ctx.problems:
                break
            if OWNER[function] not in self.on:
                continue
            value = self._call(function, value, listed=phase in LISTED, **kwargs)
        return value

    def _call(self, function: Callable, value=None, *, listed: bool = True, **kwargs):
        """One step; its result is the next step's value (None: the value is unchanged).
        ``listed``: the phase's problems are listed once it is over (config, guard, check,
        files): a step's DataError (a chart or card that cannot be drawn) joins that list."""
        try:
            return self._step(function, value, **kwargs)
        except DataError as exc:
            if not listed:
                raise PluginError(exc.report()) from None
            self.ctx.problems += exc.problems
            self.ctx.warnings += exc.warnings
            return value

    def _step(self, function: Callable, value=None, **kwargs):
        feature = self.features[OWNER[function]]
        if self.trace is not None:
            self.trace.append(function)
        if not isinstance(feature, FEATURES[OWNER[function]]):
            # a test's stand-in (``doubles``) takes part in the steps it defines
            function = getattr(type(feature), function.__name__, None)
            if function is None:
                return value
        if value is None:
            function(feature, self.ctx, **kwargs)
            return None
        return function(feature, self.ctx, value, **kwargs)

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.dirty = dirty
        self.unchanged = Unchanged()
        # MkDocs keeps one instance for every command a process runs: another session's pages
        # are not this one's to show problems at
        self.addresses, self.last_nav, self.titles = {}, {}, {}

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.language is None:  # the other languages' builds empty their own folders
            self.unchanged.start(config, serving=self.serving and not self.checking, dirty=self.dirty)

    @event_priority(100)  # before other plugins read the site's name and theme
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        show_controls_in_logs()  # again: the handlers of this command are in place now
        use_packaged_theme(config)
        share_between_builds(config)  # before Material's search plugin makes its environments
        self.builds += 1
        # rebuilding (`mkdocs serve` from its first build, so that its first save is as quick as
        # the next ones): parse, validate and make again only what changed. A plugin's first
        # build starts from nothing, as in a process of its own (tests run many in one).
        if self.builds == 1:
            kept.keep(False)
        kept.keep(self.serving or self.builds > 1)
        self.settings = settings_from(
            config, self.config, serving=self.serving, checking=self.checking, language=self.language
        )
        root = self.settings.root
        self.ctx = ctx = BuildContext.from_settings(
            self.settings,
            trusted=Trust(self.config.trusted),
            project_read=self.read_once,
            said=self.said_once if self.said_once is not None else set(),
        )
        # a one-off build reuses the pages and bodies an earlier one made, from disk (`mkdocs
        # serve` shows drafts: nothing of it is written there; `backbone check` writes nothing)
        kept.store(None if self.serving or self.checking else ctx.cache("outputs"), outputs_salt(self.settings))
        if self.language is None:
            ctx.written = self.unchanged.written  # its flags are set as the build begins (on_pre_build)
            if self.serving and not self.checking:
                self.quick.begin([self.settings.docs_dir, ctx.data_dir], {str(ctx.cache_root)})
        ctx.problems += [
            Problem(_config_name(self), 0, f"trusted[{i}]", why)
            for i, pattern in enumerate(self.config.trusted)
            if (why := pattern_problem(pattern))
        ]
        if config.theme.custom_dir:  # 0.1's copies of the theme Backbone now ships: deprecated
            custom = Path(config.theme.custom_dir)
            shown = custom.relative_to(root).as_posix() if custom.is_relative_to(root) else str(custom)
            ctx.warnings.extend(stale_copy_warnings(custom, shown))
        self.broken = None
        # MkDocs keeps plugin instances between loads: a test's stand-ins serve one build
        doubles, self.doubles = self.doubles, {}
        self.features = {
            name: doubles.get(name) or cls(self.config[name] if name in self.config else self.config)
            for name, cls in FEATURES.items()
        }
        self.features["cms"].site_options = self.config
        self.on = {*ALWAYS, "pictures"}
        if self._wanted("metrics"):
            ctx.loaders.append(self.features["metrics"].loader)
        for function in PIPELINE["config"]:
            name = OWNER[function]
            if name not in ALWAYS and not self._wanted(name):
                continue
            feature = self.features[name]
            if not self._complete() and not (feature.without_project or feature.on_partial_project):
                continue  # identity.yml or partners.yml has problems: this feature is made of them
            self.on.add(name)
            try:
                self._call(function, config=config)
            except PluginError:
                raise
            except Exception as exc:
                if not ctx.problems:
                    raise
                # Fed data with problems already found (a metric naming an unknown partner), a
                # feature may stop on them: said with those problems, never hidden; its own
                # checks run once they are fixed. The build stops on the problems.
                ctx.warnings.append(
                    f"Backbone's {name} stopped on the problems listed ({type(exc).__name__}: {exc}); "
                    "its own checks run once they are fixed"
                )
                self.on.discard(name)
        for name in ("partners", "governance"):
            if self._complete() and self._wanted(name):
                self.on.add(name)
        if self._complete():
            self.on.add("previews")  # every page's link preview: nothing to switch off
        if self.config.cms.enabled or local_backend(self.serving):
            self.on.add("cms")  # `backbone edit` opens the editor even where the site does not publish it
        if ctx.links:
            self._stop_at_links(config)
        return config

    def _complete(self) -> bool:
        """Whether the data every feature is made of loaded (see Project.complete)."""
        return self.ctx.project is not None and self.ctx.project.complete

    def _stop_at_links(self, config: MkDocsConfig) -> None:
        """A link in the docs or data folders stops the build here, in on_config: MkDocs walks
        the docs folder next, following every link. `mkdocs serve` walks an empty folder
        instead, and shows the problems on a page for each page of the docs folder."""
        failed = self.ctx.failed()
        if not self.serving:
            raise PluginError(failed.report())
        self.broken = failed
        log.error(failed.report())
        self.on = set()
        empty = self.ctx.cache_root / "refused"
        shutil.rmtree(empty, ignore_errors=True)
        empty.mkdir(parents=True)
        config.docs_dir = str(empty)

    def _has_data(self) -> set[str]:
        """The features enabled whose files exist, even where they have problems."""
        return set(ALWAYS) | {
            name
            for name, feature in self.features.items()
            if name not in ALWAYS and name in self.config and self.config[name].enabled and feature.has_data(self.ctx)
        }

    def _wanted(self, name: str) -> bool:
        """On when enabled and its files exist; enabled explicitly without them: a problem."""
        if name in ALWAYS:
            return True
        sub = self.config[name]
        if not sub.enabled:
            return False
        feature = self.features[name]
        if feature.has_data(self.ctx):
            return True
        if "enabled" in (self._raw.get(name) or {}):
            self.ctx.problems.append(Problem(_config_name(self), 0, name, feature.missing(self.ctx)))
        return False

    @event_priority(50)  # after other plugins' own files are in: theirs are checked too
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        files = self._files = self._listed(files, config)
        if self.language is None:
            self.unchanged.files(files, self._page_key, self._page_context)
        return files

    def _page_key(self, src_uri: str) -> str | None:
        return self.features["pages"].page_key(src_uri) if "pages" in self.on else None

    def _page_context(self, context, page, config: MkDocsConfig, nav) -> tuple[bool, Callable[[], None]]:
        """Every plugin's on_page_context of ``page`` out of MkDocs' loop (unchanged.py): whether
        the final-page cache holds its rendering, and how to take back what the search indexed."""
        search = search_index(config)
        before = len(search.entries) if search is not None else 0

        def undo() -> None:
            if search is not None:
                del search.entries[before:]

        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return CACHED in context, undo

    def _listed(self, files: Files, config: MkDocsConfig) -> Files:
        ctx = self.ctx
        self.run("guard", files=files, config=config)
        self.run("check", files=files, config=config)  # what needs the data is off without it
        if failed := ctx.failed():
            return self._broken_files(failed, files, config)
        for warning in ctx.warnings:
            log.warning(warning)
        use_language_files(ctx, files, config)
        told = len(ctx.warnings)
        self.run("files", files=files, config=config, until_problems=True)
        for warning in sorted(ctx.warnings[told:]):  # a broken link: a warning, as MkDocs' own (--strict fails)
            log.warning(warning)
        if failed := ctx.failed():  # the files phase's problems (a broken link, a damaged picture) join the list
            return self._broken_files(failed, files, config)
        # the site, as one frozen value: what the renderers and writers that follow read
        ctx.model = make_model(self.settings, ctx, self.features, self.on, files, config)
        # the model holds them now: one reader, one place
        ctx.generated_html, ctx.partner_sections, ctx.metric_sections = {}, {}, {}
        self.run("model", files=files, config=config)
        join_sections(config, files, ctx.nav_sections, ctx.formats.words)
        self.last_nav[self.language] = copy.deepcopy(config.nav)
        heap.release()  # what the files phase needed only meanwhile, before the page loop
        # `mkdocs serve`: every page's address, kept for the next rebuild that fails
        self.addresses = {f.src_uri: (f.dest_uri, f.url) for f in files.documentation_pages(inclusion=lambda _: True)}
        return files

    def _broken_files(self, failed: DataError, files: Files, config: MkDocsConfig) -> Files:
        """A build stops on the problems; `mkdocs serve` shows them on every page instead, at
        every address the site has: those of the last good build, else those that can be told
        from what was read (the generated pages, the stories' own addresses). Fixing a file
        rebuilds, and the page being edited comes back by itself."""
        if not self.serving:
            raise PluginError(failed.report())
        ctx = self.ctx
        self.broken = failed
        log.error(failed.report())
        if "cms" in self.on:  # the editor stays, to fix what is wrong, and lists the problems
            self.features["cms"].broken(ctx, files, config, failed)
        self.on = set()  # nothing is drawn: every page shows the problems (on_page_content)
        if ctx.project is not None and ctx.project.identity is not None:  # the pages link the brand's styles
            self.features["identity"].stylesheets(ctx, files, config)
        if ctx.links:  # MkDocs walked an empty folder: a page for each page the author may have open
            for src_uri in self.features["content"].page_paths(ctx):
                files.append(File.generated(config, src_uri, content=""))
        if (nav := self.last_nav.get(self.language)) is not None:  # its pages all stay, showing the problems
            config.nav = copy.deepcopy(nav)
        addresses = self.addresses or known_pages(ctx, config)
        for src_uri, (dest_uri, url) in sorted(addresses.items()):
            file = files.get_file_from_path(src_uri)
            if file is None:
                file = File.generated(config, src_uri, content="")
                files.append(file)
            if dest_uri is not None and not file.generated_by:
                file.dest_uri, file.url = dest_uri, url
                file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, dest_uri))
        if nav is None:  # no build succeeded yet
            folders = tuple(f.strip("/") for f in (self.config.stories.folder, self.config.learning.folder))
            self.first_titles = first_nav(ctx, config, files, self._has_data(), folders)
        else:
            self.first_titles = {}
        return files

    def on_nav(self, nav, /, *, config: MkDocsConfig, files: Files):
        if self.broken is None and self.ctx is not None:
            translated_nav_titles(self.ctx, nav)
        self._nav = nav_as_text(nav)  # also while broken: the error page shows the navigation
        return self._nav

    def on_pre_page(self, page, /, *, config: MkDocsConfig, files: Files):
        if self.broken is not None:
            return page
        return self.run("pre_page", page, config=config, files=files)

    def on_page_markdown(self, markdown: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.broken is not None:  # the page's title, else the one it had in the last good build
            src_uri = page.file.src_uri
            kept = self.titles.get(self.language, {}).get(src_uri) or self.first_titles.get(src_uri)
            title = page.meta.get("title") or kept
            page.meta = {"title": theme_text(title)} if isinstance(title, str) else {}
            return markdown
        return self.run("page_markdown", markdown, page=page, config=config, files=files)

    @event_priority(100)  # before other plugins read the page's HTML
    def _page_content(self, html: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.broken is not None:
            title_as_text(page)
            return error_page(self.broken)
        html = without_controls(html)  # before search indexes it
        html = self.run("page_content", html, page=page, config=config, files=files)
        if self.serving and isinstance(page.title, str):  # as the theme prints it, should the next build fail
            self.titles.setdefault(self.language, {})[page.file.src_uri] = page.title
        return mark_fallback(self.ctx, html, page)

    @event_priority(-100)  # after every other plugin has made the page's HTML
    def _page_content_last(self, html: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        return self.run("page_content_last", html, page=page, config=config, files=files)

    on_page_content = CombinedEvent(_page_content, _page_content_last)

    # The search plugin indexes page.content in its own on_page_context (priority 0).
    @event_priority(100)
    def _before_search(self, context, /, *, page, config: MkDocsConfig, nav):
        return self.run("page_context_before_search", context, page=page, config=config, nav=nav)

    @event_priority(-100)
    def _after_search(self, context, /, *, page, config: MkDocsConfig, nav):
        return self.run("page_context_after_search", context, page=page, config=config, nav=nav)

    on_page_context = CombinedEvent(_before_search, _after_search)

    @event_priority(100)  # first: the template's output, as the final-page cache keeps it
    def _rendered(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        return self.run("rendered", output, page=page, config=config)

    @event_priority(-100)  # after every other plugin has read the page
    def _post_page(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        if self.language is None:
            self.unchanged.page_written(page)
        # No control character reaches a page, wherever it came from (a title, a file name)
        return without_controls(self.run("post_page", output, page=page, config=config))

    on_post_page = CombinedEvent(_rendered, _post_page)

    @event_priority(-100)
    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return without_controls(output_content)  # 404.html and sitemap.xml show titles and paths

    @event_priority(100)  # before material's search writes its index, the build's last large object
    def _post_build_first(self, *, config: MkDocsConfig) -> None:
        heap.release()

    @event_priority(-100)  # after other plugins have written their files
    def _post_build_last(self, *, config: MkDocsConfig) -> None:
        self.run("post_build", config=config)
        if self.language is None:
            self.quick.ready = self.serving and self.broken is None and self.ctx.model is not None
        if self.language is None and self._files is not None:
            self.unchanged.finish(self._files, config, keep=set(other_languages(self.ctx)))
        if not self.checking:
            build_other_languages(self, config)
        kept.pause()

    on_post_build = CombinedEvent(_post_build_first, _post_build_last)

    def on_env(self, env, /, *, config: MkDocsConfig, files: Files):
        env.globals["backbone"] = None  # the theme's Backbone parts check for it
        env.globals["backbone_version"] = __version__  # main.html's generator tag
        env = self.run("env", env, config=config, files=files)
        if self.language is None:
            self.unchanged.page_loop(self._nav, files, config)
        return env

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        # MkDocs' live reload follows links and ignores folder events: Backbone watches the
        # docs and data folders itself (see watching.py) and asks the server for a rebuild
        # (or, where it cannot, rewrites a signal file MkDocs watches).
        try:
            server.unwatch(config.docs_dir)  # what `mkdocs serve` watched, whole, before this event
        except KeyError:
            pass
        if self.watcher is not None:
            self.watcher.stop()
        # rebuilds leave what did not change in the site folder (unchanged.py)
        rebuild = rebuilding_builder(builder, self._quick) if self.unchanged.recording else None
        if rebuild is not None:
            server.builder = rebuild
            self.dirty = True
        signal = self.ctx.cache_root / "serve" / "changed"
        folders = [self.ctx.docs_dir, self.ctx.data_dir]
        from .watching import LinkSafeWatch, rebuild_of  # watchdog: `mkdocs serve` only

        self.watcher = LinkSafeWatch(folders, signal, rebuild_of(server), poll=self.config.poll)
        self.quick.ask = self.watcher.ask if rebuild is not None else None
        server.watch(str(signal.parent))
        self.watcher.start()
        if "metrics" in self.on:
            charts.warm_up()
        return server

    def _quick(self) -> bool:
        """`mkdocs serve`'s first answer to a save (quick.py, first.py): whether it was given;
        if not, the whole site is rebuilt now."""
        if self.quick.ask is None or not (changed := self.quick.changed()):
            return False
        last = LastBuild(self.ctx, self.features, self.on, self._files, self.unchanged, Path(self.settings.docs_dir))
        try:
            return show_first(self.quick, last, changed)
        except Exception as exc:  # the whole rebuild that follows says what is wrong, and how to fix it
            log.info(f"the preview rebuilds the whole site ({type(exc).__name__}: {exc})")
            return False

    def on_build_error(self, *, error: Exception) -> None:
        kept.pause()
        self.quick.ready = False
        self.unchanged.forget()
        self.run("stop")

    def on_shutdown(self) -> None:
        self.quick.cancel()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        if self.ctx is not None:
            self.run("stop")
        background.stop_standing()  # the preview's e-mail and feed workers


def _config_name(plugin: BackbonePlugin) -> str:
    return Path(plugin.config.config_file_path or "site_config.yml").name


def error_page(error: DataError) -> str:
    """What every page shows while `mkdocs serve` runs on broken files: the located list."""
    items = "\n".join(f"<li><code>{htmllib.escape(str(p))}</code></li>" for p in error.problems)
    head = htmllib.escape(error.report().split("\n", 1)[0].replace("; nothing was built:", ""))
    warnings = "".join(f"<li>{htmllib.escape(w)}</li>" for w in error.warnings)
    return (
        f'<div class="bb-problems admonition failure" role="alert"><p class="admonition-title">{head}</p>\n'
        f"<p>Fix these and save: this page comes back by itself.</p>\n<ul>\n{items}\n</ul>\n"
        + (f"<p>Warnings:</p><ul>{warnings}</ul>" if warnings else "")
        + "</div>\n"
    )
