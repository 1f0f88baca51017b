"""The partners feature: the partner directory and one page per partner."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..about.partners import partner_page, partners_index
from ..context import BuildContext
from .common import Feature, add_page


class PartnersFeature(Feature):
    name = "partners"

    # Last in the files step (see PIPELINE): every feature has computed its section by then.
    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        project, assets, urls = ctx.project, ctx.assets, config.use_directory_urls
        add_page(files, config, ctx, partners_index(project, assets, urls, ctx.formats), edit="../data/partners.yml")
        for partner in project.partners.values():
            page = partner_page(project, assets, partner, urls, ctx.formats, ctx.partner_sections)
            add_page(files, config, ctx, page, in_nav=False, edit="../data/partners.yml")
