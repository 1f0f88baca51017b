"""SVG images from partners' and authors' files, made safe to publish and quick to draw.

An SVG is a document, not a picture: opened on its own (a logo's download link, a
story image in a new tab) it runs its scripts with the site's origin, and it can pull
in remote files. Every SVG Backbone publishes goes through ``clean``: parsed with a
parser that expands no entity and fetches nothing, then rebuilt from ALLOW-LISTS:
static SVG elements and attributes only, nothing from another namespace (XHTML, MathML,
an editor's own), links only to ``#ids`` of the file itself or to embedded raster
images, CSS read by a real tokenizer (tinycss2) so that escaped forms (``@\\69mport``,
``\\75 rl(``) are judged as the browser reads them. Filter effects and repeated
references are bounded (``LIMITS``) so that drawing the file takes bounded time. A file
with nothing to change is published byte for byte as it came.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_to_bytes

import tinycss2
from lxml import etree
from PIL import Image

from .problems import thousands

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XLINK_HREF = f"{{{XLINK_NS}}}href"

FIX = "export it again as SVG from your design tool, or use a PNG"
SIMPLIFY = "simplify it in your design tool (fewer objects, effects flattened), or use a PNG"


@dataclass(frozen=True)
class Limits:
    """What one SVG may cost to draw; past a refusal limit the file is refused with a message,
    past a clamp the value is lowered to the limit (the drawing barely changes)."""

    file_bytes: int = 5_000_000  # refused
    elements: int = 10_000  # refused: elements in the file
    drawn: int = 20_000  # refused: elements drawn once each <use> (and url(#id)) is expanded
    filter_effects: int = 100  # refused: filter primitives run, over every element drawn with a filter
    convolve_order: int = 5  # refused: feConvolveMatrix order (its work grows with the square)
    octaves: int = 5  # clamped: feTurbulence numOctaves
    blur: float = 1.0  # clamped: stdDeviation, times the larger side of the viewBox
    offset: float = 2.0  # clamped: feOffset/feDropShadow dx, dy, times the larger side
    morphology: float = 0.02  # clamped: feMorphology radius, times the smaller side
    region: tuple[float, float] = (-0.25, 1.5)  # clamped: filter x/y from, width/height up to
    tile: float = 2.0  # clamped: pattern width/height, times the box it tiles
    embedded_pixels: int = 4096 * 4096  # refused: an embedded raster image's width x height
    # resvg lays text out in time that grows faster than its length, and with the product of a
    # <text>'s characters and its pieces (a large <text> took minutes); both count every copy
    text_chars: int = 5_000  # refused: characters of text drawn
    text_pieces: int = 100  # refused: <tspan> and <textPath> pieces of text drawn


LIMITS = Limits()

# Static SVG 1.1/2: shapes, text, paint servers, clipping, masking, markers, filters.
# No script, animation, foreignObject, cursor, font-face or anything that embeds a document.
FILTER_PRIMITIVES = frozenset(
    {
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDropShadow",
        "feFlood",
        "feGaussianBlur",
        "feImage",
        "feMerge",
        "feMorphology",
        "feOffset",
        "feSpecularLighting",
        "feTile",
        "feTurbulence",
    }
)
ELEMENTS = FILTER_PRIMITIVES | {
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "switch",
    "title",
    "desc",
    "metadata",
    "a",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "image",
    "style",
    "filter",
    "feFuncR",
    "feFuncG",
    "feFuncB",
    "feFuncA",
    "feMergeNode",
    "feDistantLight",
    "fePointLight",
    "feSpotLight",
}
# drawn only where something refers to them
_REFERENCED_ONLY = {
    "defs",
    "symbol",
    "linearGradient",
    "radialGradient",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "filter",
    "title",
    "desc",
    "metadata",
    "style",
}

# CSS properties, allowed in style="..." and <style>, and as presentation attributes.
# None fetches or runs anything once its value holds no url() but url(#id).
PROPERTIES = frozenset(
    {
        "alignment-baseline",
        "baseline-shift",
        "clip",
        "clip-path",
        "clip-rule",
        "color",
        "color-interpolation",
        "color-interpolation-filters",
        "color-rendering",
        "direction",
        "display",
        "dominant-baseline",
        "enable-background",
        "fill",
        "fill-opacity",
        "fill-rule",
        "filter",
        "flood-color",
        "flood-opacity",
        "font",
        "font-family",
        "font-feature-settings",
        "font-kerning",
        "font-size",
        "font-size-adjust",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "glyph-orientation-horizontal",
        "glyph-orientation-vertical",
        "image-rendering",
        "isolation",
        "kerning",
        "letter-spacing",
        "lighting-color",
        "line-height",
        "marker",
        "marker-end",
        "marker-mid",
        "marker-start",
        "mask",
        "mask-type",
        "mix-blend-mode",
        "opacity",
        "overflow",
        "paint-order",
        "pointer-events",
        "shape-rendering",
        "solid-color",
        "solid-opacity",
        "stop-color",
        "stop-opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "text-rendering",
        "transform",
        "transform-box",
        "transform-origin",
        "unicode-bidi",
        "vector-effect",
        "visibility",
        "white-space",
        "word-spacing",
        "writing-mode",
    }
)
# Other attributes (no namespace). No event handler, src, srcset, action, target, cursor...
ATTRIBUTES = PROPERTIES | {
    "id",
    "class",
    "lang",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
    "focusable",
    "version",
    "baseProfile",
    "viewBox",
    "preserveAspectRatio",
    "systemLanguage",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "width",
    "height",
    "d",
    "points",
    "pathLength",
    "transform",
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "side",
    "path",
    "href",
    "style",
    "type",
    "media",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "markerUnits",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    "filterUnits",
    "primitiveUnits",
    "in",
    "in2",
    "result",
    "mode",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "values",
    "stdDeviation",
    "edgeMode",
    "numOctaves",
    "baseFrequency",
    "seed",
    "stitchTiles",
    "order",
    "kernelMatrix",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "preserveAlpha",
    "kernelUnitLength",
    "surfaceScale",
    "diffuseConstant",
    "specularConstant",
    "specularExponent",
    "azimuth",
    "elevation",
    "z",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "limitingConeAngle",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "radius",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
}
_XML_ATTRIBUTES = {f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang"}  # not xml:base: it moves links
# CSS functions a value may hold: colours and transforms. Not url() (judged apart),
# image-set(), image(), element(), cross-fade(), expression(), var(), nor filter functions.
FUNCTIONS = frozenset(
    {
        "rgb",
        "rgba",
        "hsl",
        "hsla",
        "hwb",
        "lab",
        "lch",
        "oklab",
        "oklch",
        "calc",
        "matrix",
        "translate",
        "translatex",
        "translatey",
        "scale",
        "scalex",
        "scaley",
        "rotate",
        "skew",
        "skewx",
        "skewy",
        "min",
        "max",
        "clamp",
        "inset",
        "circle",
        "ellipse",
        "polygon",  # basic shapes for clip-path
    }
)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.I)
_URL_WHITESPACE = re.compile(r"[\t\n\r]")  # a URL parser drops these anywhere in a URL
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_LENGTH = re.compile(rf"^\s*({_NUMBER.pattern})\s*(%|px)?\s*$")
_REFERENCING = ("fill", "stroke", "clip-path", "mask", "filter", "marker", "marker-start", "marker-mid", "marker-end")


class SvgError(ValueError):
    """The file cannot be published as an SVG image: ``line`` is where reading it failed
    (0 if unknown), ``fix`` what its author can do."""

    def __init__(self, message: str, line: int = 0, fix: str = FIX):
        super().__init__(message)
        self.line = line
        self.fix = fix


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@lru_cache(maxsize=256)  # checked when the data is loaded, cleaned again when published
def clean(data: bytes) -> bytes:
    """The SVG with only what the allow-lists keep, its drawing bounded; raises SvgError
    if it is not an SVG image or would cost too much to draw."""
    if len(data) > LIMITS.file_bytes:
        raise SvgError(
            f"it is {thousands(len(data))} bytes, more than the {thousands(LIMITS.file_bytes)} Backbone publishes",
            0,
            SIMPLIFY,
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise SvgError(f"it cannot be read as SVG ({exc.msg})", exc.lineno or 0) from None
    if root is None or etree.QName(root).localname != "svg":
        raise SvgError("it is not an SVG image (its first element is not <svg>)")
    if etree.QName(root).namespace != SVG_NS:
        raise SvgError(f'its <svg> element lacks xmlns="{SVG_NS}", so browsers do not draw it', root.sourceline or 0)
    count = sum(1 for _ in root.iter(etree.Element))  # counted before any work per element
    if count > LIMITS.elements:
        raise SvgError(
            f"it has {thousands(count)} elements, more than the {thousands(LIMITS.elements)} Backbone draws",
            0,
            SIMPLIFY,
        )
    # Nothing outside the root element survives: a DTD can declare entities, and a processing
    # instruction, before or after </svg>, can load a stylesheet from another site.
    changed = _outside_root(root)
    changed |= _clean_element(root)
    changed |= _bound(root)
    if not changed:
        return data
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _outside_root(root) -> bool:
    """True if the file holds anything besides its root element: a document type, or a
    comment or processing instruction before or after it (serialising the root alone drops them)."""
    docinfo = root.getroottree().docinfo
    return bool(docinfo.doctype or docinfo.internalDTD) or any(
        True for preceding in (True, False) for _ in root.itersiblings(preceding=preceding)
    )


# --- allow-lists ------------------------------------------------------------------------


def _clean_element(element) -> bool:
    """Clean ``element`` (an allowed SVG element) and its content in place; True if changed."""
    changed = False
    name = etree.QName(element).localname
    if name == "a":  # a logo is not a link: the group keeps its drawing, not its target
        element.tag, name = f"{{{SVG_NS}}}g", "g"
        changed = True
    for attr, value in list(element.attrib.items()):
        safe = _attribute(name, attr, value)
        if safe != value:
            changed = True
            if safe is None:
                del element.attrib[attr]
            else:
                element.set(attr, safe)
    if name == "style":
        return _clean_style_element(element) or changed
    for child in list(element):
        if _allowed_element(child):
            changed |= _clean_element(child)
        elif child.tag is not etree.Comment:  # a comment is inert; a PI, an entity or a foreign element goes
            _remove(child)
            changed = True
    return changed


def _allowed_element(node) -> bool:
    if not isinstance(node.tag, str):
        return False
    qname = etree.QName(node)
    return qname.namespace == SVG_NS and qname.localname in ELEMENTS


def _attribute(element: str, attr: str, value: str) -> str | None:
    """The value ``attr`` may keep on ``element``, or None to drop the attribute."""
    qname = etree.QName(attr)
    if qname.namespace == XLINK_NS and qname.localname == "href" or (qname.namespace is None and attr == "href"):
        return value if _safe_href(element, value) else None
    if qname.namespace is not None:
        return value if attr in _XML_ATTRIBUTES else None
    if attr not in ATTRIBUTES:
        return None
    if attr == "style":
        return _clean_declarations(value) or None
    # A presentation attribute is read as CSS: "\75 rl(https://...)" is a url() there too.
    # Any fetch needs a "(" (url( or a function), which no escape can spell.
    if "(" in value and not _safe_value(tinycss2.parse_component_value_list(value)):
        return None
    return value


_HREF_ELEMENTS = {"use", "image", "feImage", "linearGradient", "radialGradient", "pattern", "textPath", "filter"}


def _safe_href(element: str, value: str) -> bool:
    """On an element that draws what it names: a link to an #id of this file, or an
    embedded raster image on <image>/<feImage>."""
    url = _URL_WHITESPACE.sub("", value).strip()
    if element not in _HREF_ELEMENTS:
        return False
    if element in ("image", "feImage") and _DATA_IMAGE.match(url):
        return True
    return url.startswith("#") and element != "image"  # <image href="#x"> fetches this file again as a picture


def _clean_style_element(element) -> bool:
    """A <style> keeps its CSS text alone (what a child hid in it is gone), rules cleaned."""
    changed = False
    for child in list(element):  # comments too: the browser reads the text around them as one
        _remove(child)
        changed = True
    text = element.text or ""
    safe = _clean_stylesheet(text)
    if safe != text:
        element.text = safe
        changed = True
    return changed


def _clean_stylesheet(text: str) -> str:
    """Style rules with only allowed declarations; no at-rule (@import, @font-face, @media...)."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    kept = []
    for rule in rules:
        if rule.type != "qualified-rule" or not _fetches_nothing(rule.prelude):
            continue
        body = tinycss2.serialize(rule.content)
        kept.append((rule, body, _clean_declarations(body)))
    if len(kept) == len(rules) and all(body == safe for _, body, safe in kept):
        return text
    return "\n".join(f"{tinycss2.serialize(rule.prelude).strip()} {{ {safe} }}" for rule, _, safe in kept if safe)


def _clean_declarations(text: str) -> str:
    """The declarations of ``text`` that are allowed: unchanged if all are, else rebuilt."""
    nodes = tinycss2.parse_declaration_list(text, skip_comments=True, skip_whitespace=True)
    kept = [node for node in nodes if _safe_declaration(node)]
    if len(kept) == len(nodes):
        return text
    return "; ".join(
        f"{node.lower_name}: {tinycss2.serialize(node.value).strip()}{' !important' if node.important else ''}"
        for node in kept
    )


def _safe_declaration(node) -> bool:
    return node.type == "declaration" and node.lower_name in PROPERTIES and _safe_value(node.value)


def _safe_value(tokens) -> bool:
    """CSS tokens (already unescaped by tinycss2) that fetch nothing: url() only to an #id."""
    for token in tokens:
        kind = token.type
        if kind == "url":
            if not token.value.strip().startswith("#"):
                return False
        elif kind == "function":
            if token.lower_name == "url":
                args = [a for a in token.arguments if a.type not in ("whitespace", "comment")]
                if not (len(args) == 1 and args[0].type == "string" and args[0].value.strip().startswith("#")):
                    return False
            elif token.lower_name not in FUNCTIONS or not _safe_value(token.arguments):
                return False
        elif kind in ("() block", "[] block"):
            if not _safe_value(token.content):
                return False
        elif kind in ("{} block", "at-keyword", "error", "bad-url", "bad-string"):
            return False
    return True


def _fetches_nothing(tokens) -> bool:
    """A selector: any pseudo-class function, but no url() (a selector never fetches; a
    url() in one is a trick, so the rule goes)."""
    for token in tokens:
        if token.type in ("url", "bad-url", "{} block") or (token.type == "function" and token.lower_name == "url"):
            return False
        if token.type == "function" and not _fetches_nothing(token.arguments):
            return False
        if token.type in ("() block", "[] block") and not _fetches_nothing(token.content):
            return False
    return True


def _remove(node) -> None:
    """Take ``node`` out of the tree, keeping the text that follows it."""
    parent, tail = node.getparent(), node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


# --- bounded drawing ----------------------------------------------------------------------


def _bound(root) -> bool:
    """Refuse a file too costly to draw; clamp filter and pattern numbers. True if changed."""
    box = _box(root)
    changed = False
    for element in root.iter(etree.Element):
        changed |= _clamp(element, box)
    drawn, effects, _, chars, pieces = _measure(root)
    if drawn > LIMITS.drawn:
        raise SvgError(
            f"it draws {thousands(drawn)} elements once its <use> copies and references are counted, "
            f"more than the {thousands(LIMITS.drawn)} Backbone draws",
            0,
            SIMPLIFY,
        )
    if chars > LIMITS.text_chars or pieces > LIMITS.text_pieces:
        what = (
            f"{_count(chars, LIMITS.text_chars)} characters of text, more than the {thousands(LIMITS.text_chars)}"
            if chars > LIMITS.text_chars
            else f"text in {_count(pieces, LIMITS.text_pieces)} pieces (<tspan>, <textPath>), "
            f"more than the {LIMITS.text_pieces}"
        )
        raise SvgError(
            f"it draws {what} Backbone draws",
            _largest_text(root),
            "shorten the text, or turn it into outlines (paths) in your design tool, or use a PNG",
        )
    if effects > LIMITS.filter_effects:
        raise SvgError(
            f"it runs {thousands(effects)} filter effects (blur, shadow, texture...) counted over every element drawn "
            f"with a filter, more than the {LIMITS.filter_effects} Backbone draws",
            0,
            SIMPLIFY,
        )
    return changed


def _count(found: int, limit: int) -> str:
    """A count ``_measure`` found, which it stops at ten times the limit."""
    return f"more than {thousands(10 * limit)}" if found >= 10 * limit else f"{thousands(found)}"


def _box(root) -> tuple[float, float, float, float]:
    """The drawing's box (viewBox, else width and height): what filter sizes are measured against."""
    numbers = [float(n) for n in _NUMBER.findall(root.get("viewBox", ""))]
    if len(numbers) == 4 and all(math.isfinite(n) for n in numbers) and numbers[2] > 0 and numbers[3] > 0:
        return tuple(numbers)
    sizes = []
    for attr in ("width", "height"):
        match = _LENGTH.match(root.get(attr, ""))
        size = float(match.group(1)) if match and match.group(2) != "%" else 0.0
        sizes.append(size if 0 < size < 1e6 else 100.0)
    return (0.0, 0.0, sizes[0], sizes[1])


def _clamp(element, box) -> bool:
    """Lower an over-limit filter or pattern number to the limit; refuse a huge convolution."""
    name = etree.QName(element).localname
    big, small = max(box[2], box[3]), min(box[2], box[3])
    if name == "feTurbulence":
        return _clamp_numbers(element, "numOctaves", 0, LIMITS.octaves, integer=True)
    changed = False
    if name in ("feGaussianBlur", "feDropShadow"):
        changed |= _clamp_numbers(element, "stdDeviation", 0, LIMITS.blur * big)
    if name in ("feOffset", "feDropShadow"):
        reach = LIMITS.offset * big
        changed |= _clamp_numbers(element, "dx", -reach, reach)
        changed |= _clamp_numbers(element, "dy", -reach, reach)
        return changed
    if name == "feMorphology":
        return _clamp_numbers(element, "radius", 0, LIMITS.morphology * small)
    if name == "feConvolveMatrix":
        order = [float(n) for n in _NUMBER.findall(element.get("order", ""))]
        if any(not n <= LIMITS.convolve_order for n in order):
            raise SvgError(
                f"a <feConvolveMatrix> has order '{element.get('order')}', more than the "
                f"{LIMITS.convolve_order} Backbone draws",
                element.sourceline or 0,
                SIMPLIFY,
            )
    if name in ("image", "feImage"):
        _check_embedded(element)
    if name == "filter":
        return _clamp_region(
            element,
            box,
            element.get("filterUnits") == "userSpaceOnUse",
            {"x": LIMITS.region, "y": LIMITS.region, "width": (0, LIMITS.region[1]), "height": (0, LIMITS.region[1])},
        )
    if name == "pattern":
        return _clamp_region(
            element,
            box,
            element.get("patternUnits") == "userSpaceOnUse",
            {"width": (0, LIMITS.tile), "height": (0, LIMITS.tile)},
        )
    return changed


def _check_embedded(element) -> None:
    """Refuse an embedded raster image too large to decode (a few kilobytes of PNG can
    unpack to gigabytes); one that cannot be read draws nothing and may stay."""
    href = element.get("href") or element.get(XLINK_HREF) or ""
    url = _URL_WHITESPACE.sub("", href).strip()
    if not _DATA_IMAGE.match(url) or "," not in url:
        return
    header, payload = url.split(",", 1)
    try:
        raw = base64.b64decode(payload) if header.lower().endswith(";base64") else unquote_to_bytes(payload)
        with Image.open(io.BytesIO(raw)) as image:  # reads the header only
            size = (
                f"{thousands(image.width)} x {thousands(image.height)} pixels"
                if image.width * image.height > LIMITS.embedded_pixels
                else None
            )
    except Image.DecompressionBombError:  # past Pillow's own limit, far above ours
        size = f"over {thousands(2 * (Image.MAX_IMAGE_PIXELS or 0))} pixels"
    except (binascii.Error, ValueError, OSError):
        return
    if size:
        raise SvgError(
            f"an embedded image has {size}, more than the {thousands(LIMITS.embedded_pixels)} pixels Backbone draws",
            element.sourceline or 0,
            "make the image smaller, or use a PNG",
        )


def _clamp_numbers(element, attr: str, low: float, high: float, integer: bool = False) -> bool:
    """Each number of ``attr`` brought within [low, high]; a value that is not numbers is dropped."""
    value = element.get(attr)
    if value is None:
        return False
    parts = value.replace(",", " ").split()
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if not numbers or not all(math.isfinite(n) for n in numbers):
        del element.attrib[attr]
        return True
    if all(low <= n <= high for n in numbers):
        return False
    clamped = [min(max(n, low), high) for n in numbers]
    element.set(attr, " ".join(str(int(n)) if integer else f"{n:g}" for n in clamped))
    return True


def _clamp_region(element, box, user_space: bool, bounds: dict) -> bool:
    """x/y/width/height as fractions of the box they are measured against, kept in ``bounds``.
    A length in a unit other than px or % is dropped (the default region is small)."""
    changed = False
    for attr, (low, high) in bounds.items():
        value = element.get(attr)
        if value is None:
            continue
        match = _LENGTH.match(value)
        if not match or not math.isfinite(float(match.group(1))):
            del element.attrib[attr]
            changed = True
            continue
        number, percent = float(match.group(1)), match.group(2) == "%"
        origin, size = (box[0], box[2]) if attr in ("x", "width") else (box[1], box[3])
        if attr in ("width", "height"):
            origin = 0.0
        fraction = number / 100 if percent else (number - origin) / size if user_space else number
        if low <= fraction <= high:
            continue
        fraction = min(max(fraction, low), high)
        element.set(
            attr,
            f"{fraction * 100:g}%" if percent else f"{fraction * size + origin:g}" if user_space else f"{fraction:g}",
        )
        changed = True
    return changed


def _measure(root) -> tuple[int, int, float, int, int]:
    """(elements drawn, filter primitives run, work, characters of text, pieces of text) once
    every reference is followed: a <use> draws its target again, a marker is drawn at each
    vertex. A loop of references is refused. The work is what drawing costs per pixel of the
    canvas (see ``drawing_cost``)."""
    ids: dict = {}
    for element in root.iter(etree.Element):
        ids.setdefault(element.get("id"), element)  # the first of an id is the one drawn
    sheet = _stylesheet_refs(root)
    box, scaled = _box(root), _scaled(root, sheet)
    declared: dict = {}  # element -> what _declared yields, read once

    def props(node) -> list:
        if node not in declared:
            declared[node] = list(_declared(node, sheet))
        return declared[node]

    done: dict = {}
    dependencies: dict = {}
    open_: set = set()
    stack = [root]
    while stack:
        node = stack[-1]
        if node in done:
            stack.pop()
            continue
        deps = dependencies.get(node)
        if deps is None:  # a node is visited twice: as it opens, and once what it draws is done
            deps = dependencies[node] = _dependencies(node, ids, props(node))
        if node not in open_:
            open_.add(node)
            for target, _, _ in deps:
                if target in open_ and target not in done:
                    raise SvgError(
                        f"<{etree.QName(node).localname}> refers back to itself through #{target.get('id') or '?'}",
                        node.sourceline or 0,
                        "point each <use> at a shape outside its own group, or " + FIX,
                    )
                if target not in done:
                    stack.append(target)
            continue
        name = etree.QName(node).localname
        drawn, effects = 1, int(name in FILTER_PRIMITIVES)
        work = _own_work(node, name, props(node), 1.0 if scaled else _coverage(node, name, props(node), box))
        chars, pieces = (_own_chars(node), int(name != "text")) if name in _TEXT else (0, 0)
        for target, times, as_child in deps:
            if as_child and etree.QName(target).localname in _REFERENCED_ONLY:
                continue
            if etree.QName(target).localname not in _GRADIENTS:  # a fill's colours, nothing drawn
                drawn += times * done[target][0]
            effects += times * done[target][1]
            work += times * done[target][2]
            chars += times * done[target][3]
            pieces += times * done[target][4]
        # enough to refuse; capped so that a billion copies stay small numbers
        done[node] = (
            min(drawn, LIMITS.drawn * 10),
            min(effects, LIMITS.filter_effects * 10),
            min(work, 1e12),
            min(chars, LIMITS.text_chars * 10),
            min(pieces, LIMITS.text_pieces * 10),
        )
        stack.pop()
    return done[root]


# What resvg spends per pixel it covers, in microseconds (measured with resvg_py 0.5 on a
# 576 x 144 canvas): a plain shape ~0.01; a gradient or pattern fill ~0.2-0.3; a layer
# (opacity, clip-path, mask, filter, blend) ~0.3-0.6; a filter primitive ~1-3 per pixel of
# its region, which may be 2.25 times the element: 6. A shape counts the share of the canvas
# its own numbers can cover (``_coverage``); a group, text or filter, the whole canvas.
_GRADIENTS = {"linearGradient", "radialGradient"}
_RENDERED = {
    "svg",
    "g",
    "a",
    "switch",
    "use",
    "text",
    "tspan",
    "textPath",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "image",
}
_SHAPES = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image"}
_LAYERS = ("opacity", "clip-path", "mask", "filter", "mix-blend-mode", "isolation")
_DRAWING_PROPS = tuple(dict.fromkeys(_LAYERS + _REFERENCING))  # "filter" is in both
WORK = {"shape": 0.01, "glyph": 0.002, "paint": 0.3, "layer": 0.6, "primitive": 6.0}


def _own_work(node, name: str, declared: list, coverage: float) -> float:
    """Microseconds per canvas pixel for drawing ``node`` itself, covering ``coverage`` of it."""
    if name in FILTER_PRIMITIVES:
        return WORK["primitive"]
    work = WORK["shape"] if name in _SHAPES else 0.0
    if name in ("text", "tspan", "textPath"):
        work += WORK["glyph"] * (len(node.text or "") + len(node.tail or ""))
    props = dict(declared)
    work += sum(
        WORK["layer"] for prop in _LAYERS if props.get(prop, "").strip() not in ("", "none", "1", "normal", "auto")
    )
    work += sum(WORK["paint"] for prop in ("fill", "stroke") if "url" in props.get(prop, "").lower())
    return work * coverage


def _scaled(root, sheet: "_Sheet") -> bool:
    """Whether anything in the file can draw a shape larger than its own numbers say: a
    transform that enlarges, a nested viewBox, a sized <use>, markers, CSS transforms. Then
    every shape is taken to cover the whole canvas."""
    if any(prop == "transform" for _, prop, _ in sheet.everyone) or any(
        prop == "transform" for entries in sheet.by_key.values() for _, prop, _ in entries
    ):
        return True
    for element in root.iter(etree.Element):
        name = etree.QName(element).localname
        if element is not root and name in ("svg", "symbol", "marker", "pattern") and element.get("viewBox"):
            return True
        if name == "use" and (element.get("width") or element.get("height")):
            return True
        if "transform" in (element.get("style") or "").lower():
            return True
        for attr in ("transform", "patternTransform"):
            if element.get(attr) and _enlarges(element.get(attr)):
                return True
    return False


def _enlarges(transform: str) -> bool:
    """A transform list with a factor above 1 (or a skew, which stretches)."""
    for function in re.finditer(r"([a-zA-Z]+)\s*\(([^)]*)\)", transform):
        kind, numbers = function.group(1).lower(), [float(n) for n in _NUMBER.findall(function.group(2))]
        if kind == "scale" and any(abs(n) > 1 for n in numbers):
            return True
        if (
            kind == "matrix"
            and len(numbers) >= 4
            and (math.hypot(numbers[0], numbers[1]) > 1 or math.hypot(numbers[2], numbers[3]) > 1)
        ):
            return True
        if kind.startswith("skew"):
            return True
    return False


def _coverage(node, name: str, declared: list, box) -> float:
    """The share of the canvas a shape can cover, from its own numbers and stroke (1 if unknown)."""
    if name not in _SHAPES:
        return 1.0
    props = dict(declared)
    stroke = _number(props.get("stroke-width") or node.get("stroke-width") or "1")
    if stroke is None:
        return 1.0
    if name in ("rect", "image"):
        sizes = [_number(node.get("width") or "0"), _number(node.get("height") or "0")]
    elif name in ("circle", "ellipse"):
        r = [_number(node.get(a) or "0") for a in (("r", "r") if name == "circle" else ("rx", "ry"))]
        sizes = [2 * n if n is not None else None for n in r]
    elif name == "line":
        ends = [_number(node.get(a) or "0") for a in ("x1", "x2", "y1", "y2")]
        sizes = [None] if None in ends else [abs(ends[1] - ends[0]), abs(ends[3] - ends[2])]
    else:
        data = node.get("d") or node.get("points") or ""
        numbers = [float(n) for n in _NUMBER.findall(data)]
        relative = any(c in "mlhvcsqta" for c in re.sub(r"[eE][+-]?\d", "", data))
        extent = sum(abs(n) for n in numbers[2:]) if relative else (max(numbers) - min(numbers) if numbers else 0.0)
        sizes = [extent, extent]
    if None in sizes:
        return 1.0
    width, height = (min(size + stroke, side) for size, side in zip(sizes, (box[2], box[3])))
    return max(width * height / (box[2] * box[3]), 0.001)


@lru_cache(maxsize=1024)
def _number(value: str) -> float | None:
    """A plain length (px or none) as a number; None for %, other units or nonsense."""
    match = _LENGTH.match(value)
    if not match or match.group(2) == "%":
        return None
    number = float(match.group(1))
    return abs(number) if math.isfinite(number) else None


def _declared(node, sheet: "_Sheet"):
    for prop in _DRAWING_PROPS:
        if value := node.get(prop):
            yield prop, value
    if node.get("style"):
        for decl in tinycss2.parse_declaration_list(node.get("style"), skip_comments=True, skip_whitespace=True):
            if decl.type == "declaration":
                yield decl.lower_name, tinycss2.serialize(decl.value)
    yield from sheet.declared(node)


def _dependencies(node, ids: dict, declared: list) -> list:
    """(element, times, is a child) that drawing ``node`` draws: its children and its references."""
    deps = [(child, 1, True) for child in node if isinstance(child.tag, str)]
    name = etree.QName(node).localname
    refs = []
    href = node.get("href") or node.get(XLINK_HREF)
    if href and name not in ("image",):
        refs.append((href.strip()[1:], 1))
    for prop, value in declared:
        if prop in _REFERENCING and "url" in value.lower():
            times = _vertices(node) if prop.startswith("marker") else 1
            refs.extend((ref, times) for ref in _local_urls(value))
    deps.extend((ids[ref], times, False) for ref, times in refs if ref in ids)
    return deps


@lru_cache(maxsize=1024)  # a file of thousands of shapes repeats a few values: tokenised once each
def _local_urls(value: str) -> tuple[str, ...]:
    """The ids that url(#id) names in a CSS value."""
    ids = []
    for token in tinycss2.parse_component_value_list(value):
        if token.type == "url":
            ids.append(token.value.strip()[1:])
        elif token.type == "function" and token.lower_name == "url":
            ids.extend(a.value.strip()[1:] for a in token.arguments if a.type == "string")
    return tuple(ids)


def _stylesheet_refs(root) -> "_Sheet":
    """(may-match test, property, value) for each declaration of a <style> rule that refers to
    an #id or adds a layer. The test is generous: a rule is taken to reach every element its
    selector could name (tag, class, id), and every element at all when it has anything else."""
    refs = []
    for style in root.iter(f"{{{SVG_NS}}}style"):
        for rule in tinycss2.parse_stylesheet(style.text or "", skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            for decl in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
                value = tinycss2.serialize(decl.value) if decl.type == "declaration" else ""
                if decl.lower_name in _LAYERS or (decl.lower_name in _REFERENCING and "url" in value.lower()):
                    refs.append((_selector_keys(rule.prelude), decl.lower_name, value))
    return _Sheet(refs)


def _selector_keys(prelude) -> tuple[set, set, set, bool]:
    """(tag names, classes, ids, anything else) a selector names: a rule is taken to reach
    every element with one of them, and every element at all when it has anything else."""
    names, classes, ids, anything = set(), set(), set(), False
    previous = None
    for token in prelude:
        if token.type == "ident":
            (classes if previous is not None and previous.type == "literal" and previous.value == "." else names).add(
                token.value
            )
        elif token.type == "hash":
            ids.add(token.value)
        elif token.type not in ("whitespace", "literal", "comment"):
            anything = True
        elif token.type == "literal" and token.value not in (".", ",", ">", "+", "~"):
            anything = True
        previous = token
    return names, classes, ids, anything


class _Sheet:
    """The <style> declarations that matter for drawing cost, found per element by its
    tag, classes and id rather than by trying every rule on every element."""

    def __init__(self, entries: list):
        self.everyone, self.by_key = [], {}
        for index, ((names, classes, ids, anything), prop, value) in enumerate(entries):
            entry = (index, prop, value)
            if anything:
                self.everyone.append(entry)
            keys = [("tag", n) for n in names] + [("class", c) for c in classes] + [("id", i) for i in ids]
            for key in keys:
                self.by_key.setdefault(key, []).append(entry)

    def declared(self, node) -> list:
        """What the rules may give ``node``; nothing for a gradient, a stop, a filter primitive...
        (a "*" rule does not make a gradient fill itself)."""
        if etree.QName(node).localname not in _RENDERED:
            return []
        keys = [("tag", etree.QName(node).localname), ("id", node.get("id"))]
        keys += [("class", c) for c in (node.get("class") or "").split()]
        found = {entry[0]: entry for key in keys for entry in self.by_key.get(key, ())}
        found.update((entry[0], entry) for entry in self.everyone)
        return [(prop, value) for _, prop, value in sorted(found.values())]


@dataclass(frozen=True)
class Cost:
    """What drawing a cleaned SVG costs: ``aspect`` its width over its height, ``work`` the
    microseconds resvg may spend per pixel of its canvas (an upper estimate, see ``WORK``)."""

    aspect: float
    work: float


@lru_cache(maxsize=256)  # a logo is drawn at several sizes (the band, the cards, the feed's channel)
def drawing_cost(cleaned: bytes) -> Cost:
    """The cost of drawing ``cleaned`` (what ``clean`` returned), for choosing its resolution."""
    root = etree.fromstring(cleaned, _parser())
    box = _box(root)
    return Cost(box[2] / box[3], _measure(root)[2])


_TEXT = ("text", "tspan", "textPath")


def _own_chars(node) -> int:
    """Characters a text element holds itself (its pieces count their own)."""
    return len(node.text or "") + sum(len(child.tail or "") for child in node)


def _largest_text(root) -> int:
    """The line of the <text> with the most characters, for the message."""
    texts = [node for node in root.iter(f"{{{SVG_NS}}}text")]
    largest = max(texts, key=lambda node: sum(len(part) for part in node.itertext()), default=None)
    return largest.sourceline or 0 if largest is not None else 0


def _vertices(node) -> int:
    """How many points a marker can be drawn at on ``node``: at most one per two numbers."""
    numbers = len(_NUMBER.findall(node.get("d", "") + " " + node.get("points", "")))
    return max(2, numbers // 2 + 1)
