"""Benchmark: publish phone photos at the web's widths, cold then warm.

    python bench/pictures.py [--pictures 20] [--workers 0]

Generates photo-like JPEGs of a 12-megapixel phone (4000 × 3000, grain and gradients, about
3 MB each), then times ``renditions.plan`` + ``ensure`` on an empty cache (every copy encoded,
in the drawing pool) and again on the filled cache (a warm build: each picture read and
hashed, its header opened, its copies found). Prints wall time per picture, the bytes of the
original against the bytes a 390-px phone and a 1280-px laptop fetch (WebP), and the
largest file published.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from backbone import renditions  # noqa: E402

SIZE = (4000, 3000)


def photo(path: Path, seed: int) -> None:
    """Shapes with soft edges, gradients and a camera's grain: about what a phone writes."""
    shapes = Image.effect_mandelbrot(SIZE, (-2.2 + seed / 50, -1.2, 1.0, 1.2), 60).filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise(SIZE, 12)
    gradient = Image.linear_gradient("L").resize(SIZE)
    layers = [shapes, Image.blend(gradient, grain, 0.2), Image.radial_gradient("L").resize(SIZE)]
    Image.merge("RGB", layers[seed % 3 :] + layers[: seed % 3]).save(path, quality=92)


def planned(folder: Path, cache: Path) -> list[renditions.Picture]:
    return [
        renditions.plan(f"stories/images/{path.name}", path, hashlib.sha256(path.read_bytes()).hexdigest(), cache)
        for path in sorted(folder.glob("*.jpg"))
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pictures", type=int, default=20)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "photos", Path(tmp) / "cache"
        folder.mkdir()
        for i in range(args.pictures):
            photo(folder / f"photo-{i:03d}.jpg", i)
        original = sum(p.stat().st_size for p in folder.glob("*.jpg")) / args.pictures
        timings = {}
        for run in ("cold", "warm"):
            start = time.perf_counter()
            pictures = planned(folder, cache)
            failed, encoded = renditions.ensure(pictures, args.workers)
            timings[run] = (time.perf_counter() - start) / args.pictures
            assert not failed, failed
            print(f"{run}: {timings[run] * 1000:7.1f} ms a picture ({encoded} of {args.pictures} encoded)")
        kept = [renditions.lighter(p) for p in pictures]
        webp = sum(bool(p.webp) for p in kept)
        phone = sum(_fetched(p, 480) for p in kept) / len(kept)
        laptop = sum(_fetched(p, 840) for p in kept) / len(kept)
        largest = max(Path(c.entry).stat().st_size for p in kept for c in p.copies())
        print(
            f"original {original / 1e6:.2f} MB; a phone at 1x fetches {phone / 1e3:.0f} KB, a laptop at 1x "
            f"{laptop / 1e3:.0f} KB; largest file published {largest / 1e3:.0f} KB; WebP kept for {webp} of {len(kept)}"
        )


def _fetched(picture: renditions.Picture, width: int) -> int:
    """The bytes of the copy a browser reading WebP fetches for ``width`` device pixels."""
    copies = picture.webp or picture.own
    return Path(next((c for c in copies if c.width >= width), copies[-1]).entry).stat().st_size


if __name__ == "__main__":
    main()
