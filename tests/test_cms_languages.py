"""The browser editor in the site's languages (issue 26 items 1 and 8).

Decap's interface speaks the site's language where the vendored Decap has it, Backbone's labels,
hints and preview words come from the site's catalog for each build's language, and a site in
several languages edits translations side by side (Decap's i18n, one file per language) and every
text a data file gives per language one box per language: never one text that would overwrite
the other languages'.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from support import FIXTURES, ROOT, backbone_options, make_project

from backbone.cms import admin
from backbone.cms.choices import Choices
from backbone.cms.collections import Site
from backbone.cms.config import Backend, decap_config
from backbone.cms.labels import DECAP_LOCALES, decap_locale
from backbone.identity.translated import Translated, reading
from backbone.partners.model import PartnersFile
from backbone.translations import SAME_IN_EVERY_LANGUAGE

# Files the real Decap 3.16.3 saved through decap-server on examples/bilingual with this config: a
# new story, written in English and Spanish side by side (each language's required fields typed),
# and partners.yml after the council's English short name was changed in its box.
SAVED_BILINGUAL = FIXTURES / "cms" / "saved-bilingual"
ALL_FILES = frozenset({"partners", "governance", "identity", "investments", "units", "voices"})


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def file_fields(config: dict, name: str) -> dict[str, dict]:
    return by_name(collection(config, name)["files"][0]["fields"])


def enable_cms(data: dict) -> None:
    backbone_options(data, "cms", enabled=True)
    data["repo_url"] = "https://github.com/northfield/site"


# -- Decap's own interface ----------------------------------------------------------------------


def test_the_locales_offered_are_the_ones_the_vendored_decap_registers():
    """Read from the bundle itself (its locales module's exports), so a new Decap cannot drift."""
    bundle = (Path(admin.VENDOR) / "decap-cms.js").read_text(encoding="utf-8")
    exports = re.search(r"\{([^{}]*zh_Hant:\(\)=>\w+)\}", bundle)
    registered = set(re.findall(r"(\w+):\(\)=>", exports.group(1)))
    assert "zh_Hant" in registered and "fr" in registered
    assert DECAP_LOCALES == registered - {"ua"}  # 'ua': Decap's old name for Ukrainian, also 'uk'


@pytest.mark.parametrize("language, locale", [("fr-CA", "fr"), ("es-MX", "es"), ("de-AT", "de"), ("sw", "en")])
def test_a_regional_language_gets_its_language_and_one_decap_lacks_english(language, locale):
    assert decap_locale(language) == locale


# -- a French site, built --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("cms-fr"), FIXTURES / "minimal")
    project.edit("site_config.yml", enable_cms)
    project.edit("data/identity.yml", lambda data: data.update(language="fr"))
    built = project.build()
    assert built.error is None, built.error
    assert built.warnings == []
    return built


def test_a_french_site_has_a_french_editor(french):
    config = yaml.safe_load(french.text("admin/config.yml"))
    assert config["locale"] == "fr"
    assert collection(config, "stories")["label"] == "Récits"
    assert "i18n" not in config  # one language: nothing side by side
    words = json.loads(french.text("admin/site.json"))["words"]
    assert words["key_figures"] != "Key figures" and words["preview"] != "Preview"
    assert french.html("admin/index.html").html["lang"] == "fr"


# -- a site in English and Spanish, built ------------------------------------------------------------


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("cms-bilingual"), ROOT / "examples" / "bilingual")
    project.edit("site_config.yml", enable_cms)

    def empty_box(data):  # one language's box left empty, as Decap saves it
        data["partners"][0]["role"] = {"en": data["partners"][0]["role"]["en"], "es": ""}

    shutil.copytree(SAVED_BILINGUAL, project.root, dirs_exist_ok=True)  # what Decap wrote, in place
    project.edit("data/partners.yml", empty_box)
    built = project.build()
    assert built.error is None, built.error
    assert built.warnings == []
    return built


def test_each_language_has_its_editor_in_its_words(bilingual):
    english = yaml.safe_load(bilingual.text("admin/config.yml"))
    spanish = yaml.safe_load(bilingual.text("es/admin/config.yml"))
    assert (english["locale"], spanish["locale"]) == ("en", "es")
    assert collection(english, "stories")["label"] == "Stories"
    assert collection(spanish, "stories")["label"] == "Historias"
    assert json.loads(bilingual.text("es/admin/site.json"))["words"]["key_figures"] == "Cifras clave"
    # both edit the same files, the default language's first
    for config in (english, spanish):
        assert config["i18n"] == {"structure": "multiple_files", "locales": ["en", "es"], "default_locale": "en"}


def test_a_story_decap_wrote_in_two_languages_is_published_in_both(bilingual):
    english = bilingual.html("stories/bus-for-parents/index.html")
    spanish = bilingual.html("es/stories/bus-for-parents/index.html")
    assert english.select_one("h1").get_text(strip=True) == "Bus for parents"
    assert spanish.select_one("h1").get_text(strip=True) == "Autobús para familias"
    assert "El autobús pasa los martes." in spanish.get_text(" ")


def test_lists_and_objects_are_marked_as_decap_allows(bilingual):
    """Decap's list and object widgets take 'i18n' as true or false only: 'duplicate' there makes
    Decap refuse the whole configuration ('must be boolean'), so a list of facts is shown in each
    language, where the editor copies it (hidden, a new translation would be saved without it)."""
    story = collection(yaml.safe_load(bilingual.text("admin/config.yml")), "stories")
    for f in story["fields"]:
        if f.get("widget") in ("list", "object"):
            assert isinstance(f["i18n"], bool), f["name"]
    assert by_name(story["fields"])["tags"]["i18n"] is True


def test_a_story_is_translated_side_by_side_keeping_its_facts(bilingual):
    story = collection(yaml.safe_load(bilingual.text("admin/config.yml")), "stories")
    assert story["i18n"] is True
    fields = by_name(story["fields"])
    same = {path[0] for path in SAME_IN_EVERY_LANGUAGE if len(path) == 1} & set(fields)
    assert {"date", "partners", "metrics", "slug"} <= same
    copied = [name for name in same if fields[name].get("widget") not in ("list", "object")]
    assert all(fields[name]["i18n"] == "duplicate" for name in copied)  # what translations.py checks
    assert {name for name, f in fields.items() if f["i18n"] is True} >= {"title", "summary", "body", "quote"}
    image = by_name(fields["image"]["fields"])
    assert (fields["image"]["i18n"], image["src"]["i18n"], image["alt"]["i18n"]) == (True, "duplicate", True)
    # Decap hides, in the other language, a part of an object left unmarked
    assert all("i18n" in part for part in fields["quote"]["fields"])


def test_a_text_given_per_language_is_one_box_per_language(bilingual):
    config = yaml.safe_load(bilingual.text("admin/config.yml"))
    partner = by_name(file_fields(config, "partners")["partners"]["fields"])
    name = partner["name"]
    assert name["widget"] == "object" and name["required"] is True
    boxes = by_name(name["fields"])
    assert list(boxes) == ["en", "es"]
    assert boxes["en"]["label"] == "English (en)" and boxes["es"]["label"] == "Español (es)"
    assert boxes["en"]["required"] is True and boxes["es"]["required"] is False  # Spanish falls back
    assert boxes["es"]["pattern"] == boxes["en"]["pattern"]  # the text's own limit
    assert partner["role"]["widget"] == "object" and partner["id"]["widget"] == "string"  # ids are one


def test_a_site_in_one_language_edits_each_text_as_one_text():
    config = decap_config(Site(choices=Choices(files=ALL_FILES)), Backend(repo="o/s"))
    partner = by_name(file_fields(config, "partners")["partners"]["fields"])
    assert partner["name"]["widget"] == "string" and partner["name"]["required"] is True
    assert "i18n" not in collection(config, "stories")


# -- what the boxes save, Backbone reads as a mapping -----------------------------------------------

# partners.yml as Decap's object widget saves the boxes: keys in the form's order, the text of a
# language left empty as '', a value written as one text saved in every box (Decap's object
# control hands a value that is not a mapping to each of its parts).
SAVED = """\
partners:
  - id: northfield-council
    name:
      en: Northfield Council
      es: Ayuntamiento de Northfield
    short_name:
      en: The Council
      es: ''
    sector: public
    joined: 2024-01
    role:
      en: Co-founder
      es: Cofundador
  - id: family-centre
    name:
      en: Northfield Family Centre
      es: Northfield Family Centre
    sector: civil
    joined: 2024-01
    role:
      en: Co-founder
      es: Cofundador
"""


def test_decap_saved_the_boxes_as_a_mapping_and_kept_the_rest():
    before = yaml.safe_load((ROOT / "examples/bilingual/data/partners.yml").read_text(encoding="utf-8"))
    saved = yaml.safe_load((SAVED_BILINGUAL / "data/partners.yml").read_text(encoding="utf-8"))
    council = before["partners"][0]
    council["short_name"] = {**council["short_name"], "en": "The Town Council"}  # the one edit
    assert saved == before  # every other mapping a mapping, every plain text as it was


def test_a_mapping_saved_by_the_boxes_stays_a_mapping():
    with reading(["en", "es"]):
        partners = PartnersFile.model_validate(yaml.safe_load(SAVED)).partners
    council, centre = partners
    assert isinstance(council.name, Translated)
    assert council.name.texts == {"en": "Northfield Council", "es": "Ayuntamiento de Northfield"}
    assert council.short_name.texts == {"en": "The Council"}  # an empty box: Spanish falls back
    assert council.short_name.get("es", "en") == "The Council"
    assert centre.name.get("es", "en") == "Northfield Family Centre"


def test_a_language_box_left_empty_falls_back_on_the_built_site(bilingual):
    """The fixture's council has its Spanish role emptied, as the boxes save it."""
    page = bilingual.html("es/partners/index.html").get_text(" ")
    assert "Ayuntamiento de Northfield" in page  # the Spanish name kept
    assert "Co-founder; funds the backbone team" in page  # its role, in the only language it has
    assert "Cofundador; financia" not in page
