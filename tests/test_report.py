"""The annual report (issue 27): the demo's PDF read back with pypdf, its figures against the
site's pages, drafts and withheld quotes left out, hostile text kept as text, problems located."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml
from font_helpers import box_font
from PIL import Image
from support import ROOT, Project, backbone_options

from backbone.adapters.check import check_site
from backbone.adapters.report import report_only
from backbone.report.typeset import choose_fonts

SECTIONS = [
    "A letter from the partnership",
    "The scorecard",
    "The return on investment",
    "Stories of the year",
    "Partners and what each one puts in",
    "How we decide",
    "What we learned",
    "What we heard",
    "Data notes",
    "Colophon",
]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path: Path) -> str:
    return flat("\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


def structure(reader: pypdf.PdfReader) -> list[dict]:
    """Every element of the structure tree, depth first (the reading order)."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def fonts_of(reader: pypdf.PdfReader) -> dict[str, pypdf.generic.DictionaryObject]:
    """Every font the pages use, in their resources and their forms' (the charts)."""
    fonts = {}

    def visit(resources):
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
        for form in (resources.get("/XObject") or {}).values():
            form = form.get_object()
            if "/Resources" in form:
                visit(form["/Resources"])

    for page in reader.pages:
        visit(page.get("/Resources"))
    return fonts


@pytest.fixture(scope="module")
def report(demo_site):
    path = demo_site.site / "reports/2025.pdf"
    return pypdf.PdfReader(path), pdf_text(path)


def test_tagged_with_headings_tables_and_described_figures(report, demo_site):
    reader, _ = report
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    kinds = [str(e["/S"]) for e in structure(reader)]
    for kind in ("/Document", "/H1", "/H2", "/P", "/Table", "/THead", "/TH", "/TD", "/Figure", "/TOC"):
        assert kind in kinds, kind
    alts = [str(e["/Alt"]) for e in structure(reader) if e["/S"] == "/Figure"]
    assert all(alt.strip() for alt in alts)
    # each featured chart's alt text is the site's own description of that chart
    for metric in ("jobs-placed", "job-retention-12m", "young-adults-enrolled", "median-starting-wage"):
        svg = (demo_site.site / f"metrics/{metric}/{metric}.svg").read_text(encoding="utf-8")
        desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S)[1]
        assert desc.replace("&amp;", "&") in alts, metric
    assert kinds.count("/H1") >= len(SECTIONS)  # one a section (their titles: the outline, below)


def test_sections_in_reading_order_and_in_the_outline(report):
    reader, text = report
    places = [text.find(section) for section in SECTIONS]
    assert -1 not in places, dict(zip(SECTIONS, places))
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [t for t in outline if t in SECTIONS] == SECTIONS
    # the body's own order: every section's title appears after the one before it
    later = [text.find(section, places[0]) for section in SECTIONS]
    assert later == sorted(later)


def test_fonts_embedded_and_subset(report):
    reader, _ = report
    fonts = fonts_of(reader)
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans.*", name), name
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_metadata_language_and_standards(report):
    reader, _ = report
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert (
        reader.metadata.title
        == "Riverbend Works · Annual report 2025: 2025: more young adults in work, and staying there"
    )
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp) and re.search(r"<pdfaid:conformance>A<", xmp)
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp)
    assert "Annual report 2025" in xmp and "<rdf:li>en</rdf:li>" in xmp
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 'en' is en_US: US Letter


def test_every_figure_is_the_sites_figure(report, demo_site):
    _, text = report
    for metric, period in (
        ("jobs-placed", "Q4 2025"),
        ("job-retention-12m", "Q4 2025"),
        ("young-adults-enrolled", "Q4 2025"),
        ("median-starting-wage", "Q4 2025"),
    ):
        page = demo_site.html(f"metrics/{metric}/index.html")
        row = next(
            tr
            for tr in page.select("table tr")
            if tr.find(["th", "td"]) and flat(tr.find(["th", "td"]).get_text()) == period
        )
        value = flat(row.find_all(["td", "th"])[1].get_text())
        assert f"{value} ({period})" in text, (metric, value)
    impact = demo_site.html("impact/index.html")
    collective = next(flat(e.get_text()) for e in impact.find_all(string=re.compile(r"^\s*\d+\.\d : 1\s*$")))
    assert collective in text
    # the letter's live figures are the site's letter page's
    letter = flat(demo_site.html("reports/2025/index.html").select_one("article").get_text())
    figures = re.findall(r"\d[\d,.]*%?", letter.split("Dear partners", 1)[1])
    assert {"338", "321", "73%"} <= set(figures)
    start = text.index("Dear partners")
    for figure in figures:
        assert figure in text[start : text.index("The scorecard", start)], figure


def test_drafts_and_withheld_quotes_never_appear(report):
    _, text = report
    voices = yaml.safe_load((ROOT / "data/voices.yml").read_text(encoding="utf-8"))
    withheld = [q["text"] for q in voices["quotes"] if str(q["consent"]) in ("no", "False")]
    consented = [q["text"] for q in voices["quotes"] if str(q["consent"]) in ("yes", "True") and q["date"] >= "2025"]
    assert withheld and consented
    for quote in withheld:
        assert flat(quote)[:40] not in text
    assert any(flat(quote)[:40] in text for quote in consented)
    assert "What the numbers told us about who we miss" not in text  # a draft story of 2025


def test_the_letters_page_links_the_pdf_with_its_cover_as_preview(demo_site):
    page = demo_site.html("reports/2025/index.html")
    link = page.select_one("a.md-button[href$='2025.pdf']")
    assert link is not None and "PDF" in link.get_text()
    image = page.select_one('meta[property="og:image"]')["content"]
    assert image.endswith("reports/2025-cover.png")
    with Image.open(demo_site.site / "reports/2025-cover.png") as card:
        assert card.size == (1200, 630)


# -- a copy of the demo, for what the demo itself must not show ---------------------------

HOSTILE = [
    '#read("/etc/passwd")',
    '#import "report.json"',
    "#set page(fill: red)",
    "<script>x</script>",
    "$x^2$ *b* ] @r",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


def copy(tmp_path: Path, cache: Path) -> Project:
    """The demo's files in ``tmp_path``, with a cache the module's copies share (charts drawn once)."""
    project = Project(tmp_path / "project")
    for name in ("data", "content", "site_config.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, project.root / name)
    project.edit("site_config.yml", lambda site: backbone_options(site, cache_dir=str(cache)))
    return project


def _plant(project: Project, payload: str) -> None:
    """``payload`` in every kind of field the report prints."""
    project.edit("data/identity.yml", lambda d: d.update(tagline=f"T {payload}", short_name="RW"))
    project.edit("data/partners.yml", lambda d: d["partners"][0].update(name=f"P {payload}", role=f"R {payload}"))
    project.edit("data/metrics/jobs-placed.yml", lambda d: d.update(title=f"M {payload}", source=f"S {payload}"))
    project.edit(
        "data/voices.yml",
        lambda d: next(q for q in d["quotes"] if str(q["consent"]) == "yes").update(
            text=f"Q {payload}", date="2025-06-01"
        ),
    )
    project.edit("data/governance.yml", lambda d: d["bodies"][0].update(name=f"B {payload}"))
    story = project.path("content/stories/three-hundred-a-quarter.md")
    text = story.read_text(encoding="utf-8")
    text = text.replace("title: Three hundred a quarter, and what it is worth", f"title: 'S {payload}'")
    story.write_text(text.replace("In the third quarter", f"Body {payload}. In the third quarter"), encoding="utf-8")
    letter = project.path("content/reports/2025.md")
    text = letter.read_text(encoding="utf-8").replace('title: "2025: more', f"title: 'L {payload}'\nx: \"")
    text = text.replace('x: "', "#").replace("Dear partners", f"Letter {payload}\n\nDear partners")
    text = text.replace("role: Chair of the Steering Board", f"role: 'C {payload}'")
    letter.write_text(text, encoding="utf-8")


def test_hostile_text_stays_text_in_every_field(tmp_path, cache):
    project = copy(tmp_path, cache)
    payload = " ".join(HOSTILE)
    _plant(project, payload)
    written, problems = report_only(project.path("site_config.yml"), 2025, project.root / "out.pdf")
    assert problems is None, problems
    text = pdf_text(written).replace(" ", "")  # a line may wrap anywhere in the payload
    shown = payload.replace(" ", "")
    for marker in ("T", "P", "R", "M", "S", "Q", "B", "L", "C"):
        assert f"{marker}{shown}" in text, marker
    # a body is Markdown, read as the site reads it (a script dropped, *b* emphasis): Typst's
    # syntax in it is text
    assert 'Body#read("/etc/passwd")#import"report.json"#setpage(fill:red)$x^2$b]@r' in text
    assert "root:x:0" not in text and "root:" not in text
    for page in pypdf.PdfReader(written).pages:  # links: within the report, or to the web
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            assert action is None or (action["/S"] == "/URI" and re.match(r"(https?|mailto):", str(action["/URI"])))


def test_problems_of_the_letter_are_located_and_checked(tmp_path, cache):
    project = copy(tmp_path, cache)
    letter = project.path("content/reports/2025.md")
    text = letter.read_text(encoding="utf-8")
    text = text.replace("metrics: [jobs-placed,", "metrics: [jobs-placd,")
    text = text.replace("stories: [three-hundred-a-quarter,", "stories: [what-the-numbers-told-us,")
    text = text.replace("window: {from: 2025-Q1, to: 2025-Q4}", "window: {from: 2025-Q4, to: 2025-Q1}")
    letter.write_text(text, encoding="utf-8")
    project.write("content/reports/annual.md", "---\ntitle: x\n---\n")
    project.write("content/reports/2024.md", "---\ntitle: x\n\npaper: a5\n---\n")
    errors, _, _ = check_site(project.path("site_config.yml"))
    report = "\n".join(errors)
    assert (
        "content/reports/2025.md:6 (window.to): the window ends (2025-Q1) before it starts (2025-Q4): swap them"
        in report
    )
    assert "content/reports/2024.md:4 (paper): " in report and "'a4'" in report
    assert re.search(
        r"content/reports/2025\.md:\d+ \(metrics\[0\]\): unknown metric 'jobs-placd' \(metrics are listed in data/metrics/\); "
        r"did you mean 'jobs-placed'\?",
        report,
    )
    assert re.search(
        r"content/reports/2025\.md:\d+ \(stories\[0\]\): story 'what-the-numbers-told-us' is a draft", report
    )
    assert "content/reports/annual.md: a report's letter is named for its year" in report
    assert "Traceback" not in report


def test_defaults_feature_headlines_and_the_years_published_stories(tmp_path, cache):
    project = copy(tmp_path, cache)
    project.write("content/reports/2025.md", "---\ntitle: The year\npaper: a4\nbleed: 3\n---\n\nHello.\n")
    written, problems = report_only(project.path("site_config.yml"), 2025, project.root / "a.pdf")
    assert problems is None, problems
    reader = pypdf.PdfReader(written)
    box = reader.pages[0].mediabox  # A4 and 3 mm of bleed on every side
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (216, 303)
    text = pdf_text(written)
    assert "Youth unemployment rate" in text  # a headline metric
    assert "What the numbers told us about who we miss" not in text  # a draft of 2025
    assert "The youth council rewrote the sign-up form" in text  # published in 2025
    again, _ = report_only(project.path("site_config.yml"), 2025, project.root / "b.pdf")
    assert again.read_bytes() == written.read_bytes()  # from the cache: the same file
    shutil.rmtree(cache / "report")  # typeset again from the same inputs: the same bytes
    anew, _ = report_only(project.path("site_config.yml"), 2025, project.root / "c.pdf")
    assert anew.read_bytes() == written.read_bytes()


def _line_of(project: Project, rel: str, text: str) -> int:
    lines = project.path(rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_characters_no_font_has_are_located_and_a_font_of_the_folder_prints_them(tmp_path, cache):
    """An emoji or another script where the report prints it: one message at each line, the
    same in `backbone check` (which typesets nothing); a font with them in data/brand/fonts/ is
    the report's fallback, and the PDF shows them."""
    project = copy(tmp_path, cache)
    project.edit("data/partners.yml", lambda d: d["partners"][0].update(name="Harbourfield 🎉 partners"))
    project.edit("data/metrics/jobs-placed.yml", lambda d: d.update(title="Jobs filled 北田中心"))
    project.edit("data/identity.yml", lambda d: d.update(tagline="Together 🎉 again"))  # not in every story
    partner = f"data/partners.yml:{_line_of(project, 'data/partners.yml', '🎉')}: "
    metric = f"data/metrics/jobs-placed.yml:{_line_of(project, 'data/metrics/jobs-placed.yml', '北')}: "
    tagline = f"data/identity.yml:{_line_of(project, 'data/identity.yml', '🎉')}: "
    errors, _, _ = check_site(project.path("site_config.yml"))
    report = "\n".join(errors)
    assert partner + "'🎉' (U+1F389) cannot be printed in the annual report: none of its fonts (DejaVu Sans)" in report
    assert metric + "'北' (U+5317), '田' (U+7530), '中' (U+4E2D), '心' (U+5FC3) cannot be printed" in report
    assert tagline + "'🎉' (U+1F389) cannot" in report
    assert report.count("cannot be printed") == 3 and "data/brand/fonts/" in report
    written, problems = report_only(project.path("site_config.yml"), 2025, project.root / "out.pdf")
    assert written is None and all(line in problems for line in (partner, metric, tagline)), problems
    assert "could not be typeset" not in problems
    box_font(project.path("data/brand/fonts/extra.ttf"), "Backbone Test Extra", "🎉北田中心")
    fonts = project.path("data/brand/fonts")
    assert choose_fonts("Inter, sans-serif", fonts, project.root).chain == ("DejaVu Sans", "Backbone Test Extra")
    chosen = choose_fonts("'Backbone Test Extra', sans-serif", fonts, project.root)  # the brand's own text font
    assert (chosen.family, chosen.chain) == ("Backbone Test Extra", ("Backbone Test Extra", "DejaVu Sans"))
    written, problems = report_only(project.path("site_config.yml"), 2025, project.root / "out.pdf")
    assert problems is None, problems
    text = flat(pdf_text(written))
    assert "Harbourfield 🎉 partners" in text and "Jobs filled 北田中心" in text
    used = fonts_of(pypdf.PdfReader(written))
    assert any("BackboneTestExtra" in name for name in used) and any("DejaVuSans" in name for name in used)
