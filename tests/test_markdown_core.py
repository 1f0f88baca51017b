"""The core's Markdown rendering (render/markdown.py) gives what MkDocs' own render gives a page
with the same configuration: HTML, links resolved, the table of contents and the title; and a
link to a generated page resolves in both forms authors write."""

from __future__ import annotations

from types import MappingProxyType

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from backbone import kept
from backbone.render import markdown
from backbone.render.markdown import MarkdownSetup, render, resolve, toc_tokens
from backbone.render.markdown import SiteFiles as CoreFiles

TEXT = """# The *night* bus [^1]

Read [about us](../about.md#who), see [home](../index.md), [the city](../partners/city.md)
and ![a bus](images/bus.png "The bus"), [elsewhere](https://example.org/x.md) and
[here](#top), [a route](../routes/) and [mail](mailto:a@b.org).

## Where it goes {: #where }

| Stop | Time |
|---|---|
| Eastgate | 23:10 |

```python
print("[not a link](x.md)")
```

[^1]: Since 2024.
"""


def _site(tmp_path, directory_urls: bool):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions: [attr_list, footnotes, tables, {toc: {permalink: true}}]\n"
        f"use_directory_urls: {str(directory_urls).lower()}\n"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    uris = ("index.md", "about.md", "partners/city.md", "stories/bus.md", "stories/images/bus.png")
    files = Files([File(uri, str(tmp_path / "docs"), str(tmp_path / "site"), directory_urls) for uri in uris])
    return config, files


def test_the_core_renders_as_mkdocs_renders(tmp_path):
    for directory_urls in (True, False):
        config, files = _site(tmp_path, directory_urls)
        story = files.get_file_from_path("stories/bus.md")
        page = Page(None, story, config)
        page.markdown = TEXT
        page.render(config, files)
        setup = MarkdownSetup(tuple(config.markdown_extensions), MappingProxyType(dict(config.mdx_configs)))
        site = CoreFiles({f.src_uri: f.url for f in files}, directory_urls)
        core = render(TEXT, story.src_uri, story.url, setup, site)
        assert core.html == page.content
        assert [str(item) for item in get_toc(toc_tokens(core.toc))] == [str(item) for item in page.toc]
        assert core.title == page._title_from_render == "The night bus"
        assert core.broken == ()


def test_generated_pages_in_both_forms_and_what_is_broken():
    site = CoreFiles({"partners/city.md": "partners/city/", "index.md": "./", "a/index.md": "a/"})
    assert resolve("../partners/city/index.md", "stories/x.md", "stories/x/", site) == ("../../partners/city/", None)
    assert resolve("../partners/city.md#who", "stories/x.md", "stories/x/", site) == ("../../partners/city/#who", None)
    assert resolve("a.md", "index.md", "./", site) == ("a/", None)  # 'a/index.md' written as 'a.md'
    assert resolve("index.md", "a/index.md", "a/", site)[0] == "./"
    link, broken = resolve("gone.md", "stories/x.md", "stories/x/", site)
    assert link == "gone.md" and broken.resolved == "stories/gone.md" and not broken.picture
    assert resolve("../routes/", "stories/x.md", "stories/x/", site) == ("../routes/", None)  # left as MkDocs leaves it


def test_a_body_is_rendered_again_only_when_an_input_changed():
    setup = MarkdownSetup()
    site = CoreFiles({"a.md": "a/", "b.md": "b/"})
    kept.keep(True)  # as `mkdocs serve` rebuilds
    try:
        first = render("[b](b.md)", "a.md", "a/", setup, site)
        assert render("[b](b.md)", "a.md", "a/", setup, CoreFiles({"b.md": "b/", "a.md": "a/"})) is first
        assert render("[b](b.md) again", "a.md", "a/", setup, site).html != first.html
        moved = render("[b](b.md)", "a.md", "a/", setup, CoreFiles({"a.md": "a/", "b.md": "x/b/"}))
        assert moved is not first and 'href="../x/b/"' in moved.html
        assert render("[b](b.md)", "a.md", "a/", MarkdownSetup(("toc",)), site) is not first
    finally:
        kept.keep(False)


def test_a_one_off_build_keeps_no_body_in_memory():
    markdown._rendered.clear()
    site = CoreFiles({"a.md": "a/", "b.md": "b/"})
    first = render("[b](b.md) once", "a.md", "a/", MarkdownSetup(), site)
    assert markdown._rendered == {}
    assert render("[b](b.md) once", "a.md", "a/", MarkdownSetup(), site) == first
