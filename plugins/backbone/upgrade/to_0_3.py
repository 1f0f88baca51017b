"""Backbone 0.3: a site in several languages made ready for the browser editor (issue 26).

Decap CMS 3.16 cannot do two things Backbone reads: change one text a data file gives for every
language in its per-language boxes (its object widget cannot set a key on a text), and pair a
story or review written as ``x.md`` (no language in its name) with ``x.es.md`` (it has no
``omit_default_locale_from_filename``). Both forms stay valid; these steps write them in the form
the editor edits, which means the same: a language without its own text falls back to the first
language's (identity/translated.py), and ``x.en.md`` is the page ``x.md`` (translations.py).
A site in one language is left as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..cms.collections import DATA_FILES
from ..cms.widgets import EVERY, per_language_fields
from ..identity.languages import declared_languages
from ..metrics.model import MetricFile
from ..partners.model import PartnersFile
from ..translations import language_of
from .site import Site
from .yamltext import Document, plain

# The data files the editor edits, each with the model that validates it (partners.yml: its
# sectors and partners), and the metrics' folder.
MODELS = {f"{name}.yml": model or PartnersFile for name, model, _ in DATA_FILES}
METRICS = ("metrics", MetricFile)
NOT_ENTRIES = ("index.md", "README.md")  # a folder's listing page and notes: no story, no review


def site_languages(site: Site) -> tuple[str, ...]:
    """The site's languages as identity.yml lists them, the first the default (one, or none
    where identity.yml cannot say: nothing is changed then)."""
    identity = site.doc(f"{site.data_dir()}/identity.yml")
    if identity is None or not isinstance(identity.data, dict):
        return ()
    return declared_languages(plain(identity.data)) or ()


def texts_per_language(site: Site) -> None:
    """A text written once for every language, where its field may give one per language,
    becomes ``{<first language>: text}``: on a site in several languages the editor shows such
    a field as one box per language and can only save what is already a mapping."""
    languages = site_languages(site)
    if len(languages) < 2:
        return
    data = site.data_dir()
    files = [(f"{data}/{name}", model) for name, model in MODELS.items()]
    folder = site.root / data / METRICS[0]
    if folder.is_dir():
        files += [(f"{data}/{METRICS[0]}/{p.name}", METRICS[1]) for p in sorted(folder.glob("*.yml"))]
    for rel, model in files:
        document = site.doc(rel)
        if document is not None and isinstance(document.data, dict):
            _per_language(site, document, model, languages[0])


def _per_language(site: Site, document: Document, model, tag: str) -> None:
    root = document.nodes()
    found, seen = [], set()
    for path in per_language_fields(model):
        for parent, key, value, where in _at(root, path, ""):
            if not _one_text(value):
                continue
            if key is not None and value.start_mark.index < key.end_mark.index:  # '*name': an alias
                line = document.original(key.start_mark.line)
                site.problem(document.rel, line, where, _ALIAS.format(tag=tag))
            elif id(value) not in seen:
                seen.add(id(value))
                found.append((parent, key, value, where))
    if not found:
        return
    lines = document.per_language([(p, k, v) for p, k, v, _ in found], tag)
    for line, (*_, where) in zip(lines, found):
        site.change(
            document.rel,
            line,
            f"{where}: the text for every language is now given as its {tag} text ('{tag}: ...'), which the "
            "other languages fall back to: the site is the same, and the browser editor can change it",
        )


_ALIAS = (
    "this text repeats another one of the file (an alias, '*name'): left as it is; to edit it in the "
    "browser, write it out here as '{tag}: the text'"
)


def _at(node: Node, path: tuple[str, ...], where: str):
    """(parent, key or None, value, location) of every value at ``path`` under ``node``."""
    head, rest = path[0], path[1:]
    if isinstance(node, SequenceNode) and head == EVERY:
        for i, item in enumerate(node.value):
            yield from _then(node, None, item, rest, f"{where}[{i}]")
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and (head == EVERY or key.value == head):
                yield from _then(node, key, value, rest, f"{where}.{key.value}" if where else key.value)


def _then(parent: Node, key: ScalarNode | None, value: Node, rest: tuple[str, ...], where: str):
    if rest:
        yield from _at(value, rest, where)
    else:
        yield parent, key, value, where


def _one_text(node: Node) -> bool:
    """A text with some words in it (an empty one is a field left out: it stays as it is)."""
    return isinstance(node, ScalarNode) and str(node.tag).endswith(":str") and bool(node.value.strip())


def tagged_originals(site: Site) -> None:
    """A story or review written as ``x.md`` is renamed ``x.<first language>.md``, as the
    editor names each language's file: only so can it pair the original with its translations.
    Its address stays ``x/``."""
    languages = site_languages(site)
    if len(languages) < 2:
        return
    docs = _docs_dir(site)
    for feature, default in (("stories", "stories"), ("learning", "learning")):
        options = site.feature_options(feature)
        if options.get("enabled", True) is False:
            continue
        folder = site.root / docs / os.path.normpath(str(options.get("folder") or default))
        if not folder.is_dir() or not folder.resolve().is_relative_to(site.root.resolve()):
            continue
        for path in sorted(folder.glob("*.md")):
            if path.name in NOT_ENTRIES or path.is_symlink() or not path.is_file() or language_of(path.name)[1]:
                continue
            _tag(site, path, languages[0])


def _tag(site: Site, path: Path, tag: str) -> None:
    new = path.with_name(f"{path.stem}.{tag}.md")
    rel = path.relative_to(site.root).as_posix()
    if os.path.lexists(new):
        site.problem(
            rel,
            0,
            "",
            f"{new.name} is this page in {tag} too: two originals of one page, left as they are; keep one of "
            "them (backbone check says so too), then run backbone upgrade again",
        )
        return
    site.rename(
        path,
        new,
        f"renamed {new.name}, as the browser editor names the {tag} file of a page it pairs with its "
        f"translations (its address does not change)",
    )


def _docs_dir(site: Site) -> str:
    config = site.config
    docs = config.data.get("docs_dir") if config is not None and isinstance(config.data, dict) else None
    return os.path.normpath(docs) if isinstance(docs, str) and docs.strip() else "docs"
