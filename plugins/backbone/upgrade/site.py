"""The site being upgraded: its files, read once, and what each step changed or could not."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from .yamltext import Document, Unreadable


@dataclass(frozen=True, order=True)
class Change:
    """One change made to one file, said where it was made."""

    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}" if self.line else f"{self.file}: {self.text}"


@dataclass
class Site:
    root: Path
    config_rel: str
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)
    renamed: list[tuple[Path, Path]] = field(default_factory=list)  # (file, its new path)
    _docs: dict[str, Document | None] = field(default_factory=dict)

    @property
    def config(self) -> Document | None:
        return self.doc(self.config_rel)

    def doc(self, rel: str) -> Document | None:
        """The YAML file at ``rel`` (from the site's folder), read once; None when it does not
        exist or cannot be read (then a problem says so, and the file is never written)."""
        if rel not in self._docs:
            path = self.root / rel
            self._docs[rel] = None
            if path.is_file() and not path.is_symlink():
                try:
                    self._docs[rel] = Document.read(path, rel)
                except Unreadable as exc:
                    self.problems.append(exc.problem)
        return self._docs[rel]

    def data_dir(self) -> str:
        """The data folder as the configuration names it (the one plugin's or 0.1's identity's)."""
        for name in ("backbone", "backbone/identity"):
            if isinstance(given := self._options(name).get("data_dir"), str):
                return os.path.normpath(given)
        return "data"

    def feature_options(self, feature: str) -> dict:
        """The options of one feature of the backbone plugin ('stories': its folder...), as written."""
        options = self._options("backbone").get(feature)
        return options if isinstance(options, dict) else {}

    def _options(self, plugin: str) -> dict:
        config = self.config
        for entry in (config.data.get("plugins") or []) if config and isinstance(config.data, dict) else []:
            if isinstance(entry, dict) and len(entry) == 1:
                (name, options), *_ = entry.items()
                if name == plugin and isinstance(options, dict):
                    return options
        return {}

    def change(self, rel: str, line: int, text: str) -> None:
        self.changes.append(Change(rel, line, text))

    def problem(self, rel: str, line: int, field_: str, text: str) -> None:
        self.problems.append(Problem(rel, line, field_, text))

    def delete(self, path: Path, text: str) -> None:
        self.deleted.append(path)
        self.change(path.relative_to(self.root).as_posix(), 0, text)

    def rename(self, path: Path, new: Path, text: str) -> None:
        self.renamed.append((path, new))
        self.change(path.relative_to(self.root).as_posix(), 0, text)

    def changed_documents(self) -> list[Document]:
        return [d for d in self._docs.values() if d is not None and d.changed]


def shown(value: object) -> str:
    """A value from a file, safe to print on a terminal: control and direction characters escaped."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in str(value))
