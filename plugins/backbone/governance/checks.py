"""data/governance.yml: its own references, and its partner ids against the partners that loaded."""

from __future__ import annotations

from typing import Mapping

from ..checks import Checks, Declared
from .model import Governance


def check_governance(checks: Checks, gov: Governance, partners: Mapping[str, object] | None) -> None:
    """Check governance's own references, and its partner ids against the partners that loaded.
    ``partners``: the partners by id (their names answer a name written in place of an id), a
    ``Declared`` that knows which have problems of their own; None: not checked."""
    where = "data/partners.yml"
    bodies_at, streams_at = "data/governance.yml, under 'bodies:'", "data/governance.yml, under 'workstreams:'"
    # An entry with problems of its own is None here (see schema.salvage), and still declares its id.
    bodies = Declared.of(gov.bodies, checks.source.data.get("bodies"))
    workstreams = Declared.of(gov.workstreams, checks.source.data.get("workstreams"))
    checks.unique(gov.bodies, "id", "bodies", "body id")
    checks.unique(gov.workstreams, "id", "workstreams", "workstream id")
    for i, body in _valid(gov.bodies):
        if partners is not None:
            checks.known(("bodies", i, "chair"), body.chair, partners, "partner", where)
        checks.known(("bodies", i, "parent"), body.parent, bodies, "body", bodies_at)
        for j, member in enumerate(body.members if partners is not None else []):
            checks.known(("bodies", i, "members", j), member, partners, "partner", where)
    _check_parent_cycles(checks, gov)
    for i, norm in _valid(gov.decisions):
        checks.known(("decisions", i, "body"), norm.body, bodies, "body", bodies_at)
    for i, stream in _valid(gov.workstreams):
        checks.known(("workstreams", i, "body"), stream.body, bodies, "body", bodies_at)
    for i, duty in _valid(gov.responsibilities):
        if partners is not None:
            checks.known(("responsibilities", i, "partner"), duty.partner, partners, "partner", where)
        checks.known(("responsibilities", i, "workstream"), duty.workstream, workstreams, "workstream", streams_at)


def _valid(entries: list) -> list[tuple[int, object]]:
    """(position, entry) of each entry without problems of its own."""
    return [(i, entry) for i, entry in enumerate(entries) if entry is not None]


def _check_parent_cycles(checks: Checks, gov: Governance) -> None:
    """One problem per cycle of ``parent`` links, at its first body in the file, naming every
    body of the cycle: a body inside a cycle has no top, so the page could not place it."""
    index = {}
    for i, body in _valid(gov.bodies):
        index.setdefault(body.id, i)  # a duplicate id is reported by ``unique``
    state: dict[str, int] = {}  # 1: on the path being followed, 2: done
    for start in index:
        path = []
        body_id = start
        while body_id in index and body_id not in state:
            state[body_id] = 1
            path.append(body_id)
            body_id = gov.bodies[index[body_id]].parent
        if body_id in index and state[body_id] == 1:  # the walk came back onto its own path
            cycle = path[path.index(body_id) :]
            first = min(cycle, key=index.__getitem__)
            _add_cycle(checks, index[first], cycle[cycle.index(first) :] + cycle[: cycle.index(first)])
        for seen in path:
            state[seen] = 2


def _add_cycle(checks: Checks, i: int, cycle: list[str]) -> None:
    if len(cycle) == 1:
        checks.add(("bodies", i, "parent"), f"body '{cycle[0]}' cannot be its own parent; remove its 'parent' line")
        return
    chain = " → ".join(f"'{b}'" for b in [*cycle, cycle[0]])
    checks.add(
        ("bodies", i, "parent"),
        f"these bodies are each other's parents: {chain} (each arrow points to a parent), so none of them "
        "is at the top; remove 'parent' from the one that belongs at the top",
    )
