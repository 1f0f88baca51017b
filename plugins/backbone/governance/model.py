"""data/governance.yml: how the partnership is organised and decides."""

from __future__ import annotations

from typing import Literal

from ..schema import Strict
from ..fields import Id, Name, Text, Title

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
    parent: Id | None = None
    chair: Id | None = None
    members: list[Id] = []
    staff: list[StaffMember] = []
    cadence: Title


class DecisionNorm(Strict):
    decision: Title
    body: Id
    rule: Text
    notes: Text | None = None


class Workstream(Strict):
    id: Id
    name: Name
    body: Id | None = None
    description: Text | None = None


class Responsibility(Strict):
    partner: Id
    workstream: Id
    role: Literal["lead", "contribute", "consult", "inform"]
    tasks: Text
    benefits: Text


class Governance(Strict):
    bodies: list[Body]
    decisions: list[DecisionNorm]
    workstreams: list[Workstream] = []
    responsibilities: list[Responsibility] = []
