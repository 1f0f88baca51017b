"""data/partners.yml against itself and governance: unique ids, logos, moved memberships."""

from __future__ import annotations

from pathlib import Path

from ..checks import Checks
from ..governance.model import Governance
from ..problems import close_match
from .model import Partner, PartnersFile

GOVERNANCE = "data/governance.yml"


def check_partners(
    checks: Checks, file: PartnersFile, governance: Governance | None, data_dir: Path, root: Path
) -> None:
    checks.unique(file.partners, "id", "partners", "partner id")
    for i, partner in enumerate(file.partners):
        checks.file(("partners", i, "logo"), partner.logo, data_dir, root)
        if partner.working_groups is not None:
            checks.add(("partners", i, "working_groups"), working_groups_moved(partner, governance))


def working_groups_moved(partner: Partner, governance: Governance | None) -> str:
    """Where a partner's old ``working_groups`` went, and exactly what to do with each entry.

    One source of truth: governance's ``members`` decide (they always did; the partner list
    only looked as if it did), so the field is refused rather than checked for agreement."""
    pid = partner.id
    head = (
        f"working_groups moved: membership is listed in {GOVERNANCE} under each body's members "
        f"(governance alone decides who sits where, and the partner's page shows it)"
    )
    listed = partner.working_groups if isinstance(partner.working_groups, list) else [partner.working_groups]
    listed = [str(b) for b in listed if b is not None]
    if governance is None:
        return (
            f"{head}; add '{pid}' to the members of the bodies it sits on there "
            "(create the file if there is none), then delete this line; `backbone upgrade` then does the rest"
        )
    bodies = {b.id: b for b in governance.bodies}
    already = [b for b in listed if b in bodies and (pid in bodies[b].members or bodies[b].chair == pid)]
    missing = [b for b in listed if b in bodies and b not in already]
    unknown = [b for b in listed if b not in bodies]
    steps = []
    if already:
        steps.append(f"governance already lists '{pid}' under {_and(already)}")
    if missing:
        steps.append(
            f"to keep it in {_and(missing)}, add '{pid}' to the members of "
            f"{'that body' if len(missing) == 1 else 'those bodies'} in {GOVERNANCE}"
        )
    for body in unknown:
        match = close_match(body, bodies)
        steps.append(f"'{body}' is not a body in {GOVERNANCE}" + (f" (did you mean '{match}'?)" if match else ""))
    upgrade = " (`backbone upgrade` does this for every partner)"
    if missing or unknown or not already:
        return f"{head}; " + "; ".join([*steps, "then delete this line"]) + upgrade
    return f"{head}; {steps[0]}, so nothing is lost: delete this line" + upgrade


def _and(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
