"""Fuzzed input: malformed data files and front matter end in a clean build or a located error.

Hypothesis generates broken YAML text, wrong types, missing and unknown keys, unicode and
deep nesting, written over one file of a copy of tests/fixtures/minimal. Every case must
either load (and build) or stop with a DataError/PluginError naming a file under data/ or
content/ — never any other exception, never a traceback.

To fuzz a new file of the minimal fixture, add one line to DATA_TARGETS; the strategies
mutate whatever valid data it holds. Metric and investment files are fuzzed the same way in
a copy of tests/fixtures/metrics (the real metrics plugin, charts included); a story's front
matter in a partnership with stories (tests/fixtures/stories); data/voices.yml and a
review's front matter with the learning loop on. Each of those projects must first build
cleanly unfuzzed, so that no case passes only because everything already failed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURES, Project

from backbone.loaders import load_project
from backbone.problems import DataError

# name → file (relative to the fixture) whose text the strategies replace.
DATA_TARGETS: dict[str, str] = {
    "identity": "data/identity.yml",
    "partners": "data/partners.yml",
    "governance": "data/governance.yml",
}
# Markdown pages whose front matter is fuzzed in full builds.
PAGE_TARGETS: dict[str, str] = {
    "home page": "content/index.md",
}

LOCATED = re.compile(r"\b(data|content)/[^\s:]+")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
BUILDS = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
# feature files whose broken cases mostly stop at loading, in a tenth of a second: more cases
MORE_BUILDS = settings(BUILDS, max_examples=40)


# --- strategies ------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(
        ["", " ", "#ff00zz", "2024-13-45", "city-hall", "NO", "~", "<script>x</script>", "💥", "\u202e", "a" * 500]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)
YAML_BREAKERS = [
    ": ",
    "- ",
    '"',
    "'",
    "\t",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "{",
    "[",
    "]",
    "}",
    "? ",
    "|",
    ">",
    "%YAML 1.1\n",
    "---\n",
    "\x00",
    "\ufeff",
    "key: [1, 2\n",
    ": : :",
]


def paths_of(data, path=()):
    """Every path into a nested structure, the root included."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_of(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths_of(value, path + (index,))


def get(data, path):
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated(draw, valid):
    """The valid data with one to three changes: replaced, removed, added, nested or retyped."""
    import copy

    data = copy.deepcopy(valid)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(paths_of(data))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "remove", "unknown key", "nest", "listify", "empty"]))
        if not path:
            data = draw(values) if action == "replace" else data
            continue
        parent, key = get(data, path[:-1]), path[-1]
        if action == "replace":
            parent[key] = draw(values)
        elif action == "remove":
            del parent[key]
        elif action == "unknown key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=15))] = draw(values)
        elif action == "nest":
            deep = parent[key]
            for _ in range(draw(st.integers(1, 60))):
                deep = {"x": deep} if draw(st.booleans()) else [deep]
            parent[key] = deep
        elif action == "listify":
            parent[key] = [parent[key]]
        elif action == "empty":  # a placeholder with nothing in it yet: [], {} or ''
            parent[key] = type(parent[key])() if isinstance(parent[key], (list, dict, str)) else None
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def broken_text(draw, text):
    """The valid file's text with YAML syntax broken at a few places, or cut short."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(YAML_BREAKERS) | st.text(max_size=5)) + text[at:]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def any_text_for(rel: str, fixture: str = "minimal"):
    valid_text = (FIXTURES / fixture / rel).read_text(encoding="utf-8")
    valid = yaml.safe_load(valid_text)
    return st.one_of(mutated(valid), broken_text(valid_text), st.text(max_size=200))


# --- checks ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def restore(root: Path, rel: str) -> None:
    shutil.copy2(FIXTURES / "minimal" / rel, root / rel)


def assert_located(error: DataError) -> None:
    assert error.problems, "a DataError with no problem in it"
    for problem in error.problems:
        assert problem.file.startswith(("data/", "content/")), f"problem names no data or content file: {problem}"
        assert problem.message.strip(), problem


@pytest.mark.parametrize("target", sorted(DATA_TARGETS))
def test_fuzzed_data_files_load_or_fail_with_located_problems(workdir, target):
    rel = DATA_TARGETS[target]

    @FAST
    @given(text=any_text_for(rel))
    def check(text):
        (workdir / rel).write_text(text, encoding="utf-8")
        try:
            load_project(workdir)
        except DataError as error:
            assert_located(error)
            # the broken file, or a file whose reference it no longer satisfies, naming it
            # ("unknown partner 'x' (partners are listed in data/partners.yml)")
            assert any(p.file == rel or rel in p.message for p in error.problems), (
                f"{rel} was broken but the problems name {[str(p) for p in error.problems]}"
            )

    try:
        check()
    finally:
        restore(workdir, rel)


def assert_clean_build_or_located_error(built) -> None:
    if built.error is None:
        assert built.warnings == [] or all(LOCATED.search(w) or "Doc file" in w for w in built.warnings), built.warnings
        return
    assert "Traceback" not in built.error, built.error
    assert LOCATED.search(built.error), f"the build stopped without naming a file:\n{built.error}"


def fuzz_builds(project: Project, rel: str, texts, cases: settings, site: Path, build=None) -> None:
    """Write each of ``texts`` over ``rel``, build, and check the outcome; then put ``rel`` back."""
    original = project.path(rel).read_text(encoding="utf-8")
    build = build or project.build

    @cases
    @given(text=texts)
    def check(text):
        project.path(rel).write_text(text, encoding="utf-8")
        assert_clean_build_or_located_error(build(site_dir=site))

    try:
        check()
    finally:
        project.path(rel).write_text(original, encoding="utf-8")


@pytest.mark.parametrize("target", sorted(DATA_TARGETS))
def test_fuzzed_data_files_in_full_builds(workdir, tmp_path, target):
    rel = DATA_TARGETS[target]
    fuzz_builds(Project(workdir), rel, any_text_for(rel), BUILDS, tmp_path / "site")


FRONT_MATTER_KEYS = [
    "title",
    "template",
    "hide",
    "description",
    "icon",
    "status",
    "search",
    "tags",
    "summary",
    "date",
    "partners",
    "metrics",
    "image",
    "quote",
    "draft",
    "slug",
    "aliases",
]
front_matter = st.one_of(
    st.dictionaries(st.sampled_from(FRONT_MATTER_KEYS) | st.text(max_size=10), values, max_size=5).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)
    ),
    st.sampled_from(YAML_BREAKERS).map(lambda s: f"title: x\n{s}hide: [toc\n"),
    st.text(max_size=80),
)


@pytest.mark.parametrize("target", sorted(PAGE_TARGETS))
def test_fuzzed_front_matter_builds_or_fails_with_a_located_error(workdir, tmp_path, target):
    rel = PAGE_TARGETS[target]
    body = (FIXTURES / "minimal" / rel).read_text(encoding="utf-8").split("---\n", 2)[-1]
    fuzz_builds(
        Project(workdir), rel, front_matter.map(lambda meta: f"---\n{meta}---\n{body}"), BUILDS, tmp_path / "site"
    )


# --- the features' own files: metrics, investments, stories --------------------------------


def clean_baseline(project: Project) -> Project:
    """The unfuzzed project must build cleanly, or every case would 'pass' as an error."""
    built = project.build(site_dir=project.root / "baseline-site")
    assert built.error is None and built.warnings == [], (built.error, built.warnings)
    return project


METRIC_TARGETS = {"metric": "data/metrics/clinic-visits.yml", "investments": "data/investments.yml"}


@pytest.fixture(scope="module")
def metrics_workdir(tmp_path_factory) -> Project:
    from support import make_project

    project = make_project(tmp_path_factory.mktemp("fuzz-metrics"), FIXTURES / "metrics")
    return clean_baseline(project)


@pytest.mark.parametrize("target", sorted(METRIC_TARGETS))
def test_fuzzed_metric_files_in_full_builds(metrics_workdir, tmp_path, target):
    rel = METRIC_TARGETS[target]
    fuzz_builds(metrics_workdir, rel, any_text_for(rel, "metrics"), MORE_BUILDS, tmp_path / "site")


# live figures in prose: {{ metric:id@period.field }}, {{ roi:who.field }}, {{ chart:id }}
_citation = st.builds(
    lambda kind, ident, period, field, space: "{{" + space + kind + ":" + ident + period + field + space + "}}",
    st.sampled_from(["metric", "roi", "chart", "metrics", ""]) | st.text(max_size=6),
    st.sampled_from(["clinic-visits", "voucher-spend", "wait-days", "collective", "city-hall", "nope", ""])
    | st.text(max_size=12),
    st.sampled_from(["", "@2023-Q3", "@2031-Q1", "@2023", "@Q3", "@2023-Q5", "@", "@@"])
    | st.text(max_size=8).map(lambda t: "@" + t),
    st.sampled_from(
        [
            "",
            ".change",
            ".year_change",
            ".target",
            ".progress",
            ".baseline",
            ".period",
            ".status",
            ".share",
            ".invested",
            ".value",
            ".nope",
            ".",
            ".change.change",
        ]
    ),
    st.sampled_from(["", " ", "  "]),
)
citations = st.lists(
    st.one_of(_citation, st.sampled_from(["\\", "`", "\n\n```\n", "\n", " text "])), min_size=1, max_size=8
).map("".join)


def test_fuzzed_citations_in_prose_build_or_fail_with_a_located_error(metrics_workdir, tmp_path):
    rel = "content/notes/figures.md"
    texts = citations.map(lambda body: f"---\ntitle: Figures\n---\n# Figures\n\n{body}\n")
    fuzz_builds(metrics_workdir, rel, texts, MORE_BUILDS, tmp_path / "site")


def test_fuzzed_story_front_matter_builds_or_fails_with_a_located_error(tmp_path):
    from stories_helpers import build, with_stories

    project = with_stories(tmp_path / "fuzz-stories")
    rel = "content/stories/food-vouchers.md"
    body = project.path(rel).read_text(encoding="utf-8").split("---\n", 2)[-1]
    texts = front_matter.map(lambda meta: f"---\n{meta}---\n{body}")
    fuzz_builds(project, rel, texts, BUILDS, tmp_path / "site", build=lambda **kw: build(project, **kw))


@pytest.fixture(scope="module")
def learning_workdir(tmp_path_factory) -> Project:
    """The minimal partnership with the learning loop: two reviews and data/voices.yml."""
    from support import make_project
    from test_learning import AAR, AI, VOICES

    project = make_project(tmp_path_factory.mktemp("fuzz-learning"), FIXTURES / "minimal")
    project.write("content/learning/2025-03-winter.md", AAR)
    project.write("content/learning/2024-11-clinics.md", AI)
    project.write("data/voices.yml", VOICES)
    return clean_baseline(project)


def _front_matter_and_body(text: str) -> tuple[dict, str]:
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body


@pytest.mark.parametrize("target", ["voices", "review"])
def test_fuzzed_learning_files_in_full_builds(learning_workdir, tmp_path, target):
    project = learning_workdir
    rel = "data/voices.yml" if target == "voices" else "content/learning/2025-03-winter.md"
    original = project.path(rel).read_text(encoding="utf-8")
    if target == "voices":
        texts = st.one_of(mutated(yaml.safe_load(original)), broken_text(original))
    else:  # the review's front matter, mutated; its sections kept
        meta, body = _front_matter_and_body(original)
        texts = mutated(meta).map(lambda m: f"---\n{m}---\n{body}")
    fuzz_builds(project, rel, texts, MORE_BUILDS, tmp_path / "site")


# --- what fuzzing found, kept as plain regression tests ----------------------------------

FOUND = {
    "control character in a data file": (
        "data/identity.yml",
        "name: Harbour\x1b Health\n",
        "data/identity.yml:1: the character U+001B (column 14) is not allowed in YAML",
    ),
    "template is a list": (
        "content/index.md",
        "---\ntemplate: []\n---\n# Hi\n",
        "content/index.md:2 (template): expected the name of a theme template such as 'home.html', got a list",
    ),
    "template does not exist": (
        "content/index.md",
        "---\ntitle: Hi\ntemplate: hom.html\n---\n# Hi\n",
        "content/index.md:3 (template): no template 'hom.html' in the theme",
    ),
    "hide is not a list": (
        "content/index.md",
        "---\nhide: toc\n---\n# Hi\n",
        "content/index.md:2 (hide): expected a list such as [navigation, toc], got 'toc'",
    ),
    "hide names an unknown part": (
        "content/index.md",
        "---\nhide:\n  - navigation\n  - tocc\n---\n# Hi\n",
        "content/index.md:4 (hide[1]): cannot hide 'tocc': choose from feedback, footer, navigation, path, tags, toc; did you mean 'toc'?",
    ),
    "title is a mapping": (
        "content/index.md",
        "---\ntitle: {a: 1}\n---\n# Hi\n",
        "content/index.md:2 (title): expected text, got a mapping",
    ),
    "a mistyped key that looks like pydantic's union branch names": (
        "data/governance.yml",
        "b[odies: []\n",
        "data/governance.yml:1 (b[odies): unknown field 'b[odies'; did you mean 'bodies'?",
    ),
    "front matter MkDocs cannot read": (
        "content/index.md",
        "---\ntitle: Hi\nhide: [toc\n---\n# Hi\n",
        "content/index.md:3: the '[' at column 7 is never closed: end the list with ']' on the same line, like [toc]",
    ),
}


@pytest.mark.parametrize("rel, text, message", FOUND.values(), ids=FOUND.keys())
def test_cases_found_by_fuzzing_stop_with_a_located_message(minimal, rel, text, message):
    minimal.write(rel, text)
    built = minimal.build()
    assert built.error is not None and message in built.error, built.error
