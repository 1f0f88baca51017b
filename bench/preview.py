"""Edit-to-preview: a real `mkdocs serve`, a file saved, the served pages polled until they changed.

Used by bench/scale.py. The time runs from the moment the file is written to the moment every
URL given serves new content; MkDocs' live-reload script (which carries the build's number) is
cut out of the HTML first, so that a rebuild that changed nothing on a page does not count as
its change.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>", re.S)
POLL = 0.05


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return LIVERELOAD.sub(b"", response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


class Preview:
    """`mkdocs serve` of one site, in its own process."""

    def __init__(self, config: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1760000000"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # its site folder (and the blog plugin's) in a folder of the bench's own, removed in stop()
        # with whatever it holds: in one loaded suite run, a stopped preview left a folder behind
        self.tmp = tempfile.TemporaryDirectory(prefix="bench-serve-")
        env["TMPDIR"] = self.tmp.name
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{self.port}"]
        self.log = open(config.parent / "serve.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            command, cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.lines: list[tuple[float, str]] = []  # (when it was read, the server's log line)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append((time.perf_counter(), line.decode("utf-8", "replace").rstrip()))
            self.log.write(line)
            self.log.flush()

    def timeline(self, since: float) -> list[str]:
        """The server's log lines read since ``since`` (a perf_counter), each with its offset;
        its stale-claims lists left out."""
        return [f"{when - since:6.2f}  {line[:100]}" for when, line in self.lines if when >= since and line[:1] != " "]

    def ready(self, path: str = "", limit: float = 900) -> float:
        """Seconds until the first build is served."""
        start = time.perf_counter()
        while fetch(self.base + path) is None:
            if self.proc.poll() is not None or time.perf_counter() - start > limit:
                self.stop()
                sys.exit(f"mkdocs serve did not start; see {self.log.name}")
            time.sleep(0.2)
        return time.perf_counter() - start

    def settle(self, quiet: float = 3.0, limit: float = 300) -> None:
        """Until the server has logged nothing for ``quiet`` seconds: no build under way, none
        asked for (Backbone's preview rebuilds the whole site a moment after showing a saved
        story first), so that each edit starts from an idle preview."""
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            last = self.lines[-1][0] if self.lines else start
            if time.perf_counter() - last >= quiet:
                return
            time.sleep(0.1)

    def whole(self) -> float:
        """Seconds from the last edit until the server last reloaded the browsers, once it has
        settled: when the whole site was rebuilt."""
        self.settle()
        reloads = [when for when, line in self.lines if when >= self.changed_at and "Reloading browsers" in line]
        return (reloads[-1] if reloads else self.changed_at) - self.changed_at

    def edit(self, change: Callable[[], None], paths: list[str], limit: float = 300) -> float:
        """Seconds from ``change()`` (which saves a file) until every path serves new content."""
        self.settle()
        before = {path: fetch(self.base + path) for path in paths}
        missing = [path for path, body in before.items() if body is None]
        if missing:
            sys.exit(f"not served before the edit: {', '.join(missing)}")
        start = self.changed_at = time.perf_counter()
        change()
        waiting = set(paths)
        while waiting:
            if time.perf_counter() - start > limit:
                sys.exit(f"unchanged {limit:.0f} s after the edit: {', '.join(sorted(waiting))}")
            for path in list(waiting):
                body = fetch(self.base + path)
                if body is not None and body != before[path]:
                    waiting.discard(path)
            if waiting:
                time.sleep(POLL)
        return time.perf_counter() - start

    def stop(self) -> None:
        """As Ctrl-C does: `mkdocs serve` then removes its temporary site folder (and the blog
        plugin its own), which a SIGTERM leaves behind."""
        self.proc.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(5)
        self.log.close()
        self.tmp.cleanup()


def append_text(path: Path, text: str) -> Callable[[], None]:
    def change() -> None:
        with path.open("a", encoding="utf-8") as file:
            file.write(text)

    return change


def replace_text(path: Path, old: str, new: str) -> Callable[[], None]:
    def change() -> None:
        source = path.read_text(encoding="utf-8")
        if old not in source:
            sys.exit(f"{path}: '{old}' not found to replace")
        path.write_text(source.replace(old, new, 1), encoding="utf-8")

    return change


def served_path(site: Path, phrase: str) -> str:
    """The URL path of the one page of a built ``site`` whose HTML holds ``phrase``."""
    for page in sorted(site.rglob("index.html")):
        if phrase in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(site).as_posix() + "/"
    sys.exit(f"no page of {site} holds '{phrase}'")


def main() -> None:
    """`python bench/preview.py SITE`: edit-to-preview alone, on a site bench/scale.py generated
    (`--keep`) or bench/rebuild.py left; the same rounds as bench/scale.py's."""
    import argparse

    import scale

    parser = argparse.ArgumentParser(description=main.__doc__.split(":")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeline", action="store_true", help="the server's log after each edit, with times")
    args = parser.parse_args()
    stories = len(list((args.site / "content" / "stories").glob("*.md")))
    server = Preview(args.site / "site_config.yml")
    try:
        print(f"served after {server.ready():.1f} s", flush=True)
        for r in range(args.repeat):
            slug = f"story-{10 * (r + 1) % stories:04d}"
            story = append_text(args.site / "content" / "stories" / f"{slug}.md", f"\nEdited in round {r + 1}.\n")
            took = server.edit(story, [f"stories/{slug}/"])
            first = fetch(server.base + f"stories/{slug}/")
            whole = server.whole()
            if fetch(server.base + f"stories/{slug}/") != first:
                print(f"the page shown first differs from the whole rebuild's: stories/{slug}/", flush=True)
            if args.timeline:
                print("\n".join(server.timeline(server.changed_at)), flush=True)
            mid = f"metric-{r:03d}"
            figure = scale.set_last_value(
                args.site / "data" / "metrics" / f"{mid}.yml", 987_650 + r + time.time_ns() % 1000
            )
            took_figure = server.edit(figure, [f"metrics/{mid}/", f"metrics/{mid}/{mid}.svg", "scorecard/"])
            if args.timeline:
                print("\n".join(server.timeline(server.changed_at)), flush=True)
            print(
                f"round {r + 1}: story text {took:.2f} s (whole site {whole:.2f} s), one figure {took_figure:.2f} s",
                flush=True,
            )
    finally:
        server.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
