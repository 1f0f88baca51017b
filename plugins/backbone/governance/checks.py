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
        if body.parent == body.id:
            checks.add(("bodies", i, "parent"), f"body '{body.id}' cannot be its own parent")
        for j, member in enumerate(body.members if partners is not None else []):
            checks.known(("bodies", i, "members", j), member, partners, "partner", where)
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
