"""The notes of a release: its section of CHANGELOG.md, for the GitHub release.

    python scripts/release_notes.py 0.3.0     the '## [0.3.0] - date' section, without its heading
    python scripts/release_notes.py --version  __version__ of plugins/backbone/__init__.py

Exits 1 when the changelog has no section for the version, so a release cannot go out with
its changes unwritten.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    """The one source of the version, read without importing Backbone."""
    text = (ROOT / "plugins/backbone/__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def notes(changelog: str, wanted: str) -> str | None:
    """The body of the ``## [wanted]`` section, or None when there is none."""
    match = re.search(rf"^## \[{re.escape(wanted)}\][^\n]*\n(.*?)(?=^## \[|\Z)", changelog, re.M | re.S)
    return match.group(1).strip() + "\n" if match else None


def main(argv: list[str]) -> int:
    if argv == ["--version"]:
        print(version())
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = notes((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), argv[0])
    if found is None:
        print(f"CHANGELOG.md has no '## [{argv[0]}]' section: write the release's changes first", file=sys.stderr)
        return 1
    sys.stdout.write(found)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
