"""Where a `mkdocs serve` rebuild's time goes, step by step (not a test).

    python bench/rebuild.py                      # generates bench/scale.py's 1,000-story site
    python bench/rebuild.py --site /tmp/scale    # reuses one (made with --keep, or by an earlier run)
    python bench/rebuild.py --profile 30         # and cProfile's 30 costliest functions of two rebuilds

Builds the site as `mkdocs serve` does, in this process (one plugin instance, a fresh
configuration each build, the same temporary site folder, MkDocs' `serve` command started, a
clean first build and dirty rebuilds as Backbone's on_serve makes them; no server, so no
waiting for its poll), then saves a story's text and one figure of one
metric in turn, rebuilding after each. Prints each rebuild's wall and CPU time, and where its
wall time went (bench/events.py's timing of every plugin event and MkDocs' own stretches;
indented, Backbone's steps inside them).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

import mkdocs.commands.build as build
from mkdocs import plugins
from mkdocs.config import load_config
from mkdocs.structure.files import Files

sys.path.insert(0, str(Path(__file__).resolve().parent))
import events  # noqa: E402 - bench/ is no package
import scale  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


def edits(site: Path) -> list[tuple[str, callable]]:
    story = sorted((site / "content" / "stories").glob("*.md"))[7]

    def story_text(n: int):
        def change() -> None:
            with story.open("a", encoding="utf-8") as file:
                file.write(f"\nA sentence added while previewing, number {n}.\n")

        return change

    def figure(n: int):
        # as bench/preview.py's round: the latest figure of a metric on the scorecard, new each run
        value = 987_650 + 10 * (time.time_ns() // 1000 % 10_000) + n
        return scale.set_last_value(site / "data" / "metrics" / f"metric-{n:03d}.yml", value)

    return [("story text", story_text(n)) for n in range(3)] + [("one figure", figure(n)) for n in range(3)]


def instrument() -> None:
    from backbone.adapters.plugin import BackbonePlugin
    from backbone.adapters.unchanged import Unchanged

    call = BackbonePlugin._call

    def timed_step(self, function, *args, **kwargs):
        start = time.perf_counter()
        try:
            return call(self, function, *args, **kwargs)
        finally:
            events.TIMES[f"  step {function.__qualname__}"] += time.perf_counter() - start

    BackbonePlugin._call = timed_step
    Unchanged.finish = events.timed(Unchanged.finish, "  unchanged: noting and sweeping the site folder")
    plugins.PluginCollection.run_event = events.run_event
    build._populate_page = events.timed(build._populate_page, "pages: reading and Markdown (all pages)")
    build._build_page = events.timed(build._build_page, "pages: theme and writing (all pages)")
    build.get_files = events.timed(build.get_files, "mkdocs: listing docs_dir")
    build.get_navigation = events.timed(build.get_navigation, "mkdocs: navigation")
    build.utils.clean_directory = events.timed(build.utils.clean_directory, "mkdocs: cleaning the site folder")
    Files.copy_static_files = events.timed(Files.copy_static_files, "mkdocs: copying images, downloads, assets")
    build._build_theme_template = events.timed(build._build_theme_template, "mkdocs: theme templates (sitemap, 404)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site bench/scale.py generated (else one is made)")
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=24, help="the costliest steps shown for each rebuild")
    parser.add_argument("--profile", type=int, default=0, help="cProfile: the N costliest functions")
    parser.add_argument("--dump", type=Path, help="with --profile: save each profile as DUMP-story, DUMP-figure")
    args = parser.parse_args()
    site = args.site
    if site is None or not (site / "site_config.yml").exists():
        site = site or Path(tempfile.mkdtemp(prefix="rebuild-"))
        plugins_on, _ = scale.importable_plugins()
        scale.generate_backbone(site, args.stories, 200, 40, 50, 10, plugins_on)
        print(f"generated {site}", file=sys.stderr)
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    try:
        rebuilds(args, site, site_dir)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def rebuilds(args, site: Path, site_dir: str) -> None:
    """The first build into ``site_dir``, then each edit's rebuild, timed step by step."""
    config_file = str(site / "site_config.yml")

    def configured():
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.site_url = SERVE_URL
        return config

    config = configured()
    config.plugins.on_startup(command="serve", dirty=False)
    start = time.perf_counter()
    build.build(config, serve_url=SERVE_URL)
    print(f"first build: {time.perf_counter() - start:.2f} s", file=sys.stderr)
    # as on_serve does once MkDocs' server starts: rebuilds leave what did not change in place
    config.plugins["backbone"].dirty = True
    instrument()
    profile = cProfile.Profile() if args.profile else None
    for n, (label, change) in enumerate(edits(site)):
        change()
        events.TIMES.clear()
        config = configured()
        wall, cpu = time.perf_counter(), time.process_time()
        if profile is not None and n in (2, 5):  # the last of each kind
            profile.enable()
        build.build(config, serve_url=SERVE_URL, dirty=True)
        if profile is not None and n in (2, 5):
            profile.disable()
            if args.dump:
                profile.dump_stats(f"{args.dump}-{'story' if n == 2 else 'figure'}")
            if n == 2:
                pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(args.profile)
                profile = cProfile.Profile()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"\n== rebuild after {label}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
        for step, seconds in events.TIMES.most_common(args.lines):
            print(f"{seconds:7.2f}  {step}", file=sys.stderr)
    config.plugins.on_shutdown()
    if profile is not None:
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
