"""The seven plugin names of Backbone 0.1 (``backbone/identity`` …), registered so that a site
still listing them is told what to do instead of MkDocs' "plugin is not installed"."""

from __future__ import annotations

from mkdocs.config.base import ValidationError
from mkdocs.plugins import BasePlugin


class RetiredPlugin(BasePlugin):
    name = "backbone/…"

    def load_config(self, options, config_file_path=None):
        raise ValidationError(
            f"'{self.name}' is one of the seven plugins of Backbone 0.1, which are one 'backbone' plugin since 0.2: "
            "run `backbone upgrade` in the site's folder; it rewrites the plugins of the configuration into one "
            "'backbone' entry with the same options, and the rest of the site into the current format"
        )


def _retired(name: str) -> type[RetiredPlugin]:
    return type(name.split("/")[1].title(), (RetiredPlugin,), {"name": name, "__module__": __name__})


Identity = _retired("backbone/identity")
Partners = _retired("backbone/partners")
Governance = _retired("backbone/governance")
Metrics = _retired("backbone/metrics")
Stories = _retired("backbone/stories")
Learning = _retired("backbone/learning")
Feeds = _retired("backbone/feeds")
