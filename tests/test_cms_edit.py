"""`backbone edit` without a browser: what it needs, how it starts decap-server, and the previews' figures.

The command itself runs in tests/proof/test_cms_browser.py (both servers listen on 127.0.0.1
only); here, what it does when Node.js is missing, and the environment that keeps decap-server
on the loopback address whatever the person's own environment says.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from support import ROOT, own_process

from backbone import cli
from backbone.adapters.cms import local_backend, trusted_files
from backbone.cms import edit
from backbone.metrics.periods import parse
from backbone.render import numbers as fmt
from backbone.render.formats import formats_for

PREVIEW = Path(edit.__file__).parent / "admin" / "preview.js"


def test_without_node_it_says_what_to_install(tmp_path, monkeypatch, capsys):
    (tmp_path / "site_config.yml").write_text("site_name: x\n")
    monkeypatch.setattr(edit.shutil, "which", lambda name: None)
    assert cli.main(["edit", "-f", str(tmp_path / "site_config.yml"), "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("backbone edit: backbone edit needs Node.js") and "https://nodejs.org/" in err
    assert "/admin/" in err  # and where editors without a terminal go instead
    assert "Traceback" not in err


def test_it_prefers_the_project_copy_of_decap_server(tmp_path):
    found = {"node": "/usr/bin/node", "npx": "/usr/bin/npx"}
    assert edit.decap_server_command(tmp_path, found.get) == ["/usr/bin/npx", "--yes", edit.DECAP_SERVER]
    local = tmp_path / "node_modules" / ".bin" / "decap-server"
    local.parent.mkdir(parents=True)
    local.write_text("")
    assert edit.decap_server_command(tmp_path, found.get) == [str(local)]


def test_decap_server_is_bound_to_loopback_whatever_the_environment_says(tmp_path):
    env = edit.proxy_environment(
        tmp_path, 8081, "http://127.0.0.1:8000", base={"BIND_HOST": "0.0.0.0", "ORIGIN": "*", "PATH": "/bin"}
    )
    assert env["BIND_HOST"] == "127.0.0.1" and env["ORIGIN"] == "http://127.0.0.1:8000"
    assert env["MODE"] == "fs" and env["GIT_REPO_DIRECTORY"] == str(tmp_path) and env["PATH"] == "/bin"


def test_only_the_preview_of_backbone_edit_names_the_local_server(monkeypatch):
    monkeypatch.setenv(edit.LOCAL_BACKEND_ENV, "http://127.0.0.1:8081/api/v1")
    assert local_backend(serving=True) == "http://127.0.0.1:8081/api/v1"
    assert local_backend(serving=False) is None  # a build publishes no local server


LOCAL = "http://127.0.0.1:8081/api/v1"


def served(project, *, local: str | None, monkeypatch) -> tuple[Path, object]:
    """The first build of a `mkdocs serve` of ``project`` (``local``: as `backbone edit` runs
    it, with Decap's local server there): its site folder and the plugin."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if local:
        monkeypatch.setenv(edit.LOCAL_BACKEND_ENV, local)
    else:
        monkeypatch.delenv(edit.LOCAL_BACKEND_ENV, raising=False)
    site = project.root / "served"
    with own_process():
        config = load_config(str(project.path("site_config.yml")), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/")
        plugin = config.plugins["backbone"]
        config.plugins.on_shutdown()
    return site, plugin


def test_backbone_edit_opens_the_editor_of_a_site_that_names_no_repository(minimal, monkeypatch):
    """A new site has no repository yet (no repo_url): its editor in `backbone edit` commits
    through Decap's local server alone, the only one it talks to, and nothing is a problem."""
    assert "repo_url" not in minimal.path("site_config.yml").read_text()
    site, plugin = served(minimal, local=LOCAL, monkeypatch=monkeypatch)
    assert plugin.broken is None, plugin.broken.report()
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "proxy", "proxy_url": LOCAL, "branch": "main"}
    assert config["local_backend"] == {"url": LOCAL}


def test_with_a_repository_the_editor_keeps_its_backend_in_backbone_edit(minimal, monkeypatch):
    minimal.write(
        "site_config.yml", "repo_url: https://github.com/harbour/site\n" + minimal.path("site_config.yml").read_text()
    )
    site, plugin = served(minimal, local=LOCAL, monkeypatch=monkeypatch)
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert (
        plugin.broken is None and config["backend"]["name"] == "github" and config["backend"]["repo"] == "harbour/site"
    )


def test_a_published_editor_without_a_repository_is_a_problem_the_preview_lists(minimal, monkeypatch):
    """``cms: enabled`` publishes the editor on the site, which signs in to a repository: with
    none named, `mkdocs serve` lists that on every page (never a traceback), and `backbone
    edit` keeps its editor open, through the local server, to fix it."""
    text = minimal.path("site_config.yml").read_text()
    minimal.write(
        "site_config.yml", text.replace("  - backbone\n", "  - backbone:\n      cms:\n        enabled: true\n")
    )
    assert "enabled: true" in minimal.path("site_config.yml").read_text()
    site, plugin = served(minimal, local=None, monkeypatch=monkeypatch)
    assert plugin.broken is not None and "the editor needs the repository it commits to" in plugin.broken.report()
    assert "the editor needs the repository" in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "admin").exists()  # an editor that cannot sign in is no help
    site, plugin = served(minimal, local=LOCAL, monkeypatch=monkeypatch)
    assert plugin.broken is not None and "the editor needs the repository it commits to" in plugin.broken.report()
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "proxy"


def test_trusted_pages_are_left_out_of_the_editor():
    trusted = trusted_files({"trusted": ["index.md", "embeds/*.md"]})
    assert trusted("index.md") and trusted("embeds/map.md")
    assert not trusted("about.md") and not trusted("stories/index.md")
    assert not trusted_files({})("index.md")  # nothing is trusted unless named


CASES = [
    (1240, "count", 0, None),
    (1234567.891, "people", 2, None),
    (-0.4, "count", 0, None),
    (68.25, "percent", 1, None),  # a tie: to the even digit, as Python does
    (0.125, "percent", 2, None),
    (2.675, "count", 2, None),  # not a tie in binary: 2.67
    (18500, "currency", 0, "EUR"),
    (-1234.5, "currency", 2, "GBP"),
    (99.5, "currency", 0, "CHF"),
    (0.125, "ratio", 3, None),
    (10**15, "count", 0, None),
]
_DRAW = random.Random(26)  # and figures of every size and precision, the same ones each run
CASES += [
    (round(_DRAW.uniform(-1, 1) * 10 ** _DRAW.randint(0, 12), _DRAW.randint(0, 4)), unit, _DRAW.randint(0, 3), cur)
    for unit, cur in [("count", None), ("percent", None), ("currency", "USD"), ("currency", "NOK")] * 50
]


@pytest.mark.parametrize("language", ["en", "en-GB", "fr", "fr-CA", "es", "es-MX", "de", "pt-BR", "en-IN"])
def test_the_previews_write_figures_and_periods_as_the_pages_do(language):
    """preview.js's figure() and periodLabel() against render/numbers.py's value() and the site's
    Formats, through Node.js, with what the build writes into admin/site.json for the language."""
    node = shutil.which("node")
    assert node, "Node.js is missing: apt-get install nodejs (bash .ci/install does it)"
    fm = formats_for(language)
    numbers = fmt.shape(fm.locale, ["EUR", "USD", "GBP", "CHF", "NOK"])
    names = fm.period_names()
    script = PREVIEW.read_text(encoding="utf-8") + (
        "\nconst cases = " + json.dumps(CASES) + ";\n"
        f"const numbers = {json.dumps(numbers)}, names = {json.dumps(names)};\n"
        "console.log(JSON.stringify(cases.map(c => BackbonePreview.figure(...c, numbers))));\n"
        "console.log(JSON.stringify(['2025-Q3', '2025-07', '2025', 'spring'].map(p => BackbonePreview.periodLabel(p, names))));\n"
    )
    run = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True, cwd=ROOT)
    figures, periods = (json.loads(line) for line in run.stdout.splitlines())
    assert figures == [fm.value(v, unit, decimals, currency) for v, unit, decimals, currency in CASES]
    assert periods == [fm.period(parse(p)) for p in ("2025-Q3", "2025-07", "2025")] + ["spring"]


def test_without_the_sites_facts_the_previews_write_english():
    """Before admin/site.json has arrived, the previews write as CLDR's English does."""
    en = formats_for("en")
    script = PREVIEW.read_text(encoding="utf-8") + (
        "\nconst cases = " + json.dumps(CASES) + ";\n"
        "console.log(JSON.stringify(cases.map(c => BackbonePreview.figure(...c))));\n"
        "console.log(JSON.stringify(['2025-Q3', '2025-07'].map(p => BackbonePreview.periodLabel(p))));\n"
    )
    run = subprocess.run([shutil.which("node"), "-e", script], capture_output=True, text=True, check=True)
    figures, periods = (json.loads(line) for line in run.stdout.splitlines())
    assert figures == [en.value(v, unit, decimals, currency) for v, unit, decimals, currency in CASES]
    assert periods == ["Q3 2025", "July 2025"]


@pytest.mark.parametrize(
    "series, latest",
    [
        ([{"period": "2025-Q1", "value": 3}, {"period": "2025-Q2", "value": ""}], ["2025-Q1", 3]),
        ([{"period": "2025-Q2", "value": "7"}, {"period": "2025-Q1", "value": 9}], ["2025-Q2", 7]),
        ([{"period": "2025-Q1"}], None),
    ],
)
def test_the_metric_preview_shows_the_latest_figure_not_a_gap(series, latest):
    script = PREVIEW.read_text(encoding="utf-8") + (
        f"\nconst p = BackbonePreview.latest({json.dumps(series)});\n"
        "console.log(JSON.stringify(p && [p.period, p.value]));\n"
    )
    run = subprocess.run([shutil.which("node"), "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == latest
