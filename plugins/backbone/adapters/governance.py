"""backbone/governance: the structure, decision norms and responsibility matrix."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..render.site_pages import governance_page
from .common import IDENTITY, add_page, project_of


class GovernancePlugin(BasePlugin):
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        project = project_of(config, "backbone/governance")
        if project.governance is None:
            raise PluginError(
                "backbone/governance is enabled but data/governance.yml does not exist; "
                "create it (see the README's data reference) or remove the plugin from site_config.yml"
            )
        page = governance_page(project, config.plugins[IDENTITY].assets, config.use_directory_urls)
        add_page(files, config, page, edit="../data/governance.yml")
        return files
