"""The language of one build of a site in several languages (issue 25): the data is read once,
and each build's model has its texts in that build's language (translated.localized)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from mkdocs.structure.files import Files

from .. import translations
from ..context import BuildContext
from ..identity.translated import localized
from ..project import Project


def build_language(project: Project) -> str:
    """The language this build writes: the site's default (the first of identity.yml's
    ``languages``). The builds of the other languages are issue 25 item 1's."""
    return project.identity.language if project.identity else "en"


def project_in(project: Project, language: str) -> Project:
    """``project`` with every text given per language in ``language`` (the default language's
    where a text has none in it): what the pages, charts, cards and feeds of its build read."""
    if project.identity is None:
        return project
    default = project.identity.language
    return dataclasses.replace(
        project,
        identity=localized(project.identity, language, default),
        partners=localized(project.partners, language, default),
        governance=localized(project.governance, language, default),
        sectors=localized(project.sectors, language, default),
        extras=localized(project.extras, language, default),
    )


def check_translated_pages(ctx: BuildContext, files: Files) -> None:
    """The translations among the docs folder's pages and stories: each names one of the site's
    languages, and keeps its original's front matter on everything that is not words."""
    if ctx.project is None or ctx.project.identity is None:
        return
    by_uri = {
        f.src_uri: f
        for f in files.documentation_pages(inclusion=lambda level: True)
        if f.abs_src_path and not f.generated_by
    }
    translations.check(
        by_uri,
        ctx.project.identity.site_languages,
        lambda uri: by_uri[uri].content_string,
        lambda uri: ctx.rel(Path(by_uri[uri].abs_src_path)) if uri in by_uri else uri,
        ctx.problems,
    )
