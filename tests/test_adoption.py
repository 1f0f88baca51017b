"""A second partnership adopts Backbone: the theme in the package."""

from __future__ import annotations

from pathlib import Path


from support import FIXTURES, make_project


def test_the_sites_own_custom_dir_wins_over_the_packaged_theme(tmp_path):
    project = make_project(tmp_path, FIXTURES / "minimal")
    project.write("overrides/partials/copyright.html", '<div class="md-copyright">Our own footer</div>\n')
    project.edit("site_config.yml", lambda c: c["theme"].update(custom_dir="overrides"))
    built = project.build()
    assert built.error is None, built.error
    footer = built.html("index.html").select_one(".md-copyright")
    assert footer.get_text(strip=True) == "Our own footer"
    # the rest of the packaged theme is still there below it: the home template
    assert built.html("index.html").select_one(".bb-hero .bb-hero__purpose")
