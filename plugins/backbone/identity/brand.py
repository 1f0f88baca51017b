"""The partnership's brand as CSS, and the colour checks that keep it readable."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..render.words import N_
from .drawn import Drawn, drawn_pairs
from .model import Identity
from .webfonts import Face
from .webfonts import css as font_faces

AA_NORMAL = 4.5  # WCAG 2.x AA for body text
GRAPHIC_MINIMUM = 3.0  # WCAG 2.1 1.4.11: large text, and graphics a reader needs to see (a logo)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(hex_colour: str) -> float:
    """Relative luminance as WCAG 2.x defines it."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, share_of_b: float) -> str:
    """Blend two colours (for the theme's lighter and darker shades)."""
    ra, rb = rgb(a), rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * share_of_b):02x}" for x, y in zip(ra, rb))


@dataclass(frozen=True)
class Pair:
    """A text colour on a background colour, where the theme draws one on the other."""

    use: str
    fg_name: str
    bg_name: str
    fg: str
    bg: str
    # What the names above are made of, for the brand kit to say them in the site's language:
    # the palette keys of the text and its ground, the text's opacity, a tint over the ground.
    fg_key: str = ""
    ground_key: str = ""
    alpha: float = 1.0
    tinted: bool = False

    @property
    def ratio(self) -> float:
        return contrast(self.fg, self.bg)


# brand.css: each variable of the theme (mkdocs-material's and Backbone's) and the palette colour
# it takes, with its opacity (255: opaque). The generated stylesheet and the table of drawn pairs
# (drawn.py reads the stylesheets through these) both come from it.
VARIABLES: dict[str, tuple[str, int]] = {
    "--bb-primary": ("primary", 255),
    "--bb-primary-dark": ("primary_dark", 255),
    "--bb-primary-light": ("primary_light", 255),
    "--bb-primary-text": ("primary_text", 255),
    "--bb-accent": ("accent", 255),
    "--bb-accent-light": ("accent_light", 255),
    "--bb-text": ("text", 255),
    "--bb-muted": ("muted", 255),
    "--bb-background": ("background", 255),
    "--bb-surface": ("surface", 255),
    "--bb-border": ("border", 255),
    "--md-primary-fg-color": ("primary", 255),
    "--md-primary-fg-color--light": ("primary_soft", 255),
    "--md-primary-fg-color--dark": ("primary_dark", 255),
    "--md-primary-bg-color": ("primary_text", 255),
    "--md-primary-bg-color--light": ("primary_text", 0xB3),
    "--md-accent-fg-color": ("primary_dark", 255),
    "--md-accent-fg-color--transparent": ("accent", 0x33),
    # the text of a button, a tag and "back to top" under the pointer, on --md-accent-fg-color
    "--md-accent-bg-color": ("primary_text", 255),
    "--md-default-fg-color": ("text", 255),
    "--md-default-fg-color--light": ("muted", 255),
    "--md-default-fg-color--lighter": ("lighter", 255),
    "--md-default-fg-color--lightest": ("lightest", 255),
    "--md-default-bg-color": ("background", 255),
    "--md-typeset-color": ("text", 255),
    "--md-typeset-a-color": ("primary", 255),
    "--md-footer-fg-color": ("primary_text", 255),
    "--md-footer-fg-color--light": ("primary_text", 255),
    "--md-footer-fg-color--lighter": ("primary_text", 255),
    "--md-footer-bg-color": ("footer", 255),
    "--md-footer-bg-color--dark": ("footer_dark", 255),
}

# The palette colours text is drawn in (the rest are backgrounds, borders and icons), as the
# brand kit and the build's messages name them, and what each draws.
TEXT_COLOURS = {
    "text": N_("body text"),
    "muted": N_("secondary text: dates, captions, units"),
    "primary": N_("links"),
    "primary_dark": N_("links under the pointer"),
    "primary_text": N_("text on the primary colour"),
}
BACKGROUNDS = {
    "background": N_("the page"),
    "surface": N_("panels and table headings"),
    "primary": N_("the header, the home-page banner and buttons"),
    "primary_dark": N_("buttons under the pointer"),
    "primary_soft": N_("the primary colour, lightened"),
    "primary_light": N_("roles in the responsibility matrix"),
    "accent_light": N_("badges and warnings"),
    "footer": N_("the footer"),
    "footer_dark": N_("the footer's last line"),
    "lightest": N_("titles of the phone menu"),
}
# How a shade derived from the brand's colours is named in messages and in the kit.
SHADE_NAMES = {
    "primary_dark": N_("colours.primary, darkened"),
    "primary_soft": N_("colours.primary, lightened"),
    "footer": N_("colours.primary, darkened (footer)"),
    "footer_dark": N_("colours.primary, darkened (footer's last line)"),
    "accent_light": N_("colours.accent, lightened"),
    "primary_light": N_("colours.primary, lightened"),
    "surface": N_("colours.background, darkened (panels)"),
    "lightest": N_("colours.background, darkened (phone menu titles)"),
    "lighter": N_("colours.text, faded"),
}


def _palette(colours: tuple[str, str, str, str, str], muted_colour: str) -> dict[str, str]:
    text, background, primary, primary_text, accent = colours
    return {
        "text": text,
        "background": background,
        "primary": primary,
        "primary_text": primary_text,
        "accent": accent,
        "muted": muted_colour,
        "primary_dark": mix(primary, "#000000", 0.2),
        "primary_soft": mix(primary, "#ffffff", 0.2),
        "primary_light": mix(primary, "#ffffff", 0.85),
        "accent_light": mix(accent, "#ffffff", 0.8),
        "footer": mix(primary, "#000000", 0.35),
        "footer_dark": mix(primary, "#000000", 0.5),
        "surface": mix(background, text, 0.04),
        "border": mix(background, text, 0.15),
        "lighter": mix(text, background, 0.7),
        "lightest": mix(text, background, 0.9),
    }


def _colours(identity: Identity) -> tuple[str, str, str, str, str]:
    c = identity.colours
    return c.text, c.background, c.primary, c.primary_text, c.accent


def shades(identity: Identity, muted_colour: str | None = None) -> dict[str, str]:
    """Every colour the theme draws with: the brand's own and the shades derived from them;
    ``muted_colour``: the secondary text colour (default: the one the site uses, see muted)."""
    return _palette(_colours(identity), muted_colour or muted(identity))


def drawn() -> tuple[Drawn, ...]:
    """Every pair the theme's stylesheets draw, in palette keys (see drawn.py)."""
    return drawn_pairs(tuple((name, key, alpha / 255) for name, (key, alpha) in VARIABLES.items()))


def _blend(fg: str, bg: str, alpha: float) -> str:
    return fg if alpha >= 1 else mix(bg, fg, alpha)


def resolve(pair: Drawn, palette: dict[str, str]) -> tuple[str, str]:
    """The two colours a reader sees: translucent layers and text blended as a browser does."""
    colour = lambda paint: palette.get(paint.ref, paint.ref)  # noqa: E731
    ground = palette["background"]
    for layer in pair.bg:
        ground = _blend(colour(layer), ground, layer.alpha)
    return _blend(colour(pair.fg), ground, pair.fg.alpha), ground


def drawn_colours(identity: Identity) -> set[tuple[str, str]]:
    """(text, background) of every pair the theme draws, as the site's colours resolve them."""
    palette = shades(identity)
    return {resolve(pair, palette) for pair in drawn()}


MUTED_UNSET = N_("colours.muted (not set: colours.text, softened)")


def shade_name(identity: Identity, key: str) -> str:
    if key == "muted" and not identity.colours.muted:
        return MUTED_UNSET
    return SHADE_NAMES.get(key, f"colours.{key}")


def _on_brand(pair: Drawn) -> bool:
    """Text in one of the brand's text colours on a background of its palette (a translucent
    veil of the theme's over it included): what identity.yml decides."""
    return pair.fg.ref in TEXT_COLOURS and pair.bg[0].ref in BACKGROUNDS and pair.bg[0].alpha >= 1


def _described(identity: Identity, pair: Drawn) -> tuple[str, str, str]:
    """(use, text colour's name, background's name) of a pair, in words of identity.yml."""
    fg, ground = pair.fg.ref, pair.bg[0].ref
    use = f"{TEXT_COLOURS[fg]}, on {BACKGROUNDS[ground]}"
    fg_name = shade_name(identity, fg) + (f", at {round(pair.fg.alpha * 100)}%" if pair.fg.alpha < 1 else "")
    bg_name = shade_name(identity, ground) + (" under a tint" if len(pair.bg) > 1 else "")
    return use, fg_name, bg_name


def _pairs(identity: Identity, palette: dict[str, str]) -> list[Pair]:
    """Every pair identity.yml decides, in ``palette``, each once (sorted by text colour, then ground)."""
    order, grounds = list(TEXT_COLOURS), list(BACKGROUNDS)
    found: dict[tuple, Pair] = {}
    for pair in sorted(
        (p for p in drawn() if _on_brand(p)), key=lambda p: (order.index(p.fg.ref), grounds.index(p.bg[0].ref))
    ):
        fg, bg = resolve(pair, palette)
        use, fg_name, bg_name = _described(identity, pair)
        drawn_as = (pair.fg.ref, pair.bg[0].ref, pair.fg.alpha, len(pair.bg) > 1)
        found.setdefault((fg_name, bg_name, fg, bg), Pair(use, fg_name, bg_name, fg, bg, *drawn_as))
    return list(found.values())


def _rows(pairs: list[Pair], minimum: float) -> list[Pair]:
    """Each text colour on each ground once: on the ground itself (not a row under the pointer or
    a tint over it), unless that reaches ``minimum`` and a variant does not: then the worst one."""
    rows: dict[tuple[str, str], list[Pair]] = {}
    for pair in pairs:
        rows.setdefault((pair.use, pair.fg_name), []).append(pair)
    shown = []
    for variants in rows.values():
        worst = min(variants, key=lambda p: p.ratio)
        plain = [p for p in variants if not p.bg_name.endswith("under a tint")]
        shown.append(plain[0] if plain and (plain[0].ratio < minimum or worst.ratio >= minimum) else worst)
    return shown


def text_pairs(identity: Identity) -> list[Pair]:
    """The pairs identity.yml decides, as the brand kit lists them (see _rows)."""
    return _rows(_pairs(identity, shades(identity)), AA_NORMAL)


def contrast_warnings(
    identity: Identity, minimum: float = AA_NORMAL, line: Callable[[tuple], int] | None = None
) -> list[str]:
    """One warning per text colour, naming every background it is too faint on; ``line``
    gives the line of a field of data/identity.yml, for the text colour's own line. Secondary
    text is checked as the site draws it, adjusted (see muted_note): it warns only when even
    the text colour is too faint, or ``minimum`` asks for more than AA."""
    low: dict[tuple[str, str], list[Pair]] = {}
    for p in _rows(_pairs(identity, shades(identity)), minimum):
        if p.ratio < minimum:
            low.setdefault((p.fg_name, p.fg), []).append(p)
    return [
        f"{_where(fg_name, line)}: {fg_name} {fg} has too little contrast where the theme draws it: "
        + "; ".join(f"{p.ratio:.2f}:1 on {p.bg_name} {p.bg} ({p.use})" for p in pairs)
        + f"; WCAG AA needs {minimum}:1 — darken or lighten it or the background"
        for (fg_name, fg), pairs in low.items()
    ]


def _where(name: str, line: Callable[[tuple], int] | None) -> str:
    """'colours.muted (not set: ...)' → the line of colours.muted, else of colours."""
    key = re.match(r"colours\.(\w+)", name)
    if not line:
        return "data/identity.yml"
    return f"data/identity.yml:{line(('colours', key.group(1)) if key else ('colours',))}"


def _lowest(colours: tuple, candidate: str) -> tuple[float, Drawn | None]:
    """The lowest contrast of secondary text in ``candidate`` where the theme draws it, and there."""
    palette = _palette(colours, candidate)
    drawn_muted = [(contrast(*resolve(p, palette)), p) for p in drawn() if p.fg.ref == "muted"]
    return min(drawn_muted, key=lambda found: found[0], default=(21.0, None))


@lru_cache(maxsize=64)
def _muted_for(colours: tuple, given: str | None) -> str:
    text, background = colours[0], colours[1]
    if given:
        candidates = [given] + [mix(given, text, step / 20) for step in range(1, 21)]
    else:
        candidates = [mix(text, background, share) for share in (0.45, 0.35, 0.25, 0.15, 0.0)]
    return next((m for m in candidates if _lowest(colours, m)[0] >= AA_NORMAL), text)


def muted(identity: Identity) -> str:
    """Secondary text colour as the site draws it: the given one, moved towards the text colour
    until it reaches AA on every background the theme draws it on; without one, the text colour
    softened as far as AA allows there."""
    return _muted_for(_colours(identity), identity.colours.muted)


def muted_note(identity: Identity, line: Callable[[tuple], int] | None = None) -> str | None:
    """The info line when the given secondary text colour is adjusted: where it was too faint,
    and what the site uses instead."""
    given, used = identity.colours.muted, muted(identity)
    if not given or given == used:
        return None
    faint: dict[str, Pair] = {}
    for pair in _pairs(identity, shades(identity, given)):
        if pair.fg == given and pair.ratio < AA_NORMAL and pair.ratio < faint.get(pair.use, pair).ratio + 1e-9:
            faint[pair.use] = pair
    where = "; ".join(
        f"{p.ratio:.2f}:1 on {p.bg} ({p.use.split(', on ')[-1]})" for p in sorted(faint.values(), key=lambda p: p.ratio)
    )
    return (
        f"{_where('colours.muted', line)} (colours.muted): {given} is below WCAG AA ({AA_NORMAL}:1) where the theme "
        f"draws it: {where or 'on a ground of the theme'}; the site draws secondary text in {used} instead, "
        f"the nearest colour towards colours.text that reaches AA everywhere; write 'muted: \"{used}\"' "
        "(or a darker colour) to choose it yourself"
    )


def css(identity: Identity, faces: tuple[Face, ...] = ()) -> str:
    """CSS custom properties that map the brand onto mkdocs-material's palette, after the
    @font-face rules of the brand's fonts the site publishes (``faces``).

    The theme is configured with the 'custom' palette, whose documented hook is
    ``:root > *``; every colour of the site derives from these variables.
    """
    palette = shades(identity)
    variables = {
        name: palette[key] + (f"{alpha:02x}" if alpha < 255 else "") for name, (key, alpha) in VARIABLES.items()
    }
    variables["--md-text-font-family"] = identity.fonts.text
    variables["--md-code-font-family"] = identity.fonts.code
    body = "\n".join(f"  {name}: {value};" for name, value in variables.items())
    return (
        "/* Generated by Backbone from data/identity.yml; edit the YAML, not this file. */\n"
        f"{font_faces(faces)}:root,\n:root > * {{\n{body}\n}}\n"
        "body, input { font-family: var(--md-text-font-family); }\n"
        "code, kbd, pre { font-family: var(--md-code-font-family); }\n"
    )
