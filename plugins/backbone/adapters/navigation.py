"""Generated sections join the navigation by themselves.

Where the site's ``nav`` already places a generated page, it stays there; the others are
added after it, grouped as below. A site without ``nav`` gets MkDocs' own order of its
pages, then the generated sections in this order.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel, file_sort_key
from mkdocs.utils import nest_paths

from ..about.partners import partner_page_uri
from ..context import BuildContext
from ..metrics.source import metric_src_uri
from ..render.words import N_, Words
from ..report.letter import FOLDER as REPORTS

# (section title, [(page title or None for the section's first page, src_uri)]), in nav order.
SECTIONS: list[tuple[str, list[tuple[str | None, str]]]] = [
    (
        N_("Scorecard"),
        [(None, "scorecard/index.md"), (N_("All metrics"), "metrics/index.md"), (N_("Impact"), "impact/index.md")],
    ),
    (N_("Stories"), [(None, "stories/index.md")]),
    (N_("Partners"), [(None, "partners/index.md")]),
    (
        N_("Learning"),
        [
            (None, "learning/index.md"),
            (N_("Action tracker"), "learning/actions.md"),
            (N_("What we heard"), "voices/index.md"),
        ],
    ),
    (N_("Governance"), [(None, "governance/index.md")]),
    (N_("Brand kit"), [(None, "brand/index.md")]),
    (N_("Feeds"), [(None, "feeds/index.md")]),
]
# the feature that makes each section: before any build succeeded, a section is shown where its
# feature is wanted (the learning of a site with no review would be a link to nothing)
MADE_BY = {
    "Scorecard": "metrics",
    "Stories": "stories",
    "Partners": "partners",
    "Learning": "learning",
    "Governance": "governance",
    "Brand kit": "identity",
    "Feeds": "feeds",
}

# a page its feature makes only with a data file of its own: before any build succeeded, shown
# where the file exists (a good build of a site without investments has no Impact page)
NEEDS = {"impact/index.md": "investments.yml"}


def _paths(nav) -> set[str]:
    """Every page path the nav configuration names."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_paths(v) for v in nav.values())) if nav else set()
    if isinstance(nav, list):
        return set().union(*(_paths(v) for v in nav)) if nav else set()
    return set()


# Content folders of Backbone's own (the annual report's letters): MkDocs titles a folder by its
# name, 'Reports', which a French site's navigation would show in English.
FOLDER_TITLES = {REPORTS: N_("Reports")}


def _own_title(entry, words: Words):
    """A nav entry MkDocs made from a folder Backbone names, titled in the site's language."""
    if isinstance(entry, dict) and len(entry) == 1:
        ((title, items),) = entry.items()
        folders = {uri.split("/")[0] for uri in _paths(items)}
        if len(folders) == 1 and (folder := folders.pop()) in FOLDER_TITLES:
            return {words.gettext(FOLDER_TITLES[folder]): items}
    return entry


def join_sections(config: MkDocsConfig, files: Files, generated: list[str], words: Words) -> None:
    """Add the generated pages meant for the nav (``generated``) that ``config.nav`` lacks."""
    generated = set(generated)
    if config.nav is None:
        pages = sorted(files.documentation_pages(), key=file_sort_key)
        own = [f.src_uri for f in pages if f.inclusion.is_in_nav() and f.src_uri not in generated]
        nav = [_own_title(entry, words) for entry in nest_paths(own)]
        placed: set[str] = set()
    else:
        nav = list(config.nav)
        placed = _paths(nav)
    known = {uri for _, entries in SECTIONS for _, uri in entries}
    for title, entries in SECTIONS:
        missing = [(label, uri) for label, uri in entries if uri in generated and uri not in placed]
        if not missing:
            continue
        items = [uri if label is None else {words.gettext(label): uri} for label, uri in missing]
        title = words.gettext(title)
        nav.append({title: items[0]} if len(items) == 1 and isinstance(items[0], str) else {title: items})
    # a generated page of the nav that no section above names (a future feature's)
    nav += [uri for uri in sorted(generated - known - placed)]
    config.nav = nav


def known_pages(ctx: BuildContext, config: MkDocsConfig) -> dict[str, tuple[str | None, str | None]]:
    """The pages a site's files tell of, when they have problems and no build succeeded yet
    (`mkdocs serve` shows the problems at each of these addresses): the generated sections,
    a page per partner and metric that could be read, each story at its own address.
    src_uri → (dest_uri, url), None where MkDocs' own address is the page's."""
    pages: dict[str, tuple[str | None, str | None]] = {
        uri: (None, None) for _, section in SECTIONS for _, uri in section
    }
    project = ctx.project
    partners = set(project.partners) | set(project.partners.broken) if project and project.partners else set()
    pages.update((partner_page_uri(pid), (None, None)) for pid in sorted(partners))
    pages.update((metric_src_uri(mid), (None, None)) for mid in ctx.metric_ids or ())
    for placed in ctx.story_places.values():
        path = placed.page_path
        dest = f"{path}index.html" if config.use_directory_urls else path
        pages[placed.story.src_uri] = (dest, path)
    return pages


def first_nav(
    ctx: BuildContext, config: MkDocsConfig, files: Files, wanted: set[str], folders: tuple[str, ...]
) -> dict[str, str]:
    """`mkdocs serve` on files with problems, before any build succeeded: the navigation a good
    build gives, near enough (the site's own pages, then the sections of the ``wanted``
    features; the pages of partners, metrics and ``folders``' stories and reviews out of it, as
    there), in place of MkDocs' tree of every file. Returns the titles of the pages Backbone
    makes, by src_uri: without them, each would be called by its file's name ("Index")."""
    words = ctx.formats.words
    sections = {uri for _, entries in SECTIONS for _, uri in entries}
    shown = [
        uri
        for title, entries in SECTIONS
        if MADE_BY[title] in wanted
        for _, uri in entries
        if uri not in NEEDS or (ctx.data_dir / NEEDS[uri]).is_file()
    ]
    out = set(known_pages(ctx, config)) - sections
    for file in files.documentation_pages():
        # a story or review whose front matter has problems is one all the same
        if file.src_uri in out or file.src_uri.rpartition("/")[0] in folders:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    for uri in sections.difference(shown):
        if file := files.get_file_from_path(uri):
            file.inclusion = InclusionLevel.NOT_IN_NAV  # its address still shows the problems
    join_sections(config, files, shown, words)
    titles = {uri: words.gettext(label or title) for title, entries in SECTIONS for label, uri in entries}
    project = ctx.project
    if project is not None and project.partners:
        titles.update((partner_page_uri(pid), partner.name) for pid, partner in project.partners.items())
    titles.update((placed.story.src_uri, placed.story.title) for placed in ctx.story_places.values())
    return titles
