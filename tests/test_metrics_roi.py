"""The impact page (/impact/): tables in a stated order, and ROI over an explicit window with a
valuation rule per metric (sum, growth, latest) that never bridges a missing figure."""

from __future__ import annotations

import pytest
from metrics_helpers import build, metrics_project

INVEST = "data/investments.yml"


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def first_cells(table) -> list[str]:
    return [text(tr.th) for tr in table.tbody.find_all("tr")]


@pytest.fixture(scope="module")
def ordered(tmp_path_factory):
    """Short names that sort the other way round from the full names, and a tie in contributions."""
    project = metrics_project(tmp_path_factory.mktemp("order"))

    def names(d):
        d["partners"][0]["short_name"] = "Town Hall"  # Harbour City Hall
        d["partners"][1]["short_name"] = "Clinic"  # Harbour Community Clinic

    project.edit("data/partners.yml", names)
    # City Hall €12,000 in money ties with the clinic's 300 hours × €40; Dockside Foods gives €21,000
    project.edit(INVEST, lambda d: d["contributions"][0].update(money=12000, staff_hours=0, in_kind=0))
    built = build(project)
    assert built.error is None, built.error
    return built.html("impact/index.html")


def test_partner_table_is_by_contribution_then_by_the_name_shown(ordered):
    table = ordered.find("table", class_="bb-roi-partners")
    assert text(table.caption) == "Largest contribution first"
    assert first_cells(table) == ["Dockside Foods", "Clinic", "Town Hall"]  # the tie goes by 'Clinic' < 'Town Hall'
    totals = [text(tr.find_all("td")[5]) for tr in table.tbody.find_all("tr")]
    assert totals == ["€21,000", "€12,000", "€12,000"]


def test_every_table_on_the_page_states_its_order(ordered):
    inputs = ordered.find("table", class_="bb-roi-inputs")
    assert first_cells(inputs) == ["Dockside Foods", "Clinic", "Town Hall"]
    assert "largest contribution first" in text(inputs.caption)
    sectors = ordered.find("table", class_="bb-roi-sectors")
    assert text(sectors.caption) == "Largest contribution first"
    assert first_cells(sectors) == ["Private sector", "Civil society", "Public sector"]  # 21,000, then the 12,000 tie by label
    outcomes = ordered.find("table", class_="bb-roi-outcomes")
    assert text(outcomes.caption) == "Largest value first"
