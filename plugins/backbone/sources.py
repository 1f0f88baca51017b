"""Reading YAML and CSV files while remembering where every value came from.

Validation messages must point at a line, so YAML is composed into nodes first
(with the safe loader only) and a map from field path to line is kept beside the
plain Python data.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import inputs, kept, memo, yamlbounds, yamlerrors
from .problems import DataError, Problem, thousands
from .render.plaintext import UNPRINTABLE

Path_ = tuple  # a field path: ("bodies", 0, "members", 2)


@dataclass
class Source:
    """A parsed data file: its values, and the line of each field path."""

    rel: str  # path relative to the project root, with forward slashes
    data: Any
    lines: dict[Path_, int] | None = field(default_factory=dict)
    text: str | None = None  # kept when ``lines`` is None: they are worked out on demand
    # keys that an unquoted comma split off the value before them, in a '{...}' mapping:
    # key path → (path of that value, the value as written with its comma)
    splits: dict[Path_, tuple[Path_, str]] = field(default_factory=dict)

    def _locate(self) -> None:
        if self.lines is None:  # read from the cache: parse again, only now that a message needs it
            parsed = parse_yaml(self.text, self.rel)
            self.lines, self.splits = parsed.lines, parsed.splits

    def line(self, path: Path_) -> int:
        """The line of ``path``, or of its closest located parent."""
        self._locate()
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def split_value(self, path: Path_) -> tuple[Path_, str] | None:
        """(the path of the value, its whole text) when the key at ``path`` is the rest of the
        value before it, split off by an unquoted comma inside '{...}'."""
        self._locate()
        return self.splits.get(tuple(path))


def field_name(path: Path_) -> str:
    """``("bodies", 0, "members", 2)`` → ``bodies[0].members[2]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Loader(yamlbounds.BoundedComposer, yaml.SafeLoader):
    """The safe loader, minus YAML 1.1's surprises for non-programmers.

    'no', 'off', 'on' and 'yes' stay strings (a country code 'NO' is not False),
    and dates stay strings so that each schema decides how to read them.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
for first in "yYnNoO":
    _Loader.yaml_implicit_resolvers[first] = [
        (tag, rx) for tag, rx in _Loader.yaml_implicit_resolvers.get(first, []) if tag != "tag:yaml.org,2002:bool"
    ]


# The same rules on libyaml's parser, when PyYAML was built with it: composing nodes in C
# is several times faster than in pure Python, where long metric files were a good part of
# a build. Nodes and marks are the same objects,
# so line numbers do not change. Anything the C parser rejects is parsed again by the pure
# Python loader, whose error messages (and reader checks) are the ones users are shown.
# Both compose with yamlbounds' composer, which bounds nesting and aliases.
_FastLoader = None
if yamlbounds.CBoundedLoader is not None:

    class _FastLoader(yamlbounds.CBoundedLoader):  # type: ignore[no-redef]
        pass

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def parse_yaml(text: str, rel: str) -> Source:
    """Parse one YAML document; raise DataError with line and column if malformed."""
    if not text.strip():
        raise DataError([Problem(rel, 0, "", "the file is empty; see the README's data reference for what it holds")])
    try:
        if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
            try:
                return _parse(_FastLoader(text), rel, text)
            except yaml.YAMLError:
                pass  # parsed again below, for the message
        return _parse_python(text, rel)
    except yamlbounds.LimitError as exc:
        raise DataError([Problem(rel, exc.line, "", exc.message)]) from None
    except RecursionError:  # the last resort: the bounds above should make it unreachable
        raise DataError([Problem(rel, 0, "", "the values are nested too deeply to read; flatten the lists")]) from None


def _parse_python(text: str, rel: str) -> Source:
    try:
        loader = _Loader(text)  # the reader rejects control characters here, before parsing
    except yaml.reader.ReaderError as exc:
        raise DataError([_unprintable(text, rel, exc)]) from None
    try:
        return _parse(loader, rel, text)
    except yaml.MarkedYAMLError as exc:
        line, message = yamlerrors.explain(exc, text)
        raise DataError([Problem(rel, line, "", message)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(rel, 0, "", f"this is not valid YAML: {exc}")]) from None


def _parse(loader, rel: str, text: str) -> Source:
    """Compose ``loader``'s single document (of ``text``); YAML errors propagate to the caller."""
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError([Problem(rel, 0, "", "the file has no data, only comments")])
        problems: list[Problem] = []
        lines: dict[Path_, int] = {}
        splits: dict[Path_, tuple[Path_, str]] = {}
        data = _build(
            loader, node, (), lines, problems, rel, lambda mapping, path: _comma_splits(mapping, path, text, splits)
        )
    finally:
        loader.dispose()
    if problems:
        raise DataError(problems)
    if data is None:
        raise DataError([Problem(rel, 0, "", "the file has no data, only comments")])
    return Source(rel, data, lines, splits=splits)


def _comma_splits(node, path: Path_, text: str, found: dict) -> None:
    """Record the keys of a '{...}' mapping that are the rest of the value before them: in
    ``{name: Parks, Recreation and Libraries}`` the comma ends the value, so YAML reads
    ``name: Parks`` and a key 'Recreation and Libraries' with no value and no colon."""
    runs: list[tuple[Path_, yaml.Node, list]] = []  # a plain value, and the keys split off it
    for key, value in node.value:
        # a word, or digits: what a decimal comma leaves ('{value: 61,5}' reads a key '5')
        plain_key = (
            isinstance(key, yaml.ScalarNode)
            and key.style in (None, "")
            and (key.tag == "tag:yaml.org,2002:str" or key.tag == _INT and key.value.isdigit())
        )
        no_colon = (
            isinstance(value, yaml.ScalarNode)
            and value.value == ""
            and value.tag == "tag:yaml.org,2002:null"
            and not text[key.end_mark.index :].lstrip(" \t").startswith(":")
        )
        if plain_key and no_colon and runs and runs[-1][0]:
            runs[-1][2].append(key)
        elif plain_key and isinstance(value, yaml.ScalarNode) and value.style in (None, "") and value.value:
            runs.append((path + (key.value,), value, []))
        else:
            runs.append(((), value, []))  # nothing to split off after this one
    for value_path, value, keys in runs:
        if keys:  # the whole value runs to the last key split off it
            whole = text[value.start_mark.index : keys[-1].end_mark.index]
            # each key as the data has it: digits as the number they read ('05' is '5')
            names = [key.value if key.tag != _INT else str(int(key.value)) for key in keys]
            found.update((path + (name,), (value_path, whole)) for name in names)


def _unprintable(text: str, rel: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML forbids (a control character, often pasted from a PDF or terminal)."""
    before = text[: exc.position]
    line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
    return Problem(
        rel,
        line,
        "",
        f"the character U+{exc.character:04X} (column {column}) is not allowed in YAML; "
        "delete it or retype the text around it",
    )


def unprintable_message(char: str, column: int | None = None) -> str:
    """How to fix a character no text may hold (feeds and e-mails cannot carry it)."""
    code = ord(char)
    what = (
        "a lone surrogate"
        if 0xD800 <= code <= 0xDFFF
        else "a non-character"
        if code in (0xFFFE, 0xFFFF)
        else "a control character"
    )
    at = f" at column {column}" if column else ""
    return (
        f"delete the character U+{code:04X}{at} ({what}, often pasted from a PDF or a terminal): "
        "text may not contain it"
    )


def unprintable_lines(text: str, rel: str, first_line: int, field: str = "", limit: int = 5) -> list[Problem]:
    """A problem for each line of ``text`` (a Markdown body, a CSV file) with such a character,
    the first ``limit`` of them; ``first_line`` is the file line ``text`` starts on."""
    problems = []
    for number, line in enumerate(text.split("\n"), first_line):
        bad = UNPRINTABLE.search(line.rstrip("\r"))
        if bad:
            problems.append(Problem(rel, number, field, unprintable_message(bad.group(), bad.start() + 1)))
            if len(problems) == limit:
                break
    return problems


_INT = "tag:yaml.org,2002:int"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null")}


def _build(loader, node, path, lines, problems, rel, on_flow_mapping=lambda node, path: None):
    # Scalars of a plain tag are immutable values that depend on (tag, text) only, so each
    # distinct one is constructed once per file: a metric's periods and figures repeat a lot.
    memo: dict[tuple[str, str], Any] = {}

    def scalar(node, path):
        key = (node.tag, node.value)
        if key not in memo:
            try:
                value = loader.construct_object(node, deep=True)
            except ValueError:  # int() refuses more than 4,300 digits
                if node.tag != _INT:
                    raise
                value = None
            # nor can str() or JSON write one back (a hexadecimal number is read without the limit)
            if value is None and node.tag == _INT or isinstance(value, int) and value.bit_length() > 14_000:
                problems.append(Problem(rel, node.start_mark.line + 1, field_name(path), _too_long(node)))
                return None
            memo[key] = value
        return memo[key]

    def build(node, path):
        line = lines[path] = node.start_mark.line + 1
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            problems.append(
                Problem(
                    rel,
                    line,
                    field_name(path),
                    f"the tag '{tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed; write plain values",
                )
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            value = scalar(node, path)
            if isinstance(value, str) and (bad := UNPRINTABLE.search(value)):
                # The reader refuses such a character typed as is; this one was an escape ("\x07").
                problems.append(Problem(rel, line, field_name(path), unprintable_message(bad.group())))
            return value
        if isinstance(node, yaml.MappingNode):
            loader.flatten_mapping(node)
            if node.flow_style:
                on_flow_mapping(node, path)
            out = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _PLAIN_TAGS:
                    key = scalar(key_node, path)
                    if key is None and key_node.tag == _INT:
                        continue  # reported by scalar()
                else:
                    key = None  # a list, a mapping or a tagged value: never a field name
                if not isinstance(key, (str, int, float, bool)):
                    problems.append(Problem(rel, key_line, field_name(path), "a key must be a plain word"))
                    continue
                key = str(key)
                if bad := UNPRINTABLE.search(key):  # an escape such as "\ud800" in a quoted key
                    problems.append(Problem(rel, key_line, field_name(path), unprintable_message(bad.group())))
                    continue
                if key in out:
                    problems.append(
                        Problem(rel, key_line, field_name(path + (key,)), f"'{key}' is given twice; keep one")
                    )
                out[key] = build(value_node, path + (key,))
                lines[path + (key,)] = key_line
            return out
        return [build(item, path + (i,)) for i, item in enumerate(node.value)]

    return build(node, path)


def _too_long(node) -> str:
    digits = len(node.value.lstrip("+-").replace("_", ""))
    return (
        f"a number of {thousands(digits)} digits is more than Backbone reads; check the value "
        "(figures lie within ±10¹⁵), or put it in quotes if it is text"
    )


def read_text(path: Path, root: Path, rel: str) -> str:
    """A data or content file's text by the rules of ``backbone.inputs`` (inside the project,
    an ordinary file, at most 5 MB, UTF-8 with or without a byte-order mark), or a DataError."""
    return inputs.read_text(path, root, rel)


def read_yaml(path: Path, root: Path, cache_dir: Path | None = None) -> Source:
    """Parse a YAML file; with ``cache_dir``, reuse the values of an unchanged file.

    Composing a long metric file node by node (for line numbers) is slow enough to matter at
    hundreds of files. The values of a file that parsed cleanly are kept as JSON under the key
    of its text and of this module, so a file is parsed once per change; line numbers are
    worked out again only if a message needs one.
    """
    rel = relpath(path, root)
    text = read_text(path, root, rel)  # before the cache: its limits hold for cached files too
    if cache_dir is None:
        return kept.made("yaml", rel, text, lambda: parse_yaml(text, rel))
    cached = memo.entry(cache_dir, memo.key(_code(), memo.digest(text)), ".json")
    # by cache folder too: a file first read for another project is still written to this one's cache
    source = kept.made(f"yaml {cache_dir}", rel, text, lambda: _read_yaml(text, rel, cached))
    memo.in_cache(cached)  # kept in memory or not, the entry is in use: pruning keeps it
    return source


def _read_yaml(text: str, rel: str, cached: Path) -> Source:
    parsed: Source | None = None

    def make() -> str:
        """The parsed values as JSON (JSON gives them back unchanged: keys are always text here)."""
        nonlocal parsed
        parsed = parse_yaml(text, rel)
        return json.dumps(parsed.data, ensure_ascii=False, separators=(",", ":"))

    try:
        if memo.ensure(cached, make, readonly=False) is False:
            return Source(rel, json.loads(cached.read_text(encoding="utf-8")), None, text)
    except ValueError:  # a damaged entry: dropped, and made again by the next build
        with contextlib.suppress(OSError):
            cached.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only checkout still builds, without the cache
    return parsed or parse_yaml(text, rel)


def _code() -> str:
    # with the modules that set the limits: a cached file was parsed within today's limits
    return memo.code_digest(inputs.__file__, yamlbounds.__file__, __file__)


def read_csv(path: Path, root: Path) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """Rows of a CSV file with their line numbers (the header is line 1)."""
    rel = relpath(path, root)
    text = read_text(path, root, rel)  # spreadsheets often save a byte-order mark: it is dropped
    if UNPRINTABLE.search(text):
        raise DataError(unprintable_lines(text, rel, 1))
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for row in reader:
        rows.append((reader.line_num, {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}))
    return rel, rows


def relpath(path: Path, root: Path) -> str:
    """``path`` from the project folder, for messages ("data/partners.yml")."""
    if path.is_absolute() and path.is_relative_to(root) and ".." not in path.parts:
        return path.relative_to(root).as_posix()  # the usual case, without resolve()'s syscalls
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
