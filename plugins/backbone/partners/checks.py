"""data/partners.yml against itself and governance: unique ids, logos, working groups."""

from __future__ import annotations

from pathlib import Path

from ..checks import Checks
from .model import PartnersFile


def check_partners(checks: Checks, file: PartnersFile, bodies: list[str] | None, data_dir: Path, root: Path) -> None:
    checks.unique(file.partners, "id", "partners", "partner id")
    for i, partner in enumerate(file.partners):
        checks.file(("partners", i, "logo"), partner.logo, data_dir, root)
        for j, group in enumerate(partner.working_groups if bodies is not None else []):
            checks.known(("partners", i, "working_groups", j), group, bodies, "governance body", "data/governance.yml (bodies)")
