"""Which Backbone is installed, and the requirement that installs the same one on a site's CI.

pip records where a distribution came from in its ``direct_url.json`` (PEP 610); an install
from a package index has none. ``backbone new site`` writes the line this module gives into
the new site's ``requirements.txt``, which its publishing workflow installs: the same
Backbone the author previews with, or, when CI could not reach where it came from (a folder
or a wheel file on the author's computer), a comment saying exactly what to write instead.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import __version__
from .render.words import N_

DIST = "backbone-site"
REACHABLE = ("https", "http")  # what a site's CI (GitHub's runners) can fetch without a key


HEAD = N_("What CI installs to build the site (.github/workflows/publish.yml).")
STOPS = N_(
    "GitHub's runners cannot reach it, so no line is written below and the publishing workflow stops until "
    "you write one. Write ONE of these lines, without the '#':"
)
WIDTH = 84  # the comment's lines, as the English one wraps


@dataclass(frozen=True)
class Requirement:
    """``line``: the requirement, or "" when none can be written; ``comment``: lines above it."""

    line: str
    comment: tuple[str, ...] = ()

    def text(self, say=str) -> str:
        """The file's text; ``say`` translates its words (a catalogue's gettext: the site's language)."""
        head = f"# {say(HEAD)}\n"
        body = "".join(f"# {c}\n" if c else "#\n" for c in self.comment)
        return head + body + (f"{self.line}\n" if self.line else "")


def direct_url(dist: str = DIST) -> tuple[str, dict | None]:
    """(version, the parsed direct_url.json or None) of the installed ``dist``."""
    try:
        found = metadata.distribution(dist)
    except metadata.PackageNotFoundError:  # run from a source folder that was never installed
        return __version__, {"url": Path(__file__).resolve().parents[2].as_uri(), "dir_info": {}}
    if found.version != __version__:  # another copy is installed; this one runs from its folder
        return __version__, {"url": Path(__file__).resolve().parents[2].as_uri(), "dir_info": {}}
    text = found.read_text("direct_url.json")
    return found.version, (json.loads(text) if text else None)


def requirement(version: str, origin: dict | None, git=None, say=str) -> Requirement:
    """The requirement for the Backbone described by ``version`` and ``origin`` (direct_url.json).

    ``git(folder, commit)`` gives (address CI can clone, tag or "", commit) for a local
    repository, or None (see ``remote_of``); tests stand in for git through it. ``say``
    translates the comment's words (a catalogue's gettext)."""
    git = git or remote_of
    if origin is None:
        return Requirement(f"{DIST}=={version}")
    url = origin.get("url", "")
    scheme = urlsplit(url).scheme
    if "vcs_info" in origin:
        info = origin["vcs_info"]
        commit = info.get("commit_id", "")
        if scheme in REACHABLE:
            return Requirement(f"{DIST} @ {info.get('vcs', 'git')}+{url}@{commit}", _tag_note(info))
        remote = git(_folder(url), commit) if scheme == "file" else None
        if remote:
            address, tag, _ = remote
            note = (f"version {tag} of {address}",) if tag else (f"commit {commit[:12]} of {address}",)
            return Requirement(f"{DIST} @ git+{address}@{tag or commit}", note)
        return _unreachable(version, say(N_("the git repository at {url}")).format(url=url), commit, None, say)
    if "archive_info" in origin and scheme in REACHABLE:
        digest = origin["archive_info"].get("hashes", {}).get("sha256") or _legacy_hash(origin["archive_info"])
        return Requirement(f"{DIST} @ {url}" + (f"#sha256={digest}" if digest else ""))
    where = (
        N_("a wheel or archive file on this computer, {place}")
        if "archive_info" in origin
        else N_("a folder on this computer, {place}")
    )
    place = say(where).format(place=_folder(url) or url)
    if origin.get("dir_info", {}).get("editable"):
        place += " " + say(N_("(an editable install)"))
    clone = git(_folder(url), "") if "dir_info" in origin else None  # a clean clone, pushed
    return _unreachable(version, place, "", clone, say)


def _tag_note(info: dict) -> tuple[str, ...]:
    asked = info.get("requested_revision")
    return (f"{asked}",) if asked and asked != info.get("commit_id") else ()


def _legacy_hash(archive: dict) -> str:
    name, _, value = archive.get("hash", "").partition("=")
    return value if name == "sha256" else ""


def _folder(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) if parts.scheme == "file" else ""


def _unreachable(
    version: str, where: str, commit: str, clone: tuple[str, str, str] | None = None, say=str
) -> Requirement:
    """No line: CI cannot reach where this Backbone came from. Say exactly what to write."""
    at = f"@{commit}" if commit else "@" + say(N_("<the tag or commit you installed>"))
    lines = [
        say(N_("This site was made with Backbone {version} installed from {where}:")).format(
            version=version, where=where
        ),
        *textwrap.wrap(say(STOPS), WIDTH, break_on_hyphens=False),
    ]
    if clone:
        address, tag, head = clone
        clean = say(N_("(that folder is a clean clone of {address})")).format(address=address)
        lines.append(f"  {DIST} @ git+{address}@{tag or head}   {clean}")
    indexed, public = say(N_("(once this version is on the package index)")), say(N_("(a public git repository)"))
    wheel, its_address = say(N_("(a release's wheel)")), say(N_("address of the release's .whl file"))
    lines += [
        f"  {DIST}=={version}   {indexed}",
        f"  {DIST} @ git+https://github.com/<owner>/<repository>{at}   {public}",
        f"  {DIST} @ https://<{its_address}>   {wheel}",
    ]
    return Requirement("", tuple(lines))


def remote_of(folder: str, commit: str) -> tuple[str, str, str] | None:
    """(https address of ``folder``'s 'origin', a tag at the commit or "", the commit) when that
    remote already has ``commit`` (a remote-tracking branch or a tag holds it); else None.
    With ``commit`` "", the folder's HEAD, and only when nothing in the work tree is changed."""

    def git(*args: str) -> str:
        try:
            run = subprocess.run(["git", "-C", folder, *args], capture_output=True, text=True, check=False)
        except OSError:  # no git on this computer
            return ""
        return run.stdout.strip() if run.returncode == 0 else ""

    if not folder or not Path(folder, ".git").exists():
        return None
    address = git("remote", "get-url", "origin")
    if urlsplit(address).scheme not in REACHABLE:
        return None
    if not commit:
        commit = git("rev-parse", "HEAD")
        if not commit or git("status", "--porcelain", "--untracked-files=no"):
            return None
    tags = git("tag", "--points-at", commit).split()
    if not tags and not git("branch", "--remotes", "--contains", commit):
        return None  # not pushed, as far as this clone knows
    return address, (sorted(tags)[-1] if tags else ""), commit
