"""Where the brand's files (logo, reversed logo, mark, favicon) and the partners' logos are
published in the site."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..identity.webfonts import Face
from ..project import Project


@dataclass(frozen=True)
class Assets:
    """Where the brand and partner files are published in the site."""

    logo: str
    mark: str | None
    favicon: str | None
    partner_logos: dict[str, str]
    logo_reversed: str | None = None
    fonts: tuple[Face, ...] = ()  # the brand's fonts, published for the pages (identity/webfonts.py)

    @property
    def header_logo(self) -> str:
        """What the header (the primary colour) shows: the square mark fits it better than a
        wide wordmark; else the logo made for the primary colour; else the favicon, the logo."""
        return self.mark or self.logo_reversed or self.favicon or self.logo

    @property
    def icon(self) -> str:
        """A small logo for light backgrounds (a browser tab, a feed reader): never the reversed one."""
        return self.mark or self.favicon or self.logo


def asset_paths(project: Project) -> Assets:
    ident = project.identity
    taken: dict[str, str] = {}  # published name → the data file it is

    def published(field: str) -> str | None:
        value = getattr(ident, field)
        if value is None:
            return None
        name = posixpath.basename(value)
        if taken.get(name, value) != value:  # two files of one name in different folders
            name = f"{field.replace('_', '-')}-{name}"
        taken[name] = value
        return f"assets/brand/{name}"

    logo, reversed_logo, mark, favicon = (published(field) for field in ("logo", "logo_reversed", "mark", "favicon"))
    logos = {
        pid: f"assets/partners/{pid}{posixpath.splitext(p.logo)[1].lower()}"
        for pid, p in project.partners.items()
        if p.logo
    }
    return Assets(logo, mark, favicon, logos, reversed_logo)
