"""data/partners.yml against itself and governance: unique ids, sectors, logos, moved memberships."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..checks import Checks, Declared
from ..governance.model import Governance
from ..problems import close_match, did_you_mean, id_fix
from .model import Partner, declares_no_sectors

GOVERNANCE = "data/governance.yml"


def check_partners(
    checks: Checks,
    partners: list[Partner | None],
    sectors: Declared,
    governance: Governance | None,
    data_dir: Path,
    root: Path,
) -> None:
    """The partners of data/partners.yml in order, None for an entry with problems of its own;
    ``sectors`` the file's sectors (the defaults when it declares none)."""
    checks.unique(partners, "id", "partners", "partner id")
    _unique_sectors(checks)
    distinct_names(checks, partners)
    for i, partner in enumerate(partners):
        if partner is None:
            continue
        if not sectors.answers(partner.sector):
            checks.add(("partners", i, "sector"), unknown_sector(partner.sector, sectors))
        checks.file(("partners", i, "logo"), partner.logo, data_dir, root)
        if partner.working_groups is not None:
            checks.add(("partners", i, "working_groups"), working_groups_moved(partner, governance))


def _unique_sectors(checks: Checks) -> None:
    written = checks.source.data.get("sectors") if isinstance(checks.source.data, dict) else None
    seen: dict[str, int] = {}
    for index, item in enumerate(written if isinstance(written, list) else []):
        sid = item.get("id") if isinstance(item, dict) else None
        if isinstance(sid, str) and sid in seen:
            checks.add(
                ("sectors", index, "id"),
                f"duplicate sector id '{sid}' (also at sectors[{seen[sid]}]); each must be unique",
            )
        if isinstance(sid, str):
            seen.setdefault(sid, index)


def unknown_sector(value: str, sectors: Declared) -> str:
    """What to write instead of a sector the file does not have: the id of a label written for
    it ('Public sector' → 'public'), the nearest id, and where sectors are declared."""
    if fix := id_fix(value, list(sectors), {sid: s.label for sid, s in sectors.items()}, "sector"):
        return fix[1]
    listed = _and(list(sectors))
    if declares_no_sectors(sectors):
        where = f"the sectors are {listed}, unless partners.yml declares its own under 'sectors:'"
    else:
        where = f"the sectors are those under 'sectors:' at the top of partners.yml, {listed}"
    return f"unknown sector '{value}': {where}{did_you_mean(value, list(sectors))}"


# Characters a reader does not see: format characters (zero-width space and joiners, bidi
# controls, soft hyphen...) and the other default-ignorable ones (variation selectors, fillers).
_IGNORABLE = frozenset([0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810)])


def _invisible(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch) == "Cf" or code in _IGNORABLE or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


def displayed(text: str) -> str:
    """How a name reads: compatibility forms folded (NFKC: full-width letters, ligatures),
    case folded, invisible characters removed and spaces collapsed."""
    shown = "".join(ch for ch in unicodedata.normalize("NFKC", text) if not _invisible(ch))
    return " ".join(unicodedata.normalize("NFKC", shown.casefold()).split())


def distinct_names(checks: Checks, partners: list[Partner | None]) -> None:
    """Two partners whose names read alike (differing only in capitals, spacing, width or
    invisible characters) are one problem, at the second, naming the first. Short names
    likewise, against what each other partner shows where short names are used (its short
    name, or its name when it has none)."""
    _distinct(checks, partners, "name", lambda p: p.name)
    _distinct(
        checks, partners, "short_name", lambda p: p.short_name or p.name, lambda p, q: p.short_name or q.short_name
    )


def _distinct(checks: Checks, partners: list[Partner | None], attr: str, shown, counts=lambda p, q: True) -> None:
    seen: dict[str, int] = {}
    for index, partner in enumerate(partners):
        if partner is None:  # an entry with problems of its own
            continue
        first = seen.setdefault(displayed(shown(partner)), index)
        if first != index and counts(partner, partners[first]):
            other = partners[first]
            own = attr if getattr(partner, attr) else "name"
            theirs = attr if getattr(other, attr) else "name"
            line = checks.source.line(("partners", first, theirs))
            checks.add(
                ("partners", index, own),
                f"'{getattr(partner, own)}'{_hidden(getattr(partner, own))} reads the same as the "
                f"{theirs.replace('_', ' ')} of partner '{other.id}' (line {line}): readers could not tell "
                f"the two apart; give each partner a {own.replace('_', ' ')} of its own",
            )


def _hidden(text: str) -> str:
    """' (it holds the invisible U+200B)', or '' when nothing in ``text`` is invisible."""
    codes = list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in text if _invisible(ch)))
    return f" (it holds the invisible {', '.join(codes)})" if codes else ""


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
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1] if quoted else "none yet"
