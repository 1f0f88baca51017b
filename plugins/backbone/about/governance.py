"""The governance page (/governance/): bodies, decision norms, the responsibility matrix."""

from __future__ import annotations

from ..governance.model import BODY_KINDS, ROLES
from ..project import Project
from ..render.formats import Formats
from ..render.html import GeneratedPage, render
from ..render.urls import Linker
from .assets import Assets
from .partners import partner_view

GOVERNANCE_PAGE = "governance/index.md"


def governance_page(project: Project, assets: Assets, directory_urls: bool, fm: Formats) -> GeneratedPage:
    gov = project.governance
    views = {pid: partner_view(project, assets, p, fm) for pid, p in project.partners.items()}
    bodies = {b.id: b for b in gov.bodies}

    def node(body):
        return dict(
            body=body,
            kind=fm.words.gettext(BODY_KINDS[body.kind]),
            chair=views.get(body.chair) if body.chair else None,
            members=[views[m] for m in body.members],
            children=[node(child) for child in gov.bodies if child.parent == body.id],
        )

    roots = [node(b) for b in gov.bodies if not b.parent or b.parent not in bodies]
    workstreams = []
    for ws in gov.workstreams:
        duties = [
            dict(partner=views[d.partner], role=fm.words.gettext(ROLES[d.role]), tasks=d.tasks, benefits=d.benefits)
            for d in gov.responsibilities
            if d.workstream == ws.id
        ]
        workstreams.append(dict(id=ws.id, name=ws.name, description=ws.description, duties=duties))
    roles = {(d.partner, d.workstream): d.role for d in gov.responsibilities}
    involved = sorted({d.partner for d in gov.responsibilities}, key=lambda pid: project.partners[pid].name.lower())
    matrix = [
        dict(
            partner=views[pid],
            cells=[_cell(roles.get((pid, ws.id)), fm) for ws in gov.workstreams],
        )
        for pid in involved
    ]
    decisions = [dict(decision=d.decision, body=bodies[d.body], rule=d.rule, notes=d.notes) for d in gov.decisions]
    body = render(
        "governance.html",
        fm.words,
        identity=project.identity,
        tree=roots,
        decisions=decisions,
        workstreams=workstreams,
        matrix=matrix,
        link=Linker(GOVERNANCE_PAGE, directory_urls),
    )
    return GeneratedPage(
        GOVERNANCE_PAGE,
        fm.words.gettext("Governance"),
        body,
        {
            "description": fm.words.gettext(
                "%(name)s: how we are organised and how we decide.", name=project.identity.name
            )
        },
    )


def _cell(role: str | None, fm: Formats) -> dict | None:
    if role is None:
        return None
    letter = {"lead": "L", "contribute": "C", "consult": "S", "inform": "I"}[role]
    return dict(key=role, letter=letter, label=fm.words.gettext(ROLES[role]))
