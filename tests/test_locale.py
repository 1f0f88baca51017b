"""The partnership's language and its own words: figures, dates and periods in the site's
language (render/formats.py, render/numbers.py), and the sectors and units it names itself.

A table of what CLDR writes for each locale Backbone is asked about, then two real sites built
from the metrics fixture with a story and its e-mail, one in British English and one in French
(the French one with sectors and a unit of its own), read back with real parsers: every page,
chart, e-mail and feed says its figures, dates and periods as the language does, nothing of it
in American English is left, and the partnership's sectors and units are used in its order.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from metrics_helpers import build, metrics_project
from support import FIXTURES, ROOT, make_project

from backbone.loaders import load_project
from backbone.metrics.periods import parse
from backbone.metrics.units import Unit, word
from backbone.problems import DataError
from backbone.render.formats import formats_for

PACKAGE = ROOT / "plugins" / "backbone"
NB, NNB = "\u00a0", "\u202f"  # CLDR's no-break space and narrow no-break space

# locale: (1,234,567.891 to 2 decimals, -1,234.50 EUR, 68.25 percent to 1 decimal, a share of 0.245,
#          a day, a month, a quarter, £1,064,800 where room is short, 45,000 on a chart's axis)
TABLE = {
    "en": ("1,234,567.89", "-€1,234.50", "68.2%", "24.5%", "August 20, 2025", "July 2026", "Q2 2026", "£1.06M", "45K"),
    "en-GB": (
        "1,234,567.89",
        "-€1,234.50",
        "68.2%",
        "24.5%",
        "20 August 2025",
        "July 2026",
        "Q2 2026",
        "£1.06m",
        "45k",
    ),
    "fr": (
        f"1{NNB}234{NNB}567,89",
        f"-1{NNB}234,50{NB}€",
        f"68,2{NB}%",
        f"24,5{NB}%",
        "20 août 2025",
        "juillet 2026",
        "T2 2026",
        f"1,06{NB}M{NB}£GB",
        f"45{NB}k",
    ),
    "fr-CA": (
        f"1{NB}234{NB}567,89",
        f"-1{NB}234,50{NB}€",
        f"68,2{NB}%",
        f"24,5{NB}%",
        "20 août 2025",
        "juillet 2026",
        "T2 2026",
        f"1,06{NB}M{NB}£",
        f"45{NB}k",
    ),
    "es": (
        "1.234.567,89",
        f"-1.234,50{NB}€",
        f"68,2{NB}%",
        f"24,5{NB}%",
        "20 de agosto de 2025",
        "julio de 2026",
        "T2 2026",
        f"1,06{NB}M{NB}GBP",
        f"45{NB}mil",
    ),
    "es-MX": (
        "1,234,567.89",
        f"-EUR{NB}1,234.50",
        "68.2%",
        "24.5%",
        "20 de agosto de 2025",
        "julio de 2026",
        "T2 2026",
        f"GBP{NB}1.06{NB}M",
        f"45{NB}k",
    ),
    "de": (
        "1.234.567,89",
        f"-1.234,50{NB}€",
        f"68,2{NB}%",
        f"24,5{NB}%",
        "20. August 2025",
        "Juli 2026",
        "Q2 2026",
        f"1,06{NB}Mio.{NB}£",
        "45.000",  # German writes thousands in full
    ),
    "pt-BR": (
        "1.234.567,89",
        f"-€{NB}1.234,50",
        "68,2%",
        "24,5%",
        "20 de agosto de 2025",
        "julho de 2026",
        "T2 de 2026",
        f"£{NB}1,06{NB}mi",
        f"45{NB}mil",
    ),
}


@pytest.mark.parametrize("language", TABLE)
def test_each_locale_writes_figures_dates_and_periods_as_cldr_does(language):
    fm = formats_for(language)
    axis = fm.scale_for([0, 45_000])
    assert (
        fm.number(1_234_567.891, 2),
        fm.money(-1234.5, "EUR", 2),
        fm.value(68.25, "percent", 1),  # a tie, to the even digit, as everywhere in Backbone
        fm.percent(0.245, 1),
        fm.date(dt.date(2025, 8, 20)),
        fm.period(parse("2026-07")),
        fm.period(parse("2026-Q2")),
        fm.squeezable(1_064_800, "currency", 0, "GBP").compact,
        fm.short(45_000, "count", 0, None, axis),
    ) == TABLE[language]


@pytest.mark.parametrize(
    "language, count, decimals, category",
    [
        ("en", 1, 0, "one"),
        ("en", 1, 1, "other"),  # '1.0 tonnes'
        ("en", 0, 0, "other"),
        ("fr", 0, 0, "one"),  # '0 tonne'
        ("fr", 1.5, 1, "one"),
        ("fr", 1_000_000, 0, "many"),  # '1 000 000 de tonnes'
        ("es", 1_000_000, 0, "many"),
        ("de", 1, 0, "one"),
        ("pt-BR", 0, 0, "one"),
    ],
)
def test_plural_categories_follow_the_language_and_the_figure_as_written(language, count, decimals, category):
    assert formats_for(language).plural(count, decimals) == category


def test_currency_signs_of_letters_keep_their_space_from_the_digits():
    en = formats_for("en")
    assert en.money(99, "CHF") == f"CHF{NB}99" and en.money(99, "USD") == "$99"
    assert en.money(-1234.5, "NOK", 2) == f"-NOK{NB}1,234.50"
    assert formats_for("fr").money(99, "CHF") == f"99{NB}CHF"


def test_a_figure_rounds_to_nought_without_a_sign_in_every_locale():
    for language in TABLE:
        fm = formats_for(language)
        assert "-" not in fm.number(-0.4) and "-" not in fm.money(-0.004, "EUR", 2)


# --- nothing in the package writes for readers in one fixed language --------------------------

FORMAT_TEMPLATE = re.compile(r"\{[^{}]*:[^{}]*,[^{}]*\}")  # '{:,}' in a str.format template
# names in the C library's language, or a platform's own extension ('%-d' is glibc's)
DATE_SPEC = re.compile(r"%[-#]|%[aAbBcpxX]")


def fixed_language(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) of each figure or date written in one fixed language: a thousands separator
    of Python's format mini-language (always a comma), a date format (strftime's names follow
    the C library's locale and '%-d' is not portable), calendar's English month and day names."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(v.value for v in node.format_spec.values if isinstance(v, ast.Constant))
            if "," in spec:
                found.append((node.lineno, f"a thousands separator ('{{x:{spec}}}')"))
            if DATE_SPEC.search(spec):
                found.append((node.lineno, f"a date format ('{{day:{spec}}}')"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "strftime":
            if not _fixed(node.args[:1], lambda spec: not DATE_SPEC.search(spec)):
                found.append((node.lineno, "strftime with names or a platform's own directive"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "format":
            if not _fixed(node.args[1:2], lambda spec: "," not in spec and not DATE_SPEC.search(spec)):
                found.append((node.lineno, "format() with a thousands separator or a date's names"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            if _fixed([node.func.value], FORMAT_TEMPLATE.search):
                found.append((node.lineno, "a thousands separator in a format template"))
        elif isinstance(node, ast.Attribute) and node.attr in ("month_name", "month_abbr", "day_name", "day_abbr"):
            found.append((node.lineno, f"calendar's English {node.attr}"))
    return sorted(found)


def _fixed(args: list, harmless) -> bool:
    """Whether the one argument is a string constant ``harmless`` accepts."""
    return (
        len(args) == 1
        and isinstance(args[0], ast.Constant)
        and isinstance(args[0].value, str)
        and harmless(args[0].value)
    )


def test_no_figure_or_date_is_written_in_a_fixed_language():
    """Figures and dates for readers go through the site's Formats. Messages to the backbone team
    are English and write their numbers with problems.thousands, the one place left."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = set()
        if rel == "problems.py":  # thousands(): for messages, which are English
            thousands = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "thousands")
            allowed = set(range(thousands.lineno, thousands.end_lineno + 1))
        found += [f"{rel}:{line}: {what}" for line, what in fixed_language(tree) if line not in allowed]
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_looks_for():
    code = [
        'f"{n:,}"',
        'd.strftime("%B")',
        "calendar.month_name[1]",
        'f"{day:%-d %Y}"',
        '"{:,.2f}".format(x)',
        'format(x, ",")',
        "d.strftime(pattern)",
    ]
    assert [line for line, _ in fixed_language(ast.parse("\n".join(code)))] == list(range(1, len(code) + 1))
    harmless = ['{"a": 1, "b": 2}', 'f"{n:.1f}"', 'f"{day:%Y-%m-%d}"', 'd.strftime("%Y-%m")', '"""{a: b, c}"""']
    assert fixed_language(ast.parse("\n".join(harmless))) == []  # dicts, decimals, ISO dates, docstrings


# --- two real sites: British English and French ------------------------------------------------


def _site(tmp_path: Path, language: str):
    project = metrics_project(tmp_path)
    shutil.copytree(FIXTURES / "email" / "content", project.root / "content", dirs_exist_ok=True)
    picture = project.path("content/stories/images/front-desk.png")
    picture.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "stories/content/stories/images/phone.png", picture)
    project.write("data/identity.yml", project.path("data/identity.yml").read_text() + f"language: {language}\n")
    if language == "fr":  # a partnership that names its own sectors, in its own order, and a unit
        project.edit("data/partners.yml", _french_sectors)
        project.write("data/units.yml", "units:\n  - {id: visites, singular: visite, plural: visites}\n")
        visits = project.path("data/metrics/clinic-visits.yml")
        visits.write_text(visits.read_text().replace("unit: people", "unit: visites"))
        # a review written with the English section headings the checks look for
        project.write("content/learning/2024-06-point.md", FRENCH_REVIEW)
    built = build(project)
    assert built.error is None, built.error
    return built


FRENCH_REVIEW = """---
title: Point d’étape, juin 2024
kind: progress-review
date: "2024-06-20"
participants: [city-hall, harbour-clinic]
---

## Where we are

Les visites du soir ont doublé.

## What is working

Le guichet unique.

## What needs attention

Les bons d’achat arrivent tard.
"""

FRENCH_SECTORS = [
    {"id": "sante", "label": "Santé"},
    {"id": "collectivites", "label": "Collectivités", "short": "collectivité"},
    {"id": "entreprises", "label": "Entreprises"},
]


def _french_sectors(data: dict) -> None:
    data["sectors"] = FRENCH_SECTORS
    moved = {"civil": "sante", "public": "collectivites", "private": "entreprises"}
    for partner in data["partners"]:
        partner["sector"] = moved[partner["sector"]]
    data.update(partners=data.pop("partners"))  # the sectors first, as a partnership writes them


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return {language: _site(tmp_path_factory.mktemp(language), language) for language in ("en-GB", "fr")}


def _pages(built) -> dict[str, str]:
    return {p.relative_to(built.site).as_posix(): p.read_text(encoding="utf-8") for p in built.site.rglob("*.html")}


@pytest.mark.parametrize(
    "language, lang, og, header",
    [("en-GB", "en-GB", "en_GB", "Header"), ("fr", "fr", "fr_FR", "En-tête")],
)
def test_the_page_says_its_language_and_the_theme_speaks_its_nearest_translation(sites, language, lang, og, header):
    """en-GB stopped the build ("the theme has no translation"); now <html lang> and og:locale
    carry the site's tag, and Material's own words come from its nearest translation."""
    built = sites[language]
    for rel in ("index.html", "scorecard/index.html", "stories/evening-clinic/index.html"):
        page = built.html(rel)
        assert page.html["lang"] == lang, rel
        assert page.find("meta", property="og:locale")["content"] == og, rel
    assert built.html("index.html").select_one(".md-header__inner")["aria-label"] == header


def test_a_british_site_writes_days_first_and_euros_its_way(sites):
    built = sites["en-GB"]
    story = built.html("stories/evening-clinic/index.html")
    assert story.select_one(".bb-story-byline time").get_text() == "10 July 2024"
    assert "By Dana Kim · 10 July 2024" in built.text("stories/evening-clinic/email.txt")
    spend = built.html("metrics/voucher-spend/index.html").select_one(".bb-tile__number").get_text(" ", strip=True)
    assert re.fullmatch(r"€[\d,]+\.\d\d", spend), spend
    american = re.compile(
        r"\b(January|February|March|April|May|June|July|August|September|October|November"
        r"|December) \d{1,2}, \d{4}"
    )
    assert not [rel for rel, html in _pages(built).items() if american.search(html)]


def test_a_french_site_writes_its_figures_dates_and_periods_in_french(sites):
    built = sites["fr"]
    story = built.html("stories/evening-clinic/index.html")
    assert story.select_one(".bb-story-byline time").get_text() == "10 juillet 2024"
    assert story.select_one(".bb-story-byline time")["datetime"] == "2024-07-10"  # machines read ISO
    assert "Par Dana Kim · 10 juillet 2024" in built.text("stories/evening-clinic/email.txt")
    tile = built.html("scorecard/index.html").select_one(".bb-tile__period").get_text(" ", strip=True)
    assert tile.endswith("T2 2024"), tile
    prose = built.html("notes/figures/index.html").get_text(" ", strip=True)
    assert "in Q3 2023" in prose and "period T2 2024" in prose  # the author's words stay; the figures are French
    spend = built.html("metrics/voucher-spend/index.html")
    months = [th.get_text() for th in spend.select("table tbody th")]
    assert "mai 2024" in months and not any("May" in m for m in months), months
    value = spend.select_one(".bb-tile__number").get_text(" ", strip=True)
    assert re.fullmatch(rf"[\d{NNB}]+,\d\d{NB}€", value), value
    impact = built.html("impact/index.html").get_text(" ", strip=True)
    assert f"{NB}€" in impact and f"{NB}%" in impact


def test_a_french_chart_labels_its_axis_and_says_its_periods_in_french(sites):
    svg = etree.parse(str(sites["fr"].site / "metrics/voucher-spend/voucher-spend.svg"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    ticks = [
        t.text
        for g in svg.iterfind(".//s:g[@id]", ns)
        if g.get("id").startswith("ytick_")
        for t in g.iterfind(".//s:text", ns)
    ]
    assert ticks and all(re.fullmatch(rf"[\d{NNB},]+{NB}€", t) for t in ticks), ticks
    desc = svg.find(".//s:desc", ns).text
    assert "décembre 2023" in desc, desc


def test_no_period_or_month_is_left_in_english_on_a_french_site(sites):
    english = re.compile(
        r"\bQ[1-4] \d{4}\b|\b(January|February|March|April|June|July|August|September|October|November|December)"
        r" \d{4}\b"
    )
    found = {rel: english.search(html)[0] for rel, html in _pages(sites["fr"]).items() if english.search(html)}
    # the author's own sentence on the prose page says 'Q3 2023' in its words, not as a figure
    assert set(found) <= {"notes/figures/index.html"}, found


def test_machine_readable_outputs_stay_neutral(sites):
    """CSV downloads keep plain numbers and ISO periods; feeds keep RFC 822 and RFC 3339 dates."""
    built = sites["fr"]
    rows = built.text("metrics/voucher-spend/voucher-spend.csv").splitlines()
    assert rows[:2] == ['"period","value","note","target_path"', '"2023-12",1000,"baseline",'], rows[:2]
    rss = built.text("feeds/stories.rss")
    assert "<pubDate>Wed, 10 Jul 2024" in rss
    feed = feedparser.parse(built.text("feeds/stories.atom"))
    assert feed.entries[0].published.startswith("2024-07-10T")


# --- sectors and units the partnership names ------------------------------------------------


def test_the_directory_lists_the_partnerships_own_sectors_in_its_order(sites):
    built = sites["fr"]
    directory = built.html("partners/index.html")
    assert [h2.contents[0].strip() for h2 in directory.select("h2")] == ["Santé", "Collectivités", "Entreprises"]
    assert "public, private and civil" not in directory.get_text()  # the defaults' sentence is not theirs
    partner = built.html("partners/city-hall/index.html").get_text(" ", strip=True)
    assert "Collectivités" in partner and "Public sector" not in partner


def test_the_impact_page_and_its_chart_use_the_sectors_labels(sites):
    built = sites["fr"]
    impact = built.html("impact/index.html")
    labels = [tr.th.get_text(strip=True) for tr in impact.select("table.bb-roi-sectors tbody tr")]
    assert set(labels) == {"Santé", "Collectivités", "Entreprises"}, labels
    svg = etree.parse(str(built.site / "impact/contributions.svg"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    names = [
        t.text
        for g in svg.iterfind(".//s:g[@id]", ns)
        if g.get("id").startswith("ytick_")
        for t in g.iterfind(".//s:text", ns)
    ]
    assert "Harbour City Hall (collectivité)" in names or any(n.endswith("(collectivité)") for n in names), names
    order = [n[n.rindex("(") + 1 : -1] for n in names]
    assert order == sorted(order, key=["Santé", "collectivité", "Entreprises"].index), names  # grouped, in order


def test_a_metric_counted_in_the_partnerships_own_unit_says_its_word(sites):
    tile = sites["fr"].html("metrics/clinic-visits/index.html").select_one(".bb-tile__number")
    assert tile.get_text(" ", strip=True) == "160 visites"


@pytest.mark.parametrize(
    "language, value, decimals, expected",
    [
        ("en", 1, 0, "tonne"),
        ("en", 1, 1, "tonnes"),
        ("en", 0, 0, "tonnes"),
        ("fr", 0, 0, "tonne"),
        ("fr", 1.5, 1, "tonne"),
        ("fr", 2, 0, "tonnes"),
    ],
)
def test_a_units_word_follows_the_figure_as_written(language, value, decimals, expected):
    tonnes = Unit(id="tonnes", singular="tonne", plural="tonnes")
    assert word("tonnes", value, decimals, formats_for(language), {"tonnes": tonnes}) == expected
    assert word("people", 1, 0, formats_for("en"), {}) == "person" and word("count", 5, 0, formats_for("en"), {}) == ""


def _problems(tmp_path, partners=None, units=None, metric_unit=None) -> list[str]:
    project = make_project(tmp_path, FIXTURES / "metrics")
    if partners:
        project.edit("data/partners.yml", partners)
    if units is not None:
        project.write("data/units.yml", units)
    if metric_unit:
        visits = project.path("data/metrics/clinic-visits.yml")
        visits.write_text(visits.read_text().replace("unit: people", f"unit: {metric_unit}"))
    try:
        load_project(project.root)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def _declare(data: dict, sectors: list, **of) -> None:
    data["sectors"] = sectors
    for partner in data["partners"]:
        partner["sector"] = of.get(partner["id"], partner["sector"])


@pytest.mark.parametrize(
    "sectors, of, expected",
    [
        (
            None,
            {"city-hall": "pubic"},
            "(partners[0].sector): unknown sector 'pubic': the sectors are 'public', 'private' and 'civil', unless "
            "partners.yml declares its own under 'sectors:'; did you mean 'public'?",
        ),
        (
            [{"id": "university", "label": "Universities"}, {"id": "civil", "label": "Civil society"}],
            {"city-hall": "univesity", "dockside-foods": "civil"},
            "(partners[0].sector): unknown sector 'univesity': the sectors are those under 'sectors:' at the top of "
            "partners.yml, 'university' and 'civil'; did you mean 'university'?",
        ),
        (
            [{"id": "university", "label": "Universities"}, {"id": "civil", "label": "Civil society"}],
            {"city-hall": "Universities", "dockside-foods": "civil"},
            "(partners[0].sector): 'Universities' is the name of sector 'university'; use the id: 'university'",
        ),
        (
            [{"id": "civil", "label": "Civil society"}, {"id": "civil", "label": "Charities"}],
            {"city-hall": "civil", "dockside-foods": "civil"},
            "(sectors[1].id): duplicate sector id 'civil' (also at sectors[0]); each must be unique",
        ),
    ],
)
def test_a_sector_the_partnership_does_not_have_is_located_with_the_id_meant(tmp_path, sectors, of, expected):
    change = (lambda d: _declare(d, sectors, **of)) if sectors else (lambda d: d["partners"][0].update(sector="pubic"))
    found = _problems(tmp_path, partners=change)
    assert len(found) == 1 and found[0].startswith("data/partners.yml:") and found[0].endswith(expected), found


def test_a_sector_with_problems_still_declares_its_id(tmp_path):
    everyone = dict.fromkeys(("city-hall", "harbour-clinic", "dockside-foods"), "university")
    found = _problems(tmp_path, partners=lambda d: _declare(d, [{"id": "university"}], **everyone))
    assert len(found) == 1 and "(sectors[0]): the required field 'label' is missing" in found[0], found


@pytest.mark.parametrize(
    "units, metric_unit, expected",
    [
        (
            "units:\n  - {id: tonnes, singular: tonne, plural: tonnes}\n",
            "tones",
            "data/metrics/clinic-visits.yml:4 (unit): unknown unit 'tones' (units are listed in data/units.yml, "
            "besides the built-in count, percent, currency, hours, people and ratio); did you mean 'tonnes'?",
        ),
        (
            None,
            "pepole",
            "(unit): unknown unit 'pepole' (units are listed in data/units.yml, besides the built-in count, "
            "percent, currency, hours, people and ratio); did you mean 'people'?",
        ),
        (
            "units:\n  - {id: people, singular: soul, plural: souls}\n",
            None,
            "data/units.yml:2 (units[0].id): 'people' is a unit Backbone has built in (count, percent, currency, "
            "hours, people, ratio): a metric names it as it is; give a unit of your own another id",
        ),
        (
            "units:\n  - {id: meals, singular: meal, plural: meals}\n  - {id: meals, singular: dish, plural: dishes}\n",
            None,
            "data/units.yml:3 (units[1].id): duplicate unit id 'meals' (also at units[0]); each must be unique",
        ),
    ],
)
def test_a_unit_is_built_in_or_declared_once(tmp_path, units, metric_unit, expected):
    found = _problems(tmp_path, units=units, metric_unit=metric_unit)
    assert len(found) == 1 and found[0].endswith(expected), found


def test_a_metric_naming_a_unit_with_problems_waits_for_its_fix(tmp_path):
    found = _problems(tmp_path, units="units:\n  - {id: meals, singular: meal}\n", metric_unit="meals")
    assert len(found) == 1 and "data/units.yml:2 (units[0]): the required field 'plural' is missing" in found[0]


# --- Backbone's own words in the site's language (render/words.py, locale/*.po) -------------


def _english_pieces(language: str) -> dict[str, str]:
    """Each piece of English a translated message is made of (split at its placeholders and
    tags), with its translation: only pieces of two words or more, which a partnership's own
    data is unlikely to say word for word."""
    from babel.messages.pofile import read_po

    with (PACKAGE / "locale" / language / "LC_MESSAGES" / "backbone.po").open("rb") as f:
        catalog = read_po(f, locale=language)
    pieces = {}
    for m in catalog:
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strs = [m.string] if isinstance(m.string, str) else list(m.string)
        if not m.id or ids == strs:
            continue
        for text in ids:
            for piece in re.split(r"%\([a-z_0-9]+\)s|\{[a-z_0-9]+\}|<[^>]+>|[“”‘’\"]", text):
                piece = piece.strip(" .,:;()·=→←").replace("%%", "%")
                if len(piece) >= 10 and " " in piece and piece not in "".join(strs):
                    pieces[piece] = strs[0]
    return pieces


def _reader_text(built, rel: str) -> str:
    """What a reader of a generated page reads, without the site's navigation (Material's) and
    without the partnership's own words that the fixture writes in English."""
    page = built.html(rel)
    article = page.select_one("article") or page
    for own in article.select(".bb-story-item__summary, .bb-story-summary, .bb-story-body, blockquote"):
        own.decompose()
    return (
        article.get_text(" ", strip=True)
        + " "
        + " ".join(
            el.get(attr, "") for attr in ("alt", "aria-label", "title") for el in article.find_all(attrs={attr: True})
        )
    )


def test_a_french_site_speaks_french_in_every_word_backbone_writes(sites):
    built, english = sites["fr"], _english_pieces("fr")
    assert len(english) > 300  # the catalog's English, in pieces a page could show
    pages = [
        "scorecard/index.html",
        "metrics/index.html",
        "metrics/voucher-spend/index.html",
        "impact/index.html",
        "partners/index.html",
        "partners/city-hall/index.html",
        "stories/index.html",
        "stories/evening-clinic/index.html",
        "feeds/index.html",
    ]
    texts = {rel: _reader_text(built, rel) for rel in pages}  # each page read once
    left = {rel: [p for p in english if p in text] for rel, text in texts.items()}
    assert not any(left.values()), {rel: found for rel, found in left.items() if found}
    story = built.html("stories/evening-clinic/index.html")
    assert story.select_one(".bb-story-kicker a").get_text() == "Récits"
    assert "Chiffres clés" in story.get_text()
    title = built.html("scorecard/index.html").title.get_text()
    assert title.startswith("Tableau de bord"), title


def test_a_french_sites_charts_email_and_feeds_carry_the_translations(sites):
    built, english = sites["fr"], _english_pieces("fr")
    ns = {"s": "http://www.w3.org/2000/svg"}
    svg = etree.parse(str(built.site / "metrics/voucher-spend/voucher-spend.svg"))
    desc = svg.find(".//s:desc", ns).text
    assert "de" in desc and " rose from " not in desc and " fell from " not in desc, desc
    legend = " ".join(t.text or "" for t in svg.iterfind(".//s:text", ns))
    assert "Référence" in legend and "Baseline" not in legend, legend
    impact = etree.parse(str(built.site / "impact/contributions.svg")).find(".//s:desc", ns).text
    assert impact.startswith("Ressources investies par"), impact
    mail = built.text("stories/evening-clinic/email.txt")
    assert "Par Dana Kim · 10 juillet 2024" in mail and "Le lire sur le Web\u00a0:" in mail
    mail_html = built.text("stories/evening-clinic/email.html")
    assert not [p for p in english if p in mail_html], [p for p in english if p in mail_html]
    feed = feedparser.parse(built.text("feeds/stories.atom"))
    assert feed.feed.title.endswith("récits"), feed.feed.title
    feeds_page = built.html("feeds/index.html").get_text(" ", strip=True)
    assert "Tout" in feeds_page and "Everything" not in feeds_page


def test_a_british_site_keeps_backbones_english(sites):
    story = sites["en-GB"].html("stories/evening-clinic/index.html")
    assert story.select_one(".bb-story-kicker a").get_text() == "Stories"


# --- whole sentences where fragments were glued (#25 item 2) ----------------------------------


def test_the_brand_kits_contrast_table_speaks_french(sites):
    """Each row says where the pair is drawn and names its colours in French (they were made
    in English from the stylesheets); the verdicts too."""
    from backbone.identity.brand import BACKGROUNDS, TEXT_COLOURS

    rows = sites["fr"].html("brand/index.html").select(".bb-contrast tbody tr")
    assert rows
    where = [tr.th.get_text(strip=True) for tr in rows]
    assert "Texte courant, sur la page" in where, where
    english = [*TEXT_COLOURS.values(), *BACKGROUNDS.values()]
    assert not [w for w in where for e in english if e in w.lower()], where
    verdicts = {tr.select_one(".bb-badge").get_text() for tr in rows}
    assert verdicts <= {f"AA{NB}: conforme", "sous AA"} and verdicts, verdicts
    names = " ".join(td.get_text(" ", strip=True) for tr in rows for td in tr.select("td"))
    assert "darkened" not in names and "lightened" not in names, names


def test_the_impact_pages_lead_is_one_french_sentence(sites):
    lead = sites["fr"].html("impact/index.html").select_one(".bb-lead").get_text()
    assert lead in (
        "Ce que les partenaires apportent, et la valeur qui revient à la collectivité.",
        "Ce que les partenaires apportent, et la valeur qui revient à la collectivité, sur la même période.",
    ), lead


def test_a_stale_metric_and_a_partners_share_read_as_one_sentence_each(sites):
    page = sites["fr"].html("partners/city-hall/index.html")
    shares = [li for li in page.select("li") if "du total" in li.get_text()]
    assert shares
    for li in shares:  # the link inside the sentence, the rest French
        assert li.a and re.fullmatch(rf".+{NB}: .+ en .+ \(.+ du total\)", li.get_text()), li.get_text()
    stale = sites["fr"].html("scorecard/index.html").find(id="data-health").find_next("ul")
    assert stale and stale.select("li")
    for li in stale.select("li"):
        assert li.a and "est attendu" in li.get_text() and " is due" not in li.get_text(), li.get_text()


def test_readers_see_a_reviews_section_headings_in_french(sites):
    review = sites["fr"].html("learning/2024-06-point/index.html")
    headings = [h2.get_text(strip=True) for h2 in review.select("article h2")]
    assert ["Où nous en sommes", "Ce qui fonctionne", "Ce qui demande de l’attention"] == [
        h for h in headings if h in {"Où nous en sommes", "Ce qui fonctionne", "Ce qui demande de l’attention"}
    ], headings
    assert not {"Where we are", "What is working", "What needs attention"} & set(headings), headings
    strengths = sites["fr"].html("learning/index.html").get_text(" ", strip=True)
    assert "Ce qui fonctionne" in strengths and "What is working" not in strengths


def test_no_text_of_a_french_page_is_one_of_backbones_english_messages(sites):
    """Every text node of every page, against the catalog: none is a message of Backbone's left
    in English (the author's own words, on the prose page and in the content, may be anything)."""
    from babel.messages.pofile import read_po

    from backbone.render.words import LOCALE_DIR

    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "backbone.po").open("rb") as po:
        catalog = read_po(po)
    english = {
        m.id
        for m in catalog
        if isinstance(m.id, str) and " " in m.id and "%(" not in m.id and "<" not in m.id and m.string != m.id
    }
    assert "What is working" in english and "Public sector" in english
    found = {}
    for rel, html in _pages(sites["fr"]).items():
        if rel.startswith("notes/"):
            continue  # the author's English prose
        soup = BeautifulSoup(html, "lxml")
        for text in soup.find_all(string=True):
            if text.strip() in english:
                found.setdefault(rel, []).append(text.strip())
    assert not found, found
