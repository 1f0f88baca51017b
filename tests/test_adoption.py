"""A second partnership adopts Backbone: `backbone new site`, the theme in the package, the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from support import FIXTURES, ROOT, Project, make_project

from backbone.cli import main as backbone


def new_site(folder: Path) -> Project:
    assert backbone(["new", "site", str(folder)]) == 0
    return Project(folder)


def assert_looks_like_backbone(site: Path, identity: dict) -> None:
    """What the packaged theme adds: the home hero, the purpose in every footer, feed links."""
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    about = BeautifulSoup((site / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".bb-hero__purpose").get_text(" ", strip=True) == " ".join(identity["purpose"].split())
    for page in (home, about):
        assert identity["short_name"] in page.select_one(".bb-purpose").get_text()
        feeds = page.select('link[rel~="alternate"][rel~="feed"]')
        assert {link["type"] for link in feeds} == {
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
        }


def test_new_site_builds_strict_without_a_warning(tmp_path):
    project = new_site(tmp_path / "northfield")
    built = project.build(strict=True)
    assert built.error is None, built.error
    assert built.warnings == []
    identity = project.load("data/identity.yml")
    assert_looks_like_backbone(built.site, identity)
    # its own partnership, not the demo's
    assert "Riverbend" not in "".join(p.read_text(encoding="utf-8") for p in project.root.rglob("*.yml"))
    stories = json.loads((built.site / "feeds" / "stories.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in stories["items"]] == ["One front door for families"]


def test_new_site_files_say_what_to_change(tmp_path):
    project = new_site(tmp_path / "site")
    texts = [p for p in project.root.rglob("*") if p.suffix in (".yml", ".md")]
    assert len(texts) >= 10
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert "# " in text or "<!--" in text, (
            f"{path.relative_to(project.root)} has no comment for the person editing it"
        )
    assert (project.root / ".gitignore").is_file() and (project.root / ".github/workflows/publish.yml").is_file()
    assert "backbone-site" in (project.root / "requirements.txt").read_text(encoding="utf-8")


def test_new_site_never_writes_over_files(tmp_path, capsys):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    assert backbone(["new", "site", str(folder)]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


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


@pytest.mark.slow
def test_a_newcomer_installs_the_wheel_and_builds_a_new_site(tmp_path):
    """The whole path of a new partnership: wheel → fresh virtualenv (not editable) → new site → --strict."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    env_dir = tmp_path / "venv"
    # Backbone's dependencies come from this machine's packages; Backbone itself only from the wheel.
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = str(env_dir / "bin" / "python")
    wheel = next(wheels.glob("backbone_site-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)} | {"NO_MKDOCS_2_WARNING": "1"}
    where = subprocess.run(
        [python, "-c", "import backbone; print(backbone.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        env=clean_env,
    )
    assert Path(where.stdout.strip()).is_relative_to(env_dir), (
        f"backbone was imported from {where.stdout}, not the wheel"
    )

    site_dir = tmp_path / "our-partnership"
    subprocess.run(
        [str(env_dir / "bin" / "backbone"), "new", "site", str(site_dir)],
        check=True,
        capture_output=True,
        env=clean_env,
    )
    build = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "-f", "site_config.yml"],
        cwd=site_dir,
        capture_output=True,
        text=True,
        env=clean_env,
    )
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    identity = yaml.safe_load((site_dir / "data" / "identity.yml").read_text(encoding="utf-8"))
    assert_looks_like_backbone(site_dir / "site", identity)


def test_new_story_and_review_work_in_any_site(tmp_path, capsys, monkeypatch):
    """Scaffolds cite the site's own ids, never the demo's, and pass `backbone check` as written."""
    project = new_site(tmp_path / "site")
    monkeypatch.chdir(project.root)
    title = "What changed when the nursery opened at seven in the morning for every family in the east"
    assert backbone(["new", "story", title, "--date", "2026-03-01"]) == 0
    assert backbone(["new", "review", "after-action-review", "The spring intake", "--date", "2026-04-01"]) == 0
    story = project.path("content/stories/2026-03-01-what-changed-when-the-nursery-opened-at-seven-in-the-morning.md")
    text = story.read_text(encoding="utf-8")
    assert "metrics: [children-ready-for-school]" in text and "jobs-placed" not in text
    review = project.path("content/learning/2026-04-01-the-spring-intake.md").read_text(encoding="utf-8")
    assert "participants: [northfield-council]" in review and "draft: true" in review
    capsys.readouterr()
    assert backbone(["check"]) == 0, capsys.readouterr().err
    built = project.build(strict=True)
    assert built.error is None, built.error
    assert built.warnings == []


@pytest.mark.parametrize(
    "title, slug",
    [
        ("The night bus", "the-night-bus"),
        # cut after the last whole word that fits in 60 characters, never mid-word
        (
            "How a kindergarten attendance drive changed what the whole district expects",
            "how-a-kindergarten-attendance-drive-changed-what-the-whole",
        ),
        ("Ça coûte 5 € — et après ?", "ca-coute-5-et-apres"),
        ("x" * 80, "x" * 60),
        ("!!!", "story"),
    ],
)
def test_story_slugs_end_at_a_word(title, slug):
    from backbone.stories.scaffold import slugify

    assert slugify(title) == slug
    assert len(slugify(title)) <= 60
