"""One report, from the letter to the cached PDF: what the build and `backbone report` share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import images, svgsafe
from ..drawing.fonts import FONTS_DIR
from ..metrics import roi as roi_core
from ..metrics.source import ProjectFigures
from ..problems import DataError, Problem
from . import printable
from .assemble import ReportData, Sources, assemble
from .letter import Letter
from .typeset import Compiled, Fonts, choose_fonts, compile_report


@dataclass(frozen=True)
class Made:
    letter: Letter
    data: ReportData
    compiled: Compiled


def roi_of(figures: ProjectFigures | None, project):
    """The return on investment, as the impact page computes it (None without investments)."""
    if figures is None or not figures.investments:
        return None
    return roi_core.compute(project, figures.investments, figures.metrics)


def logos(project, images_cache: Path) -> dict[str, tuple[str, bytes | Path]]:
    """The brand's logos as the site publishes them: SVG cleaned, pictures without metadata."""
    ident, found = project.identity, {}
    for use, value in (("logo", ident.logo), ("logo_reversed", ident.logo_reversed)):
        if not value:
            continue
        path = project.asset(value)
        name = f"brand/{use}{path.suffix.lower()}"
        try:
            found[use] = (
                (name, svgsafe.clean(path.read_bytes()))
                if path.suffix.lower() == ".svg"
                else (name, images.published(path, images_cache))
            )
        except (svgsafe.SvgError, images.ImageError, OSError):
            continue  # the site's own checks name the file; the report goes without it
    return found


def picture_for(images_cache: Path):
    def picture(path: Path) -> Path | None:
        try:
            return images.published(path, images_cache)
        except (images.ImageError, OSError):
            return None  # the story's own checks name the file

    return picture


def fonts_of(src: Sources) -> Fonts:
    project = src.project
    return choose_fonts(project.identity.fonts.text, project.data_dir / FONTS_DIR, project.root)


def check_printable(letter: Letter, data: ReportData, src: Sources, fonts: Fonts) -> None:
    """A DataError at each line whose characters none of the report's fonts has (`backbone
    check`, which typesets nothing; a build asks only when Typst refused the report)."""
    project = src.project
    missing = printable.unprintable(data.content, fonts.files)
    if missing:
        roots = [folder for folder in (project.data_dir, src.docs_dir) if folder is not None]
        raise DataError(printable.problems(missing, data.content, fonts.chain, roots, project.root, letter.rel))


def make(letter: Letter, src: Sources, cache: Path, chart_cache: Path, images_cache: Path) -> Made:
    """The report of ``letter``: assembled, typeset (or from the cache). DataError naming the
    letter when it cannot be typeset."""
    project = src.project
    data = assemble(letter, src, logos(project, images_cache))
    fonts = fonts_of(src)
    try:
        compiled = compile_report(data, fonts, cache, chart_cache, letter.rel)
    except OSError as exc:
        raise DataError([Problem(letter.rel, 0, "", f"the report could not be written: {exc.strerror}")]) from None
    except DataError:
        # Typst names the first character no font has, and no file: each at its line instead
        check_printable(letter, data, src, fonts)
        raise
    return Made(letter, data, compiled)
