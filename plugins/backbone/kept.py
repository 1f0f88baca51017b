"""Values made from one file's text, kept in memory for the next build of the same process.

`mkdocs serve` rebuilds the whole site on every save, in one process, with one plugin
instance. Reading a file is cheap; parsing and validating it is not (a metric file of 40
quarters × 10 partners is hundreds of nodes composed for their line numbers, then hundreds
of points validated). So while the plugin is rebuilding (``keep(True)``), a file's parsed
values and its validated model are kept under its path and the digest of its text: the next
build reads every file again, and parses and validates only those whose text changed. Only
the latest version of each file is kept. A one-off `mkdocs build` keeps nothing
(``keep(False)``): it would only hold memory until the process ends. Between builds the
values are kept but not used (``pause``).

A one-off build keeps its outputs on disk instead (``store``), for the next one-off build:
only the outputs whose calls give a ``Codec`` (plain text and pages, written as JSON, never
pickled: a cache restored in CI is data, not code), each under a key of its inputs' digest and
the store's salt (Backbone's code, the installed packages, the settings, the build date), and
only when it reads back exactly as made. `mkdocs serve` never writes there: it shows drafts.

Kept values are shared between builds, so they are never changed after they are made: the
Sources and models handed out are read, as every reader of them already does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup

from . import memo

T = TypeVar("T")

_kept: dict[tuple, tuple[str, Any]] = {}  # (kind, file) → (digest of its text, value)
# (model, file, path) → (the parsed data, the model, what its validation noticed, what it read beside)
_validated: dict[tuple, tuple[Any, Any, frozenset, tuple]] = {}
_outputs: dict[tuple, tuple[str, Any]] = {}  # (kind, name) → (digest of its inputs, what was made of them)
# (kind, name) → (kept values, digest of the rest, value, noticed)
_derived: dict[tuple, tuple[tuple, str, Any, frozenset]] = {}
# What validators notice while the files are read (identity/translated.py: a text given per
# language), kept with the values made meanwhile: a value kept from an earlier build tells it again.
_NOTICED: ContextVar[set[str] | None] = ContextVar("backbone_noticed", default=None)
# What validators read beside the data (the site's languages, identity/translated.py): a model
# validated under other such values is not reused.
_READING: ContextVar[tuple] = ContextVar("backbone_validation_context", default=())
_on = False
_store: tuple[Path, str] | None = None  # a one-off build's outputs on disk: (folder, salt)


def keep(on: bool) -> None:
    """Keep values from now on (`mkdocs serve`'s first build onwards, else the plugin's second
    build onwards), or drop them all."""
    global _on
    _on = on
    if not on:
        _kept.clear()
        _validated.clear()
        _outputs.clear()
        _derived.clear()


def pause() -> None:
    """Between builds: values stay, but nothing reads or adds any (a read outside a build, by a
    command or a test, reads its file)."""
    global _on, _store
    _on = False
    _store = None


def keeping() -> bool:
    """Whether values are kept now (a rebuild of `mkdocs serve`, or a second build)."""
    return _on


def made(kind: str, rel: str, text: str, make: Callable[[], T]) -> T:
    """``make()``, or what it made for this very ``text`` of the file ``rel`` last time. An
    exception (a DataError) is raised again each time: only values are kept."""
    if not _on:
        return make()
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    found = _kept.get((kind, rel))
    if found is not None and found[0] == digest:
        return found[1]
    value = make()
    _kept[(kind, rel)] = (digest, value)
    return value


def notice(what: str) -> None:
    """Tell the reading around (``noticing``) that a validator found ``what``."""
    if (noticed := _NOTICED.get()) is not None:
        noticed.add(what)


@contextmanager
def noticing(noticed: set[str], reading: tuple = ()) -> Iterator[set[str]]:
    """What is noticed inside, kept values' included, goes into ``noticed``; ``reading``: what
    the validators inside read beside the data (a model kept under another is made again)."""
    token, token2 = _NOTICED.set(noticed), _READING.set(reading)
    try:
        yield noticed
    finally:
        _NOTICED.reset(token)
        _READING.reset(token2)


def noting(make: Callable[[], T]) -> tuple[T, frozenset[str]]:
    """``make()`` and what was noticed while it ran (told to the reading around as well)."""
    outer, inner = _NOTICED.get(), set()
    try:
        with noticing(inner, _READING.get()):
            return make(), frozenset(inner)
    finally:
        if outer is not None:
            outer |= inner


def _tell(noticed: frozenset[str]) -> None:
    if noticed and (outer := _NOTICED.get()) is not None:
        outer |= noticed


def validated(model: type, rel: str, path: tuple, data: Any) -> Any | None:
    """The model validated last time from this very ``data`` object (kept by ``made``), or None;
    what its validation noticed is noticed again."""
    if not _on:
        return None
    found = _validated.get((model, rel, path))
    if found is None or found[0] is not data or found[3] != _READING.get():
        return None
    _tell(found[2])
    return found[1]


def remember(model: type, rel: str, path: tuple, data: Any, value: Any, noticed: frozenset[str] = frozenset()) -> None:
    if _on:
        _validated[(model, rel, path)] = (data, value, noticed, _READING.get())


class Unkeyable(Exception):
    """An input whose ``repr`` does not write down its whole value (an object's address)."""


def inputs_digest(inputs: tuple) -> str:
    """The digest of ``inputs`` as their ``repr`` writes them: frozen dataclasses, pydantic
    models, tuples, strings and numbers each write their whole value. A value written as its
    address (``<... at 0x...>``) could be another value at the same address next time:
    Unkeyable, and nothing is kept."""
    text = repr(inputs)
    if " at 0x" in text or " object at " in text:
        raise Unkeyable(text[:200])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Shared:
    """Inputs many outputs share (the identity, the partners), written as their digest, taken
    once: put in each output's inputs, it stands for all of them."""

    def __init__(self, inputs: Callable[[], tuple]):
        self._inputs = inputs
        self._digest: str | None = None

    def __repr__(self) -> str:
        if self._digest is None:
            self._digest = inputs_digest(self._inputs())  # Unkeyable: raised again each time
        return f"Shared({self._digest})"


def _key(inputs: Callable[[], tuple]) -> str | None:
    """The digest of ``inputs()`` while rebuilding; None when nothing is kept (a one-off build)
    or the inputs cannot be written down exactly."""
    if not _on:
        return None
    try:
        return inputs_digest(inputs())
    except Unkeyable:
        return None


@dataclass(frozen=True)
class Codec:
    """How an output is written to the disk store as JSON data, and read back."""

    dump: Callable[[Any], Any]
    load: Callable[[Any], Any]


TEXT = Codec(str, str)
HTML = Codec(str, Markup)  # HTML already escaped: printed as is


def store(folder: Path | None, salt: str = "") -> None:
    """Keep a one-off build's outputs (those given a Codec) in ``folder``, under ``salt``:
    everything they are made from that their inputs leave out (the code, the installed
    packages, the settings, the build date). None: keep none (`mkdocs serve`, `backbone check`)."""
    global _store
    _store = (Path(folder), salt) if folder is not None else None


def output(kind: str, name: str, inputs: Callable[[], tuple], make: Callable[[], T], codec: Codec | None = None) -> T:
    """``make()``, or what it made last time for the same ``inputs()`` (everything ``make``
    reads, Backbone's code aside: a rebuild runs the same code). For the outputs a rebuild
    makes again though nothing they read changed (a metric's page, a story's page): only the
    latest output of each name is kept, and only while rebuilding. Given a ``codec``, a build
    that keeps a disk store (``store``: not `mkdocs serve`) also looks there, and writes there
    what it makes."""
    if not _on:
        return _stored(kind, name, inputs, make, codec) if _store is not None and codec is not None else make()
    digest = _key(inputs)
    if digest is None:
        return make()
    found = _outputs.get((kind, name))
    if found is not None and found[0] == digest:
        return found[1]
    value = on_disk(kind, memo.key(digest, name), make, codec) if codec is not None else make()
    _outputs[(kind, name)] = (digest, value)
    return value


def derived(
    kind: str,
    name: str,
    made_from: tuple,
    inputs: Callable[[], tuple],
    make: Callable[[], T],
    keep: Callable[[T], bool],
) -> T:
    """``make()``, or what it made last time from these very values (``made_from``: what
    ``made`` returned, the same object while its file's text is the same: the entry holds
    them, so no other object can take their address) and the same other ``inputs()``. A value
    is kept only when ``keep(value)``: one made with problems is made again each time, and its
    problems said each time."""
    digest = _key(lambda: (*inputs(), _READING.get()))  # what its validators read beside, too
    if digest is None:
        return make()
    found = _derived.get((kind, name))
    if (
        found is not None
        and found[1] == digest
        and len(found[0]) == len(made_from)
        and all(a is b for a, b in zip(found[0], made_from))
    ):
        _tell(found[3])
        return found[2]
    value, noticed = noting(make)
    if keep(value):
        _derived[(kind, name)] = (made_from, digest, value, noticed)
    else:
        _derived.pop((kind, name), None)
    return value


def _stored(kind: str, name: str, inputs: Callable[[], tuple], make: Callable[[], T], codec: Codec) -> T:
    """``output`` in a one-off build: from the disk store only."""
    try:
        digest = inputs_digest(inputs())
    except Unkeyable:
        return make()
    return on_disk(kind, memo.key(digest, name), make, codec)


def on_disk(kind: str, digest: str, make: Callable[[], T], codec: Codec) -> T:
    """``make()``, or, in a one-off build that keeps a disk store (``store``), what it made for
    the same ``digest`` (of everything it reads, Backbone's code aside) in an earlier build. A
    value made is written there when it reads back as made (same value, same types: ``repr``
    writes both)."""
    if _store is None:
        return make()
    folder, salt = _store
    path = memo.entry(folder, memo.key(salt, digest, params=kind), ".json", "output")
    if memo.in_cache(path):
        try:
            return codec.load(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            pass  # a damaged entry: made again, and written over
    value = make()
    text = json.dumps(codec.dump(value), ensure_ascii=False, sort_keys=True)
    if repr(codec.load(json.loads(text))) == repr(value):
        try:
            memo.write_atomic(path, text)
        except OSError:
            pass  # a read-only cache: the build goes on without it
    return value
