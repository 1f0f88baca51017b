"""The one plugin's pipeline: every problem at once, check = build, serve shows problems,
the core imports no mkdocs, and the reference lists every option."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from support import ROOT
from test_preview_and_ci import fetch, free_port, wait_for

from backbone.cli import main

CORE = ROOT / "plugins" / "backbone"
SVG_BROKEN = "<svg xmlns='http://www.w3.org/2000/svg'><g></svg>"


def seed_five_mistakes(project) -> list[str]:
    """One mistake in each of five files, one per family; the files, as messages name them."""
    project.edit("data/governance.yml", lambda d: d["bodies"][0].update(chair="nobody"))  # data
    project.write("content/about.md", "---\nhide: toc\n---\n# About\n")  # a page's front matter
    project.write(
        "content/learning/2024-11-review.md", "---\ntitle: A review\ndate: 2024-11-05\nkind: nonsense\n---\nText\n"
    )  # reviews
    project.write("data/voices.yml", "quotes: 5\n")  # voices
    project.write("content/picture.svg", SVG_BROKEN)  # the pages' own files
    project.edit("data/identity.yml", lambda d: d["colours"].update(text="#eeeeee"))  # contrast: a warning
    return [
        "data/governance.yml",
        "content/about.md",
        "content/learning/2024-11-review.md",
        "data/voices.yml",
        "content/picture.svg",
    ]


def located(text: str) -> list[str]:
    return sorted(line.strip() for line in text.splitlines() if line.startswith("  ") and ":" in line)


def test_five_mistakes_in_five_files_come_at_once(minimal):
    files = seed_five_mistakes(minimal)
    built = minimal.build()
    report = built.error
    assert "Backbone found 5 problems in 5 files; nothing was built:" in report, report
    problems = report.split("\nand ")[0]
    for name in files:
        assert sum(line.strip().startswith(name) for line in problems.splitlines()) == 1, (name, report)
    assert "\nand 2 warnings:" in report and "contrast" in report.split("\nand 2 warnings:")[1]


def test_check_prints_the_lines_the_build_prints(minimal, capsys):
    seed_five_mistakes(minimal)
    minimal.write(
        "site_config.yml", minimal.path("site_config.yml").read_text() + "nav:\n  - Home: index.md\n  - Gone: gone.md\n"
    )
    code = main(["check", "-f", str(minimal.path("site_config.yml"))])
    err = capsys.readouterr().err
    built = minimal.build()
    assert code == 1
    assert located(err.split("does not build")[0]) == located(built.error)
    # MkDocs' own nav check, once the data is fixed: the same warning in both
    minimal.edit("data/governance.yml", lambda d: d["bodies"][0].update(chair=None))
    for rel in ("content/about.md", "content/learning/2024-11-review.md", "data/voices.yml", "content/picture.svg"):
        minimal.path(rel).unlink()
    main(["check", "-f", str(minimal.path("site_config.yml"))])
    err = capsys.readouterr().err
    built = minimal.build(strict=False)
    nav = [w for w in built.warnings if "'gone.md'" in w]
    assert nav and all(w in err for w in nav)


def test_the_core_imports_no_mkdocs():
    for path in CORE.rglob("*.py"):
        if "adapters" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "mkdocs" or n.startswith("mkdocs.") for n in names), path


def test_the_reference_lists_every_option_with_its_default():
    from backbone.adapters.plugin import BackboneConfig

    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    for name, option in BackboneConfig._schema:
        sub = getattr(option, "config_class", None)
        if sub is None:
            assert f"`{name}`" in reference and f"`{option.default}`" in reference, name
            continue
        for key, inner in sub._schema:
            assert f"`{name}.{key}`" in reference, f"{name}.{key}"


def test_serve_shows_the_problems_on_every_page_and_recovers(minimal):
    minimal.edit("data/governance.yml", lambda d: d["bodies"][0].update(chair="nobody<b>"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", "site_config.yml", "-a", f"127.0.0.1:{port}"],
        cwd=minimal.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    home = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "data/governance.yml" in (fetch(home) or ""), 60), "no problem page"
        page = fetch(home)
        assert "nobody&lt;b&gt;" in page and "nobody<b>" not in page, page[page.find("bb-problems") :][:600]
        minimal.edit("data/governance.yml", lambda d: d["bodies"][0].update(chair=None))
        assert wait_for(lambda: "bb-problems" not in (fetch(home) or "bb-problems"), 60), "did not come back"
        assert "Harbour" in fetch(f"{home}partners/")
    finally:
        server.terminate()
        server.wait(timeout=20)


DRAFT_STORY = """---
title: Half written
date: "2024-03-01"
summary: Not out yet.
author: The backbone team
draft: true
---

The clinic saw {{ metric:clinic-visit }} visits.
"""

# One family of message each: the file it is seeded in, and how.
FAMILIES = {  # family: (the file its message names, how the mistake is made)
    "data": (
        "data/partners.yml",
        lambda p: p.edit("data/partners.yml", lambda d: d["partners"][0].update(sector="privat")),
    ),
    "front matter": ("content/about.md", lambda p: p.write("content/about.md", "---\nhide: toc\n---\n# About\n")),
    "citation": (
        "content/notes/more.md",
        lambda p: p.write("content/notes/more.md", "# More\n\n{{ metric:clinic-visit }}\n"),
    ),
    "draft body": (
        "content/stories/half-written.md",
        lambda p: p.write("content/stories/half-written.md", DRAFT_STORY),
    ),
    "review": (
        "content/learning/2024-11-review.md",
        lambda p: p.write(
            "content/learning/2024-11-review.md", "---\ntitle: A review\ndate: 2024-11-05\nkind: nonsense\n---\nText\n"
        ),
    ),
    "voices": ("data/voices.yml", lambda p: p.write("data/voices.yml", "quotes: 5\n")),
    "picture": ("content/picture.svg", lambda p: p.write("content/picture.svg", SVG_BROKEN)),
}


@pytest.mark.parametrize("family", FAMILIES)
def test_check_and_build_say_the_same_for_each_family(tmp_path, capsys, family):
    from metrics_helpers import metrics_project

    project = metrics_project(tmp_path)
    named, seed = FAMILIES[family]
    seed(project)
    code = main(["check", "-f", str(project.path("site_config.yml"))])
    err = capsys.readouterr().err
    built = project.build()
    assert code == 1 and built.error is not None
    lines = located(built.error)
    assert [line for line in lines if line.startswith(named)], built.error
    assert located(err.split("does not build")[0]) == lines


def test_a_broken_partners_file_does_not_hide_the_other_files_problems(minimal):
    """Without partners.yml nothing that names partners can be checked, but pages, reviews and
    voices still are: the author sees them in the same run."""
    minimal.edit("data/partners.yml", lambda d: d["partners"][0].update(sector="privat"))
    minimal.write("content/about.md", "---\nhide: toc\n---\n# About\n")
    minimal.write("data/voices.yml", "quotes: 5\n")
    minimal.write(
        "content/learning/2024-11-review.md", "---\ntitle: A review\ndate: 2024-11-05\nkind: nonsense\n---\nText\n"
    )
    report = minimal.build().error
    assert "Backbone found 4 problems in 4 files" in report, report
    for name in ("data/partners.yml", "content/about.md", "data/voices.yml", "content/learning/2024-11-review.md"):
        assert f"\n  {name}:" in report, (name, report)
