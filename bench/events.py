"""Where a build's time and memory go, plugin by plugin (not a test).

    python bench/events.py -f site_config.yml [-d /tmp/site]     # any `mkdocs build` options

Runs `mkdocs build` in this process with every plugin event timed: it prints the wall time
of each (event, plugin) pair, MkDocs' own page rendering and the build's total, and each
step at which the resident memory's high-water mark grew. It wraps MkDocs 1.6's
PluginCollection.run_event, so it follows MkDocs' own event order and priorities.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter

import mkdocs.commands.build as build
from mkdocs import plugins
from mkdocs.__main__ import cli
from mkdocs.structure.files import Files

TIMES: Counter[str] = Counter()
MEMORY: list[tuple[int, str]] = []


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _note_memory(label: str) -> None:
    peak = _peak_mib()
    if not MEMORY or peak >= MEMORY[-1][0] + 5:
        MEMORY.append((peak, label))


def run_event(self, name, item=None, **kwargs):
    for method in self.events[name]:
        self._current_plugin = self._event_origins.get(method, "<unknown>")
        label = f"{name}: {self._current_plugin}"
        start = time.perf_counter()
        result = method(**kwargs) if item is None else method(item, **kwargs)
        if item is not None and result is not None:
            item = result
        TIMES[label] += time.perf_counter() - start
        self._current_plugin = None
        _note_memory(label)
    return item


def timed(function, label: str):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[label] += time.perf_counter() - start

    return wrapper


def report(total: float) -> None:
    print(f"\nbuild: {total:.2f} s wall, peak {_peak_mib()} MiB resident", file=sys.stderr)
    print("\nseconds  step (page steps include the plugin events they run)", file=sys.stderr)
    for label, seconds in TIMES.most_common(25):
        print(f"{seconds:7.2f}  {label}", file=sys.stderr)
    print("\npeak MiB  reached after", file=sys.stderr)
    for peak, label in MEMORY:
        print(f"{peak:8d}  {label}", file=sys.stderr)


def main() -> None:
    plugins.PluginCollection.run_event = run_event
    build._populate_page = timed(build._populate_page, "pages: reading and Markdown (all pages)")
    build._build_page = timed(build._build_page, "pages: theme and writing (all pages)")
    build.get_files = timed(build.get_files, "mkdocs: listing docs_dir")
    Files.copy_static_files = timed(Files.copy_static_files, "mkdocs: copying images, downloads, assets")
    build._build_theme_template = timed(build._build_theme_template, "mkdocs: theme templates (sitemap, 404)")
    sys.argv = ["mkdocs", "build", *sys.argv[1:]]
    start = time.perf_counter()
    try:
        cli(standalone_mode=False)
    finally:
        report(time.perf_counter() - start)


if __name__ == "__main__":
    main()
