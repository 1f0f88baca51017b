"""Cards in the cache: named by the key of everything that shapes their pixels (the drawing
code below among it), the missing ones drawn in the drawing pool (``memo.ensure_all``). Story
cards and preview cards (``backbone.previews.cards``) are cached and drawn alike."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from .. import memo, svgsafe, textfit

CARDS_A_JOB = 16
# Fewer cards than this are drawn here: a worker's start and first fonts cost more than they
# would take (bench/HISTORY.md, 2026-12-07).
HERE_BELOW = 24


@lru_cache(maxsize=1)
def drawing_code() -> str:
    """This package's code (the SVG cleaning and text fitting included), Pillow's and resvg's
    versions: a change to any redraws every cached card."""
    files = sorted(Path(__file__).parent.glob("*.py")) + [Path(svgsafe.__file__), Path(textfit.__file__)]
    return memo.code_digest(*map(str, files), packages=("pillow", "resvg_py"))


def ensure(
    specs: list,
    cache_dir: Path,
    draw_card: Callable,
    workers: int = 0,
    prefix: str = "",
    chunksize: int = CARDS_A_JOB,
) -> tuple[list[Path], int]:
    """The cached PNG of each spec (named by ``spec.digest()``), drawing the missing ones with
    ``draw_card`` (a module-level function, so that worker processes can take it); returns
    (paths, number drawn). Big enough jobs that handing over costs little, small enough that no
    worker waits long for the last one; a few cards are drawn sooner here than a worker starts."""
    paths = [memo.entry(cache_dir, s.digest(), ".png", f"{prefix}-{s.kind}" if prefix else s.kind) for s in specs]
    wanted = dict(zip(paths, specs))  # two stories with the same card: drawn once
    jobs = [([path], wanted[path]) for path in sorted(wanted)]
    return paths, len(memo.ensure_all(jobs, draw_card, workers, here_below=HERE_BELOW, chunksize=chunksize))
