"""The one `backbone` MkDocs plugin: ``plugins: [search, backbone]`` turns everything on.

Each capability has its own typed sub-configuration with ``enabled`` (as mkdocs-material's
blog plugin types its options). A capability whose files are absent is simply off. The
plugin is thin: each MkDocs event dispatches to the features in the order of ``PIPELINE``.
"""

from __future__ import annotations

import html as htmllib
import shutil
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import __version__, kept
from ..context import BuildContext
from ..identity import brand
from ..problems import DataError, Problem
from ..render.html import theme_text
from ..render.plaintext import without_controls
from ..terminal import show_controls_in_logs
from ..trust import Trust, pattern_problem
from ..upgrade.theme import stale_copy_warnings
from .cms import CmsFeature, local_backend
from .common import Feature
from .content import ContentFeature, nav_as_text, title_as_text
from .feeds import FeedsFeature
from .governance import GovernanceFeature
from .identity import BrandFeature, IdentityFeature, use_packaged_theme
from .learning import LearningFeature
from .metrics import MetricsFeature
from .navigation import join_sections
from .partners import PartnersFeature
from .pictures import PicturesFeature
from .previews import PreviewsFeature
from .report import ReportFeature
from .stories import StoriesFeature
from .watching import LinkSafeWatch

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
    """Where parsed data, charts, cards, e-mails and pictures are kept between builds (one
    subfolder each: data, charts, cards, emails, images, pictures), relative to the configuration file."""
    cache_days = c.Type(int, default=30)
    """Cache entries no build has used for this many days are deleted after a build; 0 keeps everything."""
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

ALWAYS = ("identity", "content")  # on in every build: they read and guard the files themselves

# The pipeline, in one place: for each phase, the steps ("feature.method") in the order they
# run. A step of a feature that is off is skipped. Why this order:
# - config: identity loads the data; metrics makes the figures stories cite; stories know
#   their slugs before learning checks the reviews and voices that name them.
# - check: every page's pictures, front matter and citations; then every problem is raised
#   at once, before anything is drawn.
# - files: stories and learning add their sections before metrics and partners draw the
#   pages that show them; feeds after the stories and reviews they carry; the report once
#   the charts it shows are in the cache. A draft's pictures are left out before the pictures
#   are published at their widths, and those copies are published before the stories' cards
#   show them.
# - page_content: the pictures' <img> become <picture> last, after every sanitiser, so the
#   markup they gain is Backbone's own.
PIPELINE: dict[str, tuple[str, ...]] = {
    "config": (
        "content.refuse_links",  # first: before anything is read, and before MkDocs walks the docs folder
        "identity.configure",
        "brand.configure",
        "metrics.configure",
        "stories.configure",
        "learning.configure",
        "feeds.configure",
        "report.configure",
    ),
    # always, even when the data did not load
    "guard": ("identity.refuse_unsafe_files", "content.keep_to_what_is_published"),
    "check": ("identity.check", "content.check", "metrics.check", "cms.check"),
    "files": (
        "identity.files",
        "brand.files",
        "stories.leave_out_drafts",
        "pictures.files",
        "stories.files",
        "learning.files",
        "metrics.files",
        "governance.files",
        "feeds.files",
        "partners.files",
        "report.files",
        "previews.files",
        "cms.files",  # last: the editor's choices list what the other features read
    ),
    "page_markdown": ("metrics.figures_in_text", "stories.page_meta", "identity.escape_for_theme"),
    "page_content": (
        "identity.swap_generated",
        "stories.page_content",
        "learning.page_content",
        "feeds.keep_review_html",
        "content.sanitise_page",  # authors' own pages: stories and reviews were, by their features
        "content.titles_as_text",  # after the render: a title may come from the first heading
        "report.page_content",
        "pictures.page_content",
    ),
    "page_context_before_search": (
        "identity.hide_from_search",
        "feeds.feed_links",
        "stories.share_preview",
        "report.share_preview",
        "previews.preview",
    ),
    "page_context_after_search": ("identity.restore_after_search",),
    "post_page": ("identity.release_page",),
    "post_build": (
        "stories.send_digests",
        "feeds.write",
        "stories.collect_mail",
        "stories.forget_drafts",
        "identity.prune_caches",
    ),
    "env": ("content.leave_out_unused", "identity.env", "previews.env"),
    "stop": ("stories.close", "stories.forget_drafts", "feeds.close"),
}


class BackbonePlugin(BasePlugin[BackboneConfig]):
    def __init__(self):
        self.serving = False
        self.ctx: BuildContext | None = None
        self.features: dict[str, Feature] = {}
        self.on: set[str] = set()  # the features that are on in this build
        self.doubles: dict[str, Feature] = {}  # tests: stand-ins for features, by name
        self.checking = False  # `backbone check`: nothing is drawn
        self.broken: DataError | None = None  # `mkdocs serve` with problems: every page shows them
        self.watcher: LinkSafeWatch | None = None  # `mkdocs serve`: the docs and data folders, watched
        self.builds = 0  # builds by this instance: MkDocs keeps it between `mkdocs serve`'s rebuilds
        show_controls_in_logs()  # MkDocs' own messages echo file names and link targets too

    def load_config(self, options: dict, config_file_path: str | None = None):
        self._raw = dict(options or {})  # to tell 'enabled: true' written from the default
        return super().load_config(options, config_file_path)

    def run(self, phase: str, value=None, **kwargs):
        """Each step of ``phase`` in PIPELINE order; a step's result is the next one's value."""
        for step in PIPELINE[phase]:
            name, method = step.split(".")
            if name not in self.on:
                continue
            function = getattr(self.features[name], method, None)
            if function is None:
                continue
            result = function(self.ctx, value, **kwargs) if value is not None else function(self.ctx, **kwargs)
            value = result if value is not None else value
        return value

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    @event_priority(100)  # before other plugins read the site's name and theme
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        show_controls_in_logs()  # again: the handlers of this command are in place now
        use_packaged_theme(config)
        self.builds += 1
        kept.keep(self.builds > 1)  # rebuilding: parse and validate only the files that changed
        root = Path(config.config_file_path).resolve().parent
        self.ctx = ctx = BuildContext(
            root=root,
            docs_dir=Path(config.docs_dir),
            data_dir=(root / self.config.data_dir).resolve(),
            cache_root=root / self.config.cache_dir,
            directory_urls=config.use_directory_urls,
            site_url=config.site_url or "",
            serving=self.serving,
            checking=self.checking,
            trusted=Trust(self.config.trusted),
        )
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
        self.features["identity"].cache_days = self.config.cache_days
        self.features["cms"].site_options = self.config
        self.on = {*ALWAYS, "pictures"}
        if self._wanted("metrics"):
            ctx.loaders.append(self.features["metrics"].loader)
        for phase in PIPELINE["config"]:
            name = phase.split(".")[0]
            if name not in ALWAYS and not self._wanted(name):
                continue
            feature = self.features[name]
            if not self._complete() and not (feature.without_project or feature.on_partial_project):
                continue  # identity.yml or partners.yml has problems: this feature is made of them
            self.on.add(name)
            try:
                self.run_one(phase, config=config)
            except (PluginError, DataError):
                raise
            except Exception:
                if not ctx.problems:
                    raise
                # Fed data with problems already found (a metric naming an unknown partner):
                # those problems are reported; this feature's own checks wait for the fix.
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

    def run_one(self, step: str, **kwargs) -> None:
        name, method = step.split(".")
        getattr(self.features[name], method)(self.ctx, **kwargs)

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
        ctx = self.ctx
        self.run("guard", files=files, config=config)
        self.run("check", files=files, config=config)  # what needs the data is off without it
        if failed := ctx.failed():
            if not self.serving:
                raise PluginError(failed.report())
            self.broken = failed
            log.error(failed.report())
            if "cms" in self.on:  # the editor stays, to fix what is wrong, and lists the problems
                self.features["cms"].broken(ctx, files, config, failed)
            self.on = set()  # nothing is drawn: every page shows the problems (on_page_content)
            if ctx.links:  # MkDocs walked an empty folder: a page for each page the author may have open
                for src_uri in self.features["content"].page_paths(ctx):
                    files.append(File.generated(config, src_uri, content=""))
            return files
        for warning in ctx.warnings:
            log.warning(warning)
        self.run("files", files=files, config=config)
        join_sections(config, files, ctx.nav_sections)
        return files

    def on_nav(self, nav, /, *, config: MkDocsConfig, files: Files):
        return nav_as_text(nav)  # also while broken: the error page shows the navigation

    def on_page_markdown(self, markdown: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.broken is not None:
            title = page.meta.get("title")
            page.meta = {"title": theme_text(title)} if isinstance(title, str) else {}
            return markdown
        return self.run("page_markdown", markdown, page=page, config=config, files=files)

    @event_priority(100)  # before other plugins read the page's HTML
    def on_page_content(self, html: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.broken is not None:
            title_as_text(page)
            return error_page(self.broken)
        html = without_controls(html)  # before search indexes it
        return self.run("page_content", html, page=page, config=config, files=files)

    # The search plugin indexes page.content in its own on_page_context (priority 0).
    @event_priority(100)
    def _before_search(self, context, /, *, page, config: MkDocsConfig, nav):
        return self.run("page_context_before_search", context, page=page, config=config, nav=nav)

    @event_priority(-100)
    def _after_search(self, context, /, *, page, config: MkDocsConfig, nav):
        return self.run("page_context_after_search", context, page=page, config=config, nav=nav)

    on_page_context = CombinedEvent(_before_search, _after_search)

    @event_priority(-100)  # after every other plugin has read the page
    def on_post_page(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        # No control character reaches a page, wherever it came from (a title, a file name)
        return without_controls(self.run("post_page", output, page=page, config=config))

    @event_priority(-100)
    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return without_controls(output_content)  # 404.html and sitemap.xml show titles and paths

    @event_priority(-100)  # after other plugins have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.run("post_build", config=config)
        kept.pause()

    def on_env(self, env, /, *, config: MkDocsConfig, files: Files):
        env.globals["backbone"] = None  # the theme's Backbone parts check for it
        env.globals["backbone_version"] = __version__  # main.html's generator tag
        return self.run("env", env, config=config, files=files)

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        # MkDocs' live reload follows links and ignores folder events: Backbone watches the
        # docs and data folders itself (see watching.py) and MkDocs watches its signal file.
        try:
            server.unwatch(config.docs_dir)  # what `mkdocs serve` watched, whole, before this event
        except KeyError:
            pass
        if self.watcher is not None:
            self.watcher.stop()
        signal = self.ctx.cache_root / "serve" / "changed"
        self.watcher = LinkSafeWatch([self.ctx.docs_dir, self.ctx.data_dir], signal)
        server.watch(str(signal.parent))
        self.watcher.start()
        return server

    def on_build_error(self, *, error: Exception) -> None:
        kept.pause()
        self.run("stop")

    def on_shutdown(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        if self.ctx is not None:
            self.run("stop")


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
