"""The branded identity site: brand CSS, purpose everywhere, partners, governance, brand kit."""

from __future__ import annotations

import re

from backbone.identity.brand import contrast


def pages(built):
    return sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*.html"))


def test_minimal_site_builds_strict(minimal):
    built = minimal.build()
    assert built.error is None, built.error
    assert built.warnings == []
    for page in ("index.html", "partners/index.html", "governance/index.html", "brand/index.html"):
        assert (built.site / page).is_file(), page


def test_brand_colours_become_css_variables(minimal):
    minimal.edit("data/identity.yml", lambda d: d["colours"].update(primary="#7a1f5c"))
    built = minimal.build()
    css = built.text("assets/backbone/brand.css")
    assert "--md-primary-fg-color: #7a1f5c;" in css
    assert "--bb-primary: #7a1f5c;" in css
    head = built.html("index.html").find("head")
    sheets = [link["href"] for link in head.find_all("link", rel="stylesheet")]
    assert any(href.endswith("assets/backbone/brand.css") for href in sheets)


def test_no_network_fonts_or_cdn(minimal):
    built = minimal.build()
    for page in pages(built):
        html = built.text(page)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        soup = built.html(page)
        for tag in soup.find_all(["script", "link", "img"]):
            url = tag.get("src") or tag.get("href") or ""
            if tag.name == "link" and "stylesheet" not in (tag.get("rel") or []) and tag.get("rel") != ["icon"]:
                continue
            assert not re.match(r"^(https?:)?//", url), f"{page} loads {url}"


def test_purpose_on_every_page(minimal):
    built = minimal.build()
    purpose = minimal.load("data/identity.yml")["purpose"]
    for page in pages(built):
        if page.startswith("search/") or page == "404.html":
            continue
        footer = built.html(page).find("footer")
        assert footer is not None and purpose in footer.get_text(" "), page
    hero = built.html("index.html").find(class_="bb-hero")
    assert purpose in hero.get_text()


def test_logo_favicon_and_name_in_theme(minimal):
    built = minimal.build()
    soup = built.html("index.html")
    assert soup.find("link", rel="icon")["href"].endswith("assets/brand/mark.svg")
    logo = soup.select_one(".md-logo img")
    assert logo["src"].endswith("assets/brand/mark.svg"), "without a mark, the header falls back to the favicon"
    assert (built.site / "assets/brand/logo.svg").read_bytes() == minimal.path("data/brand/logo.svg").read_bytes()
    social = soup.select_one(".md-social a")
    assert social["href"] == "https://www.linkedin.com/company/harbour-health-example"
    assert "Harbour Health Alliance" in soup.find("title").get_text()


def test_mark_is_the_header_logo(minimal):
    minimal.write("data/brand/symbol.svg", minimal.path("data/brand/logo.svg").read_text())
    minimal.edit("data/identity.yml", lambda d: d.update(mark="brand/symbol.svg"))
    built = minimal.build()
    assert built.html("index.html").select_one(".md-logo img")["src"].endswith("assets/brand/symbol.svg")
    assert built.html("brand/index.html").select_one('a[download][href="../assets/brand/symbol.svg"]') is not None


def test_partner_directory_grouped_by_sector_and_page_per_partner(minimal):
    built = minimal.build()
    soup = built.html("partners/index.html")
    assert [h2["id"] for h2 in soup.select("article h2")] == ["public", "private", "civil"]
    for pid in ("city-hall", "harbour-clinic", "dockside-foods"):
        page = built.html(f"partners/{pid}/index.html")
        assert page.find("h1").get_text(strip=True)
    assert soup.select_one("#public ~ ul img")["src"] == "../assets/partners/city-hall.svg"
    assert (built.site / "assets/partners/city-hall.svg").is_file()


def test_partner_pages_are_kept_out_of_the_navigation(minimal):
    built = minimal.build()
    nav = built.html("index.html").select_one("nav.md-nav--primary")
    assert "partners/city-hall/" not in str(nav)


def test_governance_page_has_structure_norms_and_matrix(minimal):
    built = minimal.build()
    soup = built.html("governance/index.html")
    board = soup.select_one("li#board")
    assert board.select_one("li#clinics-wg") is not None, "working group nested under its parent"
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in soup.select("table.bb-decisions tbody tr")
    ]
    assert rows == [
        ["Budget", "Alliance Board", "Two-thirds of the board", ""],
        ["Work plan", "Clinics working group", "Consent within the working group", ""],
    ]
    matrix = soup.select_one("table.bb-matrix")
    header = [th.get_text(strip=True) for th in matrix.select("thead th")]
    assert header == ["Partner", "Shared triage line"]
    cells = {tr.th.get_text(strip=True): tr.td.get_text(" ", strip=True) for tr in matrix.select("tbody tr")}
    assert cells == {"Harbour City Hall": "C Contributes", "Harbour Community Clinic": "L Leads"}


def test_brand_kit_page(minimal):
    built = minimal.build()
    soup = built.html("brand/index.html")
    assert soup.select_one('a[download][href="../assets/brand/logo.svg"]') is not None
    swatches = {s.find("strong").get_text(): s for s in soup.select(".bb-swatch")}
    primary = swatches["Primary"].get_text(" ")
    assert "#1d4e89" in primary and "rgb(29, 78, 137)" in primary
    rows = {tr.th.get_text(strip=True): tr.get_text(" ") for tr in soup.select(".bb-contrast tbody tr")}
    assert f"{contrast('#1d4e89', '#ffffff'):.2f}:1" in rows["Links, on the page"]
    for key in ("short", "medium", "long"):
        text = soup.find(id=f"bb-boilerplate-{key}")
        assert text.get_text(strip=True)
        assert soup.select_one(f'button[data-copy-target="bb-boilerplate-{key}"]') is not None
    assert "Cite the figure" in soup.select_one(".bb-voice--do").get_text()


def test_low_contrast_warns_and_fails_strict(minimal):
    minimal.edit("data/identity.yml", lambda d: d["colours"].update(text="#999999"))
    built = minimal.build()
    assert built.error is not None
    assert any("#999999" in w and "#ffffff" in w and "2.85:1" in w for w in built.warnings), built.warnings
    # located at the text colour's own line
    lines = minimal.path("data/identity.yml").read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.strip().startswith("text:"))
    assert any(f"data/identity.yml:{line}: colours.text #999999" in w for w in built.warnings), built.warnings


def test_data_text_is_escaped(minimal):
    evil = "<script>alert(1)</script>"
    minimal.edit("data/partners.yml", lambda d: d["partners"][2].update(name=evil, role=evil))
    minimal.edit("data/identity.yml", lambda d: d.update(purpose=evil))
    built = minimal.build()
    assert built.error is None, built.error
    for page in pages(built):
        for script in built.html(page).find_all("script"):
            assert "alert(1)" not in script.get_text(), page
    assert evil in built.html("partners/dockside-foods/index.html").find("h1").get_text()


def test_build_never_writes_into_content_or_data(minimal):
    def snapshot():
        return {
            p: p.read_bytes() if p.is_file() else None
            for d in ("content", "data")
            for p in sorted((minimal.root / d).rglob("*"))
        }

    before = snapshot()
    minimal.build()
    assert snapshot() == before


def test_demo_partnership_builds_strict_and_is_complete(demo_site):
    directory = demo_site.html("partners/index.html")
    sectors = {h2["id"]: len(h2.find_next("ul").find_all("li")) for h2 in directory.select("article h2")}
    assert set(sectors) == {"public", "private", "civil"} and sum(sectors.values()) >= 8
    governance = demo_site.html("governance/index.html")
    kinds = [p.get_text(strip=True) for p in governance.select(".bb-body__kind")]
    assert kinds.count("Board") >= 1 and kinds.count("Working group") >= 2
    assert len(governance.select("table.bb-decisions tbody tr")) >= 4
