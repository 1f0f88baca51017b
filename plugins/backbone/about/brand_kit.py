"""The brand kit page (/brand/): the logos, the colours with their contrast, the boilerplate texts."""

from __future__ import annotations

import posixpath

from ..identity.brand import (
    AA_NORMAL,
    BACKGROUNDS,
    GRAPHIC_MINIMUM,
    TEXT_COLOURS,
    Pair,
    muted,
    rgb,
    shade_name,
    text_pairs,
)
from ..identity.logo import LogoContrast, kit_advice
from ..project import Project
from ..render.formats import Formats
from ..render.html import GeneratedPage, render
from ..render.urls import Linker
from .assets import Assets

BRAND_PAGE = "brand/index.md"


def _logos(ident, assets: Assets, on_primary: LogoContrast | None, fm: Formats) -> list[dict]:
    """The kit's logo tiles; the one on the primary colour shows the reversed logo, or says
    when the ordinary logo cannot be seen there."""
    w = fm.words
    dark = dict(
        label=w.gettext("Logo on the primary colour"),
        alt=w.gettext("%(name)s logo on the primary colour", name=ident.name),
        dark=True,
    )
    if assets.logo_reversed:
        dark.update(label=w.gettext("Reversed logo, for the primary colour"), path=assets.logo_reversed)
    else:
        dark.update(path=assets.logo, measured=on_primary)
        if on_primary and not on_primary.readable:
            dark["advice"] = kit_advice(on_primary)
    logos = [
        dict(label=w.gettext("Logo"), path=assets.logo, alt=w.gettext("%(name)s logo", name=ident.name), dark=False),
        dark,
    ]
    others = (
        (w.gettext("Symbol"), w.gettext("%(name)s symbol", name=ident.short_name), assets.mark),
        (w.gettext("Favicon"), w.gettext("%(name)s favicon", name=ident.short_name), assets.favicon),
    )
    for label, alt, path in others:
        if path and path not in [logo["path"] for logo in logos]:
            logos.append(dict(label=label, path=path, alt=alt, dark=False))
    for logo in logos:
        logo["filename"] = posixpath.basename(logo["path"])
        logo["format"] = posixpath.splitext(logo["path"])[1].lstrip(".").upper()
    return logos


def _described(ident, pair: Pair, fm: Formats) -> dict[str, str]:
    """Where a pair is drawn and its two colours' names, in the site's language (the build's
    messages to the team say them in English: identity/brand.py)."""
    w = fm.words
    use = w.gettext(
        "%(text)s, on %(ground)s",
        text=w.gettext(TEXT_COLOURS[pair.fg_key]),
        ground=w.gettext(BACKGROUNDS[pair.ground_key]),
    )
    fg_name = w.gettext(shade_name(ident, pair.fg_key))
    if pair.alpha < 1:
        fg_name = w.gettext("%(colour)s, at %(opacity)s", colour=fg_name, opacity=fm.percent(pair.alpha))
    bg_name = w.gettext(shade_name(ident, pair.ground_key))
    if pair.tinted:
        bg_name = w.gettext("%(colour)s under a tint", colour=bg_name)
    # the first letter up, the rest as written (Jinja's capitalize would lower a German noun)
    return dict(use=use[:1].upper() + use[1:], fg_name=fg_name, bg_name=bg_name)


def brand_page(
    project: Project, assets: Assets, directory_urls: bool, fm: Formats, on_primary: LogoContrast | None = None
) -> GeneratedPage:
    """The brand kit; ``on_primary``: the logo measured on the primary colour (None: not measured)."""
    ident = project.identity
    logos = _logos(ident, assets, on_primary, fm)
    w = fm.words
    for logo in logos:
        if logo.get("measured"):
            logo["ratio"] = fm.number(logo["measured"].ratio, 2)
    colours = ident.colours
    used_muted = muted(ident)
    named = [
        (w.gettext("Primary"), colours.primary, None),
        (w.gettext("Accent"), colours.accent, None),
        (w.gettext("Text"), colours.text, None),
        (w.gettext("Background"), colours.background, None),
        (w.gettext("Text on primary"), colours.primary_text, None),
        (
            w.gettext("Muted text"),
            colours.muted or used_muted,
            used_muted if colours.muted and colours.muted != used_muted else None,
        ),
    ]
    swatches = [
        dict(name=name, hex=given, rgb="rgb({}, {}, {})".format(*rgb(given)), used=used, given=bool(colours.muted))
        for name, given, used in named
    ]
    pairs = [
        dict(
            **_described(ident, p, fm),
            fg=p.fg,
            bg=p.bg,
            ratio=fm.number(p.ratio, 2),
            ok=p.ratio >= AA_NORMAL,
        )
        for p in text_pairs(ident)
    ]
    boilerplate = [
        dict(
            key=key,
            label=label,
            text=getattr(ident.boilerplate, key),
            words=len(getattr(ident.boilerplate, key).split()),
        )
        for key, label in (("short", w.gettext("Short")), ("medium", w.gettext("Medium")), ("long", w.gettext("Long")))
    ]
    body = render(
        "brand.html",
        fm.words,
        identity=ident,
        logos=logos,
        swatches=swatches,
        pairs=pairs,
        graphic_minimum=GRAPHIC_MINIMUM,
        boilerplate=boilerplate,
        # the brand's families the site publishes (identity/webfonts.py), as the stack names them
        served_fonts=list(dict.fromkeys(face.family.strip('"') for face in assets.fonts)),
        link=Linker(BRAND_PAGE, directory_urls),
    )
    return GeneratedPage(
        BRAND_PAGE,
        fm.words.gettext("Brand kit"),
        body,
        {
            "description": fm.words.gettext(
                "%(name)s: logos, colours and the words we use about ourselves.", name=ident.name
            )
        },
    )
