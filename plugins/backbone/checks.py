"""Cross-reference checks of one data file, located like the schema's own problems.

Shared by every package that checks its files against the others (partners against
governance, metrics against partners, reviews against stories...)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from . import images
from .problems import Problem, did_you_mean, id_fix, plural
from .sources import Source, field_name
from .svgsafe import SvgError, clean

IMAGE_SUFFIXES = {".svg"} | images.SUFFIXES

LISTED_MOST = 8  # an unknown id's message lists the known ones when there are this few


class Declared(dict):
    """The ids one file (or folder) declares, each mapped to its valid item (a partner, a
    metric's title...), and what is known of the ones that are not valid.

    A compiler does not report every use of a name whose declaration has an error: the
    declaration still declares its name. So an entry whose fields fail keeps its id in
    ``broken``, and a reference to it is not reported as unknown: its own file's problem is
    the one to fix, and the reference is checked once that is fixed. ``whole`` is False when
    the file could not be read far enough to know its ids (a YAML error): then no reference
    to it can be judged, and none is reported."""

    def __init__(self, items=(), broken=(), whole: bool = True):
        super().__init__(items)
        self.broken = frozenset(broken) - set(self)
        self.whole = whole

    @classmethod
    def of(cls, entries: list, raw: object, key: str = "id") -> Declared:
        """``entries`` (the valid ones, None where an entry has problems) by their ``key``, and
        the ids the entries with problems still give in ``raw``, the list as written."""
        valid = [(getattr(entry, key), entry) for entry in entries if entry is not None]
        written = raw if isinstance(raw, list) else []
        broken = [
            str(item[key])
            for item, entry in zip(written, entries)
            if entry is None and isinstance(item, dict) and isinstance(item.get(key), (str, int))
        ]
        return cls(valid, broken)

    def answers(self, value: object) -> bool:
        """Whether a reference to ``value`` needs no message here: it is declared (valid or not),
        or the declarations could not be read."""
        return value in self or value in self.broken or not self.whole


class Checks:
    """Collects cross-reference problems against one source file."""

    def __init__(self, source: Source, problems: list[Problem]):
        self.source = source
        self.problems = problems

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.source.rel, self.source.line(path), field_name(path), message))

    def known(
        self,
        path: tuple,
        value: str | None,
        known: Iterable[str],
        what: str,
        where: str,
        unavailable: Mapping[str, str] | None = None,
    ) -> None:
        """Flag ``value`` unless it is one of ``known`` (a partner id, a body id...).

        ``known`` may map each id to its title or name (or to the partner, body... itself):
        a title or name written where the id belongs is then answered with that id.

        ``unavailable`` says why a value that exists is not in ``known`` (a draft story):
        "unknown" would send the author looking for a typo that is not there.

        ``known`` may be ``Declared``: a value it declares with problems of its own is not
        reported (see Declared).
        """
        if isinstance(known, Declared) and known.answers(value):
            return
        names = known if isinstance(known, Mapping) else None
        declared, known = known, list(known)
        if value is None or value in known:
            return
        if unavailable and value in unavailable:
            self.add(path, f"{what} '{value}' {unavailable[value]}")
        elif fix := id_fix(value, known, names, what):
            self.add(path, fix[1])
        else:
            hint = did_you_mean(value, known)
            every = set(known) | (declared.broken if isinstance(declared, Declared) else set())
            if not hint and 0 < len(every) <= LISTED_MOST:  # no near one: the few there are, to choose from
                hint = f"; the {plural(what)} are: {', '.join(sorted(every))}"
            self.add(path, f"unknown {what} '{value}' ({plural(what)} are listed in {where}){hint}")

    def unique(self, items: list, attr: str, path: str, what: str) -> None:
        """Flag a repeated ``attr``; ``items`` may hold None where an entry failed its own checks."""
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item is None:
                continue
            value = getattr(item, attr)
            if value in seen:
                self.add(
                    (path, index, attr),
                    f"duplicate {what} '{value}' (also at {path}[{seen[value]}]); each must be unique",
                )
            seen.setdefault(value, index)

    def file(self, path: tuple, value: str | None, base: Path, root: Path, suffixes=IMAGE_SUFFIXES) -> None:
        """Flag a path that leaves the repository, does not exist, or has the wrong kind."""
        if value is None:
            return
        target = (base / value).resolve()
        if not _inside(target, root):
            self.add(path, f"'{value}' points outside the repository; keep files inside it (no '../' past the top)")
        elif not target.is_file():
            self.add(path, f"file not found: '{value}' (looked for {rel_path(target, root)})")
        elif suffixes and target.suffix.lower() not in suffixes:
            self.add(path, f"'{value}' should be an image ({', '.join(sorted(suffixes))})")
        elif target.suffix.lower() == ".svg":
            try:
                clean(target.read_bytes())  # what will be published: see svgsafe
            except SvgError as exc:
                where = f" (line {exc.line} of {rel_path(target, root)})" if exc.line else ""
                self.add(path, f"'{value}': {exc}{where}; {exc.fix}")
        elif target.suffix.lower() in images.SUFFIXES and (wrong := images.problem(target)):
            self.add(path, f"'{value}': {wrong}")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def rel_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
