"""The page table in pages.py matches the built demo site: nothing listed is silently skipped."""

from __future__ import annotations

import pytest
from pages import (AWAITING, AWAITING_GLOBS, AXE_PAGES, BROWSER_PAGES, COPY_BUTTON_PAGES,
                   DOWNLOAD_PAGES, VNU_GLOBS, VNU_PAGES, url_of)

CHECKED = sorted(set(BROWSER_PAGES + AXE_PAGES + VNU_PAGES + list(COPY_BUTTON_PAGES) + list(DOWNLOAD_PAGES)))


@pytest.mark.parametrize("path", CHECKED)
def test_every_checked_page_is_built(demo_site, path):
    assert (demo_site.site / url_of(path)).is_file(), f"pages.py lists '{path}' but the demo site has no {url_of(path)}"


def test_every_checked_glob_matches_files(demo_site):
    # One test over the list (not parametrized) so that an empty list is not a skip.
    empty = [glob for glob in VNU_GLOBS if not list(demo_site.site.glob(glob))]
    assert not empty, f"pages.py VNU_GLOBS lists {empty} but no built file matches them"


@pytest.mark.parametrize("path", sorted(AWAITING))
def test_awaiting_pages_are_not_built_yet(demo_site, path):
    assert not (demo_site.site / url_of(path)).is_file(), (
        f"'{path}' is built now ({AWAITING[path]} has landed): move it from AWAITING in "
        f"tests/proof/pages.py into the checked lists (BROWSER_PAGES, and COPY_BUTTON_PAGES/"
        f"DOWNLOAD_PAGES where it has copy buttons or downloads)"
    )


@pytest.mark.parametrize("glob", sorted(AWAITING_GLOBS))
def test_awaiting_globs_match_nothing_yet(demo_site, glob):
    assert not list(demo_site.site.glob(glob)), (
        f"'{glob}' matches built files now ({AWAITING_GLOBS[glob]} has landed): move it from "
        f"AWAITING_GLOBS into VNU_GLOBS in tests/proof/pages.py"
    )
