"""Take the README's screenshots of the demo site with headless Chromium.

    python scripts/screenshots.py            # builds the demo, serves it on 127.0.0.1, writes docs/screenshots/

Uses Debian's /usr/bin/chromium (installed by .ci/install); nothing is downloaded.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PAGES = {  # file name: (path, width, height)
    "home": ("", 1280, 900),
    "scorecard": ("scorecard/", 1280, 1300),
    "metric": ("metrics/jobs-placed/", 1280, 1400),
    "story": ("stories/night-bus-to-eastgate/", 1280, 1500),
    "story-phone": ("stories/night-bus-to-eastgate/", 390, 1400),
    "governance": ("governance/", 1280, 1200),
    "brand": ("brand/", 1280, 1300),
    "learning": ("learning/", 1280, 1100),
}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--no-first-run",
]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no request log on the terminal
        pass


def main() -> int:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "site_config.yml"), "-d", str(site)],
            check=True,
            env=env,
        )
        handler = functools.partial(Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        OUT.mkdir(parents=True, exist_ok=True)
        try:
            for name, (path, width, height) in PAGES.items():
                url = f"http://127.0.0.1:{server.server_port}/{path}"
                target = OUT / f"{name}.png"
                subprocess.run(
                    [
                        chromium,
                        *FLAGS,
                        f"--user-data-dir={tmp}/profile",
                        f"--window-size={width},{height}",
                        f"--screenshot={target}",
                        url,
                    ],
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
                print(f"{target.relative_to(ROOT)}  ← {url}")
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
