"""The identity pages: brand kit, partner directory, one page per partner, governance."""

from __future__ import annotations

import calendar
import posixpath
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from ..brand import AA_NORMAL, contrast, rgb
from ..models.governance import BODY_KINDS, ROLES
from ..models.partners import SECTORS, Partner
from ..project import Project
from .html import GeneratedPage, render
from .urls import Linker

BRAND_PAGE = "brand/index.md"
PARTNERS_PAGE = "partners/index.md"
GOVERNANCE_PAGE = "governance/index.md"

# Later features (metrics, stories, learning) add sections to partner pages:
# each callable gets (project, partner, linker) and returns HTML or "".
PartnerSection = Callable[[Project, Partner, Linker], str]


def partner_page_uri(partner_id: str) -> str:
    return f"partners/{partner_id}.md"


@dataclass(frozen=True)
class Assets:
    """Where the brand and partner files are published in the site."""

    logo: str
    mark: str | None
    favicon: str | None
    partner_logos: dict[str, str]

    @property
    def header_logo(self) -> str:
        """The square mark fits the theme's header better than a wide wordmark."""
        return self.mark or self.favicon or self.logo


def asset_paths(project: Project) -> Assets:
    ident = project.identity
    logo = f"assets/brand/{posixpath.basename(ident.logo)}"
    favicon = f"assets/brand/{posixpath.basename(ident.favicon)}" if ident.favicon else None
    mark = f"assets/brand/{posixpath.basename(ident.mark)}" if ident.mark else None
    logos = {
        pid: f"assets/partners/{pid}{posixpath.splitext(p.logo)[1].lower()}"
        for pid, p in project.partners.items()
        if p.logo
    }
    return Assets(logo, mark, favicon, logos)


def brand_page(project: Project, assets: Assets, directory_urls: bool) -> GeneratedPage:
    ident = project.identity
    logos = [
        dict(label="Logo", path=assets.logo, alt=f"{ident.name} logo", dark=False),
        dict(label="Logo on the primary colour", path=assets.logo, alt=f"{ident.name} logo on a dark background", dark=True),
    ]
    for label, path in (("Symbol", assets.mark), ("Favicon", assets.favicon)):
        if path and path not in [logo["path"] for logo in logos]:
            logos.append(dict(label=label, path=path, alt=f"{ident.short_name} {label.lower()}", dark=False))
    for logo in logos:
        logo["filename"] = posixpath.basename(logo["path"])
        logo["format"] = posixpath.splitext(logo["path"])[1].lstrip(".").upper()
    colours = ident.colours
    named = [
        ("Primary", colours.primary),
        ("Accent", colours.accent),
        ("Text", colours.text),
        ("Background", colours.background),
        ("Text on primary", colours.primary_text),
    ] + ([("Muted text", colours.muted)] if colours.muted else [])
    swatches = []
    for name, hex_colour in named:
        vs_text, vs_bg = contrast(hex_colour, colours.text), contrast(hex_colour, colours.background)
        swatches.append(
            dict(
                name=name,
                hex=hex_colour,
                rgb="rgb({}, {}, {})".format(*rgb(hex_colour)),
                vs_text=f"{vs_text:.2f}",
                vs_text_ok=vs_text >= AA_NORMAL,
                vs_background=f"{vs_bg:.2f}",
                vs_background_ok=vs_bg >= AA_NORMAL,
            )
        )
    boilerplate = [
        dict(key=key, label=label, text=getattr(ident.boilerplate, key), words=len(getattr(ident.boilerplate, key).split()))
        for key, label in (("short", "Short"), ("medium", "Medium"), ("long", "Long"))
    ]
    body = render(
        "brand.html", identity=ident, logos=logos, swatches=swatches, boilerplate=boilerplate, link=Linker(BRAND_PAGE, directory_urls)
    )
    return GeneratedPage(BRAND_PAGE, "Brand kit", body, {"description": f"Logos, colours and texts of {ident.name}."})


def _partner_view(project: Project, assets: Assets, partner: Partner) -> dict:
    return dict(
        model=partner,
        id=partner.id,
        name=partner.name,
        src_uri=partner_page_uri(partner.id),
        logo=assets.partner_logos.get(partner.id),
        joined=_joined(partner.joined),
    )


def _joined(value: str) -> str:
    parts = value.split("-")
    if len(parts) >= 2:
        return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    return parts[0]


def partners_index(project: Project, assets: Assets, directory_urls: bool) -> GeneratedPage:
    groups = []
    for key, label in SECTORS.items():
        members = sorted((p for p in project.partners.values() if p.sector == key), key=lambda p: p.name.lower())
        if members:
            groups.append(dict(key=key, label=label, partners=[_partner_view(project, assets, p) for p in members]))
    body = render(
        "partners_index.html",
        identity=project.identity,
        groups=groups,
        count=len(project.partners),
        link=Linker(PARTNERS_PAGE, directory_urls),
    )
    return GeneratedPage(PARTNERS_PAGE, "Partners", body, {"description": f"The partners of {project.identity.name}."})


def partner_page(
    project: Project, assets: Assets, partner: Partner, directory_urls: bool, sections: list[PartnerSection] = ()
) -> GeneratedPage:
    uri = partner_page_uri(partner.id)
    link = Linker(uri, directory_urls)
    gov = project.governance
    bodies = [b for b in gov.bodies if partner.id in b.members or b.chair == partner.id] if gov else []
    streams = {w.id: w.name for w in gov.workstreams} if gov else {}
    duties = [
        dict(workstream=streams[d.workstream], role=ROLES[d.role], tasks=d.tasks, benefits=d.benefits)
        for d in (gov.responsibilities if gov else [])
        if d.partner == partner.id
    ]
    # Sections are rendered by our own autoescaping templates: mark them as markup.
    extra = [Markup(html) for section in sections if (html := section(project, partner, link))]
    body = render(
        "partner.html",
        partner=partner,
        logo=assets.partner_logos.get(partner.id),
        sector=SECTORS[partner.sector],
        joined=_joined(partner.joined),
        bodies=bodies,
        duties=duties,
        sections=extra,
        link=link,
    )
    description = f"{partner.name}: {partner.role}"
    return GeneratedPage(uri, partner.name, body, {"description": description})


def governance_page(project: Project, assets: Assets, directory_urls: bool) -> GeneratedPage:
    gov = project.governance
    views = {pid: _partner_view(project, assets, p) for pid, p in project.partners.items()}
    bodies = {b.id: b for b in gov.bodies}

    def node(body):
        return dict(
            body=body,
            kind=BODY_KINDS[body.kind],
            chair=views.get(body.chair) if body.chair else None,
            members=[views[m] for m in body.members],
            children=[node(child) for child in gov.bodies if child.parent == body.id],
        )

    roots = [node(b) for b in gov.bodies if not b.parent or b.parent not in bodies]
    workstreams = []
    for ws in gov.workstreams:
        duties = [
            dict(partner=views[d.partner], role=ROLES[d.role], tasks=d.tasks, benefits=d.benefits)
            for d in gov.responsibilities
            if d.workstream == ws.id
        ]
        workstreams.append(dict(id=ws.id, name=ws.name, description=ws.description, duties=duties))
    roles = {(d.partner, d.workstream): d.role for d in gov.responsibilities}
    involved = sorted({d.partner for d in gov.responsibilities}, key=lambda pid: project.partners[pid].name.lower())
    matrix = [
        dict(
            partner=views[pid],
            cells=[_cell(roles.get((pid, ws.id))) for ws in gov.workstreams],
        )
        for pid in involved
    ]
    decisions = [dict(decision=d.decision, body=bodies[d.body], rule=d.rule, notes=d.notes) for d in gov.decisions]
    body = render(
        "governance.html",
        identity=project.identity,
        tree=roots,
        decisions=decisions,
        workstreams=workstreams,
        matrix=matrix,
        link=Linker(GOVERNANCE_PAGE, directory_urls),
    )
    return GeneratedPage(GOVERNANCE_PAGE, "Governance", body, {"description": f"How {project.identity.name} is organised and decides."})


def _cell(role: str | None) -> dict | None:
    if role is None:
        return None
    letter = {"lead": "L", "contribute": "C", "consult": "S", "inform": "I"}[role]
    return dict(key=role, letter=letter, label=ROLES[role])
