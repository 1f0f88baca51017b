"""HTML → plain text a person can read, for the text twin of an e-mail.

inscriptis (Apache-2.0, lxml-based) does the conversion: it lays tables out in aligned
columns, keeps paragraphs and lists apart and never guesses Markdown. This module only
prepares the tree for it (links spelt out, a caption speaking for its picture, each table
given a shape that fits the line) and wraps the prose to ``WIDTH`` columns afterwards.
"""

from __future__ import annotations

import copy
import re
import textwrap

from inscriptis import Inscriptis
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_properties import Display
from inscriptis.model.config import ParserConfig
from inscriptis.model.html_element import HtmlElement
from lxml import html as lxml_html

WIDTH = 72  # plain-text e-mail: lines of at most 78 characters, 72 leave room for quoting
HEADER_MIN = 12  # a column header is wrapped down to its column's width, but not below this
_NUMBER = re.compile(r"^[+\-−–]?[$€£¥]?\d[\d,.\u202f\u00a0]*\s?(%|[kKMB]|pp)?$")

_CSS = CSS_PROFILES["strict"].copy()
_CSS["h2"] = HtmlElement(display=Display.block, margin_before=1, margin_after=1, prefix="## ")
_CSS["h3"] = HtmlElement(display=Display.block, margin_before=1, margin_after=1, prefix="### ")
_CSS["caption"] = HtmlElement(display=Display.block)
_CONFIG = ParserConfig(css=_CSS, display_images=True)


def html_to_text(html: str, width: int = WIDTH) -> str:
    """The text of ``html``: paragraphs and lists wrapped to ``width``, links as 'words (url)',
    tables as aligned columns when they fit in ``width``, else as one labelled list a row."""
    if not html.strip():
        return ""
    tree = lxml_html.document_fromstring(html)
    _spell_out_links(tree)
    _captions_speak_for_pictures(tree)
    for table in reversed(tree.xpath("//table")):  # inner tables first
        _fit(table, width)
    return _wrap(_text(tree), width)


def _text(tree) -> str:
    return Inscriptis(tree, _CONFIG).get_text()


def _spell_out_links(tree) -> None:
    """A link shows its address after its words, unless the words are the address."""
    for a in tree.iter("a"):
        href = (a.get("href") or "").removeprefix("mailto:")
        words = a.text_content().strip()
        if href and not href.startswith("#") and href != words:
            a.tail = f" ({href})" + (a.tail or "")


def _captions_speak_for_pictures(tree) -> None:
    """In a figure with a caption, the caption is the picture's text: its alt is left out
    (the chart's sentence once, not twice)."""
    for figure in tree.iter("figure"):
        if figure.find(".//figcaption") is not None:
            for img in figure.iter("img"):
                img.drop_tree()


def _fit(table, width: int) -> None:
    """Aligned columns when they fit the line (long headers wrapped if need be), else a
    labelled list."""
    head, body = head_and_body(table)
    if not body:
        return
    labels = [_words(c) for c in head] if head is not None else []
    _align_numbers(head, body)
    if head is not None and not _fits(table, width):
        _wrap_headers(head, body)
    if _fits(table, width):
        if head is not None:
            _rule_under(head, body)
        return
    table.getparent().replace(table, _labelled_list(table, labels, body))


def _rule_under(head, body) -> None:
    """A line of dashes under the headers, as wide as each column, as printed tables have."""
    widths = [max((_width(row[col]) for row in [head] + body if col < len(row)), default=0) for col in range(len(head))]
    rule = lxml_html.Element("tr")
    for width in widths:
        cell = lxml_html.Element("td")
        cell.text = "-" * width
        rule.append(cell)
    head[0].getparent().addnext(rule)


def _width(cell) -> int:
    """The width of a cell's longest line (its <br>s break lines)."""
    cell = copy.deepcopy(cell)
    cell.tail = None
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return max(len(" ".join(line.split())) for line in cell.text_content().split("\n"))


def _fits(table, width: int) -> bool:
    alone = lxml_html.document_fromstring(lxml_html.tostring(table, encoding="unicode"))
    return max(map(len, _text(alone).splitlines()), default=0) <= width


def head_and_body(table) -> tuple[list | None, list[list]]:
    """The header row's cells (None without one) and each other row's cells."""
    rows = [row.xpath("./th|./td") for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]
    if rows and rows[0] and all(cell.tag == "th" for cell in rows[0]):
        return rows[0], rows[1:]
    return None, rows


def _words(cell) -> str:
    return " ".join(cell.text_content().split())


def _align_numbers(head, body) -> None:
    for col in numeric_columns(body):
        for row in [head] + body if head is not None else body:
            if col < len(row):
                row[col].set("align", "right")


def numeric_columns(body) -> list[int]:
    """The columns whose every filled cell is a number: set right, as a table of figures is."""
    found = []
    for col in range(max(map(len, body), default=0)):
        filled = [w for row in body if col < len(row) and (w := _words(row[col]))]
        if filled and all(_NUMBER.match(w) for w in filled):
            found.append(col)
    return found


def _wrap_headers(head, body) -> None:
    """A header longer than its column's figures takes several lines, as in print."""
    for col, cell in enumerate(head):
        widest = max((len(_words(row[col])) for row in body if col < len(row)), default=0)
        text = _words(cell)
        lines = textwrap.wrap(text, max(widest, HEADER_MIN), break_long_words=False)
        cell.set("valign", "bottom")
        if len(lines) > 1:
            for child in list(cell):
                cell.remove(child)
            cell.text = lines[0]
            for line in lines[1:]:
                br = lxml_html.Element("br")
                br.tail = line
                cell.append(br)


def _labelled_list(table, labels: list[str], body):
    """Each row as its first cell, then 'header: value' for each filled cell."""
    out = lxml_html.Element("div")
    caption = table.find("caption")
    if caption is not None:
        out.append(_block("p", caption))
    for row in body:
        out.append(_block("p", row[0]))
        items = lxml_html.Element("ul")
        for col, cell in enumerate(row[1:], start=1):
            if not _words(cell):
                continue
            item = _block("li", cell)
            label = labels[col] if col < len(labels) else ""
            if label:
                item.text = f"{label}: " + (item.text or "")
            items.append(item)
        if len(items):
            out.append(items)
    return out


def _block(tag: str, source):
    """A new ``tag`` holding a copy of ``source``'s content (its links kept)."""
    block = lxml_html.Element(tag)
    block.text = source.text
    for child in source:
        block.append(copy.deepcopy(child))
    return block


def _wrap(text: str, width: int) -> str:
    """Lines longer than ``width`` wrapped at spaces, a bullet's lines indented under its words."""
    out = []
    for line in text.splitlines():
        line = line.rstrip()
        if len(line) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        hang = indent + ("  " if line.lstrip().startswith("* ") else "")
        out.append(
            textwrap.fill(
                line.strip(),
                width,
                initial_indent=indent,
                subsequent_indent=hang,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(out).strip("\n")
