"""Which text colour the theme draws on which background, read from its stylesheets.

The build's contrast checks and the brand kit's table come from here, so that no pair the
stylesheets draw is missing from them (muted text on the panels was, while the list was written
by hand). The stylesheets are mkdocs-material's own and Backbone's (``assets/*.css``); the
colours their variables take are brand.css's (``brand.VARIABLES``), else material's defaults.

A stylesheet says what colour an element's text and background are, not what lies behind it,
so the rules below place each element, in this order:

- a rule that sets both a text colour and a background draws the one on the other;
- an element sits on the nearest ancestor its selector names that has a colour
  (``.md-footer-meta .bb-purpose``), else on its BEM block (``.md-tabs__link`` in ``.md-tabs``),
  else inside the elements any other selector puts its block in
  (``[…]~.md-header .md-search__input``: the search box is in the header);
- mkdocs-material names a text colour for the background it is drawn on
  (``--md-footer-fg-color`` on ``--md-footer-bg-color``, ``--md-primary-bg-color`` on
  ``--md-primary-fg-color``): such a text colour, placed nowhere else, goes there;
- any other text is drawn on the page and on every *panel*: a background Backbone's
  stylesheets set without a text colour (cards, table headings, the reuse kit), whose text
  is whatever is drawn inside it. A background set on something that shows no text (a logo
  tile) therefore sets its text colour too;
- a background of the theme's set apart from any text colour, and placed by none of the
  above (or only by another selector's say-so while it is opaque), holds no text we can know.

A modifier (``.bb-badge--fail``) and a state (``:hover``) take what their resting element sets
and change part of it. Translucent backgrounds lie over what they are drawn on; translucent text
and ``opacity`` blend into the background, as a browser draws them. Hidden states
(``opacity: 0``), pseudo-elements, icons and overlays (graphics: WCAG asks 3:1 of them, not
text's 4.5:1), print styles and SVG fills are not text a reader reads. What the derivation
finds is checked against a browser: every colour pair axe-core measures on the demo and on the
long-names partnership is in the table (tests/proof/test_browser.py).
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import tinycss2

from .. import memo

# mkdocs-material's naming: a text colour variable and the background variables it is drawn on
FAMILIES = (
    ("--md-primary-bg-color", "--md-primary-fg-color"),
    ("--md-accent-bg-color", "--md-accent-fg-color"),
    ("--md-footer-fg-color", "--md-footer-bg-color"),
    ("--md-code-fg-color", "--md-code-bg-color"),
    ("--md-code-hl-", "--md-code-bg-color"),
)
STATES = ("hover", "focus", "focus-visible", "focus-within", "active", "checked", "target")
_PSEUDO_ELEMENTS = re.compile(r"::|:(before|after|first-line|first-letter|placeholder|marker|selection|-webkit-)")


@dataclass(frozen=True)
class Paint:
    """A colour as a stylesheet names it: a palette key of the brand ('muted') or a literal
    ('#36464e'), with its opacity."""

    ref: str
    alpha: float = 1.0
    var: str | None = field(default=None, compare=False)  # the variable it was named by

    def fade(self, opacity: float) -> Paint:
        return Paint(self.ref, self.alpha * opacity, self.var)


@dataclass(frozen=True)
class Drawn:
    """Text in ``fg`` on ``bg``: layers from the bottom up, each lying over the ones below."""

    fg: Paint
    bg: tuple[Paint, ...]
    where: str = field(default="", compare=False)  # the selector that draws it (for debugging)


# -- reading the stylesheets -----------------------------------------------------------------


def theme_stylesheets() -> list[tuple[str, str]]:
    """(origin, text) of every stylesheet a page loads: mkdocs-material's main stylesheet, when
    the theme is installed, and Backbone's own."""
    sheets = []
    spec = importlib.util.find_spec("material")  # found, not imported: the core never imports MkDocs
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for path in sorted((Path(folder) / "templates" / "assets" / "stylesheets").glob("main.*.min.css")):
            sheets.append(("theme", path.read_text(encoding="utf-8")))
    assets = resources.files("backbone") / "assets"
    for item in sorted(assets.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".css"):
            sheets.append(("backbone", item.read_text(encoding="utf-8")))
    return sheets


@dataclass
class _Rule:
    compounds: tuple[frozenset, ...]  # the selector's compounds, outermost first; the last is the subject
    states: frozenset
    media: str
    origin: str
    text: str  # the selector as written
    decls: dict  # 'color', 'background', 'opacity' → component values


def _split(text: str, separator: str = ",") -> list[str]:
    """``text`` split at ``separator`` outside brackets and parentheses."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += 1 if char in "([" else -1 if char in ")]" else 0
        if char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [p.strip() for p in parts + [text[start:]] if p.strip()]


def _expand(selector: str) -> list[str]:
    """``:is(a, b) c`` → ``a c``, ``b c``."""
    match = re.search(r":(is|where)\(", selector)
    if not match:
        return [selector]
    depth, end = 0, match.end() - 1
    for end in range(match.end() - 1, len(selector)):
        depth += 1 if selector[end] == "(" else -1 if selector[end] == ")" else 0
        if depth == 0:
            break
    head, inner, tail = selector[: match.start()], selector[match.end() : end], selector[end + 1 :]
    return [out for option in _split(inner) for out in _expand(head + option + tail)]


def _compounds(selector: str) -> tuple[tuple[frozenset, ...], frozenset] | None:
    """The names (element, classes) of each compound and the states, or None for a
    pseudo-element (icons, placeholders)."""
    if _PSEUDO_ELEMENTS.search(selector):
        return None
    states = frozenset(s for s in STATES if re.search(rf"[:.]{s}(?![\w-])", selector))
    # what does not name the element: negations, ids, pseudo-classes, the writing direction
    plain = re.sub(r":not\((?:[^()]|\([^()]*\))*\)|\[dir=\w+\]|#[\w-]+|:[\w-]+(\([^)]*\))?", "", selector)
    compounds: list[frozenset] = []
    for part in re.split(r"\s*([>+~])\s*|\s+", plain.strip()):
        if part in ("+", "~"):
            compounds = []  # a sibling and its ancestors say nothing of the subject's ancestors
        elif part and part != ">":
            names = {f".{c}" for c in re.findall(r"\.([\w-]+)", part)} - {f".{s}" for s in STATES}
            names |= set(re.findall(r"\[[^\]]*\]", part))  # [for=__drawer]: another element
            tag = re.match(r"[a-zA-Z][\w-]*", part)
            compounds.append(frozenset(names | ({tag.group(0).lower()} if tag else set())))
    compounds = [c for c in compounds if c]
    return (tuple(compounds), states) if compounds else None


def _rules(origin: str, text: str) -> tuple[list[_Rule], dict, list[tuple[frozenset, ...]]]:
    """The rules that set a colour or an opacity, the custom properties set on the root, and the
    compounds of every selector (which element each puts in which)."""
    rules, root_vars, nesting = [], {}, []

    def walk(nodes, media: str) -> None:
        for node in nodes:
            if node.type == "at-rule" and node.content is not None and node.lower_at_keyword in ("media", "supports"):
                prelude = tinycss2.serialize(node.prelude).strip()
                if node.lower_at_keyword == "media" and "print" in prelude and "screen" not in prelude:
                    continue
                walk(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True), prelude)
            elif node.type == "qualified-rule":
                prelude = tinycss2.serialize(node.prelude).strip()
                decls = {
                    d.lower_name if not d.name.startswith("--") else d.name: d.value
                    for d in tinycss2.parse_declaration_list(node.content, skip_comments=True, skip_whitespace=True)
                    if d.type == "declaration"
                }
                if ":root" in prelude or "[data-md-color-scheme=default]" in prelude:
                    root_vars.update((k, v) for k, v in decls.items() if k.startswith("--"))
                wanted = {
                    "color": decls.get("color"),
                    "background": decls.get("background-color", decls.get("background")),
                    "opacity": decls.get("opacity"),
                }
                for selector in (s for group in _split(prelude) for s in _expand(group)):
                    parsed = _compounds(selector)
                    if parsed and len(parsed[0]) > 1:
                        nesting.append(parsed[0])
                    if parsed and any(wanted.values()):
                        rules.append(_Rule(parsed[0], parsed[1], media, origin, selector, wanted))

    walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), "")
    return rules, root_vars, nesting


# -- colour values -----------------------------------------------------------------------------

_UNSET = object()  # inherit, currentcolor, a gradient: the declaration names no colour


def _hex(token) -> Paint | None:
    value = token.value.lower()
    if len(value) in (3, 4):
        value = "".join(c * 2 for c in value)
    if len(value) not in (6, 8) or not re.fullmatch(r"[0-9a-f]+", value):
        return None
    alpha = int(value[6:], 16) / 255 if len(value) == 8 else 1.0
    return Paint("#" + value[:6], alpha)


class _Resolver:
    """Colour values to Paints: brand.css's variables name palette keys, material's are followed."""

    def __init__(self, brand_vars: dict[str, tuple[str, float]], theme_vars: dict):
        self.brand, self.theme = brand_vars, theme_vars

    def paint(self, tokens, seen=()) -> Paint | object | None:
        for token in tokens or ():
            if token.type in ("whitespace", "comment") or (token.type == "literal" and token.value == ","):
                continue
            if token.type == "hash":
                return _hex(token)
            if token.type == "function" and token.lower_name == "var":
                return self.variable(token, seen)
            if token.type == "function" and token.lower_name in ("rgb", "rgba"):
                numbers = [t.value for t in token.arguments if t.type in ("number", "percentage")]
                if len(numbers) >= 3:
                    rgb = "#" + "".join(f"{round(n):02x}" for n in numbers[:3])
                    return Paint(rgb, float(numbers[3]) if len(numbers) > 3 else 1.0)
                return None
            if token.type == "function":
                return _UNSET  # a gradient, url(): no one colour
            if token.type == "ident":
                name = token.lower_value
                if name == "transparent":
                    return Paint("#000000", 0.0)
                if name in ("white", "black"):
                    return Paint("#ffffff" if name == "white" else "#000000")
                if name in ("inherit", "currentcolor", "initial", "unset", "revert", "none"):
                    return _UNSET if name != "none" else None
        return None

    def variable(self, token, seen) -> Paint | object | None:
        args = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
        name = args[0].value if args and args[0].type == "ident" else None
        if name is None or name in seen:
            return None
        if name in self.brand:
            key, alpha = self.brand[name]
            return Paint(key, alpha, name)
        if name in self.theme:
            found = self.paint(self.theme[name], (*seen, name))
            return Paint(found.ref, found.alpha, name) if isinstance(found, Paint) else found
        fallback = _split(tinycss2.serialize(token.arguments))[1:] if len(args) > 1 else []
        return self.paint(tinycss2.parse_component_value_list(fallback[0]), seen) if fallback else None


def _opacity(tokens) -> float | None:
    numbers = [t for t in tokens or () if t.type == "number"]
    return float(numbers[0].value) if numbers else None


# -- placing each element --------------------------------------------------------------------


@dataclass
class _Element:
    """Every rule of one selector (by its names and states, in one media): what it sets."""

    key: tuple
    compounds: tuple[frozenset, ...]
    states: frozenset
    media: str
    origin: str
    text: str
    color: Paint | None = None
    background: Paint | None = None
    opacity: float | None = None

    @property
    def subject(self) -> frozenset:
        return self.compounds[-1]

    @property
    def ancestry(self) -> frozenset:
        return frozenset().union(*self.compounds[:-1]) if len(self.compounds) > 1 else frozenset()


def _blocks(names: frozenset) -> set[str]:
    """The BEM blocks of a compound's classes: '.md-tabs__link--active' and '.md-tabs' → '.md-tabs'."""
    return {n.split("__")[0].split("--")[0] for n in names if n.startswith(".")}


def _base_names(names: frozenset) -> frozenset:
    """A modifier class also carries its base: '.bb-badge--fail' is a '.bb-badge'."""
    return names | {n.split("--")[0] for n in names if n.startswith(".") and "--" in n[3:]}


def _graphic(element: _Element) -> bool:
    """An icon or an overlay: a graphic, not text (WCAG asks 3:1 of an icon, not text's 4.5:1),
    and nothing a reader's text lies on."""
    return any("icon" in name or "overlay" in name for name in element.subject)


def _unmodified(names: frozenset) -> frozenset:
    """A compound's names without BEM modifiers: '.md-dialog--active' is a '.md-dialog' shown."""
    return frozenset(n.split("--")[0] if n.startswith(".") and "--" in n[3:] else n for n in names)


def _subsets(names: frozenset) -> list[frozenset]:
    """Every non-empty part of a compound's names (a compound has a few)."""
    items = sorted(names)[:8]
    return [frozenset(n for i, n in enumerate(items) if mask >> i & 1) for mask in range(1, 1 << len(items))]


class _Layout:
    """The stylesheets' elements, and what each one's text and background are drawn on."""

    def __init__(self, rules: list[_Rule], nesting: list[tuple[frozenset, ...]], resolve: _Resolver):
        self.elements: dict[tuple, _Element] = {}
        self.inside: dict[str, set[str]] = {}  # block → the names any selector puts it in
        for compounds in nesting:
            for i, compound in enumerate(compounds[1:], 1):
                outer = frozenset().union(*compounds[:i])
                for block in _blocks(compound):
                    self.inside.setdefault(block, set()).update(outer - compound)
        for rule in rules:
            key = (rule.compounds, rule.states, rule.media)
            element = self.elements.setdefault(
                key, _Element(key, rule.compounds, rule.states, rule.media, rule.origin, rule.text)
            )
            color = resolve.paint(rule.decls["color"]) if rule.decls["color"] else None
            background = resolve.paint(rule.decls["background"]) if rule.decls["background"] else None
            if color is not None:
                element.color = None if color is _UNSET else color
            if isinstance(background, Paint):
                element.background = background if background.alpha > 0 else None
            if rule.decls["opacity"] is not None:
                element.opacity = _opacity(rule.decls["opacity"])
        self.by_subject: dict[frozenset, list[_Element]] = {}
        self.by_block: dict[frozenset, list[_Element]] = {}  # by names without modifiers
        for element in self.elements.values():
            self.by_subject.setdefault(element.subject, []).append(element)
            if not _graphic(element):
                self.by_block.setdefault(_unmodified(element.subject), []).append(element)
        self._styled: dict[tuple, tuple] = {}
        self._containers: dict[tuple, list | None] = {}

    def styled(self, element: _Element) -> tuple[Paint | None, Paint | None, float]:
        """Text colour, background and opacity of ``element``, its bases' filling what it does
        not set itself (a modifier its block's, a hover its resting state's)."""
        if element.key in self._styled:
            return self._styled[element.key]
        color, background, opacity = element.color, element.background, element.opacity
        ancestry = element.ancestry
        bases = sorted(
            (
                e
                for names in _subsets(_base_names(element.subject))
                for e in self.by_subject.get(names, ())
                if e is not element
                and e.states <= element.states
                and e.ancestry <= ancestry
                and (not e.media or e.media == element.media)
            ),
            key=lambda e: (len(e.subject), len(e.states), len(e.ancestry), bool(e.media)),
            reverse=True,
        )
        for base in bases:
            color = color or base.color
            background = background or base.background
            opacity = base.opacity if opacity is None else opacity
        found = self._styled[element.key] = (color, background, 1.0 if opacity is None else opacity)
        return found

    def holders(self, names: frozenset, outer: frozenset | None, whole: bool = False) -> list[_Element]:
        """Resting elements with a colour (``whole``: a text colour and a background) that a
        compound of ``names`` may be, inside ``outer`` (None: anywhere)."""
        found = []
        for e in (e for part in _subsets(names) for e in self.by_block.get(part, ())):
            color, background, opacity = self.styled(e)
            if e.states or opacity == 0 or (outer is not None and not e.ancestry <= outer):
                continue
            if (color and background) if whole else (color or background):
                found.append(e)
        most = max((len(e.subject) + len(e.ancestry) for e in found), default=0)
        return sorted((e for e in found if len(e.subject) + len(e.ancestry) == most), key=lambda e: e.text)

    def containers(self, element: _Element) -> list[_Element] | None:
        """What ``element`` is drawn inside, by the rules of the module's docstring; None: placed
        nowhere (the page and its panels)."""
        if element.key not in self._containers:
            self._containers[element.key] = self._find_containers(element)
        return self._containers[element.key]

    def _find_containers(self, element: _Element) -> list[_Element] | None:
        for i in range(len(element.compounds) - 2, -1, -1):
            outer = frozenset().union(*element.compounds[:i]) if i else frozenset()
            found = self.holders(element.compounds[i], outer)
            if found:
                return found
        blocks = {n.split("__")[0] for n in element.subject if "__" in n}
        found = [h for block in sorted(blocks) for h in self.holders(frozenset({block}), None)]
        if found:
            return found
        background = self.styled(element)[1]
        if element.origin == "theme" and background and background.alpha >= 1 and not self.styled(element)[0]:
            return None  # an opaque background set apart from its text: where it lies cannot be inferred
        around = {name for block in _blocks(element.subject) for name in self.inside.get(block, ())}
        found = [h for name in sorted(around) for h in self.holders(frozenset({name}), None, whole=True)]
        return [h for h in found if not (h.subject & element.subject)] or None


@dataclass(frozen=True)
class _Ground:
    """What text inherits where it is drawn: a colour (None: the page's), and the background layers."""

    text: Paint | None
    layers: tuple[Paint, ...]


def _family(color: Paint | None) -> str | None:
    for text, background in FAMILIES:
        if color is not None and color.var and color.var.startswith(text):
            return background
    return None


class _Placer:
    def __init__(self, layout: _Layout):
        self.layout = layout
        body = [e for e in layout.by_subject.get(frozenset({"body"}), ()) if not e.ancestry and not e.states]
        text = next((e.color for e in body if e.color), None)
        background = next((e.background for e in body if e.background), Paint("background"))
        self.page = _Ground(text, (background,))
        self.panels = [
            e
            for elements in layout.by_subject.values()
            for e in elements
            if e.origin == "backbone"
            and e.background
            and not e.states
            and layout.styled(e)[0] is None
            and layout.containers(e) is None
        ]
        self._inner: dict[tuple, list[_Ground]] = {}

    def open_grounds(self) -> list[_Ground]:
        """The page and each panel on it."""
        grounds = [self.page]
        for panel in self.panels:
            grounds.append(_Ground(self.page.text, _flatten(self.page.layers + (self.layout.styled(panel)[1],))))
        return grounds

    def family_grounds(self, prefix: str) -> list[_Ground]:
        backgrounds = {
            background
            for elements in self.layout.by_subject.values()
            for e in elements
            if (background := self.layout.styled(e)[1]) and background.var and background.var.startswith(prefix)
        }
        return [_Ground(None, _flatten(self.page.layers + (b,))) for b in sorted(backgrounds, key=repr)]

    def outer_grounds(self, element: _Element, depth: int = 0) -> list[_Ground] | None:
        """Where ``element`` is drawn; None when the stylesheets do not say (a background of the
        theme's that is placed nowhere: its text is not known)."""
        containers = self.layout.containers(element)
        if containers is not None and depth < 8:
            return [g for c in containers for g in self.inner_grounds(c, depth + 1)]
        color, background, _ = self.layout.styled(element)
        family = _family(color)
        if family:
            return self.family_grounds(family)
        if element.origin == "backbone" or color or element.subject & {"body", "html"}:
            return self.open_grounds()
        return None

    def inner_grounds(self, element: _Element, depth: int = 0) -> list[_Ground]:
        """What text inside ``element`` inherits: its colour and background over where it lies."""
        if element.key not in self._inner:
            color, background, _ = self.layout.styled(element)
            grounds = []
            for ground in self.outer_grounds(element, depth) or [self.page]:
                layers = _flatten(ground.layers + (background,)) if background else ground.layers
                grounds.append(_Ground(color or ground.text, layers))
            self._inner[element.key] = grounds
        return self._inner[element.key]

    def drawn(self, element: _Element) -> list[Drawn]:
        color, background, opacity = self.layout.styled(element)
        if opacity == 0 or _graphic(element):
            return []
        grounds = self.outer_grounds(element)
        if grounds is None:
            return []
        pairs = []
        for ground in grounds:
            text = color or ground.text or self.page.text
            if text is not None:
                layers = _flatten(ground.layers + (background,)) if background else ground.layers
                pairs.append(Drawn(text.fade(opacity), layers, element.text))
        return pairs


def _flatten(layers: tuple[Paint, ...]) -> tuple[Paint, ...]:
    """Layers from the last opaque one up: what lies under an opaque background is not seen."""
    last = max((i for i, p in enumerate(layers) if p.alpha >= 1), default=0)
    return tuple(layers[last:])


_store: Path | None = None  # where the pairs are kept for the next process (keep_in)


def keep_in(folder: Path | None) -> None:
    """Keep the pairs read from the stylesheets in ``folder`` for the next build's process:
    reading them takes about half a second, the same for every build of one installation."""
    global _store
    _store = Path(folder) if folder is not None else None


def drawn_pairs(brand_vars: tuple[tuple[str, str, float], ...]) -> tuple[Drawn, ...]:
    """Every (text, background) the theme's stylesheets draw, in brand palette keys and literal
    colours; ``brand_vars``: brand.css's (variable, palette key, opacity). Read once a process,
    and kept as JSON (``keep_in``) under the digest of this code, the stylesheets and
    ``brand_vars``: read from there by the next process, and marked as used by every build
    (else pruned after a month in one long preview)."""
    sheets = theme_stylesheets()
    path = None
    if _store is not None:
        key = memo.key(memo.code_digest(__file__), *(memo.digest(text) for _, text in sheets), params=brand_vars)
        path = memo.entry(_store, key, ".json", "drawn")
    kept = path is not None and memo.in_cache(path)
    pairs = _read.get(brand_vars)
    if pairs is None and kept:
        try:
            pairs = _loaded(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, IndexError):
            kept = False  # a damaged entry: read again, and written over
    if pairs is None:
        pairs = _read_pairs(brand_vars, sheets)
    _read[brand_vars] = pairs
    if path is not None and not kept:
        try:
            memo.write_atomic(path, json.dumps([_dumped(pair) for pair in pairs], ensure_ascii=False))
        except OSError:
            pass  # a read-only cache: the build goes on without it
    return pairs


_read: dict[tuple, tuple[Drawn, ...]] = {}  # brand_vars → the pairs, read once a process


def forget() -> None:
    """Forget the pairs this process read: the next build reads them from the cache folder, or
    from the stylesheets, as a new process does."""
    _read.clear()


def _dumped(pair: Drawn) -> list:
    return [[pair.fg.ref, pair.fg.alpha, pair.fg.var], [[p.ref, p.alpha, p.var] for p in pair.bg], pair.where]


def _loaded(data: list) -> tuple[Drawn, ...]:
    return tuple(Drawn(Paint(*fg), tuple(Paint(*p) for p in bg), where) for fg, bg, where in data)


def _read_pairs(brand_vars: tuple[tuple[str, str, float], ...], sheets: list[tuple[str, str]]) -> tuple[Drawn, ...]:
    rules, nesting, theme_vars = [], [], {}
    for origin, text in sheets:
        found, root, nested = _rules(origin, text)
        rules += found
        nesting += nested
        if origin == "theme":
            theme_vars.update(root)
    resolve = _Resolver({name: (key, alpha) for name, key, alpha in brand_vars}, theme_vars)
    placer = _Placer(_Layout(rules, nesting, resolve))
    seen: dict[Drawn, Drawn] = {}
    for element in placer.layout.elements.values():
        for pair in placer.drawn(element):
            seen.setdefault(pair, pair)
    return tuple(sorted(seen.values(), key=lambda d: (d.fg.ref, d.fg.alpha, [(p.ref, p.alpha) for p in d.bg])))
