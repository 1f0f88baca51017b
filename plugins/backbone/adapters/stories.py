"""The stories feature: vignettes as pages, cards, a reuse kit, e-mails and newsletter digests.

A thin adapter: loading, checking, drawing and rendering live in ``backbone.stories``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import kept, memo
from ..about.partners import partner_page_uri
from ..clock import build_date
from ..context import BuildContext
from ..metrics.source import metric_src_uri
from ..previews.tags import meta_tags
from ..problems import DataError, Problem, counted
from ..references import fetched, is_remote
from ..render import sanitise
from ..render.markdown import Rendered, link_problems, render
from ..render.urls import Linker
from ..renditions import Picture
from ..spool import Spooled
from ..stories import email, pages, share
from ..stories import mailroom as mail_code
from ..stories import site as story_site
from ..stories.catalog import Catalog
from ..stories.email import MailPicture
from ..stories.load import read_stories, read_story, remote_pictures, remote_problem, story_files
from ..stories.mailroom import Mailroom, Postage, Shelf, published
from ..stories.model import NO_CARDS, Cards, Placed, Story
from .common import Feature, add_asset, add_page, reported, say_boxed, show_model_page, site_files
from .pagecache import outputs_salt

log = get_plugin_logger(__name__)

TRUST_HTML_DEPRECATED = (
    "site_config.yml (stories.trust_html): trust_html is deprecated: it trusts the raw HTML of every story, so "
    "anyone who can change a story could run script on the site; name the few files only your backbone team can "
    "change under 'trusted:' of the backbone plugin instead (see docs/security.md)"
)
FEW_LETTERS = 24  # this many e-mails are written in the build's own process: a worker costs more to start
CARD_FILES = ("card.png", "slide.png")  # each story's, as story_site.draw_cards names them


def stale_claims_head(claims) -> str:
    """'1 claim in 1 story cites an older period than the newest', '4 claims in 2 stories cite ...':
    claims and the stories they are in, each counted."""
    stories = len({claim.story.file for claim in claims})
    verb = "cites" if len(claims) == 1 else "cite"
    return f"{counted(len(claims), 'claim')} in {counted(stories, 'story')} {verb} an older period than the newest"


class StoriesFeature(Feature):
    name = "stories"
    on_partial_project = True  # stories are checked against whatever data loaded

    def __init__(self, config):
        super().__init__(config)
        self.catalog: Catalog | None = None
        self.layout: pages.Layout | None = None
        self.cards_drawn = 0
        self.mailroom: Mailroom | None = None
        self._mail_code = ""  # the e-mails' code and mailer, for the newsletters' digests
        self._said: dict[str, str | None] = {}  # what the e-mails the preview's folder holds said
        self._sent: dict[str, tuple[str, str]] = {}  # slug → (its e-mail's name, digest), written this build
        self._months: dict[str, list] | None = None  # the newsletters to write, with their stories
        self._month_digests: dict[str, str] = {}
        self._postage: Postage | None = None
        self._shelf: Shelf | None = None  # where a one-off build keeps its e-mails (mailroom.Shelf)
        self._by_src: dict[str, Story] = {}
        # Handed to the readers (pages, share tags, e-mails, feeds), by slug:
        self.places: dict[str, Placed] = {}  # where each story is
        self.cards: dict[str, Cards] = {}  # its cards, once drawn
        self.html: dict[str, str] = {}  # its page's sanitised body with absolute URLs (feeds, e-mails)
        self.bodies: dict[str, Rendered] = {}  # its body, rendered once by the core (render_bodies)
        self.tocs: dict[str, tuple] = {}  # its body's table of contents, once its page is made
        self.pages: dict[str, Spooled] = {}  # src_uri → its whole page body, spooled (render_bodies)
        self._remote: set[tuple[str, str]] = set()  # (story file, address) of remote pictures seen
        self.site = None  # every address of the site, as the bodies were rendered against (render_bodies)

    def has_data(self, ctx: BuildContext) -> bool:
        return bool(story_files(ctx.docs_dir.resolve(), self.config.folder))

    def missing(self, ctx: BuildContext) -> str:
        return (
            f"stories are enabled but {ctx.rel(ctx.docs_dir)}/{self.config.folder}/ has no story; add one with "
            "`backbone new story \"Title\"` or set 'enabled: false' under 'stories:' of the backbone plugin"
        )

    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        if self.config.per_page < 1:  # option problems join the one list, as every problem does
            ctx.problems.append(
                Problem(
                    ctx.config_name,
                    0,
                    "stories.per_page",
                    f"per_page is how many stories each page of the index lists; it must be 1 or more, "
                    f"not {self.config.per_page}",
                )
            )
        if self.config.trust_html:  # still honoured, against the model of trust: said on every build
            ctx.warnings.append(TRUST_HTML_DEPRECATED)
        stories, ctx.broken_stories = read_stories(
            ctx.project,
            ctx.docs_dir,
            ctx.figures,
            ctx.problems,
            folder=self.config.folder,
            today=build_date(),
            future=self.config.future,
        )
        self._remote = self._check_remote(ctx, stories)
        if stories and not ctx.settings.site_url:
            ctx.problems.append(
                Problem(
                    ctx.config_name,
                    0,
                    "site_url",
                    "site_url is required once there are stories, because cards, share links and e-mails need "
                    f"absolute addresses. Add it to {ctx.config_name}, e.g. 'site_url: https://partnership.example.org/'",
                )
            )
        self.layout = pages.Layout(self.config.folder, ctx.settings.use_directory_urls)
        self.fm = ctx.formats
        self.places, self.cards, self.html = story_site.place(stories, self.layout, ctx.settings.site_url or ""), {}, {}
        ctx.story_places, ctx.story_cards, ctx.story_html = self.places, self.cards, self.html
        self.catalog = Catalog(stories, include_drafts=ctx.serving)
        self._by_src = {s.src_uri: s for s in self.catalog.all}
        ctx.own_pages.update(self._by_src)
        ctx.feature_pages.update(self._by_src)
        ctx.catalog, ctx.story_layout = self.catalog, self.layout
        ctx.story_slugs = sorted(self.catalog.story_slugs())
        ctx.unpublished = self.catalog.unpublished(build_date())
        self._report_claims(ctx)

    def _check_remote(self, ctx: BuildContext, stories: list[Story]) -> set[tuple[str, str]]:
        """Refuse pictures from other sites, or warn of each one where the site allows them;
        returns (story file, address) of each."""
        allowed = self.config.remote_images
        found = remote_pictures(stories)
        problems = [remote_problem(story, line, url, allowed) for story, line, url in found]
        if allowed:
            ctx.warnings += [str(problem) for problem in problems]
        else:
            ctx.problems += problems
        return {(story.file, url) for story, _, url in found}

    def _check_rendered(self, story: Story, html: str) -> None:
        """A remote picture the Markdown scan missed (written by an extension, say) is
        refused or warned of as the scan would have."""
        for url in fetched(html):
            if not is_remote(url) or (story.file, url) in self._remote:
                continue
            self._remote.add((story.file, url))
            lines = story.body.split("\n")
            line = next((story.body_line + i for i, text in enumerate(lines) if url in text), story.body_line)
            problem = remote_problem(story, line, url, self.config.remote_images)
            if not self.config.remote_images:
                raise PluginError(DataError([problem]).report())
            log.warning(str(problem))

    def _report_claims(self, ctx: BuildContext) -> None:
        claims = self.catalog.stale_claims()
        if not claims:
            return
        head = f"{stale_claims_head(claims)} (see /{self.config.folder}/claims/):"
        text = "\n".join([head, *(f"  {claim}" for claim in claims)])
        if self.config.stale_claims == "error":
            raise PluginError(text)
        if self.config.stale_claims == "warn":
            ctx.warnings.append(text)
        else:
            log.info(text)

    def _sections(self, ctx: BuildContext, directory_urls: bool) -> None:
        """The stories each partner's page and each metric's page list, once the cards are drawn."""
        for partner in ctx.project.partners.values():
            link = Linker(partner_page_uri(partner.id), directory_urls)
            ctx.partner_sections.setdefault(partner.id, {})["stories"] = self._partner_section(partner, link)
        for mid in ctx.metric_ids or ():
            link = Linker(metric_src_uri(mid), directory_urls)
            ctx.metric_sections.setdefault(mid, []).append(self._metric_section(mid, link))

    def _partner_section(self, partner, link: Linker) -> str:
        stories = self.catalog.by_partner.get(partner.id, [])
        return pages.story_list_section(
            stories,
            link,
            self.fm.words.gettext("Stories with %(partner)s", partner=partner.label),
            "stories",
            self.places,
            self.cards,
            self.fm,
        )

    def _metric_section(self, metric_id: str, link: Linker) -> str:
        stories = self.catalog.by_metric.get(metric_id, [])
        return pages.story_list_section(
            stories,
            link,
            self.fm.words.gettext("Stories that cite this metric"),
            "stories",
            self.places,
            self.cards,
            self.fm,
        )

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        project = ctx.project
        layout, catalog = self.layout, self.catalog
        for file in list(files):
            story = self._by_src.get(file.src_uri)
            if story is None:
                continue
            # Out of the navigation; drafts only in `mkdocs serve` (MkDocs' own draft level).
            file.inclusion = InclusionLevel.DRAFT if story.draft else InclusionLevel.NOT_IN_NAV
            page_path = self.places[story.slug].page_path
            file.dest_uri = page_path + "index.html" if ctx.settings.use_directory_urls else page_path
            file.url = page_path
            file.abs_dest_path = os.path.normpath(os.path.join(file.dest_dir, file.dest_uri))
        if ctx.checking:  # `backbone check` draws nothing: it says what the cards would lack
            owners = story_site.card_specs(catalog, project, story_site.card_brand(project))
            say_boxed(ctx, [spec for _, _, spec in owners])
        else:
            with reported():
                self.cards, made, self.cards_drawn, specs = story_site.draw_cards(
                    catalog,
                    project,
                    layout,
                    ctx.cache("cards"),
                    self.config.workers,
                    photos=self._photos(files, config),
                )
            ctx.story_cards = self.cards
            say_boxed(ctx, specs)
            log.info(
                f"{self.cards_drawn} card{'s' if self.cards_drawn != 1 else ''} drawn, "
                f"{len(made) - self.cards_drawn} from the cache"
            )
            for site_path, cached in sorted(made.items()):
                add_asset(files, config, site_path, source=cached, cached=True)
            drafts = {layout.asset(story.slug, name) for story in catalog if story.draft for name in CARD_FILES}
            ctx.draft_entries.update(str(made[path]) for path in drafts if path in made)
        self._sections(ctx, ctx.settings.use_directory_urls)
        places, cards, fm = self.places, self.cards, ctx.formats
        name = project.identity.name
        for page in pages.index_pages(catalog, layout, self.config.per_page, name, places, cards, fm):
            add_page(files, config, ctx, page, in_nav=page.src_uri == layout.index_src)
        for page in pages.tag_pages(catalog, layout, places, cards, fm):
            add_page(files, config, ctx, page, in_nav=False)
        add_page(files, config, ctx, pages.claims_page(catalog.stale_claims(), layout, places, fm), in_nav=False)
        if self.config.newsletter:
            add_page(
                files,
                config,
                ctx,
                pages.newsletter_page(catalog, layout, name, places, cards, fm),
                in_nav=False,
            )
        for alias, story in sorted(catalog.aliases().items()):
            html = pages.redirect_html(places[story.slug].url, story.title, self.fm)
            files.append(File.generated(config, f"{layout.folder}/{alias}/index.html", content=html))
        if not ctx.checking:
            self._open_mailroom(ctx, config)

    def render_bodies(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Each story's body, rendered once with the site's Markdown configuration, its links
        resolved against every file of the site (generated pages included): its page, feed
        entries and e-mail read this one HTML. Last of the files phase: every page is known."""
        site = self.site = site_files(files, config)
        self.bodies, self.html = {}, {}
        for story in self.catalog.all:
            if story.draft and not ctx.serving:
                continue  # MkDocs leaves drafts out of a build: nothing shows them
            text, problems = story.body, []
            if ctx.figures_in_text is not None:
                text, problems = ctx.figures_in_text(story.src_uri, text, story.file, story.body_line)
            ctx.problems += problems
            placed = self.places[story.slug]
            body = self.bodies[story.slug] = render(text, story.src_uri, placed.page_path, ctx.markdown, site)
            ctx.warnings += link_problems(body, story.file, story.body, story.body_line)
            self._check_rendered(story, body.html)
            # Feeds and e-mails always get the sanitised body with absolute URLs.
            self.html[story.slug] = sanitise.portable_html(
                body.html, placed.url, remote_pictures=self.config.remote_images
            )
        ctx.story_html = self.html
        # each story's whole page, made once its body is: the model holds it (see PIPELINE)
        shared = kept.Shared(
            lambda: (
                self.layout,
                ctx.formats.tag,
                ctx.settings.use_directory_urls,
                ctx.project.identity,
                ctx.project.partners,
                ctx.assets.partner_logos,
                self.config.related,
                self.config.remote_images,
            )
        )
        self.pages = {  # as the model holds them (sitemodel.Page): a thousand pages are not held at once
            story.src_uri: ctx.spool.put(self._page(ctx, story, config, shared))
            for story in self.catalog.all
            if not story.draft or ctx.serving
        }
        # each body's HTML is in its page now: of the rest, the model reads its table of contents
        self.tocs = {slug: body.toc for slug, body in self.bodies.items()}
        self.bodies = {}

    def _photos(self, files: Files, config: MkDocsConfig) -> dict[str, Path]:
        """Each story's picture for its card: the published copy (upright, without metadata,
        named by its digest) where the site has one, else the file in the docs folder."""
        photos = {}
        for story in self.catalog:
            path = self.places[story.slug].image_path
            if path is None:
                continue
            file = files.get_file_from_path(path)
            photos[story.slug] = Path(
                file.abs_src_path if file is not None and file.abs_src_path else Path(config.docs_dir) / path
            )
        return photos

    def leave_out_drafts(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """A draft's pictures are not published until a published page shows or links to them;
        `mkdocs serve` shows them, and keeps nothing made of them (see ``forget_drafts``)."""

        def others():
            for file in files.documentation_pages():
                if file.src_uri not in self._by_src and not file.generated_by:
                    try:
                        yield file.src_uri, file.content_string
                    except (OSError, UnicodeDecodeError):
                        continue  # reported when the page itself is read

        left_out = story_site.draft_pictures(self.catalog.all, others())
        if ctx.serving:
            ctx.draft_pictures = left_out
            return
        for path in sorted(left_out):
            if (file := files.get_file_from_path(path)) is not None:
                files.remove(file)
        if left_out:
            log.info(
                f"{len(left_out)} picture{'s' if len(left_out) != 1 else ''} "
                "shown only by draft stories left out of the site"
            )

    def _open_mailroom(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        """Start the e-mail worker now: it gets each story as soon as its page is rendered."""
        self.close()  # one left by a failed build of `mkdocs serve`
        postage = Postage(
            story_site.mailer(ctx.project, ctx.settings.site_url or ""),
            self.layout,
            str(Path(config.site_dir)),
            str(ctx.cache("emails")),
            str(Path(config.docs_dir)),
            {path: _for_mail(picture) for path, picture in ctx.pictures.items()},
        )
        self.mailroom = Mailroom(postage, standing=ctx.serving)  # the preview's stands between rebuilds
        code = memo.code_digest(email.__file__, mail_code.__file__)
        self._mail_code = memo.key(code, memo.digest(repr(postage.mailer)))
        self._postage = postage
        # a one-off build keeps its e-mails for the next (the preview shows drafts: never)
        pictures = memo.digest(repr(sorted(postage.pictures.items())))
        self._shelf = None if ctx.serving else Shelf(postage.cache_dir, memo.key(outputs_salt(ctx.settings), pictures))

    def forget_drafts(self, ctx: BuildContext, **_) -> None:
        """Delete the cache files made of drafts (their cards, their pictures' copies) once
        the build has published them: `mkdocs serve` leaves nothing of a draft in the cache.
        A site already built keeps its files (hard links keep the bytes)."""
        for entry in sorted(ctx.draft_entries):
            try:
                os.unlink(entry)
            except OSError:
                pass
        ctx.draft_entries.clear()

    def close(self, ctx: BuildContext | None = None, **_) -> None:
        """Stop the e-mail worker of a failed build or of the end of `mkdocs serve`."""
        if self.mailroom is not None:
            self.mailroom.abort()
            self.mailroom = None

    def page_meta(self, ctx: BuildContext, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        story = self._by_src.get(page.file.src_uri)
        if story is not None:
            # Escaped for the theme by SitePagesFeature.escape_for_theme, with every page's.
            page.meta["title"] = story.title
            page.meta["description"] = story.summary
            page.meta["author"] = story.author
            return ""  # the body was rendered by the core (render_bodies): page_content swaps it in
        return markdown

    def page_content(self, ctx: BuildContext, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A story's page, as the model holds it (made whole in the files phase)."""
        if page.file.src_uri not in self._by_src:
            return html
        return show_model_page(page, ctx.model.pages[page.file.src_uri])

    def _page(self, ctx: BuildContext, story: Story, config: MkDocsConfig, shared: kept.Shared) -> str:
        """A story's page around its rendered body: its top, picture, reuse kit and related
        stories. A rebuild (`mkdocs serve`) makes again only the pages whose inputs changed
        (kept.output): everything below reads, of the related stories what the page shows;
        ``shared``: what every story's page reads (made in render_bodies)."""
        placed = self.places[story.slug]
        size = None
        if placed.image_path:
            size = story_site.image_size(Path(config.docs_dir) / placed.image_path)

        def inputs() -> tuple:
            related = self.catalog.related(story, self.config.related) if not story.draft else []
            return (
                shared,
                self.bodies[story.slug].html,
                placed,
                size,
                # what the page shows of each related story (story_bottom.html): its title and date, its address
                [(s.slug, s.title, s.meta.date, s.date, self.places[s.slug].page_path) for s in related],
                self.cards.get(story.slug, NO_CARDS),
                self.config.trust_html or ctx.trusted(story.src_uri),
            )

        def made() -> str:
            return self._made_page(ctx, story, size, self.bodies[story.slug].html, placed)

        return kept.output("story page", story.src_uri, inputs, made, kept.TEXT)

    def article(self, ctx: BuildContext, src_uri: str) -> tuple[str, tuple] | None:
        """A story's page made again from its file as it is now, with its toc, where the text
        of its body is all that changed since this build: front matter as it was, no problem
        found, no picture from elsewhere. None where only a whole build can show it. The
        preview's first answer to a saved story (adapters/quick.py)."""
        old = self._by_src.get(src_uri)
        if old is None or self.site is None or old.slug not in self.tocs or ctx.project.identity.languages:
            return None  # a translated story's page has its translations' links: a whole build
        problems: list[Problem] = []
        docs = ctx.docs_dir.resolve()  # as read_stories reads them
        read = read_story(docs / src_uri, ctx.project, docs, problems)
        new = read[0] if read else None
        if problems or new is None or (new.meta, new.slug, new.src_uri) != (old.meta, old.slug, old.src_uri):
            return None
        # as the catalog holds it (its figures, whether a draft), with its new text
        story = replace(old, body=new.body, body_line=new.body_line, words=new.words)
        text = story.body
        if ctx.figures_in_text is not None:
            text, problems = ctx.figures_in_text(story.src_uri, text, story.file, story.body_line)
        placed = replace(self.places[story.slug], story=story)
        body = render(text, story.src_uri, placed.page_path, ctx.markdown, self.site)
        if problems or link_problems(body, story.file, story.body, story.body_line):
            return None
        if any(is_remote(url) for url in fetched(body.html)):
            return None  # refused or warned of by the build
        size = story_site.image_size(ctx.docs_dir / placed.image_path) if placed.image_path else None
        return self._made_page(ctx, story, size, body.html, placed), body.toc

    def _made_page(
        self, ctx: BuildContext, story: Story, size: tuple[int, int] | None, html: str, placed: Placed
    ) -> str:
        project = ctx.project
        link = Linker(self.layout.story_src(story.slug), ctx.settings.use_directory_urls)
        note = None
        if story.draft:
            note = "This story is not published: it is a draft or dated in the future. Only `mkdocs serve` shows it."
        top = pages.story_top(placed, link, self.layout, ctx.formats, image_size=size, serve_note=note)
        bottom = pages.story_bottom(
            placed,
            link,
            self.layout,
            self.catalog,
            ctx.formats,
            places=self.places,
            cards=self.cards,
            project=project,
            partner_logos=ctx.assets.partner_logos,
            related=self.config.related,
        )
        # The body never carries an id of the page's own (the reuse kit's, the headings').
        body = (
            html
            if self.config.trust_html or ctx.trusted(story.src_uri)
            else sanitise.page_html(
                html, reserved=sanitise.ids_in(top + bottom), remote_pictures=self.config.remote_images
            )
        )
        return f'<article class="bb-story">\n{top}<div class="bb-story-body">\n{body}\n</div>\n{bottom}</article>\n'

    def share_preview(self, ctx: BuildContext, context, *, page: Page, config: MkDocsConfig, nav):
        """A story's link preview: its own card and article tags (the theme prints them)."""
        story = self._by_src.get(page.file.src_uri)
        if story is not None:
            ident = ctx.project.identity
            preview = share.preview(
                self.places[story.slug], self.cards.get(story.slug, NO_CARDS), ident.name, ident.language
            )
            context["backbone_preview"] = meta_tags(preview)
        return context

    def hand_over(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """The stories' pages are the model's now: its places in the spool alone are held."""
        self.pages = {}

    # The digests go to the e-mail worker first, so that it writes them while the feeds
    # are built; the warnings are collected last (see PIPELINE).
    def post_mail(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Each story's e-mail, as the model holds it (story, cards, body), to the mail worker;
        in the preview, only those its folder does not hold (written.py), and the newsletters'
        the same way. A few letters are written here, where starting a worker costs more."""
        if self.mailroom is None:
            return
        self._said, self._sent = {}, {}
        letters = []
        for name, output in ctx.model.emails.items():
            placed = output.value[0]
            slug = placed.story.slug
            held, said = ctx.written.holds(f"email:{name}", output.digest, output.dest_uris)
            if self._shelf is not None:
                digest = memo.key(output.digest, self._postage.picture_key(placed))
                held, said = self._shelved(slug, digest, output.dest_uris, partial(self._postage.story_said, placed))
            if held:
                self._said[slug] = said
                self.mailroom.hold(slug)
            else:
                self._sent[slug] = (f"email:{name}", output.digest)
                letters.append(output.value)
        self._months = self._months_to_write(ctx) if self.config.newsletter else None
        if len(letters) + sum(len(s) for s in (self._months or {}).values()) <= FEW_LETTERS:
            self.mailroom.here()
        for letter in letters:
            self.mailroom.post(*letter)

    def _months_to_write(self, ctx: BuildContext) -> dict[str, list]:
        """The newsletters the preview's folder does not hold, with their stories (what a
        digest is written from: each story where it is placed and its cards, the mailer, the
        layout); every month in any other build."""
        found = {}
        self._month_digests = {}
        for month, stories in self.catalog.months().items():
            digest = memo.key(
                self._mail_code,
                month,
                repr(self.layout),
                *(memo.digest(repr((self.places[s.slug], self.cards.get(s.slug, NO_CARDS)))) for s in stories),
            )
            dests = [self.layout.digest(month, name) for name in ("email.html", "email.txt")]
            held, said = ctx.written.holds(f"digest:{month}", digest, dests)
            if self._shelf is not None:
                held, said = self._shelved(f"digest:{month}", digest, dests, partial(self._postage.digest_said, month))
            if held:
                self._said[f"digest:{month}"] = said
            else:
                self._month_digests[month] = digest
                found[month] = stories
        return found

    def _shelved(self, name: str, digest: str, dests, said) -> tuple[bool, str | None]:
        """Whether the cache held the e-mail ``name`` written from ``digest``, now published at
        ``dests`` (``said`` of its size: what writing it said); the worker keeps it there if not."""
        entries = self.mailroom.entries[name] = self._shelf.entries(digest)
        size = published(entries, self._postage.site_dir, tuple(dests))
        return (False, None) if size is None else (True, said(size))

    def send_digests(self, ctx: BuildContext, *, config: MkDocsConfig) -> None:
        if self.mailroom is not None:
            self.mailroom.post_digests(self.catalog, self.places, self.cards, self.html, self._months)

    def collect_mail(self, ctx: BuildContext, *, config: MkDocsConfig) -> None:
        """Wait for the e-mails; their warnings (and those the kept ones gave) in catalogue
        order, then the newsletters'."""
        if self.mailroom is None:
            return
        mailroom, self.mailroom = self.mailroom, None
        by_story, by_month = mailroom.close()
        for slug, (name, digest) in self._sent.items():
            ctx.written.wrote(name, digest, by_story.get(slug))
        for month, digest in self._month_digests.items():
            ctx.written.wrote(f"digest:{month}", digest, by_month.get(month))
        said = [by_story[s.slug] if s.slug in by_story else self._said.get(s.slug) for s in self.catalog]
        for month in self.catalog.months():
            said.append(by_month[month] if month in by_month else self._said.get(f"digest:{month}"))
        for warning in said:
            if warning:
                log.warning(warning)


def _for_mail(picture: Picture) -> MailPicture:
    copy = picture.for_mail(email.WIDTH)
    return MailPicture(copy.path, copy.width, copy.height)
