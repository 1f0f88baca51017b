"""Read every data file of a partnership into one validated ``Project``.

This is the "read → model" half of the pipeline. Every problem of every file is
collected before raising, so an author sees the whole list at once. Each file is read and
validated on its own: a problem in identity.yml or partners.yml never stops the other files
from being checked, and the checks that need another file run against whatever of it loaded
(see checks.Declared: a partner whose fields fail still declares its id).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .checks import Checks, Declared, rel_path
from .governance.checks import check_governance
from .governance.model import Governance
from .identity.languages import declared_languages
from .identity.model import Identity, check_languages
from .identity.translated import reading
from .partners.checks import check_partners
from .partners.model import DEFAULT_SECTORS, Partner, PartnersFile, default_sectors
from .problems import DataError, Problem
from .schema import salvage, validate
from .sources import Source, read_yaml


@dataclass
class Project:
    """Everything the site is made from, validated."""

    root: Path
    data_dir: Path
    identity: Identity | None  # None while identity.yml has problems: nothing is built then
    partners: Declared  # the valid partners by id, and the ids of those with problems
    governance: Governance | None
    sources: dict[str, Source] = field(default_factory=dict)
    # each sector partners belong to by id, in the order pages list them (partners.yml)
    sectors: Declared = field(default_factory=lambda: Declared(DEFAULT_SECTORS))
    extras: dict[str, Any] = field(default_factory=dict)  # filled by feature loaders
    cache_dir: Path | None = None  # where parsed data files are kept between builds (None: nowhere)
    translated: bool = False  # some text of the data is given per language (identity/translated.py)

    @property
    def complete(self) -> bool:
        """Whether identity.yml and partners.yml loaded without a problem. Only then is anything
        drawn; until then the features that can check their own files do so (see read_project)."""
        return self.identity is not None and self.partners.whole and not self.partners.broken

    def asset(self, value: str) -> Path:
        """The file a data field points at (already checked to exist)."""
        return (self.data_dir / value).resolve()


# A feature loader (metrics and investments) reads its files into project.extras and adds
# its problems to the list. The build passes those of the features that are on; ``loaders.py``
# names them all.
FeatureLoader = Callable[[Project, list[Problem]], None]


def read_project(
    root: Path, data_dir: Path | str, cache_dir: Path | None, loaders: list[FeatureLoader], problems: list[Problem]
) -> Project:
    """The project, its problems added to ``problems``. Every file is read and checked even
    when identity.yml or partners.yml has problems (the project is then not ``complete``):
    the feature loaders check theirs against the partners that did load."""
    root = Path(root).resolve()
    data_dir = (root / data_dir).resolve()
    sources: dict[str, Source] = {}

    def read(name: str, required: bool) -> Source | None:
        path = data_dir / name
        if not os.path.lexists(path):  # anything else by that name is read, to say what is wrong with it
            if required:
                problems.append(
                    Problem(
                        rel_path(path, root),
                        0,
                        "",
                        f"missing file: Backbone needs {name} in {rel_path(data_dir, root)}/ "
                        "(see the README's data reference)",
                    )
                )
            return None
        try:
            source = read_yaml(path, root)
        except DataError as exc:
            problems.extend(exc.problems)
            return None
        sources[name] = source
        return source

    identity_source = read("identity.yml", True)
    # the site's languages, read first: a text given per language in any file may name only them
    languages = declared_languages(identity_source.data if identity_source else None)
    with reading(languages) as found:
        identity = _model(Identity, identity_source, problems)
        partners, entries, sectors = _partners(read("partners.yml", True), problems, languages)
        governance = _model(Governance, read("governance.yml", False), problems)
        # governance.yml with problems: its valid entries are still checked against each other
        checked = governance or (
            salvage(Governance, sources["governance.yml"]) if "governance.yml" in sources else None
        )

        if identity:
            checks = Checks(sources["identity.yml"], problems)
            checks.file(("logo",), identity.logo, data_dir, root)
            checks.file(("logo_reversed",), identity.logo_reversed, data_dir, root)
            checks.file(("favicon",), identity.favicon, data_dir, root)
            checks.file(("mark",), identity.mark, data_dir, root)
            check_languages(checks, identity)
        if entries is not None:
            check_partners(Checks(sources["partners.yml"], problems), entries, sectors, governance, data_dir, root)
        if checked:
            # by id: their names answer a name written for an id
            check_governance(Checks(sources["governance.yml"], problems), checked, partners)

        project = Project(root, data_dir, identity, partners, governance, sources, cache_dir=cache_dir, sectors=sectors)
        for loader in loaders:
            loader(project, problems)
        project.translated = found.translated
        return project


def _partners(
    source: Source | None, problems: list[Problem], languages: tuple[str, ...] | None = None
) -> tuple[Declared, list[Partner | None] | None, Declared]:
    """(the partners by id, each entry of the list or None where it has problems, the sectors
    by id), with the problems of the file. An entry with problems still declares its id;
    a file whose list cannot be found (a YAML error, no 'partners:') declares nothing anyone
    can check against."""
    file = _model(PartnersFile, source, problems)
    if file is not None:
        return Declared((p.id, p) for p in file.partners), file.partners, Declared(file.sectors_by_id(languages))
    data = source.data if source is not None and isinstance(source.data, dict) else {}
    listed = data.get("partners")
    if not isinstance(listed, list):
        return Declared(whole=False), None, Declared(whole=False)
    salvaged = salvage(PartnersFile, source)  # only when the file has problems: builds validate once
    written = data.get("sectors")
    if written is None:
        sectors = Declared(default_sectors(languages))
    elif isinstance(written, list):
        sectors = Declared.of(salvaged.sectors, written)
    else:
        sectors = Declared(whole=False)
    return Declared.of(salvaged.partners, listed), salvaged.partners, sectors


def _model(model, source: Source | None, problems: list[Problem]):
    if source is None:
        return None
    if not isinstance(source.data, dict):
        problems.append(Problem(source.rel, 1, "", "expected a mapping of 'key: value' lines at the top of the file"))
        return None
    value, found = validate(model, source)
    problems.extend(found)
    return value
