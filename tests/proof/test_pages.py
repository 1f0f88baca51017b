"""The page table in pages.py matches the built demo site: nothing listed is silently skipped."""

from __future__ import annotations

import pytest
from pages import BROWSER_PAGES, COPY_BUTTON_PAGES, DOWNLOAD_PAGES, VNU_GLOBS, VNU_PAGES, url_of

CHECKED = sorted(set(BROWSER_PAGES + VNU_PAGES + list(COPY_BUTTON_PAGES) + list(DOWNLOAD_PAGES)))


@pytest.mark.parametrize("path", CHECKED)
def test_every_checked_page_is_built(demo_site, path):
    assert (demo_site.site / url_of(path)).is_file(), f"pages.py lists '{path}' but the demo site has no {url_of(path)}"


def test_every_checked_glob_matches_files(demo_site):
    # One test over the list (not parametrized) so that an empty list is not a skip.
    empty = [glob for glob in VNU_GLOBS if not list(demo_site.site.glob(glob))]
    assert not empty, f"pages.py VNU_GLOBS lists {empty} but no built file matches them"
