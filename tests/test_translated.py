"""Text given per language in the data files (issue 25 items 3 and 6): one type for every reader
text, a plain string valid in every language, a mapping by the site's languages; a language the
site does not declare, or a mapping without the default language's text, is one located problem."""

from __future__ import annotations

import pickle

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from support import FIXTURES, ROOT, make_project

from backbone import translations
from backbone.adapters.languages import project_in, use_language_files
from backbone.context import BuildContext
from backbone.identity.translated import Translated, localized
from backbone.loaders import load_project
from backbone.problems import DataError
from backbone.stories.load import read_stories
from backbone.trust import Trust


def _problems(project) -> list:
    try:
        load_project(project.root)
    except DataError as exc:
        return exc.problems
    return []


def _bilingual(project, languages="[en, es]") -> None:
    identity = project.path("data/identity.yml")
    text = identity.read_text(encoding="utf-8")
    text = text.replace(
        "name: Harbour Health Alliance\n", "name: {en: Harbour Health Alliance, es: Alianza Salud del Puerto}\n", 1
    )
    identity.write_text(text + f"languages: {languages}\n", encoding="utf-8")


def _line_of(project, rel: str, needle: str) -> int:
    lines = project.path(rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_a_text_per_language_reads_in_each_language_and_falls_back_to_the_default(tmp_path):
    project = make_project(tmp_path, FIXTURES / "minimal")
    _bilingual(project)

    def partners(data):
        data["partners"][0]["name"] = {"es": "Ayuntamiento del Puerto", "en": "Harbour City Hall"}
        data["partners"][0]["role"] = {"en": "Convenes the alliance"}  # no Spanish: falls back

    project.edit("data/partners.yml", partners)
    site = load_project(project.root)
    assert site.identity.site_languages == ("en", "es")
    assert site.identity.language == "en"
    name = site.partners["city-hall"].name
    assert isinstance(name, Translated) and name == "Harbour City Hall"  # as text: the default language's
    assert f"{name}" == "Harbour City Hall"
    spanish = localized(site.partners["city-hall"], "es", "en")
    assert (spanish.name, spanish.role) == ("Ayuntamiento del Puerto", "Convenes the alliance")
    assert type(spanish.name) is str
    assert localized(site.identity, "es", "en").name == "Alianza Salud del Puerto"
    # a model with nothing translated in it is shared, not copied
    plain = site.partners["harbour-clinic"]
    assert localized(plain, "es", "en") is plain
    # kept in the build's caches as what it is
    again = pickle.loads(pickle.dumps(name))
    assert isinstance(again, Translated) and again.texts == name.texts and again == name


@pytest.mark.parametrize(
    ("value", "field", "says"),
    [
        (
            {"en": "Harbour City Hall", "fr": "Mairie du Port"},
            "partners[0].name.fr",
            "'fr' is not one of the site's languages (en, es)",
        ),
        ({"es": "Ayuntamiento del Puerto"}, "partners[0].name", "no text in en, the site's first language"),
        ({"en": "Harbour City Hall", "klingon": "x"}, "partners[0].name.klingon", "put the whole text in quotes"),
    ],
)
def test_a_translation_the_site_cannot_use_is_one_located_problem(tmp_path, value, field, says):
    project = make_project(tmp_path, FIXTURES / "minimal")
    _bilingual(project)
    project.edit("data/partners.yml", lambda data: data["partners"][0].__setitem__("name", value))
    found = _problems(project)
    assert len(found) == 1, found
    problem = found[0]
    assert (problem.file, problem.field) == ("data/partners.yml", field)
    assert says in problem.message
    key = field.rsplit(".", 1)[-1] + ":" if field.count(".") > 1 else "name:"
    assert problem.line == _line_of(project, "data/partners.yml", key)


def test_a_site_in_one_language_refuses_a_translation_into_another(tmp_path):
    project = make_project(tmp_path, FIXTURES / "minimal")
    text = project.path("data/identity.yml").read_text(encoding="utf-8")
    text = text.replace(
        "tagline: Healthier streets, together\n", "tagline:\n  en: Healthier streets\n  es: Calles más sanas\n"
    )
    project.path("data/identity.yml").write_text(text, encoding="utf-8")
    (problem,) = _problems(project)
    assert (problem.file, problem.field) == ("data/identity.yml", "tagline.es")
    assert problem.line == _line_of(project, "data/identity.yml", "es: Calles")
    assert "not one of the site's languages (en)" in problem.message


@pytest.mark.parametrize(
    ("extra", "field", "says"),
    [
        ("language: es\nlanguages: [en, es]\n", "language", "the first of 'languages' is en"),
        ("languages: [en, es, en]\n", "languages", "'en' is listed twice"),
    ],
)
def test_the_languages_of_the_site_are_declared_once(tmp_path, extra, field, says):
    project = make_project(tmp_path, FIXTURES / "minimal")
    identity = project.path("data/identity.yml")
    identity.write_text(identity.read_text(encoding="utf-8") + extra, encoding="utf-8")
    (problem,) = _problems(project)
    assert (problem.file, problem.field) == ("data/identity.yml", field)
    assert problem.line == _line_of(project, "data/identity.yml", f"{field}:")
    assert says in problem.message


# --- pages and stories translated beside their original (translations.py) ---

STORY = """---
title: {title}
date: 2025-03-01
summary: {summary}
author: Ana
partners: [city-hall, harbour-clinic]
metrics: [clinic-visits@2025-Q1]
tags: [health]
image: {{src: images/bus.jpg, alt: {alt}}}
---

Body.
"""


def _check(files: dict[str, str], languages=("en", "es")) -> tuple[dict, list]:
    found: list = []
    pages = translations.check(files, languages, files.__getitem__, lambda uri: f"content/{uri}", found)
    return pages, found


def test_a_translation_is_sorted_to_its_page_by_its_file_name():
    story = STORY.format(title="Night bus", summary="A bus", alt="A bus")
    spanish = STORY.format(title="Autobús nocturno", summary="Un autobús", alt="Un autobús")
    pages, found = _check(
        {
            "stories/night-bus.md": story,
            "stories/night-bus.es.md": spanish,
            "about.en.md": "# About\n",  # Decap's i18n form: the default language named too
            "about.es.md": "# Acerca\n",
            "notes.v2.md": "# v2\n",  # not a language: a page of its own
        }
    )
    assert found == []
    assert pages["stories/night-bus.md"].files == {"en": "stories/night-bus.md", "es": "stories/night-bus.es.md"}
    assert pages["about.md"].files == {"en": "about.en.md", "es": "about.es.md"}
    assert pages["notes.v2.md"].files == {"en": "notes.v2.md"}
    assert translations.language_of("stories/visit.pt-br.md") == ("stories/visit.md", "pt-BR")


def test_a_translation_that_changes_more_than_words_is_located_at_the_field():
    story = STORY.format(title="Night bus", summary="A bus", alt="A bus")
    spanish = (
        STORY.format(title="Autobús nocturno", summary="Un autobús", alt="Un autobús")
        .replace("date: 2025-03-01", "date: 2025-03-02")
        .replace("images/bus.jpg", "images/autobus.jpg")
        .replace("tags: [health]\n", "")
    )
    _, found = _check({"stories/night-bus.md": story, "stories/night-bus.es.md": spanish})
    by_field = {p.field: p for p in found}
    assert sorted(by_field) == ["date", "image.src", "tags"]
    assert all(p.file == "content/stories/night-bus.es.md" for p in found)
    assert by_field["date"].line == 3 and by_field["image.src"].line == 8
    assert (
        "differs from content/stories/night-bus.md:3: expected '2025-03-01', found '2025-03-02'"
        in by_field["date"].message
    )
    assert "expected [health], found none" in by_field["tags"].message


def test_a_file_translated_into_a_language_the_site_lacks_or_two_originals_are_problems():
    _, found = _check({"about.md": "# About\n", "about.en.md": "# About\n", "about.fr.md": "# À propos\n"})
    messages = {p.file: p.message for p in found}
    assert "'fr', which is not one of the site's languages (en, es)" in messages["content/about.fr.md"]
    assert "two files are this page in en" in messages["content/about.en.md"]


def test_the_default_languages_build_reads_every_translated_story_and_each_build_its_own(tmp_path):
    """Problems of a translation are found before anything is written (the other languages'
    builds come after the default's); each language reads its translation, keeping the slug."""
    project = make_project(tmp_path, FIXTURES / "minimal")
    _bilingual(project)
    story = STORY.format(title="Night bus", summary="A bus", alt="A bus")
    story = story.replace("metrics: [clinic-visits@2025-Q1]\n", "").replace(
        "image: {src: images/bus.jpg, alt: A bus}\n", ""
    )
    spanish = story.replace("title: Night bus", "title: Autobús nocturno").replace("summary: A bus", "summary:")
    project.write("content/stories/2025-03-01-night-bus.md", story)
    project.write("content/stories/2025-03-01-night-bus.es.md", spanish)
    site = load_project(project.root)
    found: list = []
    stories, _ = read_stories(site, project.path("content"), None, found)
    assert [(p.file, p.field) for p in found] == [("content/stories/2025-03-01-night-bus.es.md", "summary")]
    assert [(s.slug, s.meta.title, s.src_uri) for s in stories] == [
        ("night-bus", "Night bus", "stories/2025-03-01-night-bus.md")
    ]
    project.write("content/stories/2025-03-01-night-bus.es.md", spanish.replace("summary:", "summary: Un autobús"))
    in_spanish = project_in(site, "es")
    found = []
    stories, _ = read_stories(in_spanish, project.path("content"), None, found)
    assert found == []
    assert [(s.slug, s.meta.title, s.src_uri) for s in stories] == [
        ("night-bus", "Autobús nocturno", "stories/2025-03-01-night-bus.md")
    ]
    assert in_spanish.identity.language == "es" and in_spanish.identity.name == "Alianza Salud del Puerto"


def test_a_site_in_one_language_has_no_translations_only_files(tmp_path):
    """Without 'languages:', a name like 'night-bus.fr.md' is an ordinary story, as before."""
    project = make_project(tmp_path, FIXTURES / "minimal")
    story = STORY.format(title="Night bus", summary="A bus", alt="A bus")
    story = story.replace("metrics: [clinic-visits@2025-Q1]\n", "").replace(
        "image: {src: images/bus.jpg, alt: A bus}\n", ""
    )
    project.write("content/stories/night-bus.fr.md", story)
    found: list = []
    stories, _ = read_stories(load_project(project.root), project.path("content"), None, found)
    assert found == []
    assert [(s.slug, s.src_uri) for s in stories] == [("night-bus-fr", "stories/night-bus.fr.md")]


@pytest.mark.parametrize(("language", "read_from", "trusted"), [("en", "about.md", True), ("es", "about.es.md", False)])
def test_each_build_reads_a_page_from_its_translation_and_trusts_the_file_it_reads(
    tmp_path, language, read_from, trusted
):
    """The Spanish build publishes about.es.md at about.md's address; `trusted: [about.md]` does
    not extend to the translation, which others may change."""
    project = make_project(tmp_path, ROOT / "examples" / "bilingual")
    project.write("content/about.es.md", "---\ntitle: Acerca de\n---\n\n# Acerca de\n")
    config = load_config(str(project.path("site_config.yml")), site_dir=str(tmp_path / "site"))
    files = get_files(config)
    site = load_project(project.root)
    ctx = BuildContext(
        root=project.root,
        docs_dir=project.path("content"),
        data_dir=project.path("data"),
        cache_root=tmp_path / "cache",
        trusted=Trust(["about.md"]),
        project=project_in(site, language),
    )
    use_language_files(ctx, files, config)
    page = files.get_file_from_path("about.md")
    assert page.abs_src_path == str(project.path(f"content/{read_from}"))
    assert files.get_file_from_path("about.es.md") is None and files.get_file_from_path("index.es.md") is None
    assert ctx.trusted("about.md") is trusted
    assert ctx.page_languages["about.md"] == ctx.page_languages["index.md"] == language


def test_a_translation_of_no_page_is_a_problem():
    _, found = _check({"index.md": "# Home\n", "contact.es.md": "# Contacto\n"})
    (problem,) = found
    assert problem.file == "content/contact.es.md"
    assert "no original in en, the site's first language" in problem.message
    assert "write the page as content/contact.md (or content/contact.en.md) first" in problem.message
