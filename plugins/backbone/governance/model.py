"""data/governance.yml: how the partnership is organised and decides."""

from __future__ import annotations

from typing import Literal

from ..fields import Id, Name, Ref, Text, Title
from ..identity.translated import per_language
from ..render.words import N_
from ..schema import Strict

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
    role: per_language(Name)


class Body(Strict):
    id: Id
    name: per_language(Name)
    kind: Literal["board", "working-group", "backbone", "advisory"]
    purpose: per_language(Text)
    parent: Ref | None = None
    chair: Ref | None = None
    members: list[Ref] = []
    staff: list[StaffMember] = []
    cadence: per_language(Title)


class DecisionNorm(Strict):
    decision: per_language(Title)
    body: Ref
    rule: per_language(Text)
    notes: per_language(Text) | None = None


class Workstream(Strict):
    id: Id
    name: per_language(Name)
    body: Ref | None = None
    description: per_language(Text) | None = None


class Responsibility(Strict):
    partner: Ref
    workstream: Ref
    role: Literal["lead", "contribute", "consult", "inform"]
    tasks: per_language(Text)
    benefits: per_language(Text)


class Governance(Strict):
    bodies: list[Body]
    decisions: list[DecisionNorm]
    workstreams: list[Workstream] = []
    responsibilities: list[Responsibility] = []
