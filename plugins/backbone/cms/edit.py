"""`backbone edit`: the site's preview and Decap's local server, then the editor in the browser.

Two processes, both on 127.0.0.1 only: ``mkdocs serve`` (the preview, rebuilt after every save)
and ``decap-server`` (the local backend the editor saves through, writing the project's files).
decap-server has no sign-in and, without ``BIND_HOST``, listens on every network interface:
anyone on the same network could then write the project's files. Here it is bound to the
loopback address and answers browsers from the preview's own address only (``ORIGIN``).

The preview learns the local server's address from ``LOCAL_BACKEND_ENV`` and writes it into the
editor's configuration as ``local_backend``; a build never does (adapters/cms.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path

from ..render.formats import formats_for
from .config import LOCAL_BACKEND_ENV
from .labels import N_

LOOPBACK = "127.0.0.1"
# Seconds the preview and decap-server have to stop by themselves on Ctrl-C: the preview waits
# for its e-mail and feed workers to finish the job they run.
STOPPING = 15.0
DECAP_SERVER = "decap-server@3.11.3"  # the version the browser test runs (package.json)
NEEDS_NODE = (
    "backbone edit needs Node.js (18 or newer) to run Decap's local server: install it from "
    "https://nodejs.org/ (or 'sudo apt install nodejs npm' on Debian and Ubuntu, 'brew install node' "
    "on a Mac), then run 'backbone edit' again. Editors who never use a terminal edit the published "
    "site's /admin/ page instead (see docs/editing.md)."
)


# Said before the editor starts when `backbone upgrade` would change what keeps the editor from
# changing every language of a site in several (a text given once for every language, a story
# or review named without its language): in the site's first language.
UPGRADE_FIRST = N_(
    "Some texts and files of this site cannot be changed in every language in the editor yet: run "
    "`backbone upgrade` (`backbone upgrade --check` lists them), then commit, and they can."
)


def upgrade_first(language: str) -> str:
    """The line that asks the backbone team to run `backbone upgrade`, in ``language``."""
    return f"backbone edit: {formats_for(language).words.gettext(UPGRADE_FIRST)}"


class EditError(RuntimeError):
    """What stops `backbone edit`, said so that the person can fix it."""


def decap_server_command(root: Path, which=None) -> list[str]:
    """How to run decap-server: the project's own copy (``npm install decap-server``), else
    the pinned version through npx (fetched from npm once, then cached by npm)."""
    which = which or shutil.which
    local = root / "node_modules" / ".bin" / "decap-server"
    if local.exists() and which("node"):
        return [str(local)]
    npx = which("npx")
    if npx and which("node"):
        return [npx, "--yes", DECAP_SERVER]
    raise EditError(NEEDS_NODE)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def proxy_environment(root: Path, port: int, preview_origin: str, base: dict | None = None) -> dict[str, str]:
    """decap-server's environment: loopback only, the project's files, answering the preview only."""
    env = dict(os.environ if base is None else base)
    env.update(
        BIND_HOST=LOOPBACK,
        PORT=str(port),
        MODE="fs",  # saves into the working folder: the team reviews and commits them with git
        GIT_REPO_DIRECTORY=str(root),
        ORIGIN=preview_origin,
        LOG_LEVEL="warn",
    )
    return env


@dataclass
class Session:
    """The two processes of one `backbone edit`."""

    admin_url: str
    proxy_url: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    def stop(self, grace: float = 0) -> None:
        """Stop both, as Ctrl-C stops them: the preview lets its worker processes go on its
        way out (terminated, it left the resource tracker to print a warning about their
        semaphores). ``grace``: seconds each has first to stop by itself (the terminal's
        Ctrl-C reached them too: interrupted again while stopping, the preview would print a
        traceback). One still running 10 s after being asked is killed."""
        deadline = time.monotonic() + grace
        for process in self.processes:
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for process in self.processes:
            if process.poll() is None:
                _interrupt(process)
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _interrupt(process: subprocess.Popen) -> None:
    """Ctrl-C's signal where there is one (Windows has none to send: terminated there)."""
    if os.name == "posix":
        process.send_signal(signal.SIGINT)
    else:
        process.terminate()


def start(config: Path, *, port: int | None = None, proxy_port: int | None = None, quiet: bool = False) -> Session:
    """Start decap-server and the preview; return once both answer (EditError if one cannot start)."""
    config = config.resolve()
    root = config.parent
    command = decap_server_command(root)
    port, proxy_port = port or free_port(), proxy_port or free_port()
    preview = f"http://{LOOPBACK}:{port}"
    session = Session(f"{preview}/admin/", f"http://{LOOPBACK}:{proxy_port}/api/v1")
    output = subprocess.DEVNULL if quiet else None
    try:
        session.processes.append(
            subprocess.Popen(command, cwd=root, env=proxy_environment(root, proxy_port, preview), stdout=output)
        )
        _wait_for_port(proxy_port, session.processes[0], "Decap's local server (decap-server)", 120)
        env = {**os.environ, LOCAL_BACKEND_ENV: session.proxy_url}
        serve = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"{LOOPBACK}:{port}"]
        session.processes.append(subprocess.Popen(serve, cwd=root, env=env, stdout=output, stderr=output))
        _wait_for_page(session.admin_url, session.processes[1], 600, config)
    except BaseException as exc:  # Ctrl-C while both start: it reached them too
        session.stop(STOPPING if isinstance(exc, KeyboardInterrupt) else 0)
        raise
    return session


def _wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditError(f"{what} stopped before it started (exit code {process.returncode}); see above why")
        try:
            with socket.create_connection((LOOPBACK, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise EditError(f"{what} did not start within {seconds:.0f} seconds")


NO_EDITOR = (
    "the preview has no editor at {url}: add 'backbone' under 'plugins:' in {config} "
    "or update Backbone where mkdocs runs ('python3 -m pip install -U backbone-site')"
)


def _wait_for_page(url: str, process: subprocess.Popen, seconds: float, config: Path) -> None:
    """The preview answers once its first build is done; a build that fails stops `mkdocs serve`.
    A preview that serves its home page but no /admin/ runs without Backbone's editor."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditError(f"the preview (mkdocs serve) stopped (exit code {process.returncode}); see above why")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code == 404 and _answers(url.removesuffix("admin/")):
                raise EditError(NO_EDITOR.format(url=url, config=config.name)) from None
            time.sleep(0.5)
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise EditError(f"the preview did not answer at {url} within {seconds:.0f} seconds")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def run(config: Path, *, port: int | None = None, open_browser: bool = True, notice: str | None = None) -> int:
    """`backbone edit`: start both, open the editor, and wait until Ctrl-C or one of them stops;
    ``notice``, a line to say first (``upgrade_first``). Asked to end otherwise (SIGTERM: `kill`,
    a process manager), it stops both first rather than leave them serving the project's files."""
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        return _run(config, port, open_browser, notice)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, frame) -> None:
    raise SystemExit(128 + signum)  # through ``Session.stop``, as a shell reports it


def _run(config: Path, port: int | None, open_browser: bool, notice: str | None) -> int:
    if notice:
        print(notice)
    try:
        session = start(config, port=port)
    except EditError as exc:
        print(f"backbone edit: {exc}", file=sys.stderr)
        return 1
    print(
        f"The editor is open at {session.admin_url} (the site's preview at {session.admin_url[:-6]}).\n"
        "Click 'Login', change what you need and save: the preview rebuilds, and 'backbone check' says\n"
        "whether everything still builds. Your changes are saved in the project's files; commit them\n"
        "with git as usual. Press Ctrl-C here to stop."
    )
    if open_browser:
        webbrowser.open(session.admin_url)
    grace = 0.0
    try:
        while all(p.poll() is None for p in session.processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        grace = STOPPING
    finally:
        session.stop(grace)
    return 0
