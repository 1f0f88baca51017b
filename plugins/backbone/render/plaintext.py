"""Text from data files made safe to write anywhere: XML-legal, bidi controls closed.

Loading refuses control characters with a located message (``sources``); these helpers are
the writers' last line, so that a character that slipped through never crashes lxml or
reorders the text around the value it came in.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata

# What YAML 1.1 refuses as raw text (yaml.reader.Reader.NON_PRINTABLE): C0 controls but tab,
# newline and carriage return, DEL, C1 controls but NEL, lone surrogates, U+FFFE and U+FFFF.
# It contains every character XML 1.0 forbids.
UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Every C0 and C1 control but tab, newline and carriage return (HTML's and XML's whitespace):
# a browser shows none of them, and a terminal obeys them when a page is read with cat.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI
_PDF, _PDI = "\u202c", "\u2069"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without the characters XML (and YAML) forbid."""
    return UNPRINTABLE.sub("", text)


def without_controls(text: str) -> str:
    """``text`` (a whole HTML page) without control characters."""
    return CONTROLS.sub("", text) if CONTROLS.search(text) else text


def closed_bidi(text: str) -> str:
    """``text`` whose bidi embeddings, overrides and isolates all end inside it.

    A right-to-left override left open in a name would reverse whatever a reader prints
    after it (the next title, the date): stray closers are dropped, open ones closed.
    """
    if not _BIDI.search(text):
        return text
    out, open_ = [], []
    for ch in text:
        if ch in _EMBEDDINGS:
            open_.append(_PDF)
        elif ch in _ISOLATES:
            open_.append(_PDI)
        elif ch == _PDF:
            if not open_ or open_[-1] != _PDF:
                continue  # closes nothing of this text
            open_.pop()
        elif ch == _PDI:
            if _PDI not in open_:
                continue
            while open_.pop() != _PDI:  # a PDI also ends the embeddings opened inside it
                pass
        out.append(ch)
    return "".join(out + open_[::-1])


# Bidi classes that can reorder the text around a value: right-to-left letters (and marks),
# Arabic digits, and the explicit embeddings, overrides and isolates.
_REORDERS = frozenset({"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_FSI = "\u2068"  # first strong isolate: the value's own direction, from its first letter
_URL = re.compile(r"^(?:https?://|mailto:)", re.I)


def isolated(text: str) -> str:
    """``text`` as a bidi isolate (FSI … PDI, what HTML's ``<bdi>`` does), when it holds
    anything right-to-left or a bidi control; else ``text`` itself.

    A name set inline among others ("with A, B and C") is its own island: a right-to-left
    name keeps the commas and the names after it in their places, and an override left open
    in it (U+202E) is closed inside it (``closed_bidi``) and ends with it. The isolate is two
    characters, not markup, so it holds in attributes, titles and text alike; a web address
    is left as it is (it must stay a working link)."""
    if text.isascii() or _URL.match(text):
        return text
    if not any(unicodedata.bidirectional(ch) in _REORDERS for ch in text):
        return text
    return _FSI + closed_bidi(text) + _PDI


def plain(text: str) -> str:
    """A data value as plain text for a feed or an e-mail."""
    return closed_bidi(printable(text))


# A character reference as an HTML parser reads one in text: numeric, or a name (HTML5 also
# reads a few names without their ';', such as '&copy' in '&copy2024').
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]{0,31};?)")


def html_text(text: str) -> str:
    """A plain-text value for a field that readers render as HTML (RSS ``description``, and
    the RSS fields some readers render so): read as HTML it is exactly the value, and no
    more escaped than that. '<' becomes '&lt;' (it alone opens markup); '&' becomes '&amp;'
    only where an HTML reader would decode a reference ('&amp;', '&copy2024'), so 'Tyne &
    Wear' keeps its one '&' and reads the same to a reader that takes the field as text."""
    value = plain(text)
    if "&" in value:
        value = _REFERENCE.sub(_escaped_reference, value)
    return value.replace("<", "&lt;")


def _escaped_reference(match: re.Match) -> str:
    """The reference's '&' escaped if an HTML reader would decode it, else left alone."""
    text = match.group()
    return "&amp;" + text[1:] if htmllib.unescape(text) != text else text
