"""SVG images from partners' and authors' files, made safe to publish.

An SVG is a document, not a picture: opened on its own (a logo's download link, a
story image in a new tab) it runs its scripts with the site's origin, and it can pull
in remote files. Every SVG Backbone publishes goes through ``clean``: parsed with a
parser that expands no entity and fetches nothing, then stripped of scripts, event
handlers, embedded HTML and references to anything outside the file (except embedded
raster images). A file with none of that is published byte for byte as it came.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# elements that run code, embed other documents or change links while animating
_DROP = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "set", "animate"}
_SAFE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.I)
_REMOTE_URL = re.compile(r"url\(\s*(['\"]?)(?!#)[^)]*\)", re.I)
_IMPORT = re.compile(r"@import[^;]*;?", re.I)


FIX = "export it again as SVG from your design tool, or use a PNG"


class SvgError(ValueError):
    """The file is not an SVG image: ``line`` is where reading it failed (0 if unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@lru_cache(maxsize=256)  # checked when the data is loaded, cleaned again when published
def clean(data: bytes) -> bytes:
    """The SVG without anything that could run or fetch; raises SvgError if it is not one."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise SvgError(f"it cannot be read as SVG ({exc.msg})", exc.lineno or 0) from None
    if root is None or etree.QName(root).localname != "svg":
        raise SvgError("it is not an SVG image (its first element is not <svg>)")
    tree = root.getroottree()
    # a DTD can declare entities, and a processing instruction can load a stylesheet
    changed = bool(tree.docinfo.internalDTD) or any(True for _ in root.itersiblings(etree.PI, preceding=True))
    for node in list(root.iter(etree.Entity, etree.PI)):  # an entity left unexpanded; an xml-stylesheet
        _remove(node)
        changed = True
    for element in list(root.iter(etree.Element)):
        name = etree.QName(element).localname
        if name in _DROP or (name.startswith("animate") and element.get("attributeName", "").endswith("href")):
            if element.getparent() is not None:  # not already gone with an ancestor
                _remove(element)
                changed = True
            continue
        for attr, value in list(element.attrib.items()):
            local = etree.QName(attr).localname
            if local.lower().startswith("on") or (local == "href" and not (value.startswith("#") or _SAFE_DATA.match(value.strip()))):
                del element.attrib[attr]
                changed = True
            elif local == "style" and (safe := _css(value)) != value:
                element.set(attr, safe)
                changed = True
        if name == "style" and element.text and (safe := _css(element.text)) != element.text:
            element.text = safe
            changed = True
    return etree.tostring(root, xml_declaration=True, encoding="utf-8") if changed else data


def _remove(node) -> None:
    """Take ``node`` out of the tree, keeping the text that follows it."""
    parent, tail = node.getparent(), node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _css(text: str) -> str:
    """CSS without @import and url() of anything but this file's own #ids."""
    return _REMOTE_URL.sub("none", _IMPORT.sub("", text))
