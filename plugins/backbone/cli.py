"""The `backbone` command: scaffolding and checks for authors.

    backbone new site DIR          a new partnership's site, ready to build and edit
    backbone new story "Title"     a new story file, every field explained
    backbone new review KIND "T"   a new review with the sections its kind needs
    backbone check                 check all data and content, without building
    backbone edit                  the browser editor on this computer, with the site's preview

Subcommands are registered in ``COMMANDS`` so later features can add theirs
(``backbone new review ...``). MkDocs is imported only by the commands that need it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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


def _where_and_when(args, folder: str):
    """The folder to write into and the date of the new file, from the command line."""
    import datetime as dt

    from .clock import build_date

    if args.folder:
        target = Path(args.folder)
    else:
        from .adapters.check import docs_dir

        target = docs_dir(find_config(args.config_file)) / folder
    return target, dt.date.fromisoformat(args.date) if args.date else build_date()


def _site_facts(args) -> tuple[str | None, str | None]:
    """(first headline metric, first partner) of the site, for a scaffold to start from."""
    try:  # the site the new file goes into: the one around --folder, if given
        config = find_config(args.config_file, Path(args.folder) if args.folder else None)
    except SystemExit:  # --folder outside any site: a scaffold that names nothing
        return None, None
    from .adapters.check import site_facts

    return site_facts(config)


def cmd_new_story(args) -> int:
    from .stories.scaffold import new_story

    folder, day = _where_and_when(args, "stories")
    try:
        path = new_story(folder, args.title, day, metric=_site_facts(args)[0])
    except FileExistsError as exc:
        print(f"backbone: {exc}", file=sys.stderr)
        return 1
    print(f"Created {path}\nFill in the fields (each is explained in the file), then run `backbone check`.")
    return 0


def cmd_new_site(args) -> int:
    from .newsite import NewSiteError, new_site

    try:
        written = new_site(Path(args.folder))
    except NewSiteError as exc:
        print(f"backbone: {exc}", file=sys.stderr)
        return 1
    folder = Path(args.folder)
    print(
        f"Created a new partnership's site in {folder} ({len(written)} files).\n"
        f"Next:\n  cd {folder}\n  mkdocs serve -f site_config.yml     # preview at http://127.0.0.1:8000/\n"
        "Then change data/identity.yml, data/partners.yml and the rest: every file says what to change."
    )
    return 0


def cmd_new_review(args) -> int:
    from .learning.scaffold import new_review

    folder, day = _where_and_when(args, "learning")
    try:
        name, text = new_review(args.kind_of_review, args.title, day, partner=_site_facts(args)[1])
    except ValueError as exc:
        print(f"backbone: {exc}", file=sys.stderr)
        return 1
    path = folder / name
    if path.exists():
        print(f"backbone: {path} already exists; choose another title or date", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(
        f"Created {path}\nFill in the participants, the sections and the actions, then run `backbone check`;\n"
        "remove 'draft: true' to publish it (its sections are checked from then on)."
    )
    return 0


def cmd_edit(args) -> int:
    from .cms.edit import run

    return run(find_config(args.config_file), port=args.port, open_browser=args.browser)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="backbone", description="Tools for a Backbone partnership site.")
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check all data and content without building")
    check.add_argument("-f", "--config-file", help="the site's configuration (default: site_config.yml here or above)")
    check.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on warnings")
    check.set_defaults(run=cmd_check)
    edit = sub.add_parser("edit", help="edit the site in the browser (Decap CMS), with its preview, on this computer")
    edit.add_argument("-f", "--config-file", help="the site's configuration (default: site_config.yml here or above)")
    edit.add_argument("--port", type=int, help="the preview's port on 127.0.0.1 (default: a free one)")
    edit.add_argument("--no-browser", dest="browser", action="store_false", help="do not open the browser")
    edit.set_defaults(run=cmd_edit)
    new = sub.add_parser("new", help="create a new file from a commented template")
    kinds = new.add_subparsers(dest="kind", required=True)
    site = kinds.add_parser("site", help="a new partnership's site in a new folder")
    site.add_argument("folder", help="the folder to create (it must be new or empty)")
    site.set_defaults(run=cmd_new_site)
    story = kinds.add_parser("story", help="a new story in content/stories/")
    story.add_argument("title")
    story.add_argument("--date", help="YYYY-MM-DD (default: today)")
    story.add_argument("--folder", help="where to write it (default: <docs_dir>/stories)")
    story.add_argument("-f", "--config-file")
    story.set_defaults(run=cmd_new_story)
    review = kinds.add_parser("review", help="a new review in content/learning/, with the sections of its kind")
    review.add_argument("kind_of_review", metavar="kind", choices=sorted(KINDS), help=", ".join(sorted(KINDS)))
    review.add_argument("title")
    review.add_argument("--date", help="YYYY-MM-DD (default: today)")
    review.add_argument("--folder", help="where to write it (default: <docs_dir>/learning)")
    review.add_argument("-f", "--config-file")
    review.set_defaults(run=cmd_new_review)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
