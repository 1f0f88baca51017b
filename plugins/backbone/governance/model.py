"""data/governance.yml: how the partnership is organised and decides."""

from __future__ import annotations

from typing import Literal

from ..fields import Id, Name, Ref, Text, Title
from ..schema import Strict

BODY_KINDS = {
    "board": "Board",
    "working-group": "Working group",
    "backbone": "Backbone team",
    "advisory": "Advisory group",
}
ROLES = {"lead": "Leads", "contribute": "Contributes", "consult": "Consulted", "inform": "Kept informed"}


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
