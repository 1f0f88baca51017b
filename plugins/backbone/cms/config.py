"""The whole Decap configuration of a site (``admin/config.yml``), and where the editor may send requests.

The backend is where the editor reads and commits the files: GitHub by default, with the
repository read from the site's ``repo_url``; GitLab; Gitea; or the local proxy (decap-server).
``local_backend`` is added only for `backbone edit`, which runs decap-server on 127.0.0.1: a
published site's editor never talks to a local server.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..translations import SAME_IN_EVERY_LANGUAGE
from .collections import Site, collections
from .labels import Labels, decap_locale

# `backbone edit` tells the preview its local server's address in this variable (cms/edit.py)
LOCAL_BACKEND_ENV = "BACKBONE_CMS_LOCAL_BACKEND"

# 'proxy' (Decap's local server as the only backend) is Decap's alone: Sveltia has no local server.
BACKENDS = ("github", "gitlab", "gitea", "proxy")
HOSTED = {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}
# GitHub's OAuth needs a small server holding the app's secret: Decap's default is Netlify's.
DEFAULT_AUTH = {"github": "https://api.netlify.com", "gitlab": "https://gitlab.com"}
LOCAL_PROXY = "http://127.0.0.1:8081/api/v1"


class BackendError(ValueError):
    """A backend option the editor cannot work with; the message says how to fix it."""


@dataclass(frozen=True)
class Backend:
    """The options of the ``cms:`` section that say where the editor commits."""

    name: str = "github"
    repo: str | None = None  # 'owner/name'; default: from repo_url
    branch: str = "main"
    base_url: str | None = None  # the OAuth server (GitHub: one the partnership runs or chooses)
    auth_endpoint: str | None = None
    api_root: str | None = None  # a self-hosted GitLab or Gitea's API
    app_id: str | None = None  # GitLab's or Gitea's OAuth application id (PKCE: no secret)
    editorial_workflow: bool = False
    proxy_url: str = LOCAL_PROXY


def repo_from_url(repo_url: str | None) -> str | None:
    """'https://github.com/riverbend-works/site(.git)' → 'riverbend-works/site'."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    path = re.sub(r"\.git$", "", parts.path.strip("/"))
    return path if parts.scheme in ("http", "https") and "/" in path else None


def backend_config(backend: Backend, repo_url: str | None) -> dict[str, Any]:
    if backend.name not in BACKENDS:
        raise BackendError(f"unknown backend '{backend.name}': use one of {', '.join(BACKENDS)}")
    if backend.name == "proxy":
        return {"name": "proxy", "proxy_url": backend.proxy_url, "branch": backend.branch}
    repo = backend.repo or repo_from_url(repo_url)
    if not repo:
        raise BackendError(
            f"the editor needs the repository it commits to: set repo_url (like 'https://github.com/owner/site') "
            f"or 'repo: owner/site' under 'cms:' of the backbone plugin ({backend.name})"
        )
    out: dict[str, Any] = {"name": backend.name, "repo": repo, "branch": backend.branch}
    if backend.name == "gitea":
        host = backend.base_url or _host(repo_url)
        if not host:
            raise BackendError(
                "the Gitea backend needs 'base_url:' (the Gitea server, like 'https://gitea.example.org')"
            )
        out.update(base_url=host, api_root=backend.api_root or f"{host}/api/v1")
    elif backend.name == "gitlab" and repo_url and _host(repo_url) != "https://gitlab.com" and not backend.api_root:
        host = _host(repo_url)
        out.update(api_root=f"{host}/api/v4", base_url=backend.base_url or host)
    for key in ("base_url", "auth_endpoint", "api_root", "app_id"):
        if getattr(backend, key) and key not in out:
            out[key] = getattr(backend, key)
    if backend.name == "gitlab" and backend.app_id:  # Gitea's sign-in is PKCE already
        out["auth_type"] = "pkce"
    return out


def _backend(backend: Backend, repo_url: str | None, local: str | None) -> dict[str, Any]:
    """``backend_config``; with `backbone edit`'s local server (``local``), that server where
    the site's own backend cannot be made yet (no repository: a new site), since it is the
    only one the editor talks to there."""
    try:
        return backend_config(backend, repo_url)
    except BackendError:
        if local is None:
            raise
        return backend_config(replace(backend, name="proxy", proxy_url=local), repo_url)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def decap_config(
    site: Site,
    backend: Backend,
    *,
    repo_url: str | None = None,
    site_url: str | None = None,
    local_backend: str | None = None,
    t: Labels | None = None,
) -> dict[str, Any]:
    """The configuration, as a mapping in the order Decap documents it."""
    t = t or Labels()
    config: dict[str, Any] = {"backend": _backend(backend, repo_url, local_backend)}
    if local_backend:
        config["local_backend"] = {"url": local_backend}
    if backend.editorial_workflow and not local_backend:  # the local proxy's files mode has no workflow
        config["publish_mode"] = "editorial_workflow"
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    config["locale"] = decap_locale(site.language)
    config["media_folder"] = f"{site.docs}/images"
    config["public_folder"] = "images"
    config["slug"] = {"encoding": "ascii", "clean_accents": True}
    if len(site.languages) > 1:
        config["i18n"] = {
            "structure": "multiple_files",
            "locales": list(site.languages),
            "default_locale": site.languages[0],
        }
    config["collections"] = collections(site, t)
    if len(site.languages) > 1:
        _translated(config["collections"])
    return config


# A translation keeps its original's facts (translations.py checks it): those fields are copied
# from the default language's file ('duplicate'), the words are translated side by side; a
# picture's file is a fact and its description words.
SAME = {path[0] for path in SAME_IN_EVERY_LANGUAGE if len(path) == 1}
SAME_PARTS = {
    path[0]: {p[1] for p in SAME_IN_EVERY_LANGUAGE if p[0] == path[0]}
    for path in SAME_IN_EVERY_LANGUAGE
    if len(path) == 2
}


BOOLEAN_ONLY = {"list", "object"}  # Decap's schema of these widgets: 'i18n' is true or false


def _translated(cols: list[dict]) -> None:
    for collection in cols:
        if collection["name"] not in ("stories", "reviews"):
            continue  # pages and data files: per-language fields are edited one box per language
        collection["i18n"] = True
        collection["fields"] = [_i18n(f) for f in collection["fields"]]


def _i18n(field: dict, mode: bool | str | None = None) -> dict:
    """``field`` and its parts marked (Decap hides, in the other languages, a part left unmarked)."""
    name = field["name"]
    if mode is None:
        mode = "duplicate" if name in SAME else True
    if mode == "duplicate" and field.get("widget") in BOOLEAN_ONLY:
        # Decap's list and object widgets take no 'duplicate'. Hidden ('false'), a new story's
        # translation would be saved without the story's tags, which the build refuses; shown in
        # each language, the editor copies them ("Fill in from another locale")
        mode = True
    out = {**field, "i18n": mode}
    if "fields" in field:
        parts = SAME_PARTS.get(name, set()) if mode is True else set()
        out["fields"] = [_i18n(f, "duplicate" if f["name"] in parts else mode) for f in field["fields"]]
    if "field" in field:
        out["field"] = _i18n(field["field"], mode)
    return out


def allowed_hosts(config: dict[str, Any]) -> list[str]:
    """The origins the editor may send requests to besides the site: the backend's API, its
    sign-in server and the local proxy (the admin page's Content-Security-Policy lists them)."""
    backend = config["backend"]
    hosts = []
    if backend["name"] == "proxy":
        hosts.append(_host(backend["proxy_url"]))
    else:
        hosts.append(_host(backend.get("api_root") or HOSTED.get(backend["name"], "")))
        hosts.append(_host(backend.get("base_url") or DEFAULT_AUTH.get(backend["name"])))
        if backend["name"] == "github":
            hosts.append("https://avatars.githubusercontent.com")
    if "local_backend" in config:
        hosts.append(_host(config["local_backend"]["url"]))
    return sorted({h for h in hosts if h})


def to_yaml(config: dict[str, Any]) -> str:
    """The configuration as YAML, with its keys in the order they were written."""
    return _yaml_of(json.dumps(config, ensure_ascii=False))


@lru_cache(maxsize=16)
def _yaml_of(config: str) -> str:
    """PyYAML's emitter is pure Python, and slow on a configuration this size: each rebuild
    of the preview asks for the same one, so it is kept by its JSON, which keeps the keys'
    order and the values' types. libyaml's emitter would be quick, but writes some texts
    (emoji) otherwise, and a build's output must not depend on which one is installed."""
    head = "# Made by Backbone from the site's schemas on every build: changes here are overwritten.\n"
    return head + yaml.safe_dump(json.loads(config), sort_keys=False, allow_unicode=True, width=1000)
