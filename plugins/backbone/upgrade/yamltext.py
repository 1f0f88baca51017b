"""A YAML file changed line by line where its parse says, and nowhere else.

ruamel.yaml reads the file in round-trip mode, which keeps the line and column of every key
and item. Each change rewrites only the lines of the value it changes, so comments, blank
lines, key order, quoting and layout everywhere else stay byte for byte as the author wrote
them (dumping the whole document again would re-indent and re-wrap it). After every change
the text is read again, so the next change finds its lines in the new text.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import Node, ScalarNode

from ..problems import Problem


class Unreadable(Exception):
    """The file is not YAML ruamel.yaml can read: it is left untouched."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _loader() -> YAML:
    yaml = YAML()  # round trip: keeps positions, comments and quoting
    yaml.preserve_quotes = True
    yaml.width = 4096  # never wrap a line a new value is written on
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def parse(text: str, rel: str) -> Any:
    """The round-trip document of ``text``, or Unreadable with the line of the mistake."""
    try:
        return _loader().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        why = exc.problem or exc.context or "it is not valid YAML"
        line = mark.line + 1 if mark is not None else 0
        raise Unreadable(Problem(rel, line, "", f"backbone upgrade cannot read this file ({why}); {LEFT}")) from exc
    except YAMLError as exc:
        raise Unreadable(Problem(rel, 0, "", f"backbone upgrade cannot read this file ({exc}); {LEFT}")) from exc


LEFT = "it was left as it is: fix it (backbone check says how), then run backbone upgrade again"


def plain(data: Any) -> Any:
    """The document as plain lists, dicts and scalars, to compare what a change meant to do."""
    return json.loads(json.dumps(data, default=str))


def block(value: Any, indent: int) -> list[str]:
    """``value`` (a one-key mapping or a scalar) as block-style lines, starting at ``indent``."""
    out = io.StringIO()
    _loader().dump([value], out)  # "- name:" with its options four columns in, as MkDocs' docs write
    return [" " * indent + line for line in out.getvalue().splitlines()]


def flow(value: Any) -> str:
    """``value`` written in YAML's flow style on one line: ``[a, b]``, ``{k: v}``."""
    out = io.StringIO()
    yaml = _loader()
    yaml.default_flow_style = True
    yaml.dump(value, out)
    return out.getvalue().strip()


@dataclass
class Document:
    """The text of one YAML file and its round-trip parse, kept in step."""

    path: Path
    rel: str
    text: str
    data: Any = None
    changed: bool = False
    bom: bool = False
    edits: list[tuple[int, int, int]] = field(default_factory=list)  # (first line, lines before, after)

    @classmethod
    def read(cls, path: Path, rel: str) -> Document:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Unreadable(Problem(rel, 0, "", f"backbone upgrade cannot read this file (it is not UTF-8); {LEFT}"))
        return cls(path, rel, text, parse(text, rel), bom=raw.startswith(b"\xef\xbb\xbf"))

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def _replace(self, start: int, end: int, new: list[str]) -> None:
        """Lines ``start``..``end`` (0-based, ``end`` excluded) become ``new``; read again."""
        self._splice(start, end, new)
        self.data = parse(self.text, self.rel)

    def _splice(self, start: int, end: int, new: list[str]) -> None:
        lines = self.lines
        lines[start:end] = new
        self.text, self.changed = "\n".join(lines), True
        self.edits.append((start, end - start, len(new)))

    def original(self, line: int) -> int:
        """The 1-based line of the file as it was read that 0-based ``line`` of the text now
        is (or follows): what the author sees in the file before the upgrade and in `git diff`."""
        for start, before, after in reversed(self.edits):
            if line >= start + after:
                line -= after - before
            elif line >= start:
                line = start
        return line + 1

    def _end_of_value(self, line: int, column: int) -> int:
        """The line after the last line of the value that starts on ``line`` under a key or
        item at ``column``: deeper-indented lines, and blank or comment lines between them."""
        lines, last = self.lines, line
        for i in range(line + 1, len(lines)):
            stripped = lines[i].strip()
            if not stripped or stripped.startswith("#"):
                continue
            if len(lines[i]) - len(lines[i].lstrip(" ")) <= column:
                break
            last = i
        return last + 1

    def delete_key(self, mapping: CommentedMap, key: str) -> int:
        """Remove ``key`` and its value (with the comment on its line); the 1-based line it had."""
        line, column = mapping.lc.key(key)
        where = self.original(line)
        self._replace(line, self._end_of_value(line, column), [])
        return where

    def rename_key(self, mapping: CommentedMap, old: str, new: str) -> int:
        """Write ``new`` where the key ``old`` is written (quoted or not); the 1-based line."""
        line, column = mapping.lc.key(old)
        text = self.lines[line]
        quote = text[column] if text[column] in "'\"" else ""
        width = len(old) + 2 * len(quote)
        self._replace(line, line + 1, [text[:column] + quote + new + quote + text[column + width :]])
        return self.original(line)

    def append(self, mapping: CommentedMap, key: str, item: str) -> int:
        """Add ``item`` at the end of the list under ``key`` (made when missing); the 1-based line."""
        if key not in mapping:
            line, column = mapping.lc.key(next(iter(mapping)))
            end = self._end_of_value(line, column)
            self._replace(end, end, [" " * column + f"{key}: {flow([item])}"])
            return self.original(end)
        items = mapping[key]
        line, column = mapping.lc.key(key)
        if isinstance(items, CommentedSeq) and items.fa.flow_style() and items:
            last_line, last_col = items.lc.item(len(items) - 1)
            text = self.lines[last_line]
            close = text.index("]", last_col)
            self._replace(last_line, last_line + 1, [text[:close].rstrip() + f", {flow([item])[1:-1]}" + text[close:]])
            return self.original(last_line)
        if isinstance(items, CommentedSeq) and items:
            last_line, last_col = items.lc.item(len(items) - 1)
            dash = self.lines[last_line].rindex("-", 0, last_col)
            end = self._end_of_value(last_line, dash)
            self._replace(end, end, [" " * dash + f"- {flow([item])[1:-1]}"])
            return self.original(end)
        text = self.lines[line]  # an empty list, or no value: write it whole
        self._replace(line, self._end_of_value(line, column), [text[: column + len(key) + 1] + f" {flow([item])}"])
        return self.original(line)

    def replace_items(self, seq: CommentedSeq, indices: list[int], value: Any) -> int:
        """The items at ``indices`` of a block list become one item, ``value``, where the first
        was; the 1-based line of the new item."""
        spans = []
        for i in indices:
            line, column = seq.lc.item(i)
            dash = self.lines[line].rindex("-", 0, column + 1)
            spans.append((line, self._end_of_value(line, dash), dash))
        first, end, dash = spans[0]
        where = self.original(first)
        for line, later_end, _ in reversed(spans[1:]):
            self._splice(line, later_end, [])
        self._replace(first, end, block(value, dash))
        return where

    def replace_value(self, mapping: CommentedMap, key: str, value: Any) -> int:
        """The value of ``key`` written again, in flow style, on the key's line."""
        line, column = mapping.lc.key(key)
        text = self.lines[line]
        comment = text.find(" #", column)
        tail = text[comment:] if comment >= 0 else ""
        self._replace(line, self._end_of_value(line, column), [text[: column + len(key) + 1] + f" {flow(value)}{tail}"])
        return self.original(line)

    def nodes(self) -> Node:
        """The document's nodes, each with where it starts and ends in the text."""
        return _loader().compose(self.text)

    def per_language(self, texts: list[tuple[Node, ScalarNode | None, ScalarNode]], tag: str) -> list[int]:
        """Each (parent, key, text) of one ``nodes()`` becomes the mapping ``{tag: text}``, the
        text written as it was (its quoting, its block style, its comment); the 1-based line of
        each, in the order given. In a block mapping the text moves under its key::

            role: Funding for the team     →   role:
                                                 en: Funding for the team

        in a flow mapping or list it is wrapped where it is (``{en: Funding}``)."""
        lines = [0] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: texts[i][2].start_mark.index, reverse=True)
        for i in order:  # from the end of the file: what is still to change keeps its place
            parent, key, value = texts[i]
            lines[i] = self._per_language(parent, key, value, tag)
        self.data = parse(self.text, self.rel)
        return lines

    def _per_language(self, parent: Node, key: ScalarNode | None, value: ScalarNode, tag: str) -> int:
        text, start, end = self.text, value.start_mark.index, value.end_mark.index
        written = text[start:end]
        if parent.flow_style:
            begin, new = start, "{" + f"{tag}: {written}" + "}"
        elif key is None:  # an item of a block list: '- text' → '- en: text'
            begin, new = start, f"{tag}: {_deeper(written)}"
        else:
            begin = text.rfind("\n", 0, key.start_mark.index) + 1
            head = text[begin:start].rstrip()  # the key, its colon and any comment after them
            newline = "\r\n" if "\r\n" in text else "\n"  # as the file ends its lines
            new = f"{head}{newline}{' ' * (key.start_mark.column + 2)}{tag}: {_deeper(written)}"
        first, last = text.count("\n", 0, begin), text.count("\n", 0, end)
        line_start = text.rfind("\n", 0, begin) + 1
        line_end = text.find("\n", end) if text.find("\n", end) >= 0 else len(text)
        where = self.original(first)
        self._splice(first, last + 1, (text[line_start:begin] + new + text[end:line_end]).split("\n"))
        return where

    def save(self) -> None:
        self.path.write_text(self.text, encoding="utf-8-sig" if self.bom else "utf-8")


def _deeper(written: str) -> str:
    """A value's text two columns deeper: every line after its first (a text over several lines,
    a block scalar's lines) moves with it, so the text stays the same."""
    first, *rest = written.split("\n")
    return "\n".join([first, *(f"  {line}" if line else line for line in rest)])
