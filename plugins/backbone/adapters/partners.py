"""The partners feature: the partner directory and one page per partner."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..about.partners import partner_page, partners_index
from ..context import BuildContext
from .common import Feature, add_page

# The sections of a partner's page, in the order it shows them (each feature's files step
# computes its own: see PIPELINE).
PARTNER_SECTIONS = ("metrics", "stories", "learning")


class PartnersFeature(Feature):
    name = "partners"

    # Last in the files step (see PIPELINE): every feature has computed its section by then.
    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        project, assets, urls = ctx.project, ctx.assets, ctx.settings.use_directory_urls
        add_page(files, config, ctx, partners_index(project, assets, urls, ctx.formats), edit="../data/partners.yml")
        for partner in project.partners.values():
            own = ctx.partner_sections.get(partner.id, {})
            sections = [own[name] for name in PARTNER_SECTIONS if name in own]
            page = partner_page(project, assets, partner, urls, ctx.formats, sections)
            add_page(files, config, ctx, page, in_nav=False, edit="../data/partners.yml")
