"""The `backbone` command: scaffolding and checks for authors.

    backbone new site DIR          a new partnership's site, ready to build and edit
    backbone new story "Title"     a new story file, every field explained
    backbone new review KIND "T"   a new review with the sections its kind needs
    backbone check                 check all data and content, without building
    backbone report YEAR           just the annual report's PDF, for a quick look
    backbone upgrade               rewrite a site written for an older Backbone
    backbone --version             the installed Backbone, Python, MkDocs and Material
    backbone edit                  the browser editor on this computer, with the site's preview

Subcommands are registered in ``COMMANDS`` so later features can add theirs
(``backbone new review ...``). MkDocs is imported only by the commands that need it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import __version__
from .learning.model import KINDS

CONFIG_NAMES = ("site_config.yml", "mkdocs.yml")


def find_config(given: str | None, start: Path | None = None) -> Path:
    """The site's configuration: ``given``, or the nearest one in ``start`` (default: here) or above."""
    if given:
        path = Path(given)
        if not path.is_file():
            raise SystemExit(f"backbone: no configuration file at {path}")
        return path
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    raise SystemExit("backbone: no site_config.yml here or in a parent folder; run it inside the project or pass -f")


def cmd_check(args) -> int:
    from .adapters.check import check_site

    config = find_config(args.config_file)
    errors, warnings, notes = check_site(config)
    for note in notes:
        print(note)
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    for error in errors:
        print(error, file=sys.stderr)
    if errors or (warnings and args.strict):
        # the count of problems heads the report above; this line says what stops the build
        what = (
            "the problems listed above"
            if errors
            else f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (a --strict build fails on them)"
        )
        print(f"backbone check: {config.parent} does not build: {what}", file=sys.stderr)
        return 1
    print(f"backbone check: all data and content of {config.parent} are fine.")
    return 0


def cmd_report(args) -> int:
    from .adapters.report import report_only

    config = find_config(args.config_file)
    written, problems = report_only(config, args.year, args.output, args.language)
    if problems:
        print(problems, file=sys.stderr)
        return 1
    print(f"backbone report: wrote {written}")
    return 0


def _where_and_when(args, folder: str):
    """The folder to write into and the date of the new file, from the command line."""
    from .clock import build_date

    if args.folder:
        target = Path(args.folder)
    else:
        from .adapters.check import docs_dir

        target = docs_dir(find_config(args.config_file)) / folder
    return target, args.date or build_date()


def _site_facts(args):
    """The site's first headline metric, first partner and language (adapters.check.SiteFacts),
    for a scaffold to start from."""
    from .adapters.check import SiteFacts, site_facts

    try:  # the site the new file goes into: the one around --folder, if given
        config = find_config(args.config_file, Path(args.folder) if args.folder else None)
    except SystemExit:  # --folder outside any site: a scaffold that names nothing
        return SiteFacts()
    return site_facts(config)


def title_argument(value: str) -> str:
    """A title from the command line, refused (by argparse: a message, no traceback) if it
    cannot be written into a UTF-8 file. Python keeps bytes that are not UTF-8 as lone
    surrogates (U+DC80-U+DCFF), so that is how a terminal set to another encoding shows."""
    from .render.plaintext import UNPRINTABLE

    for column, char in enumerate(value, 1):
        if "\udc80" <= char <= "\udcff":
            raise argparse.ArgumentTypeError(
                f"the title is not UTF-8 text (the byte 0x{ord(char) - 0xDC00:02X} at character {column}): "
                "set your terminal to UTF-8, or type the title without that letter and correct it in the file"
            )
        if UNPRINTABLE.fullmatch(char):
            raise argparse.ArgumentTypeError(
                f"the title holds the control character U+{ord(char):04X} at character {column}; type it again"
            )
    return value


def date_argument(value: str):
    """A --date, refused with a message if it is not a real YYYY-MM-DD date."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{value}' is not a date: write a real date as YYYY-MM-DD, like 2025-03-31")


def cmd_new_story(args) -> int:
    from .stories.scaffold import new_story

    folder, day = _where_and_when(args, "stories")
    try:
        facts = _site_facts(args)
        path = new_story(folder, args.title, day, metric=facts.metric, language=facts.language)
    except FileExistsError as exc:
        print(f"backbone: {exc}", file=sys.stderr)
        return 1
    print(f"Created {path}\nFill in the fields (each is explained in the file), then run `backbone check`.")
    return 0


def cmd_new_site(args) -> int:
    from .newsite import NewSiteError, new_site, requirement

    try:
        written = new_site(Path(args.folder), args.language)
    except NewSiteError as exc:
        print(f"backbone: {exc}", file=sys.stderr)
        return 1
    folder = Path(args.folder)
    print(
        f"Created a new partnership's site in {folder} ({len(written)} files).\n"
        f"Next:\n  cd {folder}\n  mkdocs serve -f site_config.yml     # preview at http://127.0.0.1:8000/\n"
        "Then change data/identity.yml, data/partners.yml and the rest: every file says what to change;\n"
        "README.md says how to check, publish and upgrade the site."
    )
    if not requirement().line:
        print(
            f"Note: {folder / 'requirements.txt'} names no Backbone yet: this one was installed from a place\n"
            "your site's CI cannot reach. The comment in that file says exactly what to write.",
            file=sys.stderr,
        )
    return 0


def cmd_new_review(args) -> int:
    from .learning.scaffold import new_review
    from .render.formats import formats_for

    folder, day = _where_and_when(args, "learning")
    try:
        facts = _site_facts(args)
        words = formats_for(facts.language).words if facts.language else None
        name, text = new_review(args.kind_of_review, args.title, day, partner=facts.partner, words=words)
    except ValueError as exc:
        print(f"backbone: {exc}", file=sys.stderr)
        return 1
    path = folder / name
    if path.exists():
        print(f"backbone: {path} already exists; choose another title or date", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))  # encoded first: text that cannot be written leaves no empty file
    print(
        f"Created {path}\nFill in the participants, the sections and the actions, then run `backbone check`;\n"
        "remove 'draft: true' to publish it (its sections are checked from then on)."
    )
    return 0


def cmd_upgrade(args) -> int:
    from .upgrade import uncommitted, upgrade

    config = find_config(args.config_file)
    root = config.parent
    pending = uncommitted(root)
    if pending and not (args.force or args.check):
        listed = ", ".join(pending[:5]) + (f" and {len(pending) - 5} more" if len(pending) > 5 else "")
        print(
            f"backbone upgrade: {root} has changes git has not committed ({listed}).\n"
            "Commit them first, so that `git diff HEAD` shows what the upgrade changes\n"
            "and `git reset --hard` undoes it; or run `backbone upgrade --force` to upgrade anyway.",
            file=sys.stderr,
        )
        return 1
    outcome = upgrade(root, config.name, write=not args.check)
    site = outcome.site
    for change in site.changes:
        print(change)
    for problem in site.problems:
        print(problem, file=sys.stderr)
    files = len({c.file for c in site.changes})
    if site.changes:
        done = "would change" if args.check else "changed"
        print(
            f"backbone upgrade: {done} {len(site.changes)} thing{'s' if len(site.changes) != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}" + ("." if args.check else "; now run `backbone check`, then commit."),
        )
    elif not site.problems:
        print(f"backbone upgrade: {root} is already in the format of Backbone {__version__}; nothing to change.")
    if pending is None and site.changes and not args.check:
        print("(This folder is not in a git work tree: nothing can show or undo these changes but your own copy.)")
    return 1 if site.problems or (args.check and site.changes) else 0


def version_line() -> str:
    """What `backbone --version` prints: this Backbone and what it runs on, for a bug report."""
    import platform
    from importlib import metadata

    parts = [f"Python {platform.python_version()}"]
    for dist in ("mkdocs", "mkdocs-material"):
        try:
            parts.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist} not installed")
    return f"backbone {__version__} ({', '.join(parts)})"


def cmd_edit(args) -> int:
    from .cms.edit import run, upgrade_first
    from .upgrade import for_the_editor

    config = find_config(args.config_file)
    language = for_the_editor(config.parent, config.name)
    notice = upgrade_first(language) if language else None
    return run(config, port=args.port, open_browser=args.browser, notice=notice)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="backbone", description="Tools for a Backbone partnership site.")
    top.add_argument("--version", action="version", version=version_line())
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check all data and content without building")
    check.add_argument("-f", "--config-file", help="the site's configuration (default: site_config.yml here or above)")
    check.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on warnings")
    check.set_defaults(run=cmd_check)
    report = sub.add_parser("report", help="build just the annual report's PDF (content/reports/<year>.md)")
    report.add_argument("year", type=int, help="the report's year, as its letter is named: 2025")
    report.add_argument("-o", "--output", help="where to write the PDF (default: <site_dir>/reports/<year>.pdf)")
    report.add_argument(
        "--language", help="on a site in several languages, the report in this one (default: the first): es"
    )
    report.add_argument("-f", "--config-file", help="the site's configuration (default: site_config.yml here or above)")
    report.set_defaults(run=cmd_report)
    upgrade = sub.add_parser("upgrade", help="rewrite a site written for an older Backbone into the current format")
    upgrade.add_argument(
        "-f", "--config-file", help="the site's configuration (default: site_config.yml here or above)"
    )
    upgrade.add_argument("--force", action="store_true", help="upgrade even if git shows uncommitted changes")
    upgrade.add_argument("--check", action="store_true", help="only say what would change (exit 1 if anything)")
    upgrade.set_defaults(run=cmd_upgrade)
    edit = sub.add_parser("edit", help="edit the site in the browser (Decap CMS), with its preview, on this computer")
    edit.add_argument("-f", "--config-file", help="the site's configuration (default: site_config.yml here or above)")
    edit.add_argument("--port", type=int, help="the preview's port on 127.0.0.1 (default: a free one)")
    edit.add_argument("--no-browser", dest="browser", action="store_false", help="do not open the browser")
    edit.set_defaults(run=cmd_edit)
    new = sub.add_parser("new", help="create a new file from a commented template")
    kinds = new.add_subparsers(dest="kind", required=True)
    site = kinds.add_parser("site", help="a new partnership's site in a new folder")
    site.add_argument("folder", help="the folder to create (it must be new or empty)")
    site.add_argument(
        "--language",
        default="en",
        help="the site's language as a BCP 47 tag (default: en; en-GB, fr-CA, es-MX...): figures, dates, "
        "the currency and the report's paper follow it",
    )
    site.set_defaults(run=cmd_new_site)
    story = kinds.add_parser("story", help="a new story in content/stories/")
    story.add_argument("title", type=title_argument)
    story.add_argument("--date", type=date_argument, help="YYYY-MM-DD (default: today)")
    story.add_argument("--folder", help="where to write it (default: <docs_dir>/stories)")
    story.add_argument("-f", "--config-file")
    story.set_defaults(run=cmd_new_story)
    review = kinds.add_parser("review", help="a new review in content/learning/, with the sections of its kind")
    review.add_argument("kind_of_review", metavar="kind", choices=sorted(KINDS), help=", ".join(sorted(KINDS)))
    review.add_argument("title", type=title_argument)
    review.add_argument("--date", type=date_argument, help="YYYY-MM-DD (default: today)")
    review.add_argument("--folder", help="where to write it (default: <docs_dir>/learning)")
    review.add_argument("-f", "--config-file")
    review.set_defaults(run=cmd_new_review)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
