"""The renames and moves of Backbone 0.2: one plugin, the theme in the package, membership in
governance, ``count`` → ``valuation``. Each step finds what is written the old way and does
nothing when there is none, so running it again changes nothing."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import theme_copies as theme
from ..problems import close_match
from .site import Site, shown
from .yamltext import plain

FEATURE = {
    "backbone/identity": None,
    "backbone/partners": "partners",
    "backbone/governance": "governance",
    "backbone/metrics": "metrics",
    "backbone/stories": "stories",
    "backbone/learning": "learning",
    "backbone/feeds": "feeds",
}
# where each option of the seven 0.1 plugins went in the one plugin's options
MOVED = {
    "backbone/identity": {
        "data_dir": ("data_dir",),
        "cache_days": ("cache_days",),
        "contrast_minimum": ("brand", "contrast_minimum"),
        "brand_page": ("brand", "enabled"),
    },
    "backbone/metrics": {k: ("metrics", k) for k in ("tolerance", "reporting_lag_days", "headline_limit", "workers")},
    "backbone/stories": {
        k: ("stories", k)
        for k in ("folder", "per_page", "related", "future", "trust_html", "stale_claims", "workers", "newsletter")
    },
    "backbone/feeds": {k: ("feeds", k) for k in ("limit", "per_tag", "per_partner", "learning")},
    "backbone/learning": {k: ("learning", k) for k in ("folder", "voices")},
}
# 0.1's cache folders, one per plugin; since 0.2 one cache_dir holds a subfolder of each
CACHES = {
    ("backbone/identity", "cache_dir"): "data",
    ("backbone/metrics", "cache_dir"): "charts",
    ("backbone/stories", "cache_dir"): "cards",
    ("backbone/stories", "email_cache_dir"): "emails",
}
DEFAULT_CACHE = ".cache/backbone"


def _entry(item) -> tuple[str | None, dict]:
    """(name, options) of one entry of ``plugins``."""
    if isinstance(item, str):
        return item, {}
    if isinstance(item, dict) and len(item) == 1:
        (name, options), *_ = item.items()
        return str(name), options if isinstance(options, dict) else {}
    return None, {}


def _put(options: CommentedMap, path: tuple[str, ...], value) -> None:
    for key in path[:-1]:
        options = options.setdefault(key, CommentedMap())
    options[path[-1]] = value


def one_plugin(site: Site) -> None:
    """The seven ``backbone/*`` entries of ``plugins`` become one ``backbone`` entry, with
    each option where it went; a feature whose entry was missing stays off."""
    config = site.config
    plugins = config.data.get("plugins") if config and isinstance(config.data, dict) else None
    if not isinstance(plugins, CommentedSeq):
        return
    old = [(i, *_entry(item)) for i, item in enumerate(plugins) if _entry(item)[0] in FEATURE]
    if not old:
        return
    options, notes, caches = CommentedMap(), [], []
    for _, name, given in old:
        for key, value in given.items():
            if (name, key) in CACHES:
                caches.append((str(value), CACHES[name, key]))
            elif key == "enabled" and FEATURE[name]:
                _put(options, (FEATURE[name], "enabled"), value)
            elif key in MOVED.get(name, {}):
                _put(options, MOVED[name][key], value)
            else:
                notes.append(f"{name}'s option '{shown(key)}' is not an option of Backbone any more: left out")
    listed = {name for _, name, _ in old}
    off = [FEATURE[n] for n in FEATURE if FEATURE[n] and n not in listed]
    for feature in off:
        _put(options, (feature, "enabled"), False)
    notes += _cache_dir(options, caches)
    new = CommentedMap(backbone=options) if options else "backbone"
    expected = [plain(p) for i, p in enumerate(plugins) if i not in {o[0] for o in old}]
    expected.insert(sum(1 for i in range(old[0][0]) if i not in {o[0] for o in old}), plain(new))
    if any(_entry(p)[0] == "backbone" for p in plugins):
        site.problem(config.rel, plugins.lc.item(old[0][0])[0] + 1, "plugins", _BOTH)
        return
    before = config.text
    if plugins.fa.flow_style():
        line = config.replace_value(config.data, "plugins", expected)
    else:
        line = config.replace_items(plugins, [o[0] for o in old], new)
    if plain(config.data.get("plugins")) != expected:
        config.text, config.changed = before, False
        site.problem(config.rel, line, "plugins", "backbone upgrade could not rewrite the plugins safely; " + _BY_HAND)
        return
    said = ", ".join(name for _, name, _ in old)
    kept = " with the same options" if any(given for *_, given in old) else ""
    site.change(config.rel, line, f"plugins: {said} became one 'backbone' entry{kept}")
    if off:
        site.change(config.rel, line, f"plugins: {', '.join(off)} had no entry, so 'enabled: false' keeps it off")
    for note in notes:
        site.change(config.rel, line, note)


_BOTH = (
    "plugins lists both 'backbone' and 0.1's backbone/* entries; keep the one 'backbone' entry, "
    "move the others' options under it (docs/upgrading.md lists where each went) and delete them"
)
_BY_HAND = "write one 'backbone' entry by hand (docs/upgrading.md lists where each option went)"


def _cache_dir(options: CommentedMap, caches: list[tuple[str, str]]) -> list[str]:
    """0.1's cache folders as the one cache_dir, when they share a parent; else a note."""
    parents = {value.rstrip("/")[: -len(leaf) - 1] for value, leaf in caches if value.rstrip("/").endswith("/" + leaf)}
    if len(parents) == 1 and len(caches) == sum(1 for v, leaf in caches if v.rstrip("/").endswith("/" + leaf)):
        parent = parents.pop()
        if parent != DEFAULT_CACHE:
            options.insert(0, "cache_dir", parent)
        return []
    if not caches:
        return []
    return [
        "the cache folders "
        + ", ".join(f"'{shown(v)}'" for v, _ in caches)
        + f" were left out: one cache_dir (default {DEFAULT_CACHE}) now holds a subfolder of each; "
        "the next build draws again what they held"
    ]


def packaged_theme(site: Site) -> None:
    """Unchanged copies of Backbone's theme files in the custom_dir are deleted (Backbone ships
    them); custom_dir goes when nothing of the site's own is left in it."""
    config = site.config
    settings = config.data.get("theme") if config and isinstance(config.data, dict) else None
    if not isinstance(settings, CommentedMap) or not isinstance(settings.get("custom_dir"), str):
        return
    custom = settings["custom_dir"]
    folder = (site.root / custom).resolve()
    if not folder.is_relative_to(site.root.resolve()):
        return  # a folder outside the site is not the site's to change
    copies = theme.copies(folder)
    for path, version in copies:
        site.delete(path, f"deleted: an unchanged copy of Backbone {version}'s theme file (Backbone ships it itself)")
    gone = {path for path, _ in copies}
    own = [p for p in folder.rglob("*") if p.is_file() and p not in gone] if folder.is_dir() else []
    if own and not copies:
        return
    if own:
        site.change(custom, 0, f"kept {len(own)} file(s) of the site's own: custom_dir still names this folder")
        return
    line = config.delete_key(config.data["theme"], "custom_dir")
    site.change(config.rel, line, f"theme: custom_dir '{shown(custom)}' removed: it held only Backbone's own files")


def members_in_governance(site: Site) -> None:
    """Each partner's ``working_groups`` becomes its place in the ``members`` of those bodies
    in governance.yml; a body governance does not have is left where it is, with a message."""
    data = site.data_dir()
    partners = site.doc(f"{data}/partners.yml")
    entries = partners.data.get("partners") if partners and isinstance(partners.data, dict) else None
    if not isinstance(entries, CommentedSeq):
        return
    todo = [i for i, p in enumerate(entries) if isinstance(p, CommentedMap) and "working_groups" in p]
    if not todo:
        return
    governance = site.doc(f"{data}/governance.yml")
    bodies = governance.data.get("bodies") if governance and isinstance(governance.data, dict) else None
    if not isinstance(bodies, CommentedSeq):
        first = partners.data["partners"][todo[0]]
        site.problem(partners.rel, first.lc.key("working_groups")[0] + 1, "working_groups", _NO_GOVERNANCE)
        return
    for i in todo:
        _move_memberships(site, partners, governance, i)


_NO_GOVERNANCE = (
    "working_groups moved to the members of each body in governance.yml, and this site has no "
    "governance.yml with bodies: left as it is; write governance.yml (docs/reference.md), then run "
    "backbone upgrade again"
)


def _move_memberships(site: Site, partners, governance, i: int) -> None:
    partner = partners.data["partners"][i]
    pid = str(partner.get("id", ""))
    listed = partner["working_groups"]
    listed = [str(b) for b in (listed if isinstance(listed, list) else [listed]) if b is not None]
    where = partners.original(partner.lc.key("working_groups")[0])
    ids = [str(b.get("id")) for b in governance.data["bodies"] if isinstance(b, CommentedMap)]
    unknown = [b for b in listed if b not in ids]
    for body_id in listed:
        if body_id in unknown:
            continue
        body = governance.data["bodies"][ids.index(body_id)]
        members = body.get("members") or []
        if pid in [str(m) for m in members] or str(body.get("chair")) == pid:
            continue
        line = governance.append(body, "members", pid)
        site.change(
            governance.rel,
            line,
            f"'{shown(pid)}' added to the members of '{shown(body_id)}' (from {partners.rel}:{where}, working_groups)",
        )
    for body_id in unknown:
        match = close_match(body_id, ids)
        hint = f" (did you mean '{shown(match)}'?)" if match else ""
        site.problem(
            partners.rel,
            where,
            "working_groups",
            f"'{shown(body_id)}' is not a body in {governance.rel}{hint}: working_groups was left here; "
            "add that body to governance.yml, or take it out of this list, then run backbone upgrade again",
        )
    if not unknown:
        partners.delete_key(partners.data["partners"][i], "working_groups")
        site.change(
            partners.rel, where, f"working_groups of '{shown(pid)}' removed: {governance.rel} lists its memberships"
        )


def valuation_rule(site: Site) -> None:
    """``count:`` of a valuation in investments.yml is called ``valuation:``."""
    investments = site.doc(f"{site.data_dir()}/investments.yml")
    valuations = investments.data.get("valuations") if investments and isinstance(investments.data, dict) else None
    if not isinstance(valuations, CommentedSeq):
        return
    for i in range(len(valuations)):
        valuation = investments.data["valuations"][i]
        if not isinstance(valuation, CommentedMap) or "count" not in valuation:
            continue
        metric = shown(valuation.get("metric", i))
        if "valuation" in valuation:
            line = investments.delete_key(valuation, "count")
            site.change(investments.rel, line, f"count of '{metric}' removed: its valuation line says the rule")
        else:
            line = investments.rename_key(valuation, "count", "valuation")
            site.change(investments.rel, line, f"count of '{metric}' is now called valuation")
