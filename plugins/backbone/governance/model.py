"""data/governance.yml: how the partnership is organised and decides."""

from __future__ import annotations

from typing import Literal

from ..fields import Id, Name, Ref, Text, Title
from ..schema import Strict


def N_(message: str) -> str:
    """Marks a message for the catalog (render/words.py); it is translated where it is shown."""
    return message


BODY_KINDS = {
    "board": N_("Board"),
    "working-group": N_("Working group"),
    "backbone": N_("Backbone team"),
    "advisory": N_("Advisory group"),
}
ROLES = {
    "lead": N_("Leads"),
    "contribute": N_("Contributes"),
    "consult": N_("Consulted"),
    "inform": N_("Kept informed"),
}


class StaffMember(Strict):
    name: Name
    role: Name


class Body(Strict):
    id: Id
    name: Name
    kind: Literal["board", "working-group", "backbone", "advisory"]
    purpose: Text
    parent: Ref | None = None
    chair: Ref | None = None
    members: list[Ref] = []
    staff: list[StaffMember] = []
    cadence: Title


class DecisionNorm(Strict):
    decision: Title
    body: Ref
    rule: Text
    notes: Text | None = None


class Workstream(Strict):
    id: Id
    name: Name
    body: Ref | None = None
    description: Text | None = None


class Responsibility(Strict):
    partner: Ref
    workstream: Ref
    role: Literal["lead", "contribute", "consult", "inform"]
    tasks: Text
    benefits: Text


class Governance(Strict):
    bodies: list[Body]
    decisions: list[DecisionNorm]
    workstreams: list[Workstream] = []
    responsibilities: list[Responsibility] = []
