"""Markdown as the report's blocks: plain data the template lays out, never Typst markup.

The Markdown is rendered by the same engine as the site's pages, then read back through an
allow-list: paragraphs, headings, lists, quotes and, inside them, strong, emphasis, code,
line breaks and web links. Any other element gives its text only (a script or a style gives
nothing), so no value of the letter or a story can become anything but text in the PDF.
"""

from __future__ import annotations

import re

import lxml.html
import markdown

CHART = re.compile(r"\u2063chart:([a-z0-9][a-z0-9-]*)\u2063")  # set by citations of a chart (assemble)
_BLOCKS = {"p": "para", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading"}
_INLINE = {"strong": "strong", "b": "strong", "em": "emph", "i": "emph", "code": "code"}
_LISTS = {"ul": False, "ol": True}
_SKIP = {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math", "head"}
_LINKS = re.compile(r"(?:https?://|mailto:)\S+", re.I)
MAX_DEPTH = 12  # lists and quotes nested deeper are read as text


def blocks(text: str) -> list[dict]:
    """The blocks of the Markdown ``text``: [{'kind': 'para', 'spans': [...]}, ...]."""
    if not text.strip():
        return []
    html = markdown.markdown(text, extensions=["tables"], output_format="html")
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return _blocks(root, 0)


def _blocks(parent, depth: int) -> list[dict]:
    out: list[dict] = []
    loose: list[dict] = []  # text outside any block (a list item's own text)

    def flush():
        if any(s["text"].strip() for s in loose if "text" in s):
            out.append({"kind": "para", "spans": _trim(list(loose))})
        loose.clear()

    if parent.text:
        loose.append(_span(parent.text))
    for child in parent:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP or not tag:
            pass
        elif tag in _BLOCKS:
            flush()
            out.extend(_block(child, tag))
        elif tag in _LISTS and depth < MAX_DEPTH:
            flush()
            items = [_blocks(li, depth + 1) for li in child if li.tag == "li"]
            out.append({"kind": "list", "ordered": _LISTS[tag], "items": items})
        elif tag == "blockquote" and depth < MAX_DEPTH:
            flush()
            out.append({"kind": "quote", "blocks": _blocks(child, depth + 1)})
        elif tag in ("div", "section", "article", "table", "thead", "tbody", "tr", "td", "th", "pre", "hr"):
            flush()
            if tag == "pre":
                out.append({"kind": "para", "spans": [{"text": child.text_content(), "style": "code"}]})
            elif tag != "hr":
                out.extend(_blocks(child, depth + 1) if depth < MAX_DEPTH else _as_para(child))
        else:
            loose.extend(_spans(child, ""))
        if child.tail:
            loose.append(_span(child.tail))
    flush()
    return out


def _block(element, tag: str) -> list[dict]:
    spans = _trim(_spans_of(element))
    text = "".join(s.get("text", "") for s in spans)
    if tag == "p" and (chart := CHART.fullmatch(text.strip())):
        return [{"kind": "chart", "metric": chart[1]}]
    if not text.strip():
        return []
    if tag == "p":
        return [{"kind": "para", "spans": spans}]
    return [{"kind": "heading", "spans": spans}]


def _as_para(element) -> list[dict]:
    text = element.text_content()
    return [{"kind": "para", "spans": [_span(text)]}] if text.strip() else []


def _spans_of(element) -> list[dict]:
    spans = [_span(element.text)] if element.text else []
    for child in element:
        spans.extend(_spans(child, ""))
        if child.tail:
            spans.append(_span(child.tail))
    return spans


def _spans(element, style: str) -> list[dict]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP or not tag:
        return []
    if tag == "br":
        return [{"text": "\n", "style": style}]
    inner = _INLINE.get(tag, style) if not style else style + ("+" + _INLINE[tag] if tag in _INLINE else "")
    if tag == "a":
        href = (element.get("href") or "").strip()
        spans = [_span(element.text_content(), style)]
        if _LINKS.fullmatch(href):
            spans = [dict(s, link=href) for s in spans]
        return spans
    spans = [_span(element.text, inner)] if element.text else []
    for child in element:
        spans.extend(_spans(child, inner))
        if child.tail:
            spans.append(_span(child.tail, inner))
    return spans


def _span(text: str, style: str = "") -> dict:
    return {"text": re.sub(r"[ \t\r\n]+", " ", text), "style": style}


def _trim(spans: list[dict]) -> list[dict]:
    """No space at the start or end of a block; empty spans dropped."""
    spans = [s for s in spans if s.get("text")]
    if spans:
        spans[0] = dict(spans[0], text=spans[0]["text"].lstrip(" "))
        spans[-1] = dict(spans[-1], text=spans[-1]["text"].rstrip(" "))
    return [s for s in spans if s["text"]]


def plain(spans: list[dict]) -> str:
    return "".join(s.get("text", "") for s in spans)
