"""Re-make Backbone's vendored copy of Decap CMS from the npm registry, and check it.

    python scripts/vendor_decap.py            # fetch the pinned version, compare with vendor/SHA256SUMS
    python scripts/vendor_decap.py --write    # replace the vendored files (after changing VERSION)

Decap CMS ships as the npm package ``decap-cms``: ``dist/decap-cms.js`` is one bundle with React
inside, plus the chunks it loads on demand (code highlighting, the WebP encoder of uploads).
Backbone ships them in its wheel (plugins/backbone/cms/vendor/) so a site's CI needs no npm,
and the build copies them into the site's admin/ folder, so the admin page loads nothing
from a CDN. ``npm pack`` checks the package against the registry's integrity hash; this
script then checks every file against the sha256 recorded in vendor/SHA256SUMS.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "plugins" / "backbone" / "cms" / "vendor"
PACKAGE = "decap-cms"
VERSION = "3.16.3"  # keep backbone.cms.admin.DECAP_VERSION the same
# What the site needs from dist/: the bundle, its chunks and wasm, and the licences of what
# the bundle contains (source maps are left out).
WANTED = re.compile(r"decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(into: Path) -> Path:
    """The package's dist/ folder, unpacked into ``into`` by npm (which checks its integrity)."""
    run = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(into), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        sys.exit(f"npm pack {PACKAGE}@{VERSION} failed:\n{run.stderr}")
    tarball = into / run.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="data")
    return into / "package" / "dist"


def recorded() -> dict[str, str]:
    sums = VENDOR / "SHA256SUMS"
    if not sums.is_file():
        return {}
    return {name: digest for digest, name in (line.split("  ", 1) for line in sums.read_text().splitlines() if line)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="replace the vendored files and SHA256SUMS")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        dist = fetch(Path(tmp))
        fetched = {p.name: sha256(p) for p in sorted(dist.iterdir()) if WANTED.fullmatch(p.name)}
        if args.write:
            for old in VENDOR.iterdir():
                if WANTED.fullmatch(old.name):
                    old.unlink()
            for name in fetched:
                shutil.copyfile(dist / name, VENDOR / name)
            lines = [f"{digest}  {name}" for name, digest in sorted(fetched.items())]
            (VENDOR / "SHA256SUMS").write_text("\n".join(lines) + "\n")
            (VENDOR / "VERSION").write_text(f"{PACKAGE}@{VERSION}\n")
            print(f"Wrote {len(fetched)} files of {PACKAGE}@{VERSION} into {VENDOR.relative_to(ROOT)}")
            return 0
    expected = recorded()
    here = {p.name: sha256(p) for p in sorted(VENDOR.iterdir()) if WANTED.fullmatch(p.name)}
    wrong = sorted(n for n in expected.keys() | fetched.keys() if expected.get(n) != fetched.get(n))
    stale = sorted(n for n in expected.keys() | here.keys() if expected.get(n) != here.get(n))
    for name in wrong:
        print(f"{name}: the registry's {PACKAGE}@{VERSION} differs from SHA256SUMS", file=sys.stderr)
    for name in stale:
        print(f"{name}: the vendored file differs from SHA256SUMS", file=sys.stderr)
    if wrong or stale:
        return 1
    print(f"{len(expected)} files of {PACKAGE}@{VERSION}: the registry, SHA256SUMS and the vendored copy agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
