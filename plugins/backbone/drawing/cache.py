"""Cards in the cache: named by the digest of everything that shapes their pixels (the drawing
code below among it), the missing ones drawn in the drawing pool. Story cards and preview cards
(``backbone.previews.cards``) are cached and drawn alike."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from .. import svgsafe, textfit
from ..background import draw_all
from ..memo import code_digest, in_cache, write_atomic

CARDS_A_JOB = 16


def drawing_code() -> str:
    """This package's code (the SVG cleaning and text fitting included), Pillow's and resvg's
    versions: a change to any redraws every cached card."""
    files = sorted(Path(__file__).parent.glob("*.py")) + [Path(svgsafe.__file__), Path(textfit.__file__)]
    return code_digest(*map(str, files), packages=("pillow", "resvg_py"))


def cached_path(cache_dir: Path, spec, prefix: str = "") -> Path:
    return Path(cache_dir) / f"{prefix}{spec.kind}-{spec.digest()}.png"


def _draw_to(args: tuple[Callable, object, str]) -> str:
    draw_card, spec, target = args
    write_atomic(target, draw_card(spec), readonly=True)  # a half-written card never lands in the cache
    return target


def ensure(
    specs: list,
    cache_dir: Path,
    draw_card: Callable,
    workers: int = 0,
    prefix: str = "",
    chunksize: int = CARDS_A_JOB,
) -> tuple[list[Path], int]:
    """The cached PNG of each spec, drawing the missing ones with ``draw_card`` (a module-level
    function, so that worker processes can take it); returns (paths, number drawn)."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = [cached_path(cache_dir, s, prefix) for s in specs]
    missing = {str(p): s for p, s in zip(paths, specs) if not in_cache(p)}
    jobs = sorted(((draw_card, s, p) for p, s in missing.items()), key=lambda job: job[2])
    workers = workers or min(os.cpu_count() or 1, 8)
    # big enough jobs that handing over costs little, small enough that no worker waits long
    # for the last one; a few cards are drawn sooner here than a worker can start
    draw_all(_draw_to, jobs, workers if len(jobs) >= 4 else 1, chunksize=chunksize)
    return paths, len(jobs)
