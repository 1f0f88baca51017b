"""The report's PDF and cover card, compiled by Typst from ``ReportData``, cached by digest.

Typst's root is a temporary folder holding only what the report shows: the fixed template
shipped here, report.json, the charts (the site's own SVGs, from the chart cache), the
brand's cleaned logos and the stories' pictures without their metadata. The document can
read nothing else, and the data reaches it as JSON: text, never markup. Fonts: the site's
own files in data/brand/fonts/ when one of them is a family of identity.yml's text font,
else DejaVu Sans (shipped with matplotlib), each other family of that folder a fallback (a
font for emoji or another script); Typst embeds and subsets them. With
SOURCE_DATE_EPOCH set, the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..clock import build_datetime
from ..drawing.fonts import beyond_dejavu, own_fonts
from ..drawing.fonts import fonts as dejavu
from ..memo import code_digest, content_digest, digest, ensure, entry, in_cache, key
from ..metrics import charts
from ..problems import DataError, Problem
from .assemble import ReportData

HERE = Path(__file__).parent
TEMPLATE = HERE / "template"
STANDARDS = ["a-2a", "ua-1"]  # accepted together by Typst 0.14 and later
FALLBACK_FONT = "DejaVu Sans"
CARD_SIZE = (1200, 630)
_TEXT = re.compile(r"<text\b[^>]*>([^<]*)")  # a chart's texts, as matplotlib writes them


@dataclass(frozen=True)
class Fonts:
    family: str  # the text font the report is set in
    files: tuple[Path, ...]  # every font file Typst may use (the fallback's included)
    chain: tuple[str, ...]  # the families a character is looked for in, in order


@dataclass(frozen=True)
class Compiled:
    pdf: Path  # cache entries, published by hard link
    card: Path
    digest: str
    fresh: bool  # compiled now (False: from the cache)


def choose_fonts(stack: str, fonts_dir: Path | None, root: Path) -> Fonts:
    """The first family of the CSS ``stack`` that the site's own font files have, else DejaVu
    Sans; the folder's other families, then DejaVu Sans, as fallbacks."""
    base = dejavu()
    folder = Path(base["regular"]).parent
    fallback = tuple(folder / name for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"))
    fallback += (folder / "DejaVuSans-BoldOblique.ttf",)
    own = own_fonts(fonts_dir, root)
    if not own:
        return Fonts(FALLBACK_FONT, fallback, (FALLBACK_FONT,))
    families = {f.casefold(): f for f in _families(own, tuple(p.stat().st_mtime_ns for p in own))}
    names = (part.strip().strip("'\"").casefold() for part in stack.split(","))
    family = next((families[name] for name in names if name in families), FALLBACK_FONT)
    # every other family of the folder is a fallback: a font for emoji, or for another script
    others = tuple(sorted(set(families.values()) - {family, FALLBACK_FONT}))
    chain = (family, *others, FALLBACK_FONT) if family != FALLBACK_FONT else (FALLBACK_FONT, *others)
    return Fonts(family, own + fallback, chain)


@lru_cache(maxsize=4)
def _families(own: tuple[Path, ...], stamps: tuple[int, ...]) -> tuple[str, ...]:
    """The families Typst reads in the site's font files. Typst reads fonts from folders only
    (given a file, it finds nothing): the files are linked into one of their own, where no
    file the site's folder refuses (a link) can be."""
    import typst

    with tempfile.TemporaryDirectory(prefix="backbone-fonts-") as tmp:
        for i, path in enumerate(own):
            target = Path(tmp) / f"{i:02d}-{path.name}"
            try:
                os.link(path, target)
            except OSError:  # another file system
                shutil.copyfile(path, target)
        found = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[tmp])
        return tuple(found.families())


@lru_cache(maxsize=1)
def _code() -> str:
    files = sorted(str(p) for p in (*HERE.glob("*.py"), *TEMPLATE.iterdir()))
    return code_digest(*files, packages=("typst",))


def timestamp() -> int:
    """SOURCE_DATE_EPOCH when set; else the build day's midnight (UTC): a report is the same
    file all day, whenever in the day it was compiled."""
    when = build_datetime()
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        when = dt.datetime.combine(when.date(), dt.time(), tzinfo=dt.timezone.utc)
    return int(when.timestamp())


def compile_report(data: ReportData, fonts: Fonts, cache_dir: Path, chart_cache: Path, rel: str) -> Compiled:
    """The PDF and the cover card of ``data`` from the cache, compiled when missing; ``rel``
    is the letter's file, named by any problem. DataError when Typst refuses the report."""
    chart_files = _charts(data, chart_cache)
    content = dict(data.content, font=list(fonts.chain), region=_region(data.lang))
    content["lang"] = data.lang.replace("_", "-").split("-")[0].lower()
    content["font_name"] = fonts.family
    payload = json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    files = {**chart_files, **data.files}
    inputs = [
        digest(source) if isinstance(source, bytes) else content_digest(source) for _, source in sorted(files.items())
    ]
    inputs += [content_digest(path) for path in fonts.files]
    made = key(_code(), digest(payload), *inputs, params={"files": sorted(files), "timestamp": timestamp()})
    pdf, card = entry(cache_dir, made, ".pdf", "report"), entry(cache_dir, made, ".png", "report")

    def typeset() -> tuple[bytes, bytes]:
        with tempfile.TemporaryDirectory(prefix="backbone-report-") as tmp:
            root = Path(tmp) / "root"
            _lay_out(root, payload, files)
            font_dir = Path(tmp) / "fonts"  # outside the root: the document cannot read them
            font_dir.mkdir()
            for i, path in enumerate(fonts.files):
                shutil.copyfile(path, font_dir / f"{i:02d}-{path.name}")
            return _typeset(root, font_dir, Path(tmp) / "packages", rel)

    return Compiled(pdf, card, made, ensure([pdf, card], typeset))


def _charts(data: ReportData, chart_cache: Path) -> dict[str, Path]:
    """The report's charts: the site's SVGs from the chart cache (a build drew them already).
    Missing ones (`backbone report` on a cold cache) are drawn here as SVG only, in this
    process: the slide-sized PNG beside each is the site's, and a few charts cost less than
    starting a pool of workers that each import matplotlib.

    A chart whose text has a character DejaVu Sans lacks (a partner's name in Chinese, an
    emoji) is drawn again for the report with its text as outlines: Typst refuses a PDF/A
    whose SVG text falls back to another font after a ligature ('Northfield 🎉'), and
    outlines need no font."""
    found = {}
    for name, spec in sorted(data.charts.items()):
        svg = charts.cache_path(spec, chart_cache, "svg")
        if not in_cache(svg):
            spec = dict(spec, formats=["svg"])
            svg = charts.cache_path(spec, chart_cache, "svg")
            ensure(svg, lambda spec=spec: charts.draw(spec)["svg"])
        if beyond_dejavu(" ".join(_TEXT.findall(svg.read_text(encoding="utf-8")))):
            spec = dict(spec, formats=["svg"], text="outlines")
            svg = charts.cache_path(spec, chart_cache, "svg")
            ensure(svg, lambda spec=spec: charts.draw(spec)["svg"])
        found[name] = svg
    return found


def _region(lang: str) -> str | None:
    parts = lang.replace("_", "-").split("-")
    return next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)


def _lay_out(root: Path, payload: bytes, files: dict[str, Path | bytes]) -> None:
    root.mkdir()
    for template in TEMPLATE.iterdir():
        shutil.copyfile(template, root / template.name)
    (root / "report.json").write_bytes(payload)
    for name, source in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            shutil.copyfile(source, target)


def _typeset(root: Path, font_dir: Path, packages: Path, rel: str) -> tuple[bytes, bytes]:
    import typst

    packages.mkdir()
    options = dict(
        root=str(root),
        font_paths=[str(font_dir)],
        ignore_system_fonts=True,  # the same fonts on every machine: the same file
        package_path=str(packages),  # empty: the template imports no package, and fetches nothing
        package_cache_path=str(packages),
    )
    try:
        pdf = typst.compile(
            str(root / "report.typ"), pdf_standards=STANDARDS, timestamp=timestamp(), format="pdf", **options
        )
        card = typst.compile(str(root / "card.typ"), format="png", ppi=72, **options)
    except typst.TypstError as exc:
        raise DataError([Problem(rel, 0, "", f"the report could not be typeset: {exc.message}")]) from None
    return pdf, card if isinstance(card, bytes) else card[0]
