"""One source of truth for membership: governance.yml's members decide who sits on which body.

A partner's old ``working_groups`` is refused with a located message that says, for each body
it names, whether governance already lists the partner there or what to add."""

from __future__ import annotations

from backbone.governance.model import Governance
from backbone.partners.checks import working_groups_moved
from backbone.partners.model import Partner

GOV = Governance.model_validate(
    dict(
        bodies=[
            dict(
                id="board",
                name="Alliance Board",
                kind="board",
                purpose="p",
                cadence="c",
                chair="city-hall",
                members=["harbour-clinic"],
            ),
            dict(
                id="clinics-wg",
                name="Clinics working group",
                kind="working-group",
                purpose="p",
                cadence="c",
                members=["harbour-clinic"],
            ),
        ],
        decisions=[],
    )
)


def partner(groups) -> Partner:
    return Partner(
        id="city-hall", name="Harbour City Hall", sector="public", joined="2021", role="r", working_groups=groups
    )


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def line_of(project, rel: str, needle: str) -> int:
    return next(n for n, line in enumerate(project.path(rel).read_text().splitlines(), 1) if needle in line)


def test_agreeing_list_is_refused_and_says_nothing_is_lost():
    message = working_groups_moved(partner(["board"]), GOV)  # the chair counts as sitting on it
    assert message.startswith(
        "working_groups moved: membership is listed in data/governance.yml under each body's members"
    )
    assert message.endswith(
        "governance already lists 'city-hall' under 'board', so nothing is lost: delete this line"
        " (`backbone upgrade` does this for every partner)"
    )


def test_disagreeing_list_says_what_to_add_and_names_typos():
    message = working_groups_moved(partner(["board", "clinics-wg", "clinic-wg", "budget"]), GOV)
    assert "governance already lists 'city-hall' under 'board'" in message
    assert "to keep it in 'clinics-wg', add 'city-hall' to the members of that body in data/governance.yml" in message
    assert "'clinic-wg' is not a body in data/governance.yml (did you mean 'clinics-wg'?)" in message
    assert "'budget' is not a body in data/governance.yml;" in message
    assert message.endswith("then delete this line (`backbone upgrade` does this for every partner)")


def test_without_governance_and_odd_shapes():
    assert (
        "add 'city-hall' to the members of the bodies it sits on there (create the file if there is none)"
        in working_groups_moved(partner(["board"]), None)
    )
    # one id written without brackets, or an empty list: the same teaching message, no type error
    assert "to keep it in 'clinics-wg'" in working_groups_moved(partner("clinics-wg"), GOV)
    empty = working_groups_moved(partner([]), GOV)
    assert empty.startswith("working_groups moved") and empty.endswith(
        "(`backbone upgrade` does this for every partner)"
    )


def test_build_stops_at_the_line_with_every_partner_named(minimal):
    rel = "data/partners.yml"
    minimal.edit(
        rel,
        lambda d: (
            d["partners"][0].update(working_groups=["clinics-wg"]),
            d["partners"][2].update(working_groups=["clinics-wg", "bord"]),
        ),
    )
    built = minimal.build()
    assert built.error is not None and "nothing was built" in built.error
    lines = [line.strip() for line in built.error.splitlines() if "working_groups moved" in line]
    assert len(lines) == 2, built.error
    first = line_of(minimal, rel, "working_groups:")
    assert lines[0].startswith(f"{rel}:{first} (partners[0].working_groups): working_groups moved")
    assert lines[0].endswith(
        "governance already lists 'city-hall' under 'clinics-wg', so nothing is lost: delete this line"
        " (`backbone upgrade` does this for every partner)"
    )
    assert "(partners[2].working_groups)" in lines[1]
    assert "to keep it in 'clinics-wg', add 'dockside-foods' to the members of that body" in lines[1]
    assert "'bord' is not a body in data/governance.yml (did you mean 'board'?)" in lines[1]


def test_partner_page_lists_the_bodies_governance_names(minimal):
    # dockside-foods never had working_groups: governance alone puts it on the clinics group
    minimal.edit("data/governance.yml", lambda d: d["bodies"][1]["members"].append("dockside-foods"))
    built = minimal.build()
    assert built.error is None, built.error
    section = built.html("partners/dockside-foods/index.html").find(id="governance").find_next("ul")
    assert [text(li) for li in section.find_all("li")] == ["Alliance Board (member)", "Clinics working group (member)"]
    chair = built.html("partners/city-hall/index.html").find(id="governance").find_next("ul")
    assert [text(li) for li in chair.find_all("li")] == ["Alliance Board (chair)", "Clinics working group (member)"]
