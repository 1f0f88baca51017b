"""The peer stack's charts: a plain, single-process pyplot script drawing what Backbone draws.

    python bench/peer.py <site folder>

For each metric file of a bench/scale.py site (data/metrics/*.yml): a turn-the-curve chart
(series, baseline and target, title, legend, grid) saved as an SVG and as a 1920×1080 PNG, and
a partner chart (one line per partner of the breakdown) saved as an SVG: what a team without
Backbone would run beside the blog. Prints the wall seconds it took.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml


def main() -> None:
    start = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    site = Path(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="backbone-peer-") as folder:
        draw(site, Path(folder), plt)
        print(f"{time.perf_counter() - start:.3f}")  # before the files are removed


def draw(site: Path, out: Path, plt) -> None:
    """Each metric's two charts into ``out``, as the peer stack's script would save them."""
    for path in sorted((site / "data" / "metrics").glob("*.yml")):
        metric = yaml.safe_load(path.read_text(encoding="utf-8"))
        periods = [point["period"] for point in metric["series"]]
        values = [point["value"] for point in metric["series"]]
        fig, ax = plt.subplots(figsize=(8, 4.5))
        ax.plot(periods, values, marker="o", label=metric["title"])
        ax.axhline(metric["baseline"]["value"], linestyle=":", label="Baseline")
        ax.axhline(metric["target"]["value"], linestyle="--", label="Target")
        ax.set_title(metric["title"])
        ax.set_ylabel(metric["unit"])
        ax.set_xticks(periods[::4])
        ax.grid(True, alpha=0.3)
        ax.legend()
        fig.savefig(out / f"{path.stem}.svg")
        fig.savefig(out / f"{path.stem}-1920x1080.png", dpi=240)  # 8×4.5 in at 240 dpi
        plt.close(fig)
        fig, ax = plt.subplots(figsize=(8, 4.5))
        for partner, points in metric.get("breakdown", {}).items():
            ax.plot([p["period"] for p in points], [p["value"] for p in points], label=partner)
        ax.set_title(f"{metric['title']} by partner")
        ax.set_xticks(periods[::4])
        ax.legend(fontsize="small")
        fig.savefig(out / f"{path.stem}-partners.svg")
        plt.close(fig)


if __name__ == "__main__":
    main()
