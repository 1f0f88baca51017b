"""Take the screenshots of docs/editing.md: each form of the browser editor, and what an editor
sees when the preview refuses a change.

    python scripts/editor_screenshots.py     # writes docs/screenshots/editor-*.png

Runs `backbone edit` (the preview and decap-server, on 127.0.0.1) on a copy of the demo in a
temporary folder, and Debian's /usr/bin/chromium through playwright; nothing is downloaded and
the repository's own files are not changed. Needs `npm ci` (decap-server) in the repository.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from backbone.cms.edit import start  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
FORMS = {  # file name: (the editor's address, what shows once it has loaded)
    "editor-collections": ("#/collections/stories", "The night bus that filled the late shift"),
    "editor-story": ("#/collections/stories/entries/night-bus-to-eastgate", "Principle it shows"),
    "editor-new-story": ("#/collections/stories/new", "Title"),
    "editor-review": ("#/collections/reviews/entries/2025-06-transit-pass-premortem", "Kind of review"),
    "editor-page": ("#/collections/pages/entries/about", "About Riverbend Works"),
    "editor-metric": ("#/collections/metrics/entries/jobs-placed", "Question it answers"),
    "editor-partners": ("#/collections/partners/entries/partners", "City of Riverbend"),
    "editor-governance": ("#/collections/governance/entries/governance", "Bodies"),
    "editor-identity": ("#/collections/identity/entries/identity", "Colours"),
    "editor-investments": ("#/collections/investments/entries/investments", "Contributions"),
    "editor-voices": ("#/collections/voices/entries/voices", "Quotes"),
}


def demo_copy(folder: Path) -> Path:
    root = folder / "site"
    for name in ("content", "data"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site_config.yml", root)
    if (ROOT / ".cache" / "backbone").is_dir():
        shutil.copytree(ROOT / ".cache" / "backbone", root / ".cache" / "backbone")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    return root


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = demo_copy(Path(tmp))
        session = start(root / "site_config.yml", quiet=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(session.admin_url)
                page.get_by_role("button", name="Login").click()
                page.get_by_text("Stories").first.wait_for()
                for name, (address, shown) in FORMS.items():
                    page.goto(session.admin_url + address)
                    page.reload()
                    page.get_by_text(shown).first.wait_for(state="attached")
                    time.sleep(1.5)  # the previews' stylesheets and pictures
                    page.screenshot(path=OUT / f"{name}.png")
                    print(f"wrote docs/screenshots/{name}.png")
                refused(page, session, root)
                browser.close()
        finally:
            session.stop()
    return 0


def refused(page, session, root: Path) -> None:
    """A partner's id typed with capitals and a space: what the preview and the editor show."""
    partners = root / "data" / "partners.yml"
    partners.write_text(
        partners.read_text(encoding="utf-8").replace("id: open-door-youth", "id: Open Door Youth", 1),
        encoding="utf-8",
    )
    site = session.admin_url.removesuffix("admin/")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the preview rebuilds, and lists the problems on every page
        page.goto(site)
        if page.locator(".bb-problems").count():
            break
        time.sleep(2)
    page.screenshot(path=OUT / "editor-refused-preview.png")
    print("wrote docs/screenshots/editor-refused-preview.png")
    page.goto(session.admin_url + "#/collections/stories/entries/night-bus-to-eastgate")
    page.reload()
    page.frame_locator("#preview-pane").locator(".bb-problems").wait_for()
    time.sleep(1)
    page.screenshot(path=OUT / "editor-refused.png")
    print("wrote docs/screenshots/editor-refused.png")


if __name__ == "__main__":
    sys.exit(main())
