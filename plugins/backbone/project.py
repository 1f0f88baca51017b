"""Read every data file of a partnership into one validated ``Project``.

This is the "read → model" half of the pipeline. Every problem of every file is
collected before raising, so an author sees the whole list at once.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .models.governance import Governance
from .models.identity import Identity
from .models.partners import Partner, PartnersFile
from .problems import DataError, Problem, did_you_mean
from .inputs import refusal
from .schema import validate
from .sources import Source, field_name, read_yaml
from . import images
from .svgsafe import SvgError, clean

IMAGE_SUFFIXES = {".svg"} | images.SUFFIXES


@dataclass
class Project:
    """Everything the site is made from, validated."""

    root: Path
    data_dir: Path
    identity: Identity
    partners: dict[str, Partner]
    governance: Governance | None
    digest: str
    sources: dict[str, Source] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)  # filled by feature loaders
    cache_dir: Path | None = None  # where parsed data files are kept between builds (None: nowhere)

    def asset(self, value: str) -> Path:
        """The file a data field points at (already checked to exist)."""
        return (self.data_dir / value).resolve()


def plural(noun: str) -> str:
    """'partner' → 'partners', 'story' → 'stories', 'governance body' → 'governance bodies'."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


class Checks:
    """Collects cross-reference problems against one source file."""

    def __init__(self, source: Source, problems: list[Problem]):
        self.source = source
        self.problems = problems

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.source.rel, self.source.line(path), field_name(path), message))

    def known(self, path: tuple, value: str | None, known: Iterable[str], what: str, where: str,
              unavailable: Mapping[str, str] | None = None) -> None:
        """Flag ``value`` unless it is one of ``known`` (a partner id, a body id...).

        ``unavailable`` says why a value that exists is not in ``known`` (a draft story):
        "unknown" would send the author looking for a typo that is not there.
        """
        known = list(known)
        if value is None or value in known:
            return
        if unavailable and value in unavailable:
            self.add(path, f"{what} '{value}' {unavailable[value]}")
        else:
            self.add(path, f"unknown {what} '{value}'{did_you_mean(value, known)} ({plural(what)} are listed in {where})")

    def unique(self, items: list, attr: str, path: str, what: str) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            value = getattr(item, attr)
            if value in seen:
                self.add((path, index, attr), f"duplicate {what} '{value}' (also at {path}[{seen[value]}]); each must be unique")
            seen.setdefault(value, index)

    def file(self, path: tuple, value: str | None, base: Path, root: Path, suffixes=IMAGE_SUFFIXES) -> None:
        """Flag a path that leaves the repository, does not exist, or has the wrong kind."""
        if value is None:
            return
        target = (base / value).resolve()
        if not _inside(target, root):
            self.add(path, f"'{value}' points outside the repository; keep files inside it (no '../' past the top)")
        elif not target.is_file():
            self.add(path, f"file not found: '{value}' (looked for {_rel(target, root)})")
        elif suffixes and target.suffix.lower() not in suffixes:
            self.add(path, f"'{value}' should be an image ({', '.join(sorted(suffixes))})")
        elif target.suffix.lower() == ".svg":
            try:
                clean(target.read_bytes())  # what will be published: see svgsafe
            except SvgError as exc:
                where = f" (line {exc.line} of {_rel(target, root)})" if exc.line else ""
                self.add(path, f"'{value}': {exc}{where}; {exc.fix}")
        elif target.suffix.lower() in images.SUFFIXES and (wrong := images.problem(target)):
            self.add(path, f"'{value}': {wrong}")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


# A feature loader (metrics and investments) reads its files into project.extras and adds
# its problems to the list. The build passes those of the features that are on.
FeatureLoader = Callable[[Project, list[Problem]], None]


def feature_loaders() -> list[FeatureLoader]:
    """Every feature loader, for callers that want the whole project (check, scaffolds, tests)."""
    from .metrics.load import load_metrics  # not at the top: metrics.load imports this module

    return [load_metrics]


def load_project(root: Path, data_dir: Path | str = "data", cache_dir: Path | None = None,
                 loaders: list[FeatureLoader] | None = None) -> Project:
    """The validated project; DataError with every problem of every file. ``loaders``:
    the feature loaders to run (default: all of them)."""
    problems: list[Problem] = []
    project = read_project(root, data_dir, cache_dir, feature_loaders() if loaders is None else loaders, problems)
    if problems or project is None:
        raise DataError(problems)
    return project


def read_project(root: Path, data_dir: Path | str, cache_dir: Path | None, loaders: list[FeatureLoader],
                 problems: list[Problem]) -> Project | None:
    """The project, its problems added to ``problems``; None when identity.yml or
    partners.yml cannot be read, since everything else is made from them."""
    root = Path(root).resolve()
    data_dir = (root / data_dir).resolve()
    sources: dict[str, Source] = {}

    def read(name: str, required: bool) -> Source | None:
        path = data_dir / name
        if not os.path.lexists(path):  # anything else by that name is read, to say what is wrong with it
            if required:
                problems.append(Problem(_rel(path, root), 0, "", f"missing file: Backbone needs {name} in {_rel(data_dir, root)}/ (see the README's data reference)"))
            return None
        try:
            source = read_yaml(path, root)
        except DataError as exc:
            problems.extend(exc.problems)
            return None
        sources[name] = source
        return source

    identity = _model(Identity, read("identity.yml", True), problems)
    partners_file = _model(PartnersFile, read("partners.yml", True), problems)
    governance = _model(Governance, read("governance.yml", False), problems)
    partners = {p.id: p for p in partners_file.partners} if partners_file else {}
    # References are checked only against a file that is itself valid, so that one
    # broken file does not cascade into a message for every reference to it.
    partner_ids = list(partners) if partners_file else None
    body_ids = [b.id for b in governance.bodies] if governance else None

    if identity:
        checks = Checks(sources["identity.yml"], problems)
        checks.file(("logo",), identity.logo, data_dir, root)
        checks.file(("favicon",), identity.favicon, data_dir, root)
        checks.file(("mark",), identity.mark, data_dir, root)
    if partners_file:
        _check_partners(Checks(sources["partners.yml"], problems), partners_file, body_ids, data_dir, root)
    if governance:
        _check_governance(Checks(sources["governance.yml"], problems), governance, partner_ids)

    if not (identity and partners_file):
        return None
    project = Project(root, data_dir, identity, partners, governance, _digest(data_dir, root), sources, cache_dir=cache_dir)
    for loader in loaders:
        loader(project, problems)
    return project


def _model(model, source: Source | None, problems: list[Problem]):
    if source is None:
        return None
    if not isinstance(source.data, dict):
        problems.append(Problem(source.rel, 1, "", "expected a mapping of 'key: value' lines at the top of the file"))
        return None
    value, found = validate(model, source)
    problems.extend(found)
    return value


def _check_partners(checks: Checks, file: PartnersFile, bodies: list[str] | None, data_dir: Path, root: Path) -> None:
    checks.unique(file.partners, "id", "partners", "partner id")
    for i, partner in enumerate(file.partners):
        checks.file(("partners", i, "logo"), partner.logo, data_dir, root)
        for j, group in enumerate(partner.working_groups if bodies is not None else []):
            checks.known(("partners", i, "working_groups", j), group, bodies, "governance body", "data/governance.yml (bodies)")


def _check_governance(checks: Checks, gov: Governance, partners: list[str] | None) -> None:
    """Check governance's own references, and its partner ids when partners.yml is valid."""
    where = "data/partners.yml"
    bodies = [b.id for b in gov.bodies]
    workstreams = [w.id for w in gov.workstreams]
    checks.unique(gov.bodies, "id", "bodies", "body id")
    checks.unique(gov.workstreams, "id", "workstreams", "workstream id")
    for i, body in enumerate(gov.bodies):
        if partners is not None:
            checks.known(("bodies", i, "chair"), body.chair, partners, "partner", where)
        checks.known(("bodies", i, "parent"), body.parent, bodies, "body", "bodies")
        if body.parent == body.id:
            checks.add(("bodies", i, "parent"), f"body '{body.id}' cannot be its own parent")
        for j, member in enumerate(body.members if partners is not None else []):
            checks.known(("bodies", i, "members", j), member, partners, "partner", where)
    for i, norm in enumerate(gov.decisions):
        checks.known(("decisions", i, "body"), norm.body, bodies, "body", "bodies")
    for i, stream in enumerate(gov.workstreams):
        checks.known(("workstreams", i, "body"), stream.body, bodies, "body", "bodies")
    for i, duty in enumerate(gov.responsibilities):
        if partners is not None:
            checks.known(("responsibilities", i, "partner"), duty.partner, partners, "partner", where)
        checks.known(("responsibilities", i, "workstream"), duty.workstream, workstreams, "workstream", "workstreams")


def _digest(data_dir: Path, root: Path) -> str:
    """A digest of every data file, for caches and live-reload checks: only ordinary files
    inside the project, the ones Backbone may read (a pipe would block, a link could point
    at a whole disk)."""
    h = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if refusal(p, root) is None):
        h.update(path.relative_to(data_dir).as_posix().encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
