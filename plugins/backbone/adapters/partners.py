"""backbone/partners: the partner directory and one page per partner."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from ..render.site_pages import partner_page, partners_index
from .common import IDENTITY, add_page, project_of


class PartnersPlugin(BasePlugin):
    # Last, so that every feature has computed what its partner-page section shows.
    @event_priority(-100)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        project = project_of(config, "backbone/partners")
        identity = config.plugins[IDENTITY]
        assets = identity.assets
        urls = config.use_directory_urls
        add_page(files, config, partners_index(project, assets, urls), edit="../data/partners.yml")
        for partner in project.partners.values():
            page = partner_page(project, assets, partner, urls, identity.partner_sections)
            add_page(files, config, page, in_nav=False, edit="../data/partners.yml")
        return files
