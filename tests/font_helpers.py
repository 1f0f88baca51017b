"""A small real font made for a test: a box for each character it is given, in a TrueType file
(fontTools' FontBuilder), so a test needs no system font of another script."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen


def box_font(
    path: Path, family: str, chars: str, *, licence: str | None = None, weight: int = 400, italic: bool = False
) -> Path:
    """``path``: a TrueType font named ``family`` whose only glyphs are a box for each of
    ``chars``; ``licence``: its name table's licence description (none by default)."""
    names = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((800, 700))
    pen.lineTo((800, 0))
    pen.closePath()
    box = pen.glyph()
    glyphs = {name: box for name in names}
    glyphs[".notdef"] = TTGlyphPen(None).glyph()  # a character it lacks draws nothing, not a box
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (900, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    style = ("Bold " if weight >= 700 else "") + ("Italic" if italic else "") or "Regular"
    postscript = family.replace(" ", "") + "-" + style.replace(" ", "")
    names = {
        "familyName": family,
        "styleName": style.strip(),
        "uniqueFontIdentifier": postscript,
        "fullName": f"{family} {style.strip()}",
        "psName": postscript,
        "version": "Version 1.000",
    }
    if licence is not None:
        names["licenseDescription"] = licence
    builder.setupNameTable(names)
    selection = (1 if italic else 0) | (0x20 if weight >= 700 else 0) or 0x40  # italic, bold, regular
    builder.setupOS2(
        sTypoAscender=800,
        sTypoDescender=-200,
        usWinAscent=800,
        usWinDescent=200,
        fsType=0,
        usWeightClass=weight,
        fsSelection=selection,
    )
    builder.font["head"].macStyle = (2 if italic else 0) | (1 if weight >= 700 else 0)
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))
    return path
