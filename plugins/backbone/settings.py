"""The build's settings: the plain data the adapter takes from the engine's configuration.

The core takes nothing else from MkDocs: the folders, the site's address and URL style, the
Markdown configuration, the `nav:` as written, the theme's language, the backbone plugin's options (nested mappings
of plain values), whether the build serves or checks, and the language of this build. Made
once per build by the adapter (adapters/settings.py), frozen, and read by the core through
``BuildContext.settings`` and ``SiteModel.settings``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .render.markdown import MarkdownSetup


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder of the configuration file
    docs_dir: Path
    data_dir: Path
    cache_root: Path
    config_name: str = "site_config.yml"  # the configuration file's name: where option problems are
    site_url: str = ""
    use_directory_urls: bool = True
    markdown: MarkdownSetup = field(default_factory=MarkdownSetup)
    theme_language: str | None = None  # the theme's `language:` as configured (None: not set)
    nav: tuple | None = None  # the `nav:` as written (read-only), None: MkDocs makes it from the files
    options: Mapping = field(default_factory=lambda: MappingProxyType({}))  # the backbone plugin's options
    serving: bool = False  # `mkdocs serve`: drafts are shown, problems become an error page
    checking: bool = False  # `backbone check`: nothing is drawn
    language: str | None = None  # a build after the default language's: its language

    def option(self, *path: str):
        """An option of the backbone plugin: ``option("stories", "per_page")``."""
        value = self.options
        for name in path:
            value = value[name]
        return value

    def digest(self) -> str:
        """Of every setting: what each page and output of the build is also made from. Taken
        once (the settings are frozen): every page of the model asks for it."""
        found = self.__dict__.get("_digest")
        if found is None:
            found = self._digest_now()
            object.__setattr__(self, "_digest", found)
        return found

    def _digest_now(self) -> str:
        text = json.dumps(
            [
                str(self.root),
                str(self.docs_dir),
                str(self.data_dir),
                self.config_name,
                self.site_url,
                self.use_directory_urls,
                self.markdown.digest(),
                self.theme_language,
                _plain(self.nav),
                _plain(self.options),
                self.serving,
                self.language,
            ],
            sort_keys=True,
            default=repr,
        )
        return hashlib.sha256(text.encode()).hexdigest()


def frozen(value):
    """Plain configuration values made read-only: mappings → MappingProxyType, lists → tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    return value


def _plain(value):
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
