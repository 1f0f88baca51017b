"""MkDocs' listing of the theme's static files, found once a process while the theme's
folders hold the same names (adapters/themefiles.py)."""

from __future__ import annotations

from jinja2 import Environment
from support import own_process


def test_the_theme_files_are_matched_once_and_a_file_added_is_found(minimal, monkeypatch, tmp_path):
    matched = []
    list_templates = Environment.list_templates

    def counted(env, extensions=None, filter_func=None):
        matched.append(filter_func is not None)
        return list_templates(env, extensions, filter_func)

    monkeypatch.setattr(Environment, "list_templates", counted)
    minimal.edit("site_config.yml", lambda d: d["theme"].update(custom_dir="overrides"))
    minimal.write("overrides/main.html", '{% extends "base.html" %}\n')
    sites = []
    for n in range(2):
        with own_process():  # new plugin instances, as in `mkdocs build` after another
            built = minimal.build(site_dir=tmp_path / f"site{n}")
        assert built.error is None, built.error
        sites.append(built.site)
    assert matched == [True], "the second build took the first one's answer"
    assert sorted(p.relative_to(sites[0]).as_posix() for p in (sites[0] / "assets").rglob("*.js")) == sorted(
        p.relative_to(sites[1]).as_posix() for p in (sites[1] / "assets").rglob("*.js")
    )
    minimal.write("overrides/assets/extra.txt", "added while previewing\n")
    with own_process():
        again = minimal.build(site_dir=tmp_path / "again")
    assert again.error is None, again.error
    assert matched == [True, True]
    assert (again.site / "assets" / "extra.txt").read_text(encoding="utf-8") == "added while previewing\n"
    assert not (sites[1] / "assets" / "extra.txt").exists()


def test_another_listing_of_the_theme_is_answered_as_jinja_answers_it(minimal):
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from backbone.adapters.identity import use_packaged_theme
    from backbone.adapters.themeenv import share_between_builds

    config = load_config(str(minimal.path("site_config.yml")))
    use_packaged_theme(config)
    share_between_builds(config)
    env = config.theme.get_env()
    static = Files([])
    static.add_files_from_theme(env, config)  # MkDocs' listing, kept
    assert static.css_files() and not any(f.src_uri.endswith(".html") for f in static)

    def templates(name):
        return name.endswith(".html")

    listed = env.list_templates(filter_func=templates)
    assert "main.html" in listed and listed == Environment.list_templates(env, None, templates)
