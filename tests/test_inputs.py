"""Reading files safely: nothing from outside the project, ordinary files only, bounded YAML,
UTF-8 with or without a byte-order mark, and a located message for every bad file.

The core is tested case by case against exact messages; one real build per family proves
the wiring, in the build and in `backbone check`. Cases that crash or exhaust the old code
(libyaml's crash on deep nesting, the alias bomb) run in a child process under a memory
limit, so that they end in a message there and cannot take the test run down.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from support import FIXTURES, ROOT

import backbone
from backbone import inputs, sources, yamlbounds
from backbone.page_meta import docs_problems, page_templates, template_problem
from backbone.problems import DataError, Problem

PLUGINS = str(Path(backbone.__file__).parent.parent)  # the child process runs the code under test
REL = "data/partners.yml"


def bomb(levels: int = 9) -> str:
    """The 'billion laughs': nine levels of ten aliases, a few hundred bytes."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


DEPTH = "the values are nested more than 50 levels deep"
SELF = (
    "is inside the value '&a' it repeats, so it would repeat forever; point it at another value, or write the value out"
)

YAML_CASES = {
    "alias inside its own list": ("a: &a [1, *a]\n", Problem(REL, 1, "", f"the alias '*a' (column 11) {SELF}")),
    "alias inside its own mapping": ("a: &a\n  b: *a\n", Problem(REL, 2, "", f"the alias '*a' (column 6) {SELF}")),
    "3,000 nested [": (
        "x: " + "[" * 3000 + "]" * 3000 + "\n",
        Problem(
            REL,
            1,
            "",
            f"{DEPTH} (column 53), more than Backbone reads; "
            "look for a '[' or '{' that is never closed, or flatten the lists",
        ),
    ),
    "3,000 nested - in block style": (
        "- " * 3000 + "x\n",
        Problem(
            REL,
            1,
            "",
            f"{DEPTH} (column 101), more than Backbone reads; "
            "look for a '[' or '{' that is never closed, or flatten the lists",
        ),
    ),
    "alias bomb of three levels": (
        bomb(3),
        Problem(
            REL,
            4,
            "",
            "the aliases ('*name') of this file repeat more than 10,000 values "
            "(here: '*a2', column 45), more than Backbone expands; write the values out, or use fewer aliases",
        ),
    ),
}


@pytest.mark.parametrize("text, problem", YAML_CASES.values(), ids=YAML_CASES)
def test_yaml_beyond_the_limits_is_a_located_problem(text, problem):
    with pytest.raises(DataError) as caught:
        sources.parse_yaml(text, REL)
    assert caught.value.problems == [problem]


def test_yaml_within_the_limits_reads_as_before():
    text = (
        "a: &a {x: 1, y: [1, 2]}\nb: *a\nc: {<<: *a, z: 3}\n"
        + "d:\n"
        + "".join("  " * i + f"k{i}:\n" for i in range(1, 48))
        + "  " * 48
        + "end\n"
    )
    assert sources.parse_yaml(text, REL).data == yaml.safe_load(text)


def test_front_matter_line_numbers_shift_for_limits():
    from backbone import frontmatter

    with pytest.raises(DataError) as caught:
        frontmatter.parse("---\ntitle: x\nloop: &a [*a]\n---\nbody\n", "content/learning/x.md")
    assert caught.value.problems == [Problem("content/learning/x.md", 3, "", f"the alias '*a' (column 11) {SELF}")]


def _isolated(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a child Python limited to 1 GiB of memory (the old code's alias bomb
    needed 9 GB; libyaml's crash on deep nesting kills only the child)."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {**os.environ, "PYTHONPATH": PLUGINS + os.pathsep + str(ROOT / "tests")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, preexec_fn=limit, env=env)


@pytest.mark.parametrize(
    "hostile, expected",
    [
        (
            "bomb()",
            "data/partners.yml:4: the aliases ('*name') of this file repeat more than 10,000 values (here: '*a2', column 45)",
        ),
        ("'x: ' + '[' * 100_000", "data/partners.yml:1: the values are nested more than 50 levels deep (column 53)"),
    ],
    ids=["alias bomb of nine levels", "100,000 nested [ (libyaml's composer crashed)"],
)
def test_hostile_yaml_ends_in_a_message_within_bounded_memory(hostile, expected):
    run = _isolated(
        "from test_inputs import bomb\nfrom backbone.sources import parse_yaml\nfrom backbone.problems import DataError\n"
        f"try:\n    parse_yaml({hostile}, 'data/partners.yml')\nexcept DataError as exc:\n    print(exc.report())\n"
    )
    assert run.returncode == 0, (run.returncode, run.stderr[-2000:])
    assert expected in run.stdout


# --- the safe reader ---------------------------------------------------------------------


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "project" / "data").mkdir(parents=True)
    (tmp_path / "outside.yml").write_text("secret: 1\n")
    return tmp_path / "project"


def _link_out(root):
    (root / "data/x.yml").symlink_to(root.parent / "outside.yml")


def _link_in(root):
    (root / "shared.yml").write_text("a: 1\n")
    (root / "data/x.yml").symlink_to(root / "shared.yml")


def _dangling(root):
    (root / "data/x.yml").symlink_to(root / "gone.yml")


def _folder(root):
    (root / "data/x.yml").mkdir()


def _fifo(root):
    return _fifo_with_writer(root / "data/x.yml")


def _big(root):
    (root / "data/x.yml").write_bytes(b"a: " + b"x" * inputs.MAX_FILE_BYTES + b"\n")


def _latin1(root):
    (root / "data/x.yml").write_bytes("a: ok\nb: caf\u00e9\n".encode("latin-1"))


def _bom(root):
    (root / "data/x.yml").write_bytes("\ufeffa: caf\u00e9\n".encode("utf-8"))


LINK_FIX = inputs.LINK_FIX


def linked(target) -> str:
    return f"this file is a symbolic link (to {target}); {LINK_FIX}"


READER_CASES = {
    "a link out of the project": (
        _link_out,
        lambda root: Problem("data/x.yml", 0, "", linked(root.parent / "outside.yml")),
    ),
    "a link inside the project": (_link_in, lambda root: Problem("data/x.yml", 0, "", linked(root / "shared.yml"))),
    "a broken link": (_dangling, lambda root: Problem("data/x.yml", 0, "", linked(root / "gone.yml"))),
    "a folder named x.yml": (
        _folder,
        lambda root: Problem(
            "data/x.yml",
            0,
            "",
            "this file is a folder, not a file; rename the folder so that its "
            "name does not end like a file's (.yml, .md, .csv)",
        ),
    ),
    "a pipe": (
        _fifo,
        lambda root: Problem(
            "data/x.yml",
            0,
            "",
            "this file is not an ordinary file (it is a pipe, socket or device); delete it, "
            "or replace it with a saved file",
        ),
    ),
    "larger than 5 MB": (
        _big,
        lambda root: Problem(
            "data/x.yml",
            0,
            "",
            "the file is larger than 5 MB, the most Backbone reads; split it into "
            "smaller files or remove what is not needed",
        ),
    ),
    "Latin-1": (
        _latin1,
        lambda root: Problem(
            "data/x.yml", 2, "", f"the file is not UTF-8 text (byte 13 is not UTF-8); {inputs.UTF8_FIX}"
        ),
    ),
}


@pytest.mark.parametrize("make, problem", READER_CASES.values(), ids=READER_CASES)
def test_read_yaml_refuses_with_a_located_message(root, make, problem, tmp_path):
    writer = make(root)
    try:
        for cache in (None, tmp_path / "cache"):  # the cache of parsed files is no way around
            with pytest.raises(DataError) as caught:
                sources.read_yaml(root / "data/x.yml", root, cache)
            assert caught.value.problems == [problem(root)]
    finally:
        if isinstance(writer, threading.Thread):
            _release(root / "data/x.yml", writer)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


@pytest.mark.parametrize(
    "make, data",
    [(_bom, {"a": "café"})],
    ids=["a byte-order mark"],
)
def test_read_yaml_accepts(root, make, data):
    make(root)
    assert {k: str(v) for k, v in sources.read_yaml(root / "data/x.yml", root).data.items()} == data


def test_csv_through_a_link_out_of_the_project_is_refused(root):
    (root.parent / "outside.csv").write_text("period,value\n2024,1\n")
    (root / "data/x.csv").symlink_to(root.parent / "outside.csv")
    with pytest.raises(DataError) as caught:
        sources.read_csv(root / "data/x.csv", root)
    assert caught.value.problems == [Problem("data/x.csv", 0, "", linked(root.parent / "outside.csv"))]


def test_docs_problems_of_the_files_mkdocs_collects(root):
    content = root / "content"
    (root.parent / "elsewhere").mkdir()
    (root.parent / "elsewhere/secret.txt").write_text("secret")
    content.mkdir()
    (content / "linked").symlink_to(root.parent / "elsewhere", target_is_directory=True)
    (content / "old.md").write_bytes("# Caf\u00e9\n".encode("latin-1"))
    (content / "bom.md").write_bytes("\ufeff---\ntitle: Hi\n---\n# Hi\n".encode())
    # valid YAML nested past Backbone's bound and within PyYAML's own (6.0.4's scanner stops at
    # 1,000 levels), so that this tests Backbone's limit whichever PyYAML is installed
    deeper = yamlbounds.MAX_DEPTH + 10
    (content / "deep.md").write_text("---\ntitle: x\nx: " + "[" * deeper + "]" * deeper + "\n---\n")
    (content / "loop.md").write_text("---\nx: &a [*a]\n---\n")
    os.mkfifo(content / "pipe.md")
    (content / "gone.md").symlink_to(content / "nowhere.md")
    names = ["linked/secret.txt", "old.md", "bom.md", "deep.md", "loop.md", "pipe.md", "gone.md"]
    found = docs_problems([(content / n, f"content/{n}") for n in names], root)
    assert sorted(found) == sorted(
        [
            Problem(
                "content/linked/secret.txt",
                0,
                "",
                f"this file is in content/linked, a symbolic link (to {root.parent / 'elsewhere'}); {LINK_FIX}",
            ),
            Problem("content/old.md", 1, "", f"the file is not UTF-8 text (byte 6 is not UTF-8); {inputs.UTF8_FIX}"),
            Problem(
                "content/deep.md",
                3,
                "",
                f"{DEPTH} (column 53), more than Backbone reads; look for a '[' or '{{' that is never closed, or flatten the lists",
            ),
            Problem("content/loop.md", 2, "", f"the alias '*a' (column 8) {SELF}"),
            Problem(
                "content/pipe.md",
                0,
                "",
                "this file is not an ordinary file (it is a pipe, socket or device); delete it, or replace it with a saved file",
            ),
            Problem("content/gone.md", 0, "", linked(content / "nowhere.md")),
        ]
    )


# --- template: ---------------------------------------------------------------------------

TEMPLATES = ["404.html", "home.html", "main.html"]
LISTING = "the theme's page templates are 404.html, home.html, main.html"


@pytest.mark.parametrize(
    "name, message",
    [
        (
            "../../etc/hostname",
            f"'../../etc/hostname' is not the name of a theme template: give only a template's name, without folders; {LISTING}",
        ),
        (
            "/etc/hostname",
            f"'/etc/hostname' is not the name of a theme template: give only a template's name, without folders; {LISTING}",
        ),
        (
            "..\\..\\main.html",
            f"'..\\..\\main.html' is not the name of a theme template: give only a template's name, without folders; {LISTING}",
        ),
        (
            "partials/../main.html",
            f"'partials/../main.html' is not the name of a theme template: give only a template's name, without folders; {LISTING}",
        ),
        (
            "hom.html",
            f"no template 'hom.html' in the theme or in theme/ (custom_dir); {LISTING}; did you mean 'home.html'?",
        ),
        ("home.html", None),
    ],
)
def test_template_names_only_a_theme_template(name, message):
    assert template_problem(name, TEMPLATES) == message


def test_page_templates_are_the_html_files_at_the_top_of_the_theme(tmp_path):
    (tmp_path / "theme/partials").mkdir(parents=True)
    for name in ("home.html", "main.html", "partials/toc.html", "notes.txt"):
        (tmp_path / "theme" / name).write_text("x")
    assert page_templates([tmp_path / "theme", tmp_path / "missing"]) == ["home.html", "main.html"]


# --- real builds, and `backbone check`, one per family -----------------------------------


def _check(project, capsys) -> str:
    """`backbone check`'s error output; it must fail."""
    from backbone.cli import main

    code = main(["check", "-f", str(project.path("site_config.yml"))])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    return err


def _stories(tmp_path):
    from stories_helpers import with_stories

    return with_stories(tmp_path)


def _build(project):
    """A real build; a project with stories gets the stand-in figures they cite."""
    from stories_helpers import build

    return build(project) if project.path("content/stories").is_dir() else project.build()


STORY = (FIXTURES / "stories/content/stories/food-vouchers.md").read_text()
METRIC = (FIXTURES / "metrics/data/metrics/wait-days.yml").read_text()
REVIEW = (
    "---\ntitle: Winter\nkind: after-action-review\ndate: '2025-03-20'\nsummary: S.\nparticipants: [city-hall]\n---\n"
)
LINKED = {  # rel: (setup of the project, the outside file's text)
    "content/about.md": (None, "# Secret page\n"),
    "data/partners.yml": (None, (FIXTURES / "minimal/data/partners.yml").read_text()),
    "data/metrics/wait-days.yml": (None, METRIC),
    "content/stories/2025-01-01-linked.md": ("stories", STORY),
    "content/learning/2025-03-winter.md": (None, REVIEW),
}


@pytest.mark.parametrize("rel", LINKED)
def test_a_file_linked_from_outside_the_project_is_refused(minimal, tmp_path, capsys, rel):
    setup, text = LINKED[rel]
    project = _stories(tmp_path / "s") if setup == "stories" else minimal
    if callable(setup):
        setup(project)
    outside = tmp_path / "elsewhere" / Path(rel).name
    outside.parent.mkdir(exist_ok=True)
    outside.write_text(text)
    target = project.path(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(outside)
    expected = f"{rel}: {linked(outside)}"
    built = _build(project)
    assert built.error is not None and expected in built.error, built.error
    assert not (built.site / "about/index.html").exists()
    assert expected in _check(project, capsys)


def test_a_linked_folder_in_content_is_not_published(minimal, tmp_path, capsys):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/secret.txt").write_text("secret")
    minimal.path("content/linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    minimal.path("content/shared").symlink_to(minimal.path("data/brand"), target_is_directory=True)  # inside: too
    built = minimal.build()
    for rel, target in (("content/linked", tmp_path / "elsewhere"), ("content/shared", minimal.path("data/brand"))):
        expected = f"{rel}: this folder is a symbolic link (to {target}); {LINK_FIX}"
        assert expected in built.error, built.error
        assert expected in _check(minimal, capsys)
    assert not (built.site / "linked/secret.txt").exists()
    minimal.path("content/linked").unlink()
    minimal.path("content/shared").unlink()
    built = minimal.build()
    assert built.error is None, built.error


def test_template_outside_the_theme_is_a_located_message(minimal, capsys):
    minimal.write("content/about.md", "---\ntitle: About\ntemplate: ../../etc/hostname\n---\n# About\n")
    built = minimal.build()
    assert (
        "content/about.md:3 (template): '../../etc/hostname' is not the name of a theme template: give only a template's "
        "name, without folders; the theme's page templates are 404.html, base.html"
    ) in built.error, built.error
    assert "home.html" in built.error


def _fifo_with_writer(path: Path) -> threading.Thread:
    """A pipe at ``path``; a thread writes to it each time someone opens it for reading, so
    that a reader that waits (the old code) gets an end instead of hanging the test run."""
    os.mkfifo(path)
    stop = threading.Event()

    def write():
        while not stop.is_set():
            with open(path, "w") as pipe:
                pipe.write("title: x\n")

    thread = threading.Thread(target=write, daemon=True)
    thread.stop = stop
    thread.start()
    return thread


def _release(path: Path, thread: threading.Thread) -> None:
    thread.stop.set()
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # lets a writer waiting for a reader finish
    thread.join(5)
    os.close(fd)


BAD_FILES = {  # rel: (setup, how the file is made, the message)
    "content/about.md": (
        None,
        lambda p: p.write_bytes("# Caf\u00e9\n".encode("latin-1")),
        f"content/about.md:1: the file is not UTF-8 text (byte 6 is not UTF-8); {inputs.UTF8_FIX}",
    ),
    "content/learning/2025-03-winter.md": (
        None,
        lambda p: p.write_bytes(REVIEW.replace("Winter", "Caf\u00e9").encode("latin-1")),
        f"content/learning/2025-03-winter.md:2: the file is not UTF-8 text (byte 15 is not UTF-8); {inputs.UTF8_FIX}",
    ),
    "data/metrics/x.yml": (
        None,
        lambda p: p.mkdir(),
        "data/metrics/x.yml: this file is a folder, not a file; rename the folder",
    ),
    "content/gone.md": (
        None,
        lambda p: p.symlink_to(p.parent / "nowhere.md"),
        "content/gone.md: this file is a symbolic link (to ",
    ),
    "data/metrics/pipe.yml": (
        None,
        "fifo",
        "data/metrics/pipe.yml: this file is not an ordinary file (it is a pipe, socket or device)",
    ),
    "content/pipe.md": (
        None,
        "fifo",
        "content/pipe.md: this file is not an ordinary file (it is a pipe, socket or device)",
    ),
}


@pytest.mark.parametrize("rel", BAD_FILES)
def test_a_bad_file_is_a_message_in_build_and_check(minimal, capsys, rel):
    setup, make, expected = BAD_FILES[rel]
    if setup:
        setup(minimal)
    path = minimal.path(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = _fifo_with_writer(path) if make == "fifo" else None
    if writer is None:
        make(path)
    try:
        built = minimal.build()
        assert built.error is not None and expected in built.error, built.error
        assert expected in _check(minimal, capsys)
    finally:
        if writer:
            _release(path, writer)


def test_a_byte_order_mark_is_accepted_everywhere(tmp_path):
    project = _stories(tmp_path)
    story = project.path("content/stories/food-vouchers.md")
    story.write_bytes(b"\xef\xbb\xbf" + story.read_bytes())
    from test_learning import AAR

    project.path("content/learning").mkdir(parents=True, exist_ok=True)
    project.path("content/learning/2025-03-winter.md").write_bytes(b"\xef\xbb\xbf" + AAR.encode())
    project.path("content/about.md").write_bytes("\ufeff---\ntitle: About us\n---\n# About\n".encode())
    for rel in ("data/partners.yml", "data/identity.yml"):
        project.path(rel).write_bytes(b"\xef\xbb\xbf" + project.path(rel).read_bytes())
    built = _build(project)
    assert built.error is None, built.error
    assert built.html("stories/food-vouchers/index.html").find("h1") is not None
    assert built.html("about/index.html").find("title").get_text().startswith("About us")
    assert built.html("learning/2025-03-winter/index.html").find("h1").get_text().strip() == "Winter triage line"


def test_yaml_beyond_the_limits_in_a_build(minimal, tmp_path, capsys):
    minimal.write("data/governance.yml", "bodies: &b\n  - id: board\n    name: Board\n    members: *b\n")
    expected = f"data/governance.yml:4: the alias '*b' (column 14) {SELF.replace('&a', '&b')}"
    built = minimal.build()
    assert built.error is not None and expected in built.error, built.error
    assert expected in _check(minimal, capsys)
    story_project = _stories(tmp_path / "s")
    story_project.write(
        "content/stories/deep.md", "---\ntitle: Deep\ntags: " + "[" * 3000 + "]" * 3000 + "\n---\nText.\n"
    )
    built = _build(story_project)
    assert f"content/stories/deep.md:3: {DEPTH} (column 56)" in built.error, built.error


@pytest.mark.parametrize(
    "rel, text, expected",
    [
        (
            "data/partners.yml",
            bomb(),
            "data/partners.yml:4: the aliases ('*name') of this file repeat more than 10,000 values",
        ),
        (
            "content/about.md",
            "---\ntitle: x\ntags: " + "[" * 100_000 + "\n---\n# x\n",
            f"content/about.md:3: {DEPTH} (column 56)",
        ),
    ],
    ids=["alias bomb in partners.yml", "100,000 nested [ in a page's front matter"],
)
def test_backbone_check_ends_hostile_yaml_in_a_message_within_bounded_memory(minimal, rel, text, expected):
    minimal.write(rel, text)
    run = _isolated(
        f"import sys\nfrom backbone.cli import main\nsys.exit(main(['check', '-f', {str(minimal.path('site_config.yml'))!r}]))\n"
    )
    assert run.returncode == 1, (run.returncode, run.stderr[-2000:])
    assert expected in run.stderr and "Traceback" not in run.stderr
