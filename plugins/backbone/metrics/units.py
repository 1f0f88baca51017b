"""The units a metric is counted in: six built in, and those a partnership names in data/units.yml.

count, percent, currency and ratio say how a figure is written; people and hours are counts with
a word beside them. A partnership adds its own counted things ('tonnes', 'meals', 'nights'),
each with the word for one and the word for more, and a metric names one by its id. The word
follows the figure as written, by the language's plural rule ('1 tonne', '1.5 tonnes', and in
French '0 tonne').
"""

from __future__ import annotations

from collections.abc import Mapping

from ..checks import Checks, Declared
from ..fields import Id
from ..identity.translated import Label
from ..problems import DataError, Problem
from ..project import Project
from ..render.formats import Formats
from ..schema import Strict, salvage, validate
from ..sources import read_yaml
from .model import UNITS

UNITS_FILE = "units.yml"
WORDS = {"people": ("person", "people"), "hours": ("hour", "hours")}  # the built-in counts with a word
WHERE = f"data/{UNITS_FILE}, besides the built-in {', '.join(UNITS[:-1])} and {UNITS[-1]}"


class Unit(Strict):
    """A thing the partnership counts, named as readers read it."""

    id: Id  # what a metric's 'unit:' names: 'tonnes'
    singular: Label  # after a figure of one: '1 tonne'
    plural: Label  # after any other: '2.5 tonnes'


class UnitsFile(Strict):
    units: list[Unit]


def word(unit: str, value: float, decimals: int, fm: Formats, declared: Mapping[str, Unit]) -> str:
    """The word after ``value`` written with ``decimals`` decimals: '', 'people', 'tonne'."""
    if unit in declared:
        one, more = declared[unit].singular, declared[unit].plural
    elif unit in WORDS:
        one, more = WORDS[unit]
    else:
        return ""
    return one if fm.plural(value, decimals) == "one" else more


def words(declared: Mapping[str, Unit]) -> dict[str, tuple[str, str]]:
    """(singular, plural) of every unit that has words, built in and declared."""
    return {**WORDS, **{uid: (u.singular, u.plural) for uid, u in declared.items()}}


def load_units(project: Project, problems: list[Problem]) -> Declared:
    """data/units.yml's units by id (none without the file); a unit with problems still declares
    its id, so that a metric naming it waits for the fix instead of being called unknown."""
    path = project.data_dir / UNITS_FILE
    if not path.exists():
        return Declared()
    try:
        source = read_yaml(path, project.root, project.cache_dir)
    except DataError as exc:
        problems.extend(exc.problems)
        return Declared(whole=False)
    if not isinstance(source.data, dict):
        problems.append(Problem(source.rel, 1, "", "expected a mapping of 'key: value' lines at the top of the file"))
        return Declared(whole=False)
    file, found = validate(UnitsFile, source)
    problems.extend(found)
    entries = file.units if file is not None else salvage(UnitsFile, source).units
    checks = Checks(source, problems)
    checks.unique(entries, "id", "units", "unit id")
    for i, unit in enumerate(entries):
        if unit is not None and unit.id in UNITS:
            checks.add(
                ("units", i, "id"),
                f"'{unit.id}' is a unit Backbone has built in ({', '.join(UNITS)}): "
                "a metric names it as it is; give a unit of your own another id",
            )
    return Declared.of(entries, source.data.get("units"))
