"""The partner directory (/partners/) and one page per partner."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..governance.model import ROLES
from ..metrics import periods
from ..partners.model import Partner, declares_no_sectors
from ..project import Project
from ..render.formats import Formats
from ..render.html import GeneratedPage, render
from ..render.plaintext import isolated
from ..render.urls import Linker
from .assets import Assets

PARTNERS_PAGE = "partners/index.md"

# Later features (metrics, stories, learning) add sections to partner pages:
# each callable gets (project, partner, linker) and returns HTML or "".


def partner_page_uri(partner_id: str) -> str:
    return f"partners/{partner_id}.md"


def partner_view(project: Project, assets: Assets, partner: Partner, fm: Formats) -> dict:
    return dict(
        model=partner,
        id=partner.id,
        name=partner.name,
        src_uri=partner_page_uri(partner.id),
        logo=assets.partner_logos.get(partner.id),
        joined=_joined(partner.joined, fm),
    )


def _joined(value: str, fm: Formats) -> str:
    """'2021-03' or '2021-03-05' → 'March 2021', '2021' → '2021': written as periods are."""
    return periods.label_of(value[:7], fm)


def partners_index(project: Project, assets: Assets, directory_urls: bool, fm: Formats) -> GeneratedPage:
    groups = []
    for key, sector in project.sectors.items():  # in the partnership's order of sectors
        members = sorted((p for p in project.partners.values() if p.sector == key), key=lambda p: p.name.lower())
        if members:
            views = [partner_view(project, assets, p, fm) for p in members]
            groups.append(dict(key=key, label=sector.label, partners=views))
    body = render(
        "partners_index.html",
        fm.words,
        identity=project.identity,
        groups=groups,
        count=fm.number(len(project.partners)),
        default_sectors=declares_no_sectors(project.sectors),
        link=Linker(PARTNERS_PAGE, directory_urls),
    )
    return GeneratedPage(
        PARTNERS_PAGE,
        fm.words.gettext("Partners"),
        body,
        {
            "description": fm.words.gettext(
                "%(name)s: the partners and what each has committed to.", name=project.identity.name
            )
        },
    )


def partner_page(
    project: Project,
    assets: Assets,
    partner: Partner,
    directory_urls: bool,
    fm: Formats,
    sections: Sequence[str] = (),
) -> GeneratedPage:
    """A partner's page; ``sections``: the HTML other features computed for it (its metrics,
    stories, actions), in the order shown."""
    uri = partner_page_uri(partner.id)
    link = Linker(uri, directory_urls)
    gov = project.governance
    bodies = [b for b in gov.bodies if partner.id in b.members or b.chair == partner.id] if gov else []
    streams = {w.id: w.name for w in gov.workstreams} if gov else {}
    duties = [
        dict(workstream=streams[d.workstream], role=fm.words.gettext(ROLES[d.role]), tasks=d.tasks, benefits=d.benefits)
        for d in (gov.responsibilities if gov else [])
        if d.partner == partner.id
    ]
    # Sections are rendered by our own autoescaping templates: mark them as markup.
    extra = [Markup(html) for html in sections if html]
    body = render(
        "partner.html",
        fm.words,
        partner=partner,
        logo=assets.partner_logos.get(partner.id),
        sector=project.sectors[partner.sector].label,
        joined=_joined(partner.joined, fm),
        bodies=bodies,
        duties=duties,
        sections=extra,
        link=link,
    )
    description = f"{isolated(partner.name)}: {partner.role}"
    return GeneratedPage(uri, partner.name, body, {"description": description})
