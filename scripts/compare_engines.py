"""Build the demo with MkDocs and with ProperDocs (a maintained fork of MkDocs 1.x) and compare
the two sites file by file: the canary for the day MkDocs 1.x or Material stops being patched.

    python scripts/compare_engines.py [--config site_config.yml] [--keep DIR]

Both builds run with --strict, the same SOURCE_DATE_EPOCH and the same cache. The one
difference expected is each engine naming itself in the generator tag of every page
(<meta name="generator" content="mkdocs-1.6.1, …">), which is compared without the engine's
name and version. Prints every other difference and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = re.compile(rb'(<meta name="generator" content=")(?:mkdocs|properdocs)-[^,"]+')


def build(engine: str, config: Path, site: Path, epoch: str) -> None:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": epoch,
    }
    command = [sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(site)]
    run = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, env=env)
    if run.returncode != 0:
        sys.exit(f"{engine} build failed:\n{run.stderr[-4000:]}")


def files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    return ENGINE.sub(rb"\1<engine>", data) if path.suffix == ".html" else data


def compare(a: Path, b: Path) -> list[str]:
    """Every difference between the sites ``a`` (MkDocs) and ``b`` (ProperDocs)."""
    left, right = files(a), files(b)
    found = [f"only MkDocs wrote {rel}" for rel in sorted(left.keys() - right.keys())]
    found += [f"only ProperDocs wrote {rel}" for rel in sorted(right.keys() - left.keys())]
    for rel in sorted(left.keys() & right.keys()):
        x, y = normalised(left[rel]), normalised(right[rel])
        if x == y:
            continue
        try:
            diff = difflib.unified_diff(x.decode().splitlines(), y.decode().splitlines(), "mkdocs", "properdocs", n=0)
            found.append(f"{rel} differs:\n" + "\n".join(list(diff)[2:12]))
        except UnicodeDecodeError:
            found.append(f"{rel} differs ({len(x):,} and {len(y):,} bytes)")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=str(ROOT / "site_config.yml"))
    parser.add_argument("--keep", help="build into this folder (mkdocs/ and properdocs/) and keep it")
    args = parser.parse_args()
    config = Path(args.config).resolve()
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="engines-"))
    try:
        epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))  # one build date for both
        build("mkdocs", config, out / "mkdocs", epoch)
        build("properdocs", config, out / "properdocs", epoch)
        differences = compare(out / "mkdocs", out / "properdocs")
        pages = sum(1 for _ in (out / "mkdocs").rglob("*.html"))
        for difference in differences:
            print(difference)
        total = len(files(out / "mkdocs"))
        if differences:
            print(f"{len(differences)} differences between MkDocs and ProperDocs over {total} files.")
            return 1
        print(f"MkDocs and ProperDocs built the same {total} files ({pages} pages), but for the generator tag.")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
