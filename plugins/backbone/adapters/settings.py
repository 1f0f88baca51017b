"""The build's Settings, taken from MkDocs' configuration: the one place the core's view of
the engine's configuration is made (see backbone.settings)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from ..render.markdown import MarkdownSetup
from ..settings import Settings, frozen


def settings_from(
    config: MkDocsConfig,
    options: Config,
    *,
    serving: bool,
    checking: bool,
    language: str | None,
) -> Settings:
    """The plain data of MkDocs' ``config`` and the backbone plugin's ``options``."""
    root = Path(config.config_file_path).resolve().parent
    return Settings(
        root=root,
        docs_dir=Path(config.docs_dir),
        data_dir=(root / options.data_dir).resolve(),
        cache_root=root / options.cache_dir,
        config_name=Path(options.config_file_path or "site_config.yml").name,
        site_url=config.site_url or "",
        use_directory_urls=config.use_directory_urls,
        markdown=MarkdownSetup(tuple(config.markdown_extensions), MappingProxyType(dict(config.mdx_configs or {}))),
        theme_language=_theme_language(config),
        nav=frozen(config.nav) if config.nav is not None else None,
        options=frozen(_plain(options)),
        serving=serving,
        checking=checking,
        language=language,
    )


def _theme_language(config: MkDocsConfig) -> str | None:
    theme = config.theme
    language = theme.get("language") if theme is not None else None
    return language if isinstance(language, str) else None


def _plain(options: Config) -> dict:
    """The options as nested dicts of plain values (sub-configurations included)."""
    return {name: _plain(value) if isinstance(value, Config) else value for name, value in options.items()}
