"""`backbone upgrade` on a site in Backbone 0.1's format, taken from this repository's history
(tests/fixtures/site-0.1/README.md), and on the cases around it."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from support import FIXTURES, Project, make_project

from backbone import __version__
from backbone.adapters.check import check_site
from backbone.cli import main as backbone
from backbone.upgrade import upgrade

OLD = FIXTURES / "site-0.1"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
GIT_ENV |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(root: Path, *args: str) -> str:
    run = subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env={**os.environ, **GIT_ENV}
    )
    return run.stdout


def committed_copy(target: Path) -> Path:
    shutil.copytree(OLD, target)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "The site as Backbone 0.1 wrote it")
    return target


def upgrade_cli(root: Path, capsys, *args: str) -> tuple[int, list[str], list[str]]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        code = backbone(["upgrade", *args])
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def lines_without(path: Path, *dropped: str) -> str:
    return "".join(line for line in path.read_text().splitlines(keepends=True) if line.strip() not in dropped)


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory):
    """The 0.1 site, committed, then upgraded once: (site, exit code, printed lines)."""
    root = committed_copy(tmp_path_factory.mktemp("upgrade") / "harbour")
    cwd = Path.cwd()
    os.chdir(root)
    try:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = backbone(["upgrade"])
    finally:
        os.chdir(cwd)
    return root, code, out.getvalue().splitlines(), err.getvalue()


def test_every_change_is_printed_with_its_file_and_line(upgraded):
    root, code, out, err = upgraded
    assert code == 0 and err == ""
    assert out[:2] == [
        "site_config.yml:12: plugins: backbone/identity, backbone/partners, backbone/governance, backbone/metrics "
        "became one 'backbone' entry with the same options",
        "site_config.yml:12: plugins: stories, learning, feeds had no entry, so 'enabled: false' keeps it off",
    ]
    theme = [line for line in out if line.startswith("theme/")]
    assert len(theme) == 7 and all(
        line.endswith("deleted: an unchanged copy of Backbone 0.1.0's theme file (Backbone ships it itself)")
        for line in theme
    )
    assert out[9:] == [
        "site_config.yml:6: theme: custom_dir 'theme' removed: it held only Backbone's own files",
        "data/partners.yml:9: working_groups of 'city-hall' removed: data/governance.yml lists its memberships",
        "data/partners.yml:15: working_groups of 'harbour-clinic' removed: data/governance.yml lists its memberships",
        "data/governance.yml:14: 'dockside-foods' added to the members of 'clinics-wg' "
        "(from data/partners.yml:21, working_groups)",
        "data/partners.yml:21: working_groups of 'dockside-foods' removed: data/governance.yml lists its memberships",
        "data/investments.yml:10: count of 'clinic-visits' is now called valuation",
        "backbone upgrade: changed 15 things in 11 files; now run `backbone check`, then commit.",
    ]


def test_only_the_changed_lines_change(upgraded):
    root, *_ = upgraded
    assert (root / "site_config.yml").read_text() == (
        "site_name: Harbour Health\nsite_url: https://harbour.example.org/\ndocs_dir: content\n"
        "theme:\n  name: material\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n  - tables\n"
        "plugins:\n"
        "  - backbone:\n"
        "      data_dir: data\n"
        "      metrics:\n"
        "        tolerance: 0.1\n"
        "      stories:\n        enabled: false\n"
        "      learning:\n        enabled: false\n"
        "      feeds:\n        enabled: false\n"
        "nav:\n  - Home: index.md\n  - Scorecard: scorecard/index.md\n"
        "  - Metrics: metrics/index.md\n  - Impact: impact/index.md\n"
    )
    assert (root / "data/partners.yml").read_text() == lines_without(
        OLD / "data/partners.yml",
        "working_groups: [clinics-wg]",
        "working_groups:  # 0.1 form",
        "- board",
        "- clinics-wg",
    )
    assert (root / "data/governance.yml").read_text() == (OLD / "data/governance.yml").read_text().replace(
        "members: [city-hall, harbour-clinic]", "members: [city-hall, harbour-clinic, dockside-foods]"
    )
    assert (root / "data/investments.yml").read_text() == (OLD / "data/investments.yml").read_text().replace(
        "count: latest  # 0.1 form", "valuation: latest  # 0.1 form"
    )
    assert not (root / "theme").exists()
    unchanged = ["data/identity.yml", "data/metrics/clinic-visits.yml", "content/index.md"]
    assert all((root / rel).read_bytes() == (OLD / rel).read_bytes() for rel in unchanged)


def test_the_upgraded_site_is_in_the_current_format(upgraded):
    root, *_ = upgraded
    errors, warnings, _ = check_site(root / "site_config.yml")
    assert errors == [] and warnings == []


def test_a_second_run_changes_nothing(upgraded, capsys):
    root, *_ = upgraded
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Upgraded")
    code, out, err = upgrade_cli(root, capsys)
    assert (code, err) == (0, [])
    assert out == [f"backbone upgrade: {root} is already in the format of Backbone {__version__}; nothing to change."]
    assert git(root, "status", "--porcelain") == ""


def test_the_old_site_is_told_to_run_backbone_upgrade(tmp_path):
    """What a 0.1 site meets before upgrading: each message names `backbone upgrade`."""
    site = Project(shutil.copytree(OLD, tmp_path / "old"))
    built = site.build()
    assert built.error is not None
    assert (
        "'backbone/identity' is one of the seven plugins of Backbone 0.1, which are one 'backbone' plugin since 0.2: "
        "run `backbone upgrade` in the site's folder" in built.error
    ), built.error


def test_uncommitted_changes_are_refused_unless_forced(tmp_path, capsys):
    root = committed_copy(tmp_path / "site")
    (root / "content/index.md").write_text("# Half-written\n")
    before = (root / "site_config.yml").read_text()
    code, out, err = upgrade_cli(root, capsys)
    assert code == 1 and out == []
    assert err[0] == f"backbone upgrade: {root} has changes git has not committed (content/index.md)."
    assert "`backbone upgrade --force`" in err[-1]
    assert (root / "site_config.yml").read_text() == before
    code, out, err = upgrade_cli(root, capsys, "--force")
    assert code == 0 and "became one 'backbone' entry" in out[0]


def test_check_says_what_would_change_and_writes_nothing(tmp_path, capsys):
    root = committed_copy(tmp_path / "site")
    code, out, _ = upgrade_cli(root, capsys, "--check")
    assert code == 1 and out[-1] == "backbone upgrade: would change 15 things in 11 files."
    assert git(root, "status", "--porcelain") == ""


def test_a_file_it_cannot_read_is_left_untouched_with_its_line(tmp_path, capsys):
    root = committed_copy(tmp_path / "site")
    broken = (root / "data/investments.yml").read_text().replace("hourly_value: 50", "hourly_value: [50")
    (root / "data/investments.yml").write_text(broken)
    code, out, err = upgrade_cli(root, capsys, "--force")
    assert code == 1
    assert err == [
        "data/investments.yml:3: backbone upgrade cannot read this file (expected ',' or ']', but got ':'); "
        "it was left as it is: fix it (backbone check says how), then run backbone upgrade again"
    ]
    assert (root / "data/investments.yml").read_text() == broken
    assert "data/partners.yml:9: working_groups of 'city-hall' removed" in " ".join(out)  # the rest is done


@pytest.mark.parametrize(
    "plugins, expected, said",
    [
        (  # a flow list, and options with nowhere to go
            "[search, backbone/identity, backbone/stories]",
            # YAML's single-pair mapping in a flow list: [search, {backbone: {...}}] to every reader
            "plugins: [search, backbone: {partners: {enabled: false}, governance: {enabled: false}, "
            "metrics: {enabled: false}, learning: {enabled: false}, feeds: {enabled: false}}]",
            "plugins: backbone/identity, backbone/stories became one 'backbone' entry",
        ),
        (  # every 0.1 option where it went; the caches under one parent become cache_dir
            "\n  - search\n  - backbone/identity:\n      brand_page: false\n      cache_dir: build/c/data\n"
            "      contrast_minimum: 7\n  - backbone/partners:\n      enabled: false\n  - backbone/governance\n"
            "  - backbone/metrics:\n      cache_dir: build/c/charts\n      headline_limit: 4\n"
            "  - backbone/stories:\n      email_cache_dir: build/c/emails\n      stale_claims: error\n"
            "  - backbone/learning:\n      voices: false\n  - backbone/feeds:\n      limit: 5\n  - tags\n",
            "plugins:\n  - search\n  - backbone:\n      cache_dir: build/c\n      brand:\n        enabled: false\n"
            "        contrast_minimum: 7\n      partners:\n        enabled: false\n      metrics:\n"
            "        headline_limit: 4\n      stories:\n        stale_claims: error\n      learning:\n"
            "        voices: false\n      feeds:\n        limit: 5\n  - tags\n",
            "with the same options",
        ),
        (  # caches in unrelated folders are left out, and said so
            "\n  - backbone/identity:\n      cache_dir: /tmp/a\n  - backbone/stories:\n      cache_dir: x/cards\n"
            "      colour: red\n",
            "plugins:\n  - backbone:\n      partners:\n        enabled: false\n      governance:\n        enabled: false\n"
            "      metrics:\n        enabled: false\n      learning:\n        enabled: false\n      feeds:\n"
            "        enabled: false\n",
            "backbone/stories's option 'colour' is not an option of Backbone any more: left out",
        ),
    ],
    ids=["flow list", "every option", "caches apart"],
)
def test_plugin_options_go_where_they_went(tmp_path, plugins, expected, said):
    (tmp_path / "site_config.yml").write_text(f"site_name: S\nplugins: {plugins}".replace(": \n", ":\n"))
    outcome = upgrade(tmp_path, "site_config.yml")
    assert outcome.site.problems == []
    text = (tmp_path / "site_config.yml").read_text()
    assert text == f"site_name: S\n{expected}"
    assert any(said in str(change) for change in outcome.site.changes), outcome.site.changes
    yaml.safe_load(text)


def test_a_theme_file_the_site_changed_is_kept_with_custom_dir(tmp_path):
    shutil.copytree(OLD / "theme", tmp_path / "theme")
    (tmp_path / "theme/partials/copyright.html").write_text("<div>Our own footer</div>\n")
    (tmp_path / "site_config.yml").write_text("site_name: S\ntheme:\n  name: material\n  custom_dir: theme\n")
    outcome = upgrade(tmp_path, "site_config.yml")
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")] == ["theme/partials/copyright.html"]
    assert "custom_dir: theme" in (tmp_path / "site_config.yml").read_text()
    assert (
        str(outcome.site.changes[-1]) == "theme: kept 1 file(s) of the site's own: custom_dir still names this folder"
    )


def test_a_build_warns_of_a_theme_copy_and_strict_stops(tmp_path):
    """The deprecation rule: an old form still builds, with a warning naming `backbone upgrade`."""
    project = make_project(tmp_path, FIXTURES / "minimal")
    shutil.copytree(OLD / "theme/partials", project.root / "overrides/partials")
    project.edit("site_config.yml", lambda c: c["theme"].update(custom_dir="overrides"))
    built = project.build(strict=True)
    assert built.error == "Aborted with 5 warnings in strict mode!"
    assert (
        "backbone: overrides/partials/toc.html is an unchanged copy of Backbone 0.1.0's theme file, which Backbone "
        "now ships itself: the copy hides every later fix to it. Run `backbone upgrade`, which deletes such copies "
        "(and custom_dir once nothing else is left in it)"
    ) in built.warnings
