"""Benchmark a site in two languages against its default language alone (not a test).

    python bench/bilingual.py [--runs 3]

Copies examples/bilingual (English at /, Spanish at /es/) into a temporary folder and times
`mkdocs build` in fresh processes: the whole site, and its English half alone (the same build
with the other languages' builds left out), each cold (empty cache: every chart and card drawn)
and warm (nothing changed). Each row is the best of ``--runs`` runs, in seconds of wall-clock
time; the last two lines say what the second language added.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from timing import ROOT, timed

EXAMPLE = ROOT / "examples" / "bilingual"
# The English half: the same build, the builds of the other languages left out.
ENGLISH_ONLY = (
    "import sys, backbone.adapters.plugin as p; p.build_other_languages = lambda *a, **k: None; "
    "from mkdocs.__main__ import cli; sys.argv = ['mkdocs'] + sys.argv[1:]; cli()"
)
EVERY_LANGUAGE = "import sys; from mkdocs.__main__ import cli; sys.argv = ['mkdocs'] + sys.argv[1:]; cli()"


def run(project: Path, code: str) -> float:
    return timed("-c", code, "build", "-q", "--strict", "-f", str(project / "site_config.yml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "bilingual"
        shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".cache", "site"))
        for _ in range(args.runs):
            for half, code in (("English only", ENGLISH_ONLY), ("English and Spanish", EVERY_LANGUAGE)):
                shutil.rmtree(project / ".cache", ignore_errors=True)
                rows.setdefault((half, "cold"), []).append(run(project, code))
                rows.setdefault((half, "warm"), []).append(run(project, code))
    print(f"examples/bilingual, best of {args.runs}, seconds")
    print(f"  {'':<22}{'cold':>8}{'warm':>8}")
    for half in ("English only", "English and Spanish"):
        print(f"  {half:<22}{min(rows[(half, 'cold')]):8.2f}{min(rows[(half, 'warm')]):8.2f}")
    for state in ("cold", "warm"):
        one, two = min(rows[("English only", state)]), min(rows[("English and Spanish", state)])
        print(f"  the second language, {state}: {two - one:+.2f} s ({two / one:.2f}×)")


if __name__ == "__main__":
    main()
