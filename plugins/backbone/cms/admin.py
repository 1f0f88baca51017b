"""The files of the site's ``admin/`` folder: the editor's page, its configuration, Decap CMS
itself (vendored, never from a CDN), the previews' script and the figures they show.

The page's Content-Security-Policy lets it reach the site and the origins the backend needs
(``config.allowed_hosts``) and nothing else: the editor sends no request off the site but to
the backend and its sign-in server, whatever a value typed into a form contains.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .config import allowed_hosts, to_yaml
from .labels import N_, Labels

FOLDER = "admin"
DECAP_VERSION = "3.16.3"  # plugins/backbone/cms/vendor/VERSION; scripts/vendor_decap.py re-makes it
VENDOR = Path(str(resources.files("backbone.cms"))) / "vendor"
OWN = Path(str(resources.files("backbone.cms"))) / "admin"
# vendored files that are not the editor (its licence travels with it: decap-cms.js.LICENSE.txt)
NOT_SERVED = {"SHA256SUMS", "VERSION"}
SITE_FACTS = f"{FOLDER}/site.json"


# The words of the previews (admin/preview.js), translated with the rest of the editor.
PREVIEW_WORDS = {
    "key_figures": N_("Key figures"),
    "latest": N_("Latest"),
    "no_figure": N_("No figure yet"),
    "missing": N_("no figure"),
    "unknown_claim": N_("This figure shows once the site is rebuilt"),
    "preview": N_("Preview"),
    "problems": N_("The site does not build until these are fixed (each says where and how):"),
}


@dataclass(frozen=True)
class AdminFile:
    dest: str  # path in the site: 'admin/config.yml'
    content: str | bytes | None = None
    source: Path | None = None


def admin_files(
    config: dict[str, Any],
    *,
    title: str,
    language: str,
    styles: list[str],
    figures: dict[str, Any],
    kinds: dict[str, str],
    t: Labels,
    icon: str | None = None,
) -> list[AdminFile]:
    """Every file of admin/: ``styles`` are the site's stylesheets (from admin/) the previews
    load, ``figures`` the key figures a story's preview shows, by claim, ``kinds`` the names of
    the kinds of review, ``icon`` the site's favicon (from admin/)."""
    page = index_html(config, title=title, language=language, icon=icon)
    facts = {
        "styles": styles,
        "figures": figures,
        "kinds": {key: t(name) for key, name in kinds.items()},
        "words": {key: t(text) for key, text in PREVIEW_WORDS.items()},
        "language": language,
    }
    files = [
        AdminFile(f"{FOLDER}/index.html", page),
        AdminFile(f"{FOLDER}/config.yml", to_yaml(config)),
        AdminFile(SITE_FACTS, site_facts(facts)),
    ]
    files += [AdminFile(f"{FOLDER}/{p.name}", source=p) for p in sorted(OWN.iterdir()) if p.suffix in (".js", ".css")]
    files += [AdminFile(f"{FOLDER}/{p.name}", source=p) for p in sorted(VENDOR.iterdir()) if p.name not in NOT_SERVED]
    return files


def with_problems(item: AdminFile, problems: list[str]) -> AdminFile:
    """site.json with the build's problems, which every preview then lists (`mkdocs serve`)."""
    return AdminFile(item.dest, site_facts({**json.loads(item.content), "problems": problems}))


def site_facts(facts: dict[str, Any]) -> str:
    """The facts the previews read (admin/site.json): data, never script."""
    return json.dumps(facts, sort_keys=True, ensure_ascii=True)


def csp(config: dict[str, Any]) -> str:
    """The admin page's Content-Security-Policy. Decap needs 'unsafe-eval' (its configuration
    check compiles a JSON schema) and inline styles (its components' CSS)."""
    others = " ".join(allowed_hosts(config))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"connect-src 'self' blob: data: {others}".rstrip(),
            f"img-src 'self' blob: data: {others}".rstrip(),
            "media-src 'self' blob: data:",
            "font-src 'self' data:",
            "frame-src 'self' blob:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


def index_html(config: dict[str, Any], *, title: str, language: str, icon: str | None = None) -> str:
    # No inline script: the policy allows none (so `mkdocs serve` cannot reload the editor
    # under an editor's hands: its live-reload script is inline).
    icon = f'<link rel="icon" href="{html.escape(icon)}">\n' if icon else ""
    return f"""<!doctype html>
<html lang="{html.escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp(config))}">
<title>{html.escape(title)}</title>
{icon}</head>
<body>
<script src="decap-cms.js"></script>
<script src="preview.js"></script>
</body>
</html>
"""
