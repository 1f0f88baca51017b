"""Which pages each proof check runs on: adding a page to a check is one line here.

Paths are site paths as a reader types them after the site's address ("" is the home
page, "partners/" the partner directory). Every path listed in a CHECKED list must exist
in the built demo site, or the check fails: nothing here is skipped.
"""

from __future__ import annotations

# Pages opened in headless Chromium at each width: console errors, failed requests,
# horizontal overflow, screenshots, copy buttons, downloads, and axe-core.
BROWSER_PAGES: list[str] = [
    "",  # home
    "about/",
    "partners/",
    "partners/city-of-riverbend/",  # a partner page
    "governance/",
    "brand/",  # brand kit: copy-text buttons and logo downloads
    "scorecard/",
    "metrics/",
    "metrics/jobs-placed/",  # a metric: charts, tables, downloads
    "impact/",
    "stories/",
    "stories/night-bus-to-eastgate/",  # a story: share links, copy-link, kit downloads
    "stories/tags/employers/",
    "newsletter/",
    "learning/",
    "learning/actions/",
    "learning/2025-03-winter-hiring-after-action-review/",  # a learning review
    "voices/",
    "feeds/",
    "404.html",
]

# Built files checked by the Nu HTML Checker: every browser page, plus any other
# HTML the site ships (emails, embeds). Globs are relative to the site folder.
VNU_PAGES: list[str] = list(BROWSER_PAGES)
VNU_GLOBS: list[str] = ["stories/*/email.html", "newsletter/*/email.html"]

# Pages whose copy buttons ([data-copy-target], [data-copy-text]) are clicked, with the
# least number of buttons each must carry (so the check cannot pass on an empty page).
COPY_BUTTON_PAGES: dict[str, int] = {
    "brand/": 3,  # the short, medium and long boilerplate
    "stories/night-bus-to-eastgate/": 2,  # copy link, embed snippet
    "feeds/": 3,  # a feed's three addresses
}

# Pages whose download links (a[download], and links to charts/data files) are fetched
# through the browser, with the least number each must carry.
DOWNLOAD_PAGES: dict[str, int] = {
    "brand/": 2,  # the logo and the mark
    "metrics/jobs-placed/": 3,  # the chart as SVG and as a slide PNG, the data as CSV
    "stories/night-bus-to-eastgate/": 2,  # the social card and the slide
}

# Pages of the long-names partnership (tests/fixtures/longnames) opened at each width: every
# table and sentence where a long official name or a figure in pounds lands, and the story whose
# picture arrives late (layout shift).
LONGNAMES_PAGES: list[str] = [
    "partners/newcastle-hospitals/",  # its contributions, its actions, what it does and gets
    "about/",  # an author's own wide Markdown table: it scrolls, named, on a phone
    "governance/",
    "metrics/income-gained/",  # pounds, a recorded gap, a partner breakdown
    "impact/",
    "stories/advice-before-arrears/",
    "learning/actions/",
    "learning/2024-12-referrals-review/",
    "voices/",
]

WIDTHS: list[int] = [1280, 390]


def url_of(path: str) -> str:
    """The site path → the file a static server sends for it."""
    return path + "index.html" if path == "" or path.endswith("/") else path
