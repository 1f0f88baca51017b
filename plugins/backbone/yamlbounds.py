"""Bounds on the work a YAML file can ask for: nesting depth and alias expansion.

YAML aliases (``*name``) repeat a value named elsewhere (``&name``). Nine levels of ten
aliases each describe a billion values in a few hundred bytes: composed, they are shared,
but anything that walks the data (Backbone's line map, validation, JSON) walks every copy
and runs out of memory. A value that contains an alias to itself never ends, and thousands of
nested ``[`` overflow the stack: libyaml's composer (C) crashes the process outright, and
PyYAML's raises RecursionError.

So documents are composed by PyYAML's composer in Python (fed by libyaml's parser when
available, which costs about what libyaml's own composer does) with three checks made as
each node is composed, before anything recurses further: nesting depth, the values the
aliases repeat, and aliases inside their own value.
"""

from __future__ import annotations

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem, thousands

MAX_DEPTH = 50  # lists and mappings inside each other; Backbone's files use at most 5
MAX_ALIAS_NODES = 10_000  # values repeated by aliases in one file (each list, mapping or text counts one)


class LimitError(Exception):
    """A YAML document beyond a bound: the position (0-based, as in YAML marks) and the message."""

    def __init__(self, mark, message: str):
        super().__init__(message)
        self.line = mark.line + 1 if mark else 0
        self.column = mark.column + 1 if mark else 0
        self.message = message


class BoundedComposer(Composer):
    """PyYAML's composer (the same nodes, tags and errors), refusing documents beyond
    MAX_DEPTH or MAX_ALIAS_NODES. Written out in one method rather than wrapping the base
    class's four: the extra call per value made a large metric file much slower to read.
    Path resolvers (``descend_resolver``) are left out: the safe loaders have none."""

    def compose_document(self):
        self._depth = 0
        self._count = 0  # nodes of the document once every alias is expanded, so far
        self._repeated = 0  # of which repeated by aliases
        self._sizes: dict[int, int] = {}  # id(anchored node) → its expanded size, once complete
        return super().compose_document()

    def compose_node(self, parent, index):
        event = self.get_event()
        kind = type(event)
        if kind is AliasEvent:
            return self._alias(event)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence",
                self.anchors[anchor].start_mark,
                "second occurrence",
                event.start_mark,
            )
        start = self._count
        tag = event.tag
        if kind is ScalarEvent:
            if tag is None or tag == "!":
                tag = self.resolve(ScalarNode, event.value, event.implicit)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if anchor is not None:
                self.anchors[anchor] = node
        else:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise LimitError(
                    event.start_mark,
                    f"the values are nested more than {MAX_DEPTH} levels deep (column {event.start_mark.column + 1}), "
                    "more than Backbone reads; look for a '[' or '{' that is never closed, or flatten the lists",
                )
            node = self._collection(kind, tag, event)
            if anchor is not None:
                self.anchors[anchor] = node  # before its items: an alias inside it is caught in _alias
            self._items(node, kind is MappingStartEvent)
            self._depth -= 1
        self._count += 1
        if anchor is not None:
            self._sizes[id(node)] = self._count - start
        return node

    def _collection(self, kind, tag, event):
        node_class = SequenceNode if kind is SequenceStartEvent else MappingNode
        if tag is None or tag == "!":
            tag = self.resolve(node_class, None, event.implicit)
        return node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)

    def _items(self, node, mapping: bool) -> None:
        end = MappingEndEvent if mapping else SequenceEndEvent
        items = node.value
        index = 0
        while not self.check_event(end):
            if mapping:
                key = self.compose_node(node, None)
                items.append((key, self.compose_node(node, key)))
            else:
                items.append(self.compose_node(node, index))
                index += 1
        node.end_mark = self.get_event().end_mark

    def _alias(self, event):
        """The node an alias repeats, counted; an alias inside its own value is refused."""
        node = self.anchors.get(event.anchor)
        if node is None:
            raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        column = event.start_mark.column + 1
        size = self._sizes.get(id(node))
        if size is None:  # its anchor's value is still being composed: it contains itself
            raise LimitError(
                event.start_mark,
                f"the alias '*{event.anchor}' (column {column}) is inside the value '&{event.anchor}' it repeats, "
                "so it would repeat forever; point it at another value, or write the value out",
            )
        self._count += size
        self._repeated += size
        if self._repeated > MAX_ALIAS_NODES:
            raise LimitError(
                event.start_mark,
                f"the aliases ('*name') of this file repeat more than {thousands(MAX_ALIAS_NODES)} values "
                f"(here: '*{event.anchor}', "
                f"column {column}), more than Backbone expands; write the values out, or use fewer aliases",
            )
        return node


if getattr(yaml, "__with_libyaml__", False):

    class CBoundedLoader(BoundedComposer, yaml.CSafeLoader):
        """libyaml's parser and PyYAML's safe constructor, with the bounded composer."""

        def __init__(self, stream):
            yaml.CSafeLoader.__init__(self, stream)
            Composer.__init__(self)
else:  # pragma: no cover - PyYAML without libyaml
    CBoundedLoader = None


class _PythonBoundedLoader(BoundedComposer, yaml.SafeLoader):
    pass


def bounds_problem(text: str, rel: str) -> Problem | None:
    """The first limit ``text`` goes beyond, or None; other YAML errors are not this check's
    (whoever reads the text reports them). Composes only: nothing is constructed."""
    loader = (CBoundedLoader or _PythonBoundedLoader)(text)
    try:
        loader.get_single_node()
    except LimitError as exc:
        return Problem(rel, exc.line, "", exc.message)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None
