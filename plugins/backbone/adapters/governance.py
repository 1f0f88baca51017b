"""The governance feature: the structure, decision norms and responsibility matrix."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..about.governance import governance_page
from ..context import BuildContext
from .common import Feature, add_page


class GovernanceFeature(Feature):
    name = "governance"

    def has_data(self, ctx: BuildContext) -> bool:
        return (ctx.data_dir / "governance.yml").is_file()

    def missing(self, ctx: BuildContext) -> str:
        return (
            "governance is enabled but data/governance.yml does not exist; create it (see docs/reference.md) "
            "or set 'enabled: false' under 'governance:' of the backbone plugin in site_config.yml"
        )

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        page = governance_page(ctx.project, ctx.assets, ctx.settings.use_directory_urls, ctx.formats)
        add_page(files, config, ctx, page, edit="../data/governance.yml")
