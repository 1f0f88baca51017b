"""Backbone's own words: the message catalogs are complete and in step with the code.

The template (locale/backbone.pot) must hold exactly the messages the code and templates
have today (extracted again here, as `scripts/catalogs.sh` does); every language's catalog
must translate each of them, none empty or fuzzy, each with the placeholders of its msgid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from backbone.render import words
from backbone.render.formats import formats_for

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "plugins" / "backbone" / "locale"
LANGUAGES = ("de", "en", "es", "fr")
# %(name)s for gettext's named placeholders, {name} for the editor's and the report's words
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)s|\{[a-z_0-9]+\}")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}


def _ids(catalog) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def _pot():
    with (LOCALE / "backbone.pot").open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def extracted() -> set:
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={**KEYWORDS, "N_": None}
    ):
        found.add((context, message if isinstance(message, str) else tuple(message)))
    return found


def test_the_template_is_up_to_date_with_the_code(extracted):
    pot = _ids(_pot())
    new, gone = extracted - pot, pot - extracted
    assert not new and not gone, (
        f"run scripts/catalogs.sh, then translate: {len(new)} new messages ({sorted(new)[:5]} …), "
        f"{len(gone)} no longer used ({sorted(gone)[:5]} …)"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_translates_every_message(language):
    with (LOCALE / language / "LC_MESSAGES" / "backbone.po").open("rb") as f:
        catalog = read_po(f, locale=language)
    missing = _ids(_pot()) - _ids(catalog)
    assert not missing, f"{language}: {len(missing)} messages missing, e.g. {sorted(missing)[:3]}"
    problems = []
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strs = [m.string] if isinstance(m.string, str) else list(m.string)
        if m.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strs):
            problems.append(f"empty: {ids[0]!r}")
            continue
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for s in strs:
            if sorted(set(PLACEHOLDER.findall(s))) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} → {s!r}")
        problems += [f"{ids[0]!r}: {e}" for _m, errors in [(m, list(m.check(catalog)))] for e in errors]
    assert not problems, f"{language}: {len(problems)} problems:\n" + "\n".join(problems[:20])


def test_the_english_catalog_keeps_the_msgids():
    with (LOCALE / "en" / "LC_MESSAGES" / "backbone.po").open("rb") as f:
        catalog = read_po(f, locale="en")
    changed = [m.id for m in catalog if m.id and (m.string if isinstance(m.id, str) else tuple(m.string)) != m.id]
    assert not changed, f"the English catalog rewords {changed[:3]}: change the msgid in the code instead"


@pytest.mark.parametrize(
    "tag, catalog", [("fr-CA", "fr"), ("es-MX", "es"), ("en-GB", "en"), ("de-AT", "de"), ("fr", "fr"), ("pt-BR", None)]
)
def test_regional_tags_read_their_language(tag, catalog):
    assert words.language_of(Locale.parse(tag, sep="-")) == catalog


def test_a_language_without_a_catalog_reads_english():
    w = formats_for("pt-BR").words
    assert w.language is None
    assert w.gettext("Stories") == "Stories"


def test_sentences_are_translated_whole_with_their_figures():
    fr = formats_for("fr").words
    assert (
        fr.gettext("up %(amount)s on %(period)s", amount="+19", period="T2 2026") == "en hausse de +19 depuis T2 2026"
    )
    one = fr.ngettext("%(n)s story", "%(n)s stories", 1, n="1")
    many = fr.ngettext("%(n)s story", "%(n)s stories", 3, n="3")
    assert (one, many) == ("1 récit", "3 récits")


def test_a_language_without_words_is_warned_of_with_the_languages_there_are():
    from backbone.adapters.identity import untranslated

    class Source:
        def line(self, path):
            return 47 if path == ("language",) else 1

    message = untranslated("pt-BR", Source())
    assert message.startswith("data/identity.yml:47 (language): Backbone's own words")
    assert "'pt-BR'" in message and "de, en, es, fr" in message and "docs/translating.md" in message


def test_the_default_sectors_speak_each_of_the_sites_languages():
    from backbone.identity.translated import Translated, localized
    from backbone.partners.model import declares_no_sectors, default_sectors

    french = default_sectors(("fr",))
    assert [(s.label, s.word) for s in french.values()] == [
        ("Secteur public", "public"),
        ("Secteur privé", "privé"),
        ("Société civile", "associatif"),
    ]
    both = default_sectors(("en", "es"))
    assert isinstance(both["civil"].label, Translated) and str(both["civil"].label) == "Civil society"
    spanish = localized(both, "es", "en")
    assert spanish["public"].label == "Sector público" and spanish["private"].word == "privado"
    assert declares_no_sectors(french) and declares_no_sectors(spanish)


def test_readers_see_a_reviews_section_headings_in_the_pages_language():
    """The author writes the headings in English or in the site's language, as typed; the French
    page shows them in French, as the catalogue writes them. Other headings and fenced code stay
    as written."""
    from backbone.learning.reviews import reader_headings

    body = "## What we expected\n\nA.\n\n## Our own notes\n\n```\n## Why\n```\n\n## why ##\n\nB.\n"
    shown = reader_headings(body, "after-action-review", formats_for("fr").words)
    assert shown == "## Ce que nous attendions\n\nA.\n\n## Our own notes\n\n```\n## Why\n```\n\n## Pourquoi\n\nB.\n"
    assert reader_headings(body, "after-action-review", formats_for("en").words) == body.replace("## why ##", "## Why")
    typed = "## ce qui s'est passe\n\nC.\n"
    assert reader_headings(typed, "after-action-review", formats_for("fr").words) == "## Ce qui s’est passé\n\nC.\n"


@pytest.mark.parametrize("reason", ["no figure", "no ends", "no period"])
def test_each_reason_an_outcome_is_not_valued_is_one_translated_sentence(reason):
    from backbone.metrics.roi import _unvalued

    for language in ("es", "fr", "de"):
        w = formats_for(language).words
        alone, with_words = _unvalued(reason, None, w), _unvalued(reason, "X", w)
        assert alone != _unvalued(reason, None, formats_for("en").words), (language, alone)
        assert with_words == f"{alone} (X)", (language, with_words)


def test_the_guide_lists_each_languages_review_headings_as_the_catalogues_write_them():
    """docs/learning.md's table of headings in French, Spanish and German is the catalogues'."""
    from backbone.learning.model import SECTIONS

    guide = (ROOT / "docs" / "learning.md").read_text(encoding="utf-8")
    header = "| `kind` | French | Spanish | German |"
    assert header in guide
    rows = guide.split(header, 1)[1].split("\n\n", 1)[0].strip().splitlines()[1:]
    listed = {row.split("|")[1].strip(" `"): [cell.strip() for cell in row.split("|")[2:5]] for row in rows}
    assert set(listed) == set(SECTIONS)
    for kind, cells in listed.items():
        for language, cell in zip(("fr", "es", "de"), cells):
            words = formats_for(language).words
            assert cell == " · ".join(words.gettext(title) for title in SECTIONS[kind]), (kind, language)
