"""A second partnership adopts Backbone: `backbone new site`, the theme in the package, the wheel."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from support import FIXTURES, ROOT, Project, make_project

from backbone import __version__
from backbone.cli import main as backbone


def new_site(folder: Path, language: str = "en") -> Project:
    assert backbone(["new", "site", str(folder), "--language", language]) == 0
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
    # American English unless told otherwise: dollars, the month first, US Letter
    assert starter_facts(built) == ("en", "en_US", "$168,000", "February 10, 2026", (612, 792))


def starter_facts(built) -> tuple:
    """(<html lang>, og:locale, what the partners invested, the story's date, the report's page in points)."""
    from pypdf import PdfReader

    home = built.html("index.html")
    invested = built.html("impact/index.html").select_one(".bb-tile__number").get_text(strip=True)
    day = built.html("stories/one-front-door/index.html").select_one(".bb-story-byline time").get_text()
    page = PdfReader(built.site / "reports/2025.pdf").pages[0].mediabox
    size = (round(float(page.width)), round(float(page.height)))
    return home.html["lang"], home.find("meta", property="og:locale")["content"], invested, day, size


def test_a_british_starter_writes_pounds_days_first_and_prints_on_a4(tmp_path):
    assert backbone(["new", "site", str(tmp_path / "tyneside"), "--language", "en-GB"]) == 0
    project = Project(tmp_path / "tyneside")
    assert project.load("data/identity.yml")["language"] == "en-GB"
    assert project.load("data/investments.yml")["currency"] == "GBP"  # the region's currency
    built = project.build(strict=True)
    assert built.error is None, built.error
    assert built.warnings == []
    assert starter_facts(built) == ("en-GB", "en_GB", "£168,000", "10 February 2026", (595, 842))


def test_a_french_starter_is_written_and_built_in_french(tmp_path):
    """`--language fr`: the starter's own texts in French, euros, French dates, and Backbone's
    words from the French catalog; it builds --strict without a warning."""
    assert backbone(["new", "site", str(tmp_path / "valnord"), "--language", "fr"]) == 0
    project = Project(tmp_path / "valnord")
    assert project.load("data/identity.yml")["name"] == "Partenariat Petite enfance Valnord"
    assert project.load("data/metrics/children-ready-for-school.yml")["title"] == "Enfants prêts pour l’école"
    built = project.build(strict=True)
    assert built.error is None, built.error
    assert built.warnings == []
    assert starter_facts(built) == ("fr", "fr_FR", "168\u202f000\u00a0€", "10 février 2026", (595, 842))
    story = built.html("stories/one-front-door/index.html")
    assert story.h1.get_text() == "Une seule porte d’entrée pour les familles"
    assert story.select_one(".bb-story-kicker a").get_text() == "Récits"
    scorecard = built.html("scorecard/index.html").get_text(" ", strip=True)
    assert "Tableau de bord" in scorecard and "En bonne voie" in scorecard and "On track" not in scorecard
    # the annual report's folder, which MkDocs titles 'Reports' by its name, in French too
    tabs = [a.get_text(strip=True) for a in built.html("index.html").select(".md-tabs__link")]
    assert "Rapports" in tabs and "Reports" not in tabs, tabs
    assert english_on_pages(built.site) == {}


# English's commonest little words, which no French sentence has
ENGLISH = re.compile(r"\b(?:the|and|of|with|that|this|from|for|to)\b")
# what a French page names in English on purpose: a feature's name in a newsletter tool's menus
NAMED_IN_ENGLISH = ("« RSS to email »",)


def english_on_pages(site: Path) -> dict[str, list[str]]:
    """Each page's sentences (its visible text, code aside) that read as English."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        if "admin" in path.parts:  # the browser editor's page, in Decap CMS's own words
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style", "code", "pre"]):
            tag.decompose()
        text = " ".join(soup.get_text(" ").split())
        for name in NAMED_IN_ENGLISH:
            text = text.replace(name, "")
        sentences = [s.strip() for s in re.split(r"[.;:!?·]", text) if ENGLISH.search(s)]
        if sentences:
            found[path.relative_to(site).as_posix()] = sentences
    return found


def test_a_spanish_starter_is_written_in_spanish(tmp_path):
    """`--language es-MX`: the Spanish starter's texts, in Mexican pesos (built like the French one)."""
    assert backbone(["new", "site", str(tmp_path / "valnorte"), "--language", "es-MX"]) == 0
    project = Project(tmp_path / "valnorte")
    assert project.load("data/identity.yml")["language"] == "es-MX"
    assert project.load("data/identity.yml")["name"] == "Alianza Primera Infancia Valnorte"
    assert project.load("data/investments.yml")["currency"] == "MXN"
    story = project.path("content/stories/one-front-door.md").read_text(encoding="utf-8")
    assert "title: Una sola puerta de entrada para las familias" in story


def test_a_german_starter_is_written_in_german(tmp_path):
    assert backbone(["new", "site", str(tmp_path / "nordfeld"), "--language", "de"]) == 0
    project = Project(tmp_path / "nordfeld")
    assert project.load("data/identity.yml")["name"] == "Partnerschaft Frühe Kindheit Nordfeld"
    assert project.load("data/investments.yml")["currency"] == "EUR"
    assert project.load("data/metrics/children-ready-for-school.yml")["title"] == "Schulbereite Kinder"


@pytest.mark.parametrize("language", ["fr", "es", "de"])
def test_a_translated_starters_readme_and_configuration_say_the_same_in_its_language(language):
    """The site's README and site_config.yml, for the people who keep the site: their words in
    the site's language, their configuration and commands the English starter's exactly."""
    from backbone.newsite import _starter

    english, own = _starter("en"), _starter(language)
    assert yaml.safe_load(own["site_config.yml"]) == yaml.safe_load(english["site_config.yml"])
    assert own["site_config.yml"] != english["site_config.yml"] and own["README.md"] != english["README.md"]

    def commands(readme: bytes) -> list[str]:
        blocks = re.findall(r"```[a-z]*\n(.*?)```", readme.decode("utf-8"), re.S)
        return [re.sub(r"(?m) +# .*$", "", block) for block in blocks]

    assert commands(own["README.md"]) == commands(english["README.md"])
    said = [line for line in own["site_config.yml"].decode("utf-8").splitlines() if "# " in line]
    assert not set(said) & set(english["site_config.yml"].decode("utf-8").splitlines()), said


def test_a_starter_takes_any_language_cldr_knows_and_refuses_what_it_does_not(tmp_path, capsys):
    assert backbone(["new", "site", str(tmp_path / "montreal"), "--language", "fr-ca"]) == 0
    project = Project(tmp_path / "montreal")
    identity = project.path("data/identity.yml").read_text(encoding="utf-8")
    assert "\nlanguage: fr-CA " in identity and "# une étiquette BCP 47" in identity  # the French starter's comment
    assert project.load("data/investments.yml")["currency"] == "CAD"
    capsys.readouterr()
    assert backbone(["new", "site", str(tmp_path / "other"), "--language", "Spanish"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("backbone: --language: 'Spanish' is not a language Backbone knows") and "'es'" in err
    assert not (tmp_path / "other").exists()  # nothing written


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
    readme = (project.root / "README.md").read_text(encoding="utf-8")
    for step in ("mkdocs serve -f site_config.yml", "backbone check", "--strict", "backbone upgrade", "GitHub Pages"):
        assert step in readme, f"the new site's README.md does not say '{step}'"


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


def fresh_venv(env_dir: Path) -> Path:
    """A new virtualenv without Backbone, whose Python finds Backbone's dependencies where the
    Python running the tests finds them: the machine's own, or a virtualenv's. (A virtualenv's
    system_site_packages means the base interpreter's, which inside a virtualenv lacks them.)"""
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    where = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    )
    ours = [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()]
    (Path(where.stdout.strip()) / "_dependencies_of_the_tests.pth").write_text("\n".join(ours) + "\n")
    return python


def pip_install(python: Path, *args: str) -> None:
    """pip into ``python``'s virtualenv, offline and without this machine's pip configuration."""
    subprocess.run(
        # --ignore-installed: the running Python's own (editable) Backbone of the same version,
        # seen through the .pth, must not stand in for the one being installed
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--ignore-installed",
            *args,
        ],
        check=True,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
        | {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )


def run_backbone(env_dir: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(env_dir / "bin" / args[0]), *args[1:]], capture_output=True, text=True, env=clean_env, cwd=cwd
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Backbone's wheel, built offline from this repository as the release workflow builds it,
    once in a test run: two test processes building it at once in the same source folder
    (setuptools' build/ and egg-info) broke each other's build."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    wheels = shared / "wheels"
    with open(shared / "wheels.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not any(wheels.glob("backbone_site-*.whl")):
            command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
            subprocess.run([*command, "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    return next(wheels.glob("backbone_site-*.whl"))


@pytest.mark.slow
def test_a_newcomer_installs_from_an_index_and_builds_a_new_site(tmp_path, wheel):
    """The whole path of a new partnership: a package index → fresh virtualenv (not editable) →
    new site, whose requirements.txt pins that version → --strict build."""
    index = tmp_path / "index"
    (index / "backbone-site").mkdir(parents=True)  # a package index's page for one project (PEP 503)
    shutil.copy(wheel, index / "backbone-site" / wheel.name)
    page = f'<!DOCTYPE html><html><body><a href="{wheel.name}">{wheel.name}</a></body></html>'
    (index / "backbone-site" / "index.html").write_text(page, encoding="utf-8")
    env_dir = tmp_path / "venv"
    python = fresh_venv(env_dir)
    pip_install(python, "--index-url", index.as_uri(), f"backbone-site=={__version__}")
    where = run_backbone(env_dir, "python", "-c", "import backbone; print(backbone.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(env_dir), f"backbone was imported from {where}, not the wheel"
    version = run_backbone(env_dir, "backbone", "--version")
    assert version.stdout.startswith(f"backbone {__version__} (Python "), version

    site_dir = tmp_path / "our-partnership"
    made = run_backbone(env_dir, "backbone", "new", "site", str(site_dir))
    assert made.returncode == 0 and made.stderr == "", made
    assert (site_dir / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == (
        f"backbone-site=={__version__}"
    )
    build = run_backbone(env_dir, "python", "-m", "mkdocs", "build", "--strict", "-f", "site_config.yml", cwd=site_dir)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    identity = yaml.safe_load((site_dir / "data" / "identity.yml").read_text(encoding="utf-8"))
    assert_looks_like_backbone(site_dir / "site", identity)
    home = BeautifulSoup((site_dir / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    generators = [m["content"] for m in home.select('meta[name="generator"]')]
    assert f"backbone-{__version__}" in generators, generators
    # the story scaffold is a file the wheel carries
    story = run_backbone(env_dir, "backbone", "new", "story", "Our first story", "--date", "2026-03-01", cwd=site_dir)
    assert story.returncode == 0 and (site_dir / "content/stories/2026-03-01-our-first-story.md").is_file(), story


def _source_repository(folder: Path, remote: str) -> str:
    """A git repository of Backbone's source whose 'origin' is ``remote`` and already has HEAD."""
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, folder / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for tree in ("plugins", "theme"):
        if (ROOT / tree).is_dir():
            shutil.copytree(ROOT / tree, folder / tree, ignore=ignore)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["commit", "-q", "-m", "Backbone"],
        ["remote", "add", "origin", remote],
    ):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)
    subprocess.run(["git", "-C", str(folder), "update-ref", "refs/remotes/origin/main", "HEAD"], check=True)
    head = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], check=True, capture_output=True, text=True)
    return head.stdout.strip()


@pytest.mark.slow
def test_requirements_name_the_backbone_that_was_installed(tmp_path, wheel):
    """A wheel file on this computer: a comment saying what to write; a git repository whose
    remote has the commit: that remote at that commit, which the site's CI can install."""
    env_dir = tmp_path / "venv"
    python = fresh_venv(env_dir)
    pip_install(python, "--no-index", str(wheel))
    made = run_backbone(env_dir, "backbone", "new", "site", str(tmp_path / "from-a-file"))
    assert made.returncode == 0 and "names no Backbone yet" in made.stderr, made
    text = (tmp_path / "from-a-file" / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if not line.startswith("#")] == []
    assert f"a wheel or archive file on this computer, {wheel}" in text
    assert f"#   backbone-site=={__version__}   (once this version is on the package index)" in text

    source = tmp_path / "source"
    source.mkdir()
    commit = _source_repository(source, "https://github.com/example-org/backbone.git")
    pip_install(
        python,
        "--no-index",
        "--force-reinstall",
        "--no-build-isolation",
        f"git+{source.as_uri()}@{commit}",
    )
    made = run_backbone(env_dir, "backbone", "new", "site", str(tmp_path / "from-git"))
    assert made.returncode == 0 and made.stderr == "", made
    lines = (tmp_path / "from-git" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == f"backbone-site @ git+https://github.com/example-org/backbone.git@{commit}"


def _git(answer):
    return lambda folder, commit: answer


@pytest.mark.parametrize(
    "origin, git, line, said",
    [
        (None, None, "backbone-site==1.2.0", ""),
        (
            {
                "url": "https://example.org/b.git",
                "vcs_info": {"vcs": "git", "commit_id": "abc", "requested_revision": "v1.2.0"},
            },
            None,
            "backbone-site @ git+https://example.org/b.git@abc",
            "# v1.2.0",
        ),
        (
            {"url": "file:///src/b", "vcs_info": {"vcs": "git", "commit_id": "abc"}},
            _git(("https://example.org/b.git", "v1.2.0", "abc")),
            "backbone-site @ git+https://example.org/b.git@v1.2.0",
            "# version v1.2.0 of https://example.org/b.git",
        ),
        (
            {"url": "file:///src/b", "vcs_info": {"vcs": "git", "commit_id": "abc"}},
            _git(None),
            "",
            "installed from the git repository at file:///src/b",
        ),
        (
            {"url": "https://example.org/b-1.2.0-py3-none-any.whl", "archive_info": {"hashes": {"sha256": "f00"}}},
            None,
            "backbone-site @ https://example.org/b-1.2.0-py3-none-any.whl#sha256=f00",
            "",
        ),
        (
            {"url": "file:///home/me/backbone", "dir_info": {"editable": True}},
            _git(None),
            "",
            "a folder on this computer, /home/me/backbone (an editable install)",
        ),
        (
            {"url": "file:///home/me/backbone", "dir_info": {}},
            _git(("https://example.org/b.git", "", "abc")),
            "",
            "#   backbone-site @ git+https://example.org/b.git@abc   (that folder is a clean clone",
        ),
    ],
    ids=[
        "index",
        "git remote",
        "git clone, pushed",
        "git clone, not pushed",
        "wheel address",
        "editable",
        "clean clone",
    ],
)
def test_requirement_for_each_origin(origin, git, line, said):
    from backbone.installed import requirement

    written = requirement("1.2.0", origin, git)
    assert written.line == line
    assert said in written.text()
    assert written.text().startswith("# What CI installs")


@pytest.mark.parametrize("language", ["fr", "es", "de"])
def test_the_requirement_that_cannot_be_written_is_explained_in_the_sites_language(language):
    """The comment of a site made from a clean clone: its words translated, its lines to write
    exactly the English one's, and no English sentence left."""
    from backbone.installed import requirement
    from backbone.render.formats import formats_for

    origin, clone = (
        {"url": "file:///home/me/backbone", "dir_info": {"editable": True}},
        ("https://e.org/b.git", "", "abc"),
    )
    say = formats_for(language).words.gettext
    english = requirement("1.2.0", origin, lambda *_: clone).text()
    own = requirement("1.2.0", origin, lambda *_: clone, say=say).text(say)

    def to_write(text: str) -> list[str]:
        """Each line offered to write, up to its first placeholder ('<the tag …>', in words)."""
        lines = [line.split("   ")[0] for line in text.splitlines() if line.startswith("#   backbone-site")]
        return [line.split("<")[0] for line in lines]

    assert to_write(own) == to_write(english) and len(to_write(own)) == 4, own
    assert "/home/me/backbone" in own and "https://e.org/b.git@abc" in own
    assert not re.search(r"\b(?:the|and|of|this|you|cannot)\b", own), own


# how each language's scaffolds begin: the story's first comment, the review's first heading
SCAFFOLD_WORDS = {
    "en": ("# The headline.", "# An after-action review.", "## What we expected"),
    "fr": ("# Le titre.", "# Retour d’expérience.", "## Ce que nous attendions"),
}


@pytest.mark.parametrize("language", sorted(SCAFFOLD_WORDS))
def test_new_story_and_review_work_in_any_site(tmp_path, capsys, monkeypatch, language):
    """Scaffolds cite the site's own ids, never the demo's, speak the site's language, and pass
    `backbone check` as written."""
    project = new_site(tmp_path / "site", language)
    monkeypatch.chdir(project.root)
    title = "What changed when the nursery opened at seven in the morning for every family in the east"
    assert backbone(["new", "story", title, "--date", "2026-03-01"]) == 0
    assert backbone(["new", "review", "after-action-review", "The spring intake", "--date", "2026-04-01"]) == 0
    story = project.path("content/stories/2026-03-01-what-changed-when-the-nursery-opened-at-seven-in-the-morning.md")
    text = story.read_text(encoding="utf-8")
    assert "metrics: [children-ready-for-school]" in text and "jobs-placed" not in text
    review = project.path("content/learning/2026-04-01-the-spring-intake.md").read_text(encoding="utf-8")
    assert "participants: [northfield-council]" in review and "draft: true" in review
    story_comment, review_comment, first_heading = SCAFFOLD_WORDS[language]
    assert text.startswith(f"---\n{story_comment}") and review.startswith(f"---\n{review_comment}")
    assert f"\n{first_heading}\n" in review
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
        ("Point d’automne", "point-d-automne"),  # the typographic apostrophe parts words as "'" does
        ("Point d'automne", "point-d-automne"),
        ("x" * 80, "x" * 60),
        ("!!!", "story"),
    ],
)
def test_story_slugs_end_at_a_word(title, slug):
    from backbone.stories.scaffold import slugify

    assert slugify(title) == slug
    assert len(slugify(title)) <= 60


def _workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def test_ci_runs_the_readmes_test_command_where_users_run_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "bash .ci/install && python3 -m pytest"
    assert command in readme
    assert (ROOT / ".ci/run").read_text(encoding="utf-8").rstrip().endswith("bash .ci/install\npython3 -m pytest")
    jobs = _workflow("tests.yml")["jobs"]
    assert jobs["tests"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    for job in ("tests", "lowest"):
        assert command in [step.get("run", "").strip() for step in jobs[job]["steps"]], job
    assert "--resolution lowest-direct" in " ".join(step.get("run", "") for step in jobs["lowest"]["steps"])
    assert "python scripts/compare_engines.py" in [s.get("run") for s in jobs["properdocs-canary"]["steps"]]


def test_a_release_is_built_checked_and_published_without_a_stored_token():
    release = _workflow("release.yml")
    assert release[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key 'on' as True
    steps = " ".join(s.get("run", "") for s in release["jobs"]["build"]["steps"])
    for needed in ("python -m build", "twine check", "backbone new site", "mkdocs build -f site_config.yml --strict"):
        assert needed in steps
    publish = release["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    (uses,) = [s for s in publish["steps"] if s.get("uses", "").startswith("pypa/gh-action-pypi-publish")]
    assert "with" not in uses  # trusted publishing: no password, no token
    assert "gh release create" in release["jobs"]["github-release"]["steps"][-1]["run"]


def test_every_released_version_has_its_changelog_section():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import release_notes
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert release_notes.version() == __version__
    for version in ("0.1.0", "0.2.0"):
        assert release_notes.notes(changelog, version).startswith("The first version" if version == "0.1.0" else "In")
    assert release_notes.notes(changelog, "9.9.9") is None
