"""The icons a page's front matter may name (``icon: material/home``): the theme's own SVGs.

mkdocs-material draws a page's icon in the navigation with
``{% include ".icons/" ~ icon ~ ".svg" %}``: a name with no such file stopped the whole build
with Jinja's ``TemplateNotFound`` traceback while rendering some other page. The names are
checked against the theme's folders (its own icons, and ``.icons/`` in the custom_dir) before
anything is built.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .problems import did_you_mean

ICONS_PAGE = "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/"


class ThemeIcons:
    """The ``.icons`` folders of the theme's folders, first match wins as in Jinja."""

    def __init__(self, theme_dirs: Iterable[str | Path]):
        self.folders = tuple(Path(folder) / ".icons" for folder in theme_dirs)
        self._found: dict[str, bool] = {}  # thousands of pages name the same few icons

    def problem(self, name: str) -> str | None:
        """Why ``icon: name`` cannot be drawn, or None."""
        parts = name.split("/")
        if all(part not in ("", ".", "..") and "\\" not in part for part in parts) and self._has(name):
            return None
        near = did_you_mean(name, self._named_like(parts[0])) if len(parts) > 1 else ""
        return (
            f"the theme has no icon '{name}': an icon is named by its set and its name, like 'material/home' "
            f"(all are listed at {ICONS_PAGE}){near}"
        )

    def _has(self, name: str) -> bool:
        if name not in self._found:
            self._found[name] = any((folder / f"{name}.svg").is_file() for folder in self.folders)
        return self._found[name]

    def _named_like(self, icon_set: str) -> list[str]:
        """Every icon of ``icon_set`` ('material'), for "did you mean": only when one is wrong."""
        names = set()
        for folder in self.folders:
            top = folder / icon_set
            if icon_set in ("", ".", "..") or not top.is_dir():
                continue
            for here, _, files in os.walk(top):
                rel = Path(here).relative_to(folder).as_posix()
                names.update(f"{rel}/{f[:-4]}" for f in files if f.endswith(".svg"))
        return sorted(names)
