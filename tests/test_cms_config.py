"""The browser editor's configuration (admin/config.yml) is made from the models that validate the data.

Each model is read here through pydantic's own JSON schema, not through Backbone's walk of the
types (backbone/cms/widgets.py), so that a field the walk loses, or one it invents, is seen.
A built site's admin/ is checked as published: its files, Sveltia CMS's JSON schema of the
configuration, the page's Content-Security-Policy, and that nothing of it reaches the sitemap,
the search index, the navigation or the feeds.
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from support import FIXTURES, ROOT, backbone_options, make_project

from backbone.adapters.check import check_site
from backbone.cms import admin, widgets
from backbone.cms.choices import Choices
from backbone.cms.collections import Site
from backbone.cms.config import Backend, BackendError, decap_config, repo_from_url
from backbone.cms.labels import Labels, decap_locale
from backbone.governance.model import Governance
from backbone.identity.model import Identity
from backbone.learning.model import ReviewMeta, Voices
from backbone.metrics.model import InvestmentsFile, MetricFile
from backbone.metrics.units import UnitsFile
from backbone.partners.model import PartnersFile
from backbone.stories.model import StoryMeta

SVELTIA_SCHEMA = ROOT / "node_modules" / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
# Options Sveltia CMS reads and ignores with a warning (its bundle lists them as
# 'unsupported_ignored_option'): Decap's interface language and `backbone edit`'s local server.
SVELTIA_IGNORES = {"locale", "local_backend"}
ALL_FILES = frozenset({"partners", "governance", "identity", "investments", "units", "voices"})
MODELS = {  # collection (and file) → the model its entries are validated with
    "stories": StoryMeta,
    "reviews": ReviewMeta,
    "metrics": MetricFile,
    "partners": PartnersFile,
    "governance": Governance,
    "identity": Identity,
    "investments": InvestmentsFile,
    "units": UnitsFile,
    "voices": Voices,
}
BODY = {"stories", "reviews"}  # Markdown files: the text below the front matter is a field too


def site(**choices) -> Site:
    metrics = {"jobs-placed": "Young adults starting a job", "mentoring-hours": "Mentoring hours"}
    claims = {"jobs-placed@2025-Q3": ("jobs-placed", "Q3 2025")}
    return Site(
        pages=(("about.md", "About us"),),
        choices=Choices(
            metrics=metrics,
            claims=claims,
            stories={"night-bus": "The night bus"},
            actions={"fare-cap": "Ask for a fare cap"},
            tags=("jobs", "transit", "youth-voice"),
            files=ALL_FILES,
            **choices,
        ),
    )


@pytest.fixture(scope="module")
def config() -> dict:
    return decap_config(site(), Backend(), repo_url="https://github.com/riverbend-works/site")


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def entry_fields(config: dict, name: str) -> list[dict]:
    found = collection(config, name)
    return found["fields"] if "fields" in found else found["files"][0]["fields"]


# -- every field of every model has its form, and every form its field ----------------------


def schema_names(schema: dict, defs: dict) -> dict[str, dict | None]:
    """name → the nested model's schema (or None for a plain value), from pydantic's JSON schema."""
    out = {}
    for name, prop in schema.get("properties", {}).items():
        out[name] = nested(prop, defs)
    return out


def nested(prop: dict, defs: dict) -> dict | None:
    """The model inside a property: itself, an optional one, a list of them, a map's or a union's."""
    if "$ref" in prop:
        return defs[prop["$ref"].rsplit("/", 1)[1]]
    for key in ("anyOf", "oneOf"):
        for branch in prop.get(key, []):  # a union: the branch made of models (a breakdown's list)
            if branch.get("type") == "array" and "$ref" in branch.get("items", {}):
                return nested(branch, defs)
        for branch in prop.get(key, []):
            if (found := nested(branch, defs)) is not None:
                return found
    if prop.get("type") == "array" and "items" in prop:
        return nested(prop["items"], defs)
    return None


def cms_names(fields: list[dict]) -> dict[str, list[dict] | None]:
    return {f["name"]: f.get("fields") for f in fields}


def moved(model) -> set[tuple[str, str]]:
    """(model, field) of the fields read only to say where their value moved (never edited)."""
    out = set()
    for name, info in model.model_fields.items():
        if info.exclude:
            out.add((model.__name__, info.alias or name))
    for sub in _models_under(model):
        out |= {(sub.__name__, info.alias or n) for n, info in sub.model_fields.items() if info.exclude}
    return out


def _models_under(model, seen=None) -> list:
    import typing

    from pydantic import BaseModel

    seen = seen if seen is not None else []
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                if tp not in seen:
                    seen.append(tp)
                    _models_under(tp, seen)
            else:
                stack.extend(typing.get_args(tp))
    return seen


def compare(model_schema: dict, defs: dict, fields: list[dict], where: str, skip=frozenset()) -> list[str]:
    expected, found = schema_names(model_schema, defs), cms_names(fields)
    expected = {n: v for n, v in expected.items() if (model_schema.get("title"), n) not in skip}
    problems = [f"{where}.{n}: a field of the model with no form" for n in expected.keys() - found.keys()]
    problems += [f"{where}.{n}: a form with no field in the model" for n in found.keys() - expected.keys()]
    for name in expected.keys() & found.keys():
        sub, form = expected[name], found[name]
        if (sub is None) != (form is None):
            problems.append(
                f"{where}.{name}: the model has {'no ' if sub is None else ''}parts, the form has the other"
            )
        elif sub is not None:
            problems += compare(sub, defs, form, f"{where}.{name}", skip)
    return problems


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_field_has_a_form_and_every_form_a_field(config, name):
    schema = MODELS[name].model_json_schema(by_alias=True, mode="validation")
    fields = entry_fields(config, name)
    if name in BODY:
        assert fields[-1]["name"] == "body" and fields[-1]["widget"] == "markdown"
        fields = fields[:-1]
    if name == "partners":  # the file holds the partnership's sectors, then one list of partners
        assert [f["name"] for f in fields] == ["sectors", "partners"] and {f["widget"] for f in fields} == {"list"}
    assert compare(schema, schema.get("$defs", {}), fields, name, moved(MODELS[name])) == []


def test_sectors_and_units_are_chosen_from_the_partnerships_own():
    sectors = {"university": "Universities", "public": "Public bodies"}
    own = decap_config(site(sectors=sectors, units={"tonnes": "tonnes"}), Backend(), repo_url="https://github.com/o/s")
    partner = by_name(entry_fields(own, "partners")[1]["fields"])
    assert partner["sector"]["widget"] == "select"
    assert [(o["value"], o["label"]) for o in partner["sector"]["options"]] == list(sectors.items())  # in their order
    unit = by_name(entry_fields(own, "metrics"))["unit"]
    assert [o["value"] for o in unit["options"]] == [
        "count",
        "percent",
        "currency",
        "hours",
        "people",
        "ratio",
        "tonnes",
    ]
    assert unit["options"][-1]["label"] == "tonnes" and unit["options"][0]["label"] == "A count"


def test_a_new_field_without_its_words_or_form_stops_the_generation():
    from backbone.schema import Strict

    class Grown(StoryMeta):
        sponsor_note: str | None = None  # no label in labels.py

    with pytest.raises(widgets.UnknownField, match="StoryMeta.sponsor_note has no label"):
        widgets.model_fields(Grown, walk(), owner="StoryMeta")

    class Odd(Strict):
        id: complex  # a type with no form

    with pytest.raises(widgets.UnknownField, match="complex"):
        widgets.model_fields(Odd, walk())


def walk():
    from backbone.cms.collections import _walk

    return _walk(site(), Labels())


# -- widgets follow the schema --------------------------------------------------------------


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def matches(field: dict, value: str) -> bool:
    return re.search(field["pattern"][0], value) is not None  # these patterns mean the same in JS


def test_widgets_follow_the_types_and_limits(config):
    story = by_name(entry_fields(config, "stories"))
    assert story["title"]["required"] is True and story["updated"]["required"] is False
    assert story["date"]["widget"] == "datetime" and story["date"]["format"] == "YYYY-MM-DD"
    assert story["date"]["time_format"] is False
    assert matches(story["title"], "x" * 200) and not matches(story["title"], "x" * 201)
    assert matches(story["summary"], "x" * 200) and not matches(story["summary"], "x" * 201)
    assert story["tags"]["max"] == 20 and story["tags"]["field"]["widget"] == "string"
    assert story["tags"]["hint"].endswith("Tags in use: jobs, transit, youth-voice.")
    assert matches(story["tags"]["field"], "youth-voice") and not matches(story["tags"]["field"], "Youth Voice")
    assert story["draft"] == {**story["draft"], "widget": "boolean", "default": False}
    assert story["image"]["widget"] == "object" and by_name(story["image"]["fields"])["src"]["widget"] == "image"
    # an optional object's parts are optional in the form (Decap would demand them of an empty object)
    assert {f["required"] for f in story["quote"]["fields"]} == {False}
    assert [o["value"] for o in story["principle"]["options"]] == [1, 2, 3, 4, 5, 6]

    review = by_name(entry_fields(config, "reviews"))
    assert [o["value"] for o in review["kind"]["options"]] == list(ReviewMeta.model_fields["kind"].annotation.__args__)
    assert review["kind"]["options"][0]["label"] == "After-action review"

    metric = by_name(entry_fields(config, "metrics"))
    assert metric["decimals"] == {**metric["decimals"], "widget": "number", "value_type": "int", "min": 0, "max": 6}
    assert metric["tolerance"]["value_type"] == "float" and metric["tolerance"]["max"] == 1
    point = by_name(metric["series"]["fields"])
    assert point["value"]["widget"] == "number" and point["value"]["required"] is False  # empty: a gap
    assert matches(point["period"], "2025-Q3") and matches(point["period"], "2025-07")
    assert not matches(point["period"], "Q3 2025")
    assert metric["series_csv"]["widget"] == "file"
    assert by_name(metric["breakdown"]["fields"])["partner"]["widget"] == "relation"

    sectors, partners = entry_fields(config, "partners")
    assert [f["name"] for f in sectors["fields"]] == ["id", "label", "short"] and sectors["required"] is False
    partner = by_name(partners["fields"])
    assert partner["logo"]["widget"] == "image"
    assert collection(config, "partners")["media_folder"] == "partners"  # uploads: data/partners/
    assert matches(partner["joined"], "2024-05") and not matches(partner["joined"], "May 2024")
    assert matches(partner["website"], "https://clinic.example.org")
    assert not matches(partner["website"], "javascript:alert(1)")
    identity = by_name(entry_fields(config, "identity"))
    assert by_name(identity["colours"]["fields"])["primary"]["widget"] == "color"
    assert identity["logo"]["widget"] == "image" and collection(config, "identity")["media_folder"] == "brand"


def test_references_list_existing_entries_by_name(config):
    story = by_name(entry_fields(config, "stories"))
    partners = story["partners"]
    assert partners["widget"] == "relation" and partners["multiple"] is True
    assert (partners["collection"], partners["file"], partners["value_field"]) == (
        "partners",
        "partners",
        "partners.*.id",
    )
    assert "partners.*.name" in partners["search_fields"] and partners["display_fields"] == ["partners.*.name"]
    claims = {o["value"]: o["label"] for o in story["metrics"]["options"]}
    # every metric's latest figure, and the dated claims stories already make, kept when a story is edited
    assert claims == {
        "jobs-placed": "Young adults starting a job (latest figure)",
        "mentoring-hours": "Mentoring hours (latest figure)",
        "jobs-placed@2025-Q3": "Young adults starting a job, Q3 2025",
    }
    body = by_name(entry_fields(config, "governance")[0]["fields"])
    assert body["members"]["value_field"] == "partners.*.id" and body["parent"]["value_field"] == "bodies.*.id"
    action = by_name(by_name(entry_fields(config, "reviews"))["actions"]["fields"])
    assert action["owner"]["collection"] == "partners" and action["owner"]["multiple"] is False
    response = by_name(by_name(entry_fields(config, "voices"))["you_said_we_did"]["fields"])
    assert response["quote"]["value_field"] == "quotes.*.id"
    assert response["action"]["options"] == [{"label": "Ask for a fare cap (fare-cap)", "value": "fare-cap"}]


def test_a_thousand_stories_cost_the_editor_no_request():
    """Stories and metrics are offered from the build's lists (selects), never by fetching each file."""
    stories = {f"story-{i}": f"Story {i}" for i in range(1000)}
    config = decap_config(
        Site(choices=Choices(metrics={"m": "M"}, stories=stories, files=ALL_FILES)), Backend(repo="o/s")
    )
    quote = by_name(by_name(entry_fields(config, "voices"))["quotes"]["fields"])
    assert quote["stories"]["widget"] == "select" and len(quote["stories"]["options"]) == 1000
    relations = [f for f in all_fields(config) if f.get("widget") == "relation"]
    assert {r["collection"] for r in relations} <= {"partners", "governance", "voices"}  # one file each


def all_fields(config: dict):
    def under(fields):
        for f in fields:
            yield f
            yield from under(f.get("fields", []))
            if "field" in f:
                yield from under([f["field"]])

    for c in config["collections"]:
        yield from under(c.get("fields", []))
        for file in c.get("files", []):
            yield from under(file["fields"])


def test_every_label_and_hint_passes_through_the_catalog():
    class Shouting(gettext.NullTranslations):
        def gettext(self, message):
            return "«" + message + "»"

    config = decap_config(site(), Backend(repo="o/s"), t=Labels(Shouting()))
    texts = [f[k] for f in all_fields(config) for k in ("label", "hint") if k in f]
    texts += [c[k] for c in config["collections"] for k in ("label", "label_singular", "description") if k in c]
    texts += [o["label"] for f in all_fields(config) for o in f.get("options", []) if isinstance(o, dict)]
    texts += [f["pattern"][1] for f in all_fields(config) if "pattern" in f]
    assert len(texts) > 300
    untranslated = [t for t in texts if "«" not in t]
    # only names that are data, not words: metrics' and stories' titles, principle numbers
    assert untranslated == [t for t in untranslated if t in NAMES_FROM_DATA], untranslated


NAMES_FROM_DATA = {"Mentoring hours", "Young adults starting a job", "The night bus", "X", "LinkedIn", "Bluesky"}
NAMES_FROM_DATA |= {"Mastodon", "Facebook", "Instagram", "YouTube", "GitHub", "Ask for a fare cap (fare-cap)"}


@pytest.mark.parametrize(
    "language, locale",
    [("en", "en"), ("fr", "fr"), ("pt-BR", "pt"), ("el", "gr"), ("nb", "nb_no"), ("zh-TW", "zh_Hant")]
    + [("zh", "zh_Hans"), ("sr", "sr_Cyrl"), ("sw", "en"), ("not a language", "en")],
)
def test_the_editor_speaks_the_site_language_where_decap_has_it(language, locale):
    assert decap_locale(language) == locale


# -- the backend ------------------------------------------------------------------------------


def test_backends():
    github = decap_config(Site(), Backend(), repo_url="https://github.com/riverbend-works/site.git")
    assert github["backend"] == {"name": "github", "repo": "riverbend-works/site", "branch": "main"}
    assert "local_backend" not in github and "publish_mode" not in github
    review = decap_config(Site(), Backend(editorial_workflow=True, branch="live", repo="o/s"))
    assert review["publish_mode"] == "editorial_workflow" and review["backend"]["branch"] == "live"
    lab = decap_config(Site(), Backend(name="gitlab", app_id="abc"), repo_url="https://gitlab.example.org/team/site")
    assert lab["backend"] == {
        "name": "gitlab",
        "repo": "team/site",
        "branch": "main",
        "api_root": "https://gitlab.example.org/api/v4",
        "base_url": "https://gitlab.example.org",
        "app_id": "abc",
        "auth_type": "pkce",
    }
    tea = decap_config(Site(), Backend(name="gitea", app_id="x"), repo_url="https://git.example.org/team/site")
    assert tea["backend"]["api_root"] == "https://git.example.org/api/v1"
    proxy = decap_config(Site(), Backend(name="proxy"))
    assert proxy["backend"]["proxy_url"] == "http://127.0.0.1:8081/api/v1"
    local = decap_config(Site(), Backend(repo="o/s"), local_backend="http://127.0.0.1:9999/api/v1")
    assert local["local_backend"] == {"url": "http://127.0.0.1:9999/api/v1"}
    with pytest.raises(BackendError, match="repo_url"):
        decap_config(Site(), Backend())
    # `backbone edit` on a site naming no repository: its local server is the editor's backend
    new = decap_config(Site(), Backend(), local_backend="http://127.0.0.1:9999/api/v1")
    assert new["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:9999/api/v1", "branch": "main"}
    assert repo_from_url("https://github.com/o") is None and repo_from_url("ftp://x/o/s") is None


def test_the_page_reaches_the_backend_and_nothing_else():
    config = decap_config(Site(), Backend(base_url="https://auth.example.org"), repo_url="https://github.com/o/s")
    policy = dict(part.split(" ", 1) for part in admin.csp(config).split("; "))
    assert policy["default-src"] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
    assert policy["connect-src"].split() == [
        "'self'",
        "blob:",
        "data:",
        "https://api.github.com",
        "https://auth.example.org",
        "https://avatars.githubusercontent.com",
    ]
    assert policy["object-src"] == "'none'" and policy["form-action"] == "'none'"


# -- a built site's admin/ -------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory, monkeypatch_module):
    project = make_project(tmp_path_factory.mktemp("cms"), FIXTURES / "minimal")

    def change(data):
        data["plugins"] = ["search", *data["plugins"]]
        backbone_options(data, "cms", enabled=True)
        data["repo_url"] = "https://github.com/harbour-health/site"

    project.edit("site_config.yml", change)
    project.write("content/about.md", "---\ntitle: About Harbour Health\n---\n\nWho we are.\n")
    # set while a site is built, the local server's address is ignored: only `backbone edit` uses it
    monkeypatch_module.setenv("BACKBONE_CMS_LOCAL_BACKEND", "http://127.0.0.1:1/api/v1")
    result = project.build()
    assert result.error is None, result.error
    assert result.warnings == []
    return result


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_the_admin_is_published_with_decap_from_the_package(built):
    folder = built.site / "admin"
    vendored = Path(admin.VENDOR)
    for name in ("decap-cms.js", "decap-cms.js.LICENSE.txt", "LICENSE"):
        assert (folder / name).read_bytes() == (vendored / name).read_bytes()
    sums = dict(line.split("  ")[::-1] for line in (vendored / "SHA256SUMS").read_text().splitlines())
    assert set(sums) <= {p.name for p in folder.iterdir()}  # every chunk the bundle may load
    page = built.html("admin/index.html")
    assert [s["src"] for s in page.find_all("script")] == ["decap-cms.js", "preview.js"]
    assert (built.site / "admin/config.yml").is_file()  # beside the page, where Decap and Sveltia look
    assert not page.find_all("script", src=re.compile(r"^(https?:)?//"))
    config = yaml.safe_load(built.text("admin/config.yml"))
    assert "local_backend" not in config
    assert config["backend"] == {"name": "github", "repo": "harbour-health/site", "branch": "main"}
    # what the site may have but has not yet (a first story, review or metric) can be created
    names = ["stories", "reviews", "pages", "metrics", "partners", "governance", "identity"]
    assert [c["name"] for c in config["collections"]] == names
    pages = collection(config, "pages")["files"]
    assert [(p["name"], p["label"], p["file"]) for p in pages] == [
        ("index", "index.md", "content/index.md"),
        ("about", "About Harbour Health", "content/about.md"),
    ]
    assert [f["name"] for f in pages[0]["fields"]] == ["title", "description", "body"]
    facts = json.loads(built.text("admin/site.json"))
    assert "../assets/backbone/brand.css" in facts["styles"]
    assert all((built.site / "admin" / style).resolve().is_file() for style in facts["styles"])


def test_the_admin_is_no_page_of_the_site(built):
    assert "admin" not in built.text("sitemap.xml")
    index = json.loads(built.text("search/search_index.json"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("admin")]
    nav = built.html("index.html").select("nav a[href]")
    assert nav and not [a["href"] for a in nav if "admin" in a["href"]]


def test_the_configuration_is_one_sveltia_cms_reads(built):
    assert SVELTIA_SCHEMA.is_file(), "run 'npm ci' in the repository (@sveltia/cms is a test tool)"
    schema = json.loads(SVELTIA_SCHEMA.read_text(encoding="utf-8"))
    hosted = [
        Backend(name="gitlab", app_id="abc"),
        Backend(name="gitea", app_id="x"),
        Backend(editorial_workflow=True, base_url="https://auth.example.org", auth_endpoint="oauth/authorize"),
    ]
    configs = [yaml.safe_load(built.text("admin/config.yml")), decap_config(site(), Backend(repo="o/s"))]
    configs += [decap_config(Site(), b, repo_url="https://git.example.org/team/site") for b in hosted]
    for config in configs:
        config = {k: v for k, v in config.items() if k not in SVELTIA_IGNORES}
        errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(config)]
        assert errors == []


def test_an_editor_without_a_repository_is_one_located_problem(minimal):
    minimal.edit("site_config.yml", lambda d: backbone_options(d, "cms", enabled=True))
    result = minimal.build()
    assert result.error is not None
    assert (
        "site_config.yml (cms): the editor needs the repository it commits to: set repo_url "
        "(like 'https://github.com/owner/site') or 'repo: owner/site' under 'cms:' of the backbone plugin (github)"
    ) in result.error
    assert "Traceback" not in result.error
    errors, _, _ = check_site(minimal.root / "site_config.yml")
    assert len(errors) == 1 and "the editor needs the repository" in errors[0]


def test_several_languages_are_edited_side_by_side():
    config = decap_config(
        Site(languages=("en", "fr"), choices=Choices(metrics={"m": "M"}, files=ALL_FILES)), Backend(repo="o/s")
    )
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["en", "fr"], "default_locale": "en"}
    story = collection(config, "stories")
    assert story["i18n"] is True
    fields = by_name(story["fields"])
    assert fields["title"]["i18n"] is True and fields["body"]["i18n"] is True  # translated
    assert fields["date"]["i18n"] == "duplicate" and fields["partners"]["i18n"] == "duplicate"  # the same
    assert "i18n" not in collection(config, "partners")  # data files: one language, until the catalogs
    schema = json.loads(SVELTIA_SCHEMA.read_text(encoding="utf-8"))
    plain = {k: v for k, v in config.items() if k not in SVELTIA_IGNORES}
    assert [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(plain)] == []
    assert "i18n" not in decap_config(Site(languages=("en",)), Backend(repo="o/s"))


def test_the_yaml_follows_the_configuration_it_is_given_every_time():
    """admin/config.yml is kept between rebuilds by what it says: a configuration changed in
    place, or differing only in a value's type, is written anew, exactly as PyYAML writes it."""
    from backbone.cms.config import to_yaml

    def written(config: dict) -> str:
        return to_yaml(config).split("\n", 1)[1]

    config = {"backend": {"name": "git-gateway"}, "collections": [{"label": "Récits 📣", "order": (1, 2)}]}
    assert written(config) == yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)
    config["collections"][0]["label"] = "Stories"  # the same dict, changed: the same object, new YAML
    assert "label: Stories" in written(config) and "Récits" not in written(config)
    shapes = [written({"publish": value}) for value in (True, 1, "1", 1.0, None, "true")]
    assert shapes == [
        "publish: true\n",
        "publish: 1\n",
        "publish: '1'\n",
        "publish: 1.0\n",
        "publish: null\n",
        "publish: 'true'\n",
    ]
    assert list(yaml.safe_load(written({"b": 1, "a": 2}))) == ["b", "a"]  # the keys' order is kept
