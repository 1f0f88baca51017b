"""examples/bilingual built for real (issue 25): one URL tree per language, the Spanish one at
/es/ with lang="es", its texts from the translated pages, stories and data fields, a page with
no translation in English and saying so, a switcher to the same page, hreflang alternates,
og:locale alternates, and feeds, search index and sitemap per language."""

from __future__ import annotations

import json
import posixpath
import re

import feedparser
import pytest
from lxml import etree

NB = "\u00a0"
SAME_PAGES = ["index.html", "about/index.html", "stories/one-front-door/index.html", "partners/index.html"]


@pytest.mark.parametrize("path", SAME_PAGES)
def test_each_language_has_the_page_at_the_same_address_with_its_lang(bilingual_site, path):
    english, spanish = bilingual_site.html(path), bilingual_site.html(f"es/{path}")
    assert english.html["lang"] == "en" and spanish.html["lang"] == "es"
    # the switcher leads to the same page in the other language, from either side
    for soup, here in ((english, path), (spanish, f"es/{path}")):
        links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}
        assert set(links) == {"en", "es"}
        for tag, href in links.items():
            assert _file_of(here, href) == (path if tag == "en" else f"es/{path}"), (here, href)
    # alternates for search engines: absolute, each language and x-default
    alternates = {link["hreflang"]: link["href"] for link in spanish.select("link[hreflang]")}
    assert all(link["rel"] == ["alternate"] for link in spanish.select("link[hreflang]"))  # as parsers read it
    page_url = path.removesuffix("index.html")
    assert alternates == {
        "en": f"https://bilingual.example.org/{page_url}",
        "x-default": f"https://bilingual.example.org/{page_url}",
        "es": f"https://bilingual.example.org/es/{page_url}",
    }
    assert spanish.find("meta", property="og:locale")["content"] == "es_ES"
    assert spanish.find("meta", property="og:locale:alternate")["content"] == "en_US"


def _file_of(here: str, href: str) -> str:
    """The built file a relative link on the page ``here`` leads to."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), href))
    return "index.html" if target == "." else f"{target}/index.html"


def test_the_spanish_site_reads_its_translations_and_falls_back_to_english(bilingual_site):
    home = bilingual_site.html("es/index.html")
    assert "Alianza de Primera Infancia de Northfield" in home.title.text
    assert home.find("h1", string="Cómo trabaja Northfield unida por sus niños")
    story = bilingual_site.html("es/stories/one-front-door/index.html")
    assert story.find("h1").get_text(strip=True) == "Una sola puerta para las familias"
    partners = bilingual_site.html("es/partners/index.html").get_text(" ")
    assert "Ayuntamiento de Northfield" in partners and "Northfield Council" not in partners
    assert "Centro Familiar de Northfield" in partners
    metric = bilingual_site.html("es/metrics/children-ready-for-school/index.html")
    assert "Niños listos para la escuela" in metric.find("h1").get_text()
    # a nav title of site_config.yml gives way to the translation's own; the untranslated page keeps it
    for path, expected in (("es/partners/index.html", ["Inicio", "About"]), ("partners/index.html", ["Home", "About"])):
        links = bilingual_site.html(path).select("nav.md-nav--primary a.md-nav__link")
        assert [a.get_text(strip=True) for a in links][:2] == expected
    # the English site keeps its own words
    assert "Northfield Council" in bilingual_site.html("partners/index.html").get_text(" ")
    # no translation of the about page: the Spanish site shows the English text and says so
    about = bilingual_site.html("es/about/index.html")
    fallback = about.find("div", lang="en")
    assert fallback is not None and "About the partnership" in fallback.get_text()
    assert bilingual_site.html("about/index.html").find("div", lang=True) is None


def test_feeds_search_and_sitemap_are_per_language(bilingual_site):
    spanish = feedparser.parse(bilingual_site.text("es/feeds/stories.rss"))
    english = feedparser.parse(bilingual_site.text("feeds/stories.rss"))
    assert [e.title for e in spanish.entries] == ["Una sola puerta para las familias"]
    assert [e.title for e in english.entries] == ["One front door for families"]
    assert spanish.feed.language.startswith("es") and english.feed.language.startswith("en")
    assert spanish.entries[0].link == "https://bilingual.example.org/es/stories/one-front-door/"
    index = json.loads(bilingual_site.text("es/search/search_index.json"))
    titles = {doc["title"] for doc in index["docs"]}
    assert "Una sola puerta para las familias" in titles and "One front door for families" not in titles
    assert index["config"]["lang"] == ["es"]
    sitemap = etree.fromstring((bilingual_site.site / "es" / "sitemap.xml").read_bytes())
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(loc.startswith("https://bilingual.example.org/es/") for loc in locations)
    # the default language's tree does not publish the translations as pages of their own
    assert not (bilingual_site.site / "index.es").exists()
    assert not (bilingual_site.site / "stories" / "one-front-door.es").exists()


# -- the annual report per language (#27 item 5) --------------------------------------------


def _pdf(path):
    import pypdf

    reader = pypdf.PdfReader(path)
    text = re.sub(r"[ \t\n]+", " ", " ".join(page.extract_text() for page in reader.pages))
    return reader, text


def _languages_in_structure(reader) -> set[str]:
    """The /Lang of every element of the structure tree that names one."""
    import pypdf

    found, todo = set(), [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            todo.extend(node)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/Lang" in node and "/S" in node:
                found.add(str(node["/Lang"]))
            if "/K" in node:
                todo.append(node["/K"])
    return found


def test_each_language_has_its_report_in_its_words_figures_and_letter(bilingual_site):
    english, english_text = _pdf(bilingual_site.site / "reports/2025.pdf")
    spanish, spanish_text = _pdf(bilingual_site.site / "es/reports/2025.pdf")
    assert english.trailer["/Root"]["/Lang"] == "en" and spanish.trailer["/Root"]["/Lang"] == "es"
    assert "Informe anual 2025" in spanish.metadata.title and "Annual report 2025" in english.metadata.title
    xmp = spanish.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<rdf:li>es</rdf:li>" in xmp and "<rdf:li>en</rdf:li>" not in xmp
    # headings from the catalog, the letter from its translation, figures and periods the Spanish way
    assert "Una carta de la alianza" in spanish_text and "A letter from the partnership" not in spanish_text
    assert "Estimados socios y amigos" in spanish_text and "Dear partners" not in spanish_text
    assert "Dear partners and friends" in english_text and "Estimados" not in english_text
    assert re.search(rf"62{NB}% \(T4 2025\)", spanish_text) and "62% (Q4 2025)" in english_text
    assert _languages_in_structure(spanish) <= {"es"}  # the letter is Spanish: nothing marked otherwise
    link = bilingual_site.html("es/reports/2025/index.html").select_one("a.md-button[href$='2025.pdf']")
    assert re.fullmatch(r"Descargar el informe anual 2025 \(PDF, \d+ kB\)", link.get_text()), link.get_text()


def test_a_letter_not_yet_translated_is_printed_as_written_its_language_marked(tmp_path):
    """Without 2025.es.md the Spanish report prints the English letter, and its structure says
    that part is English (a screen reader switches voice); the rest stays Spanish."""
    import shutil

    from support import ROOT

    from backbone.adapters.report import report_only

    root = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "bilingual", root, ignore=shutil.ignore_patterns(".cache", "site"))
    (root / "content/reports/2025.es.md").unlink()
    written, problems = report_only(root / "site_config.yml", 2025, tmp_path / "es.pdf", language="es")
    assert problems is None, problems
    reader, text = _pdf(written)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert "Una carta de la alianza" in text and "Dear partners and friends" in text
    assert "en" in _languages_in_structure(reader)


def test_the_default_sectors_are_named_in_each_language(bilingual_site):
    """examples/bilingual declares no sectors: the defaults' labels come from the catalog."""
    for path, expected in (("partners/index.html", "Public sector"), ("es/partners/index.html", "Sector público")):
        headings = [h2.contents[0].strip() for h2 in bilingual_site.html(path).select("h2")]
        assert expected in headings, (path, headings)
    assert "Public sector" not in bilingual_site.html("es/partners/index.html").get_text()


def test_a_letter_in_decap_cms_form_is_its_years_letter(tmp_path):
    """'2025.en.md' beside '2025.es.md' (as the browser editor's i18n writes them) is 2025's letter."""
    import shutil

    from support import ROOT

    from backbone.adapters.report import report_only

    root = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "bilingual", root, ignore=shutil.ignore_patterns(".cache", "site"))
    (root / "content/reports/2025.md").rename(root / "content/reports/2025.en.md")
    for language, words in ((None, "Dear partners and friends"), ("es", "Estimados socios y amigos")):
        written, problems = report_only(root / "site_config.yml", 2025, tmp_path / f"{language}.pdf", language=language)
        assert problems is None, problems
        assert words in _pdf(written)[1]
    written, problems = report_only(root / "site_config.yml", 2025, tmp_path / "fr.pdf", language="fr")
    assert written is None and "no report in 'fr': the site's languages are en, es" in problems


def test_a_translated_review_is_read_in_its_language(tmp_path):
    """A review translated beside its original (review.es.md): the Spanish site shows its title
    and words, the English one the original's; the actions are the original's in both."""
    import shutil

    from support import BILINGUAL_REVIEW, BILINGUAL_REVIEW_ES, ROOT, Project

    root = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "bilingual", root, ignore=shutil.ignore_patterns(".cache", "site"))
    (root / "content/learning").mkdir()
    (root / "content/learning/2026-10-review.md").write_text(BILINGUAL_REVIEW, encoding="utf-8")
    (root / "content/learning/2026-10-review.es.md").write_text(BILINGUAL_REVIEW_ES, encoding="utf-8")
    built = Project(root).build(strict=True, site_dir=root / "out")
    assert built.error is None, built.error
    english = built.html("learning/2026-10-review/index.html")
    spanish = built.html("es/learning/2026-10-review/index.html")
    assert english.find("h1").get_text(strip=True) == "Autumn 2026 progress review"
    assert spanish.find("h1").get_text(strip=True) == "Revisión de avances, otoño de 2026"
    assert "Dos de cada tres niños" in spanish.get_text(" ") and "Two in three" not in spanish.get_text(" ")
    assert "Two in three children" in english.get_text(" ")
    assert "Open a second drop-in" in spanish.get_text(" ")  # the original's actions
    assert "Revisión de avances" in built.html("es/learning/index.html").get_text(" ")
    # what works, from the translation's section headed in Spanish, under the translation's title
    strengths = [s.get_text(" ", strip=True) for s in built.html("es/learning/index.html").select(".bb-strength")]
    assert len(strengths) == 1 and "Revisión de avances, otoño de 2026" in strengths[0], strengths
    assert "La consulta de las enfermeras en el centro." in strengths[0], strengths
