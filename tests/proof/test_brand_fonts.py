"""The site's own fonts, on a site in two languages (examples/bilingual, built once).

On the pages (identity/webfonts.py): a family of data/brand/fonts/ that identity.yml's fonts
name is published as WOFF with @font-face rules in brand.css, only under a licence that lets
anyone publish it, and Chromium loads it from the site. On the cards (drawing/fonts.py): a
letter no card font has is said once, at its file and line, whichever language shows it."""

from __future__ import annotations

import re
import shutil
import warnings

import pytest
from browsing import served
from font_helpers import box_font
from fontTools.ttLib import TTCollection, TTFont
from metrics_helpers import InfoLog
from support import ROOT, make_project

from backbone.identity.webfonts import Face, web_faces, woff

OFL = "This Font Software is licensed under the SIL Open Font License, Version 1.1."
CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;-'()&"
FACE = re.compile(r"@font-face \{(.*?)\}", re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    # a site in two languages: each publishes the faces, and the build says each note once
    project = make_project(tmp_path_factory.mktemp("webfonts"), ROOT / "examples" / "bilingual")
    tmp = tmp_path_factory.mktemp("fonts")
    fonts = project.path("data/brand/fonts")
    box_font(fonts / "BrandSans-Regular.ttf", "Brand Sans", CHARS, licence=OFL)
    box_font(fonts / "BrandSans-Bold.ttf", "Brand Sans", CHARS, licence=OFL, weight=700)
    # a file name a URL or CSS would choke on: the site names the file itself
    box_font(fonts / 'Brand Sans "Italic"); x.ttf', "brand sans", CHARS, licence=OFL, italic=True)
    box_font(fonts / "PrintOnly.ttf", "Print Only", CHARS, licence="Licensed for desktop and print use only.")
    box_font(fonts / "Emoji.ttf", "Fallback Emoji", "🎉田", licence=OFL)  # named by no stack: the cards' fallback
    collection = TTCollection()
    collection.fonts = [
        TTFont(box_font(tmp / f"mono-{w}.ttf", "Brand Mono", CHARS, licence=OFL, weight=w)) for w in (400, 700)
    ]
    collection.save(fonts / "Collection.ttc")
    project.edit(
        "data/identity.yml",
        lambda d: d.update(
            fonts={"text": '"Brand Sans", Arial, sans-serif', "code": '"Print Only", "Brand Mono", monospace'}
        ),
    )
    # letters no font has on the cards: a partner's name in both languages (one line of the
    # file), the Spanish story's title, a metric's English title (and so its chart's); '田' is
    # in the fallback font, '北' in none
    _replace(project, "data/partners.yml", "es: Ayuntamiento de Northfield}", "es: Ayuntamiento de Northfield 北田}")
    _replace(project, "data/partners.yml", "{en: Northfield Council,", "{en: Northfield Council 北田,")
    _replace(project, "content/stories/one-front-door.es.md", "title: Una sola puerta", "title: Una sola puerta ส")
    _replace(project, "data/metrics/children-ready-for-school.yml", "{en: Children ready", "{en: 北 Children ready")
    shutil.rmtree(project.path("content/reports"))  # the report refuses them (test_report.py)
    with InfoLog(("identity", "common")) as said, warnings.catch_warnings(record=True) as done_warnings:
        warnings.simplefilter("always")
        done = project.build()  # --strict: a font kept off the web, a letter boxed: info lines, not warnings
    done.said = said.lines
    done.python_warnings = [str(w.message) for w in done_warnings]
    assert done.error is None, done.error
    done.project = project
    return done


def _replace(project, rel: str, old: str, new: str) -> None:
    text = project.path(rel).read_text(encoding="utf-8")
    assert old in text, (rel, old)
    project.write(rel, text.replace(old, new))


def _faces(css: str) -> list[dict[str, str]]:
    return [dict(re.findall(r"([\w-]+): ([^;]+);", body)) for body in FACE.findall(css)]


def test_the_named_familys_open_files_are_published_as_woff_with_their_rules(built):
    folder = built.site / "assets" / "backbone"
    faces = _faces((folder / "brand.css").read_text(encoding="utf-8"))
    assert sorted((f["font-family"], f["font-weight"], f["font-style"]) for f in faces) == [
        ('"Brand Sans"', "400", "italic"),  # the stack's name, whatever the file's case
        ('"Brand Sans"', "400", "normal"),
        ('"Brand Sans"', "700", "normal"),
    ]
    sources = {}
    for face in faces:
        assert face["font-display"] == "swap"
        url = re.fullmatch(r'url\("(fonts/[a-z0-9-]+-[0-9a-f]{10}\.woff)"\) format\("woff"\)', face["src"])
        assert url, face["src"]
        published = TTFont(folder / url[1])
        assert published.flavor == "woff"
        sources[published["name"].getDebugName(4).casefold()] = published
    assert sorted(sources) == ["brand sans bold", "brand sans italic", "brand sans regular"]
    assert set(sources["brand sans bold"].getBestCmap()) == {ord(c) for c in CHARS}
    # the folder's other families stay off the pages: the print-only one, the fallback
    assert sorted(p.name.rsplit("-", 1)[0] for p in (folder / "fonts").iterdir()) == [
        "brand-sans-italic-x",
        "brandsans-bold",
        "brandsans-regular",
    ]
    # the Spanish site at /es/ has the same rules and files beside its own brand.css
    spanish = built.site / "es" / "assets" / "backbone"
    rules = [(f / "brand.css").read_text(encoding="utf-8").split(":root")[0] for f in (folder, spanish)]
    assert rules[0] == rules[1]
    assert sorted(p.name for p in (spanish / "fonts").iterdir()) == sorted(p.name for p in (folder / "fonts").iterdir())


def test_a_font_whose_licence_is_not_open_stays_off_the_web_and_the_build_says_why(built):
    notes = [line for line in built.said if "PrintOnly.ttf" in line]
    assert notes == [
        "backbone: data/brand/fonts/PrintOnly.ttf: not published with the site: its licence, as written in the file, is "
        "none Backbone knows to let anyone publish a font (SIL Open Font Licence, Apache License, Ubuntu Font "
        "Licence, Bitstream Vera licence). The report, the cards and the charts still use it; the site's pages "
        "show the next font of identity.yml's fonts the reader has. If your licence allows it on the web, see "
        "docs/reference.md#the-brands-fonts"
    ]
    assert [line for line in built.said if "Collection.ttc" in line] == [
        "backbone: data/brand/fonts/Collection.ttc: a font collection (.ttc) is used by the report, the cards and "
        'the charts, and browsers cannot read one: to show "Brand Mono" on the site\'s pages, put its .ttf or .otf '
        "files in the folder"
    ]
    css = (built.site / "assets" / "backbone" / "brand.css").read_text(encoding="utf-8")
    assert "Print Only" not in css.split(":root")[0] and "Fallback Emoji" not in css


def test_the_conversion_gives_the_same_bytes_every_time(built, tmp_path):
    source = built.project.path("data/brand/fonts/BrandSans-Bold.ttf")
    face = Face('"Brand Sans"', "700", "normal", source, "assets/backbone/fonts/x.woff")
    again = woff(face, tmp_path).read_bytes()
    published = [p.read_bytes() for p in (built.site / "assets/backbone/fonts").glob("brandsans-bold-*.woff")]
    assert published == [again]


@pytest.mark.browser
def test_chromium_loads_the_brands_faces_from_the_site_and_sets_the_text_in_them(built, browser):
    with served(built.site) as url:
        context = browser.new_context()
        page = context.new_page()
        elsewhere = []
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(url) else (elsewhere.append(r.request.url), r.abort()),
        )
        page.goto(url)
        loaded = page.evaluate(
            """async () => {
                const faces = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Brand Sans');
                await Promise.allSettled(faces.map(f => f.load()));
                return faces.map(f => [f.weight, f.style, f.status]).sort();
            }"""
        )
        assert loaded == [["400", "italic", "loaded"], ["400", "normal", "loaded"], ["700", "normal", "loaded"]]
        assert page.evaluate("document.fonts.check('16px \"Brand Sans\"', 'Abc')")
        body = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
        assert body.startswith('"Brand Sans"'), body
        assert elsewhere == []
        context.close()


def test_the_brand_kit_says_the_site_serves_its_font(built):
    import lxml.html

    page = lxml.html.parse(str(built.site / "brand" / "index.html")).getroot()
    said = [" ".join(p.text_content().split()) for p in page.iter("p") if "font service" in p.text_content()]
    assert said == [
        "The site serves its own copy of Brand Sans to every reader, so its pages look the same on every "
        "device, and nothing is downloaded from a font service."
    ]
    spanish = lxml.html.parse(str(built.site / "es" / "brand" / "index.html")).getroot()
    assert [p.text_content() for p in spanish.iter("p") if "Brand Sans" in p.text_content()] == [
        "El sitio entrega su propia copia de Brand Sans a cada lector, así que sus páginas se ven igual en todos "
        "los dispositivos, y no se descarga nada de un servicio de fuentes."
    ]


def test_a_site_without_font_files_uses_the_readers_fonts_and_says_so(demo_site):
    import lxml.html

    assert "@font-face" not in (demo_site.site / "assets" / "backbone" / "brand.css").read_text(encoding="utf-8")
    assert not (demo_site.site / "assets" / "backbone" / "fonts").exists()
    page = lxml.html.parse(str(demo_site.site / "brand" / "index.html")).getroot()
    assert [" ".join(p.text_content().split()) for p in page.iter("p") if "font service" in p.text_content()] == [
        "The site uses fonts already on the reader's device, so it loads fast and nothing is downloaded from a "
        "font service."
    ]


@pytest.mark.parametrize(
    "licence, published",
    [
        (OFL, True),
        ("Licensed under the Apache License, Version 2.0", True),
        ("This Font Software is licensed under the Ubuntu Font Licence, Version 1.0.", True),
        ("Bitstream Vera Fonts Copyright\n\nCopyright (c) 2003 by Bitstream, Inc.", True),
        ("Unlike the SIL Open Font License, this licence allows desktop use only.", False),
        ("Licensed for desktop and print use only.", False),
        (None, False),  # no licence written in the file
    ],
)
def test_a_face_is_published_only_under_a_licence_it_names(tmp_path, licence, published):
    font = box_font(tmp_path / "Brand.ttf", "Brand", "Ab", licence=licence)
    faces, notes = web_faces((font,), ('"Brand", sans-serif', "monospace"), tmp_path)
    assert (len(faces), len(notes)) == ((1, 0) if published else (0, 1))


def test_a_letter_no_card_font_has_is_said_once_at_its_line_in_any_language(built):
    boxed = sorted(line for line in built.said if "cannot be drawn on the site's cards" in line)
    assert [line.split(": '")[0] for line in boxed] == [
        "backbone: content/stories/one-front-door.es.md:2",
        "backbone: data/metrics/children-ready-for-school.yml:2",  # its chart and its card
        "backbone: data/partners.yml:13",
    ]
    assert boxed[2] == (
        "backbone: data/partners.yml:13: '北' (U+5317) cannot be drawn on the site's cards (link previews, slides): "
        "none of their fonts has it, so a card shows an empty box in its place. Put a font file that has it (.ttf "
        "or .otf: Noto Sans SC, JP, KR, Thai or Devanagari for those scripts) in data/brand/fonts/: the cards fall "
        "back to it"
    )
    assert "'ส' (U+0E2A) cannot be drawn" in boxed[0]


def test_the_charts_leave_the_letter_to_the_cards_note(built):
    # matplotlib warned for each text of each chart that holds it, with a stack, in the build's log
    assert [w for w in built.python_warnings if "missing from font" in w] == []


def test_a_boxed_letter_no_file_holds_is_said_as_backbones_own_and_a_symbol_is_not_counted(tmp_path):
    from backbone.drawing.fonts import boxed, boxed_notes

    assert boxed(["Party 🎉 at 北田", "café"], ()) == ["北", "田"]  # the emoji is left out of a card
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "partners.yml").write_text("name: North 田\n", encoding="utf-8")
    notes = boxed_notes(["北", "田"], ["North 田", "2025年北"], [tmp_path / "data"], tmp_path)
    assert [note.split(" cannot")[0] for note in notes] == [
        "data/partners.yml:1: '田' (U+7530)",
        "a text Backbone writes (a date, a figure's words): '北' (U+5317)",
    ]


def test_a_chart_in_the_brands_font_draws_its_text_as_outlines_and_one_in_dejavu_as_text(built, demo_site):
    from lxml import etree

    svg = "{http://www.w3.org/2000/svg}"
    chart = etree.parse(str(built.site / "metrics/families-supported/families-supported.svg")).getroot()
    # a reader without Brand Sans would set the labels in a font of other widths
    assert chart.findall(f".//{svg}text") == [] and len(chart.findall(f".//{svg}use")) > 20
    assert chart.find(f"{svg}title").text and chart.find(f"{svg}desc").text  # what a screen reader is told
    demo = next((demo_site.site / "metrics").glob("*/*.svg"))
    assert etree.parse(str(demo)).getroot().findall(f".//{svg}text")


def test_check_says_what_the_build_says_of_the_fonts_and_the_cards(built):
    from backbone.adapters.check import check_site

    def about_fonts(lines):
        marks = ("cannot be drawn on the site's cards", "not published with the site", "a font collection")
        return sorted(line.removeprefix("backbone: ") for line in lines if any(mark in line for mark in marks))

    errors, _, notes = check_site(built.project.path("site_config.yml"))
    assert errors == []
    # the Spanish story's line too: check runs each language's build, as the build does
    assert about_fonts(notes) == about_fonts(built.said) and len(about_fonts(notes)) == 5
