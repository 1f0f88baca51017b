"""`backbone upgrade` makes a site in several languages editable in every language in the browser
editor (issue 26): a text a data file gives once for every language becomes the first language's
(``{en: text}``), and a story or review written as ``x.md`` is renamed ``x.en.md``, the names
Decap CMS 3.16 can edit; the site built before and after is the same, byte for byte."""

from __future__ import annotations

import contextlib
import copy
import io
import os
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from support import BILINGUAL_REVIEW as REVIEW
from support import BILINGUAL_REVIEW_ES as REVIEW_ES
from support import FIXTURES, ROOT, Project, make_project
from test_upgrade import git

from backbone import __version__
from backbone.cli import main as backbone
from backbone.cms import edit
from backbone.cms.collections import DATA_FILES
from backbone.cms.widgets import per_language_fields
from backbone.governance.model import Governance
from backbone.identity.model import Identity
from backbone.identity.translated import reading
from backbone.learning.model import Voices
from backbone.metrics.model import InvestmentsFile, MetricFile
from backbone.metrics.units import UnitsFile
from backbone.partners.model import PartnersFile
from backbone.sources import read_yaml
from backbone.upgrade import for_the_editor, upgrade
from backbone.upgrade.yamltext import Document, parse

LANGUAGES = ("en", "es")
# Every data file the editor edits and the model that validates it, named here by hand (not from
# the upgrade's own walk of the schemas) so that a file or a field the walk misses is seen.
MODELS = {
    "identity.yml": Identity,
    "partners.yml": PartnersFile,
    "governance.yml": Governance,
    "investments.yml": InvestmentsFile,
    "units.yml": UnitsFile,
    "voices.yml": Voices,
}

UNITS = """units:
  - id: meals
    singular: meal     # written once for every language
    plural: {en: meals, es: comidas}
"""


def bilingual_copy(target: Path) -> Path:
    """examples/bilingual (plain texts beside per-language ones, the story one-front-door.md with its
    Spanish translation) with a review and its translation and a units file, committed."""
    shutil.copytree(ROOT / "examples" / "bilingual", target, ignore=shutil.ignore_patterns(".cache", "site"))
    (target / "content/learning").mkdir()
    (target / "content/learning/2026-10-review.md").write_text(REVIEW, encoding="utf-8")
    (target / "content/learning/2026-10-review.es.md").write_text(REVIEW_ES, encoding="utf-8")
    (target / "data/units.yml").write_text(UNITS, encoding="utf-8")
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "A site in English and Spanish, written by hand")
    return target


def build(root: Path, site_dir: Path) -> Path:
    shutil.rmtree(root / ".cache", ignore_errors=True)  # each build from nothing: the clean reference
    built = Project(root).build(strict=True, site_dir=site_dir)
    assert built.error is None, built.error
    return site_dir


def backbone_upgrade(root: Path, *args: str) -> tuple[int, list[str], list[str]]:
    """`backbone upgrade` in ``root``: (exit code, lines printed, lines printed as errors)."""
    out, err = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = backbone(["upgrade", *args])
    finally:
        os.chdir(cwd)
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory):
    """The bilingual site built, checked with --check, upgraded, built again, then upgraded again."""
    tmp = tmp_path_factory.mktemp("upgrade-languages")
    root = bilingual_copy(tmp / "northfield")
    before = build(root, tmp / "before")
    check = backbone_upgrade(root, "--check")
    after_check = git(root, "status", "--porcelain")
    editor_before = for_the_editor(root, "site_config.yml")
    first = backbone_upgrade(root)
    after = build(root, tmp / "after")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "backbone upgrade")
    second = backbone_upgrade(root)
    return dict(
        root=root,
        before=before,
        after=after,
        check=check,
        after_check=after_check,
        editor_before=editor_before,
        first=first,
        second=second,
    )


def committed(root: Path, rel: str):
    """A file as the site had it before the upgrade."""
    return yaml.safe_load(git(root, "show", f"HEAD~1:{rel}"))


def per_language_difference(before, after, where: str = "") -> list[str]:
    """Where ``after`` differs from ``before`` other than by a text becoming ``{en: text}``."""
    if isinstance(before, str) and after == {"en": before}:
        return []
    if isinstance(before, dict) and isinstance(after, dict) and before.keys() == after.keys():
        return [d for k in before for d in per_language_difference(before[k], after[k], f"{where}.{k}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            d for i, (b, a) in enumerate(zip(before, after)) for d in per_language_difference(b, a, f"{where}[{i}]")
        ]
    return [] if before == after else [f"{where}: {before!r} became {after!r}"]


def data_files(root: Path) -> list[tuple[Path, type]]:
    data = root / "data"
    files = [(data / name, model) for name, model in MODELS.items() if (data / name).is_file()]
    return files + [(path, MetricFile) for path in sorted((data / "metrics").glob("*.yml"))]


def plain_per_language(path: Path, model, root: Path) -> list[str]:
    """Each text of the file written once for every language where its field takes one per
    language: found by the model itself, which accepts ``{en: text}`` in its place."""
    data = read_yaml(path, root).data
    with reading(LANGUAGES):
        model.model_validate(data)  # the file is valid as it is
    found = []
    for where, parent, key in _texts(data, ""):
        trial = copy.deepcopy(data)
        _set(trial, where, {LANGUAGES[0]: parent[key]})
        try:
            with reading(LANGUAGES):
                model.model_validate(trial)
        except ValidationError:
            continue
        found.append(".".join(str(k) for k in where))
    return found


def _texts(value, _where):
    def walk(node, where):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, item in items:
            if isinstance(item, str) and item.strip():
                yield (*where, key), node, key
            else:
                yield from walk(item, (*where, key))

    return walk(value, ())


def _set(data, where, value):
    for key in where[:-1]:
        data = data[key]
    data[where[-1]] = value


# -- the bilingual site ------------------------------------------------------------------------------


def test_check_says_what_would_change_and_writes_nothing(upgraded):
    code, out, err = upgraded["check"]
    assert code == 1 and err == []
    assert (
        "data/partners.yml:21: partners[0].commitment: the text for every language is now given as its en text"
        in out[0]
    )
    assert out[-1] == "backbone upgrade: would change 14 things in 7 files."
    assert upgraded["after_check"] == ""


def test_every_change_is_said_with_its_file_and_line(upgraded):
    code, out, err = upgraded["first"]
    assert code == 0 and err == []
    assert out[:-1] == upgraded["check"][1][:-1]
    said = {line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1] for line in out[:-1] if line.startswith("data/")}
    assert said == {
        "data/partners.yml:21: partners[0].commitment",
        "data/partners.yml:31: partners[1].commitment",
        "data/governance.yml:4: bodies[0].name",
        "data/governance.yml:6: bodies[0].purpose",
        "data/governance.yml:9: bodies[0].cadence",
        "data/governance.yml:11: decisions[0].decision",
        "data/governance.yml:13: decisions[0].rule",
        "data/identity.yml:38: boilerplate.short",
        "data/identity.yml:41: boilerplate.medium",
        "data/identity.yml:45: boilerplate.long",
        "data/metrics/families-supported.yml:8: description",
        "data/units.yml:3: units[0].singular",
    }
    renamed = [line for line in out if line.startswith("content/")]
    assert renamed == [
        "content/stories/one-front-door.md: renamed one-front-door.en.md, as the browser editor names the en file "
        "of a page it pairs with its translations (its address does not change)",
        "content/learning/2026-10-review.md: renamed 2026-10-review.en.md, as the browser editor names the en file "
        "of a page it pairs with its translations (its address does not change)",
    ]
    assert out[-1] == "backbone upgrade: changed 14 things in 7 files; now run `backbone check`, then commit."


def test_each_text_becomes_the_first_languages_and_nothing_else_changes(upgraded):
    root = upgraded["root"]
    for path, _ in data_files(root):
        rel = path.relative_to(root).as_posix()
        assert per_language_difference(committed(root, rel), yaml.safe_load(path.read_text())) == [], rel
    assert yaml.safe_load((root / "data/units.yml").read_text())["units"][0]["singular"] == {"en": "meal"}


def test_only_the_lines_of_those_texts_change(upgraded):
    root = upgraded["root"]
    assert (root / "data/units.yml").read_text() == UNITS.replace(
        "    singular: meal     # written once for every language\n",
        "    singular:\n      en: meal     # written once for every language\n",
    )
    identity = (root / "data/identity.yml").read_text()
    assert (
        '# "about us" texts partners can copy, in three lengths\n'
        "  short:\n"
        "    en: >-\n"
        "      Northfield Early Years is a partnership of the council, health services and community\n"
        "      organisations helping every child in Northfield start school ready to learn.\n"
        "  medium:\n"
    ) in identity
    diff = git(root, "diff", "--numstat", "HEAD~1", "HEAD", "--", "data/partners.yml")
    assert diff.split()[:2] == ["4", "2"]  # each of two 'commitment: text' lines became two lines


def test_no_text_that_may_be_given_per_language_is_left_for_every_language(upgraded):
    root = upgraded["root"]
    for path, model in data_files(root):
        assert plain_per_language(path, model, root) == [], path.name


def test_the_check_finds_such_texts_before_the_upgrade(tmp_path):
    """The test above can fail: on the site as written by hand, it finds them."""
    root = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "bilingual", root, ignore=shutil.ignore_patterns(".cache", "site"))
    assert plain_per_language(root / "data/partners.yml", PartnersFile, root) == [
        "partners.0.commitment",
        "partners.1.commitment",
    ]


def test_the_models_named_here_are_the_files_the_editor_edits():
    assert {f"{name}.yml" for name, _, _ in DATA_FILES} == set(MODELS)


def test_originals_are_renamed_with_git_and_translations_kept(upgraded):
    root = upgraded["root"]
    renames = git(root, "diff", "--name-status", "-M", "HEAD~1", "HEAD", "--", "content").splitlines()
    assert sorted(line.split("\t", 1)[1] for line in renames if line.startswith("R100")) == [
        "content/learning/2026-10-review.md\tcontent/learning/2026-10-review.en.md",
        "content/stories/one-front-door.md\tcontent/stories/one-front-door.en.md",
    ]
    assert (root / "content/stories/one-front-door.es.md").is_file()
    assert (root / "content/learning/2026-10-review.es.md").is_file()
    assert not (root / "content/about.en.md").exists()  # an author's page: the editor does not pair those


def test_the_site_is_the_same_byte_for_byte(upgraded):
    before, after = upgraded["before"], upgraded["after"]
    files = sorted(p.relative_to(before).as_posix() for p in before.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file())
    assert "learning/2026-10-review/index.html" in files and "es/stories/one-front-door/index.html" in files
    assert [f for f in files if (before / f).read_bytes() != (after / f).read_bytes()] == []


def test_a_second_run_changes_nothing(upgraded):
    code, out, err = upgraded["second"]
    assert code == 0 and err == []
    assert out == [
        f"backbone upgrade: {upgraded['root']} is already in the format of Backbone {__version__}; nothing to change."
    ]


def test_backbone_edit_says_to_upgrade_first_until_it_is_done(upgraded, monkeypatch):
    assert upgraded["editor_before"] == "en"
    assert for_the_editor(upgraded["root"], "site_config.yml") is None
    told = []
    monkeypatch.setattr(edit, "run", lambda config, **kw: told.append(kw["notice"]) or 0)
    monkeypatch.chdir(upgraded["root"])
    assert backbone(["edit", "--no-browser"]) == 0
    assert told == [None]


def test_backbone_edit_says_it_in_the_sites_language(tmp_path, monkeypatch):
    root = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "bilingual", root, ignore=shutil.ignore_patterns(".cache", "site"))
    told = []
    monkeypatch.setattr(edit, "run", lambda config, **kw: told.append(kw["notice"]) or 0)
    monkeypatch.chdir(root)
    assert backbone(["edit", "--no-browser"]) == 0
    assert told == [
        "backbone edit: Some texts and files of this site cannot be changed in every language in the editor yet: "
        "run `backbone upgrade` (`backbone upgrade --check` lists them), then commit, and they can."
    ]
    assert edit.upgrade_first("es").startswith("backbone edit: Algunos textos y archivos de este sitio")


# -- around it --------------------------------------------------------------------------------------


def test_a_site_in_one_language_is_untouched(tmp_path):
    project = make_project(tmp_path, FIXTURES / "minimal")
    project.write("data/units.yml", UNITS.replace("{en: meals, es: comidas}", "meals"))
    project.write("content/stories/night-bus.md", "---\ntitle: Night bus\n---\n")
    assert upgrade(project.root, "site_config.yml").site.changes == []
    assert project.path("content/stories/night-bus.md").is_file()
    assert for_the_editor(project.root, "site_config.yml") is None


def test_two_originals_of_one_story_are_left_with_a_message(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "bilingual", root, ignore=shutil.ignore_patterns(".cache", "site"))
    shutil.copy(root / "content/stories/one-front-door.md", root / "content/stories/one-front-door.en.md")
    site = upgrade(root, "site_config.yml").site
    assert [str(p) for p in site.problems] == [
        "content/stories/one-front-door.md: one-front-door.en.md is this page in en too: two originals of one page, "
        "left as they are; keep one of them (backbone check says so too), then run backbone upgrade again"
    ]
    assert (root / "content/stories/one-front-door.md").is_file()


def test_an_alias_is_left_with_a_message(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "bilingual", root, ignore=shutil.ignore_patterns(".cache", "site"))
    (root / "data/units.yml").write_text(
        "units:\n  - id: meals\n    singular: &meal meal\n    plural: meals\n"
        "  - id: dinners\n    singular: *meal\n    plural: dinners\n",
        encoding="utf-8",
    )
    site = upgrade(root, "site_config.yml").site
    assert [str(p) for p in site.problems if "units" in p.file] == [
        "data/units.yml:6 (units[1].singular): this text repeats another one of the file (an alias, '*name'): left "
        "as it is; to edit it in the browser, write it out here as 'en: the text'"
    ]


def test_a_text_keeps_its_quoting_comment_and_block_style_wherever_it_is():
    text = (
        "partners:\n"
        '  - {id: a, name: "Quoted, comma", role: Plain role}\n'
        "  - id: b\n"
        "    name: 'Single'   # a comment\n"
        "    role:\n"
        "      Role on the next line\n"
        "      and continued\n"
        "    commitment: |\n"
        "      Line one\n"
        "        indented\n"
        '    description: ""\n'
    )
    document = Document(Path("partners.yml"), "partners.yml", text, parse(text, "partners.yml"))
    from backbone.upgrade.to_0_3 import _at, _one_text

    root = document.nodes()
    found = [
        (parent, key, value)
        for field in ("name", "role", "commitment", "description")
        for parent, key, value, _ in _at(root, ("partners", "*", field), "")
        if _one_text(value)
    ]
    before = yaml.safe_load(text)
    assert document.per_language(found, "en") == [2, 4, 2, 5, 8]
    assert document.text == (
        "partners:\n"
        '  - {id: a, name: {en: "Quoted, comma"}, role: {en: Plain role}}\n'
        "  - id: b\n"
        "    name:\n"
        "      en: 'Single'   # a comment\n"
        "    role:\n"
        "      en: Role on the next line\n"
        "        and continued\n"
        "    commitment:\n"
        "      en: |\n"
        "        Line one\n"
        "          indented\n"
        '    description: ""\n'
    )
    assert per_language_difference(before, yaml.safe_load(document.text)) == []


def test_a_file_with_windows_line_ends_keeps_them():
    text = "units:\r\n  - id: meals\r\n    singular: meal  # one\r\n    plural: >-\r\n      meals\r\nx: 1\r\n"
    document = Document(Path("units.yml"), "units.yml", text, parse(text, "units.yml"))
    from backbone.upgrade.to_0_3 import _at

    root = document.nodes()
    found = [t[:3] for field in ("singular", "plural") for t in _at(root, ("units", "*", field), "")]
    assert document.per_language(found, "en") == [3, 4]
    assert document.text == (
        "units:\r\n  - id: meals\r\n    singular:\r\n      en: meal  # one\r\n    plural:\r\n      en: >-\r\n"
        "        meals\r\nx: 1\r\n"
    )


def schema_per_language(schema: dict, defs: dict, path: tuple = ()) -> set[tuple]:
    """The paths of pydantic's JSON schema whose value is a text or a mapping of texts: what
    the upgrade's walk of the types (cms/widgets.py) must find, read another way."""
    if "$ref" in schema:
        return schema_per_language(defs[schema["$ref"].rsplit("/", 1)[1]], defs, path)
    branches = [b for key in ("oneOf", "anyOf") for b in schema.get(key, []) if b.get("type") != "null"]
    kinds = {b.get("type") for b in branches}
    if kinds == {"string", "object"} and all(
        b.get("additionalProperties", {}).get("type") == "string" for b in branches if b.get("type") == "object"
    ):
        return {path}
    found = set().union(*(schema_per_language(b, defs, path) for b in branches)) if branches else set()
    for name, prop in schema.get("properties", {}).items():
        found |= schema_per_language(prop, defs, (*path, name))
    if schema.get("type") == "array" and "items" in schema:
        found |= schema_per_language(schema["items"], defs, (*path, "*"))
    if isinstance(schema.get("additionalProperties"), dict):
        found |= schema_per_language(schema["additionalProperties"], defs, (*path, "*"))
    return found


@pytest.mark.parametrize("model", [*MODELS.values(), MetricFile], ids=lambda m: m.__name__)
def test_the_walk_finds_every_field_that_takes_a_text_per_language(model):
    schema = model.model_json_schema(by_alias=True, mode="validation")
    expected = schema_per_language(schema, schema.get("$defs", {}))
    assert set(per_language_fields(model)) == expected
    if model is PartnersFile:
        assert ("partners", "*", "commitment") in expected and ("sectors", "*", "label") in expected
