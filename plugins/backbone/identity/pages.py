"""Where the brand's files are published, and the brand kit page (/brand/)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..project import Project
from ..render.html import GeneratedPage, render
from ..render.urls import Linker
from .brand import AA_NORMAL, GRAPHIC_MINIMUM, rgb, text_pairs

BRAND_PAGE = "brand/index.md"


@dataclass(frozen=True)
class Assets:
    """Where the brand and partner files are published in the site."""

    logo: str
    mark: str | None
    favicon: str | None
    partner_logos: dict[str, str]

    @property
    def header_logo(self) -> str:
        """The square mark fits the theme's header better than a wide wordmark."""
        return self.mark or self.favicon or self.logo


def asset_paths(project: Project) -> Assets:
    ident = project.identity
    logo = f"assets/brand/{posixpath.basename(ident.logo)}"
    favicon = f"assets/brand/{posixpath.basename(ident.favicon)}" if ident.favicon else None
    mark = f"assets/brand/{posixpath.basename(ident.mark)}" if ident.mark else None
    logos = {
        pid: f"assets/partners/{pid}{posixpath.splitext(p.logo)[1].lower()}"
        for pid, p in project.partners.items()
        if p.logo
    }
    return Assets(logo, mark, favicon, logos)


def brand_page(project: Project, assets: Assets, directory_urls: bool) -> GeneratedPage:
    ident = project.identity
    logos = [
        dict(label="Logo", path=assets.logo, alt=f"{ident.name} logo", dark=False),
        dict(label="Logo on the primary colour", path=assets.logo, alt=f"{ident.name} logo on a dark background", dark=True),
    ]
    for label, path in (("Symbol", assets.mark), ("Favicon", assets.favicon)):
        if path and path not in [logo["path"] for logo in logos]:
            logos.append(dict(label=label, path=path, alt=f"{ident.short_name} {label.lower()}", dark=False))
    for logo in logos:
        logo["filename"] = posixpath.basename(logo["path"])
        logo["format"] = posixpath.splitext(logo["path"])[1].lstrip(".").upper()
    colours = ident.colours
    named = [
        ("Primary", colours.primary),
        ("Accent", colours.accent),
        ("Text", colours.text),
        ("Background", colours.background),
        ("Text on primary", colours.primary_text),
    ] + ([("Muted text", colours.muted)] if colours.muted else [])
    swatches = [dict(name=name, hex=hex_colour, rgb="rgb({}, {}, {})".format(*rgb(hex_colour))) for name, hex_colour in named]
    pairs = [
        dict(use=p.use, fg=p.fg, bg=p.bg, fg_name=p.fg_name, bg_name=p.bg_name, ratio=f"{p.ratio:.2f}", ok=p.ratio >= AA_NORMAL)
        for p in text_pairs(ident)
    ]
    boilerplate = [
        dict(key=key, label=label, text=getattr(ident.boilerplate, key), words=len(getattr(ident.boilerplate, key).split()))
        for key, label in (("short", "Short"), ("medium", "Medium"), ("long", "Long"))
    ]
    body = render(
        "brand.html", identity=ident, logos=logos, swatches=swatches, pairs=pairs, graphic_minimum=GRAPHIC_MINIMUM, boilerplate=boilerplate, link=Linker(BRAND_PAGE, directory_urls)
    )
    return GeneratedPage(BRAND_PAGE, "Brand kit", body, {"description": f"Logos, colours and texts of {ident.name}."})
