"""What every Jinja environment of a build's theme takes from the builds before it in this
process: the compiled templates (compiled.py) and the listing of the theme's static files
(themefiles.py).

MkDocs makes a new environment for each build, and mkdocs-material's search plugin three more
for its words (``_translate``, in its on_config): one wrapper of the theme's ``get_env`` reaches
them all.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig

from .compiled import KEPT
from .themefiles import listing


def share_between_builds(config: MkDocsConfig) -> None:
    """Wrap this build's theme's ``get_env``, once: before the search plugin's on_config."""
    theme = config.theme
    make = theme.get_env
    if getattr(make, "shares_between_builds", False):
        return

    def get_env() -> Environment:
        env = make()
        env.bytecode_cache = KEPT
        env.list_templates = listing(env, theme)
        return env

    get_env.shares_between_builds = True
    theme.get_env = get_env
