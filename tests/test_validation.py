"""Bad data stops the build with messages that name file, line, field and a fix."""

from __future__ import annotations

import subprocess
import sys

import pytest


def set_partner(index, **values):
    return lambda d: d["partners"][index].update(values)


CASES = {
    "unknown key": (
        "data/partners.yml",
        lambda d: d["partners"][0].update(websit="https://x.example.org"),
        "(partners[0].websit): unknown field 'websit'; did you mean 'website'?",
    ),
    "wrong type": (
        "data/governance.yml",
        lambda d: d["bodies"][0].update(members="city-hall"),
        "(bodies[0].members): expected a list (lines starting with '- '), got 'city-hall'",
    ),
    "missing required field": (
        "data/partners.yml",
        lambda d: d["partners"][1].pop("role"),
        "(partners[1]): the required field 'role' is missing",
    ),
    "unknown partner id": (
        "data/governance.yml",
        lambda d: d["bodies"][0]["members"].__setitem__(2, "cty-hall"),
        "(bodies[0].members[2]): unknown partner 'cty-hall' (partners are listed in data/partners.yml); did you mean 'city-hall'?",
    ),
    "unknown choice": (
        "data/partners.yml",
        set_partner(2, sector="privat"),
        "(partners[2].sector): unknown sector 'privat': the sectors are 'public', 'private' and 'civil', unless "
        "partners.yml declares its own under 'sectors:'; did you mean 'private'?",
    ),
    "duplicate id": (
        "data/partners.yml",
        set_partner(2, id="city-hall"),
        "(partners[2].id): duplicate partner id 'city-hall' (also at partners[0]); each must be unique",
    ),
    "missing logo file": (
        "data/partners.yml",
        set_partner(1, logo="partners/clinic.png"),
        "(partners[1].logo): file not found: 'partners/clinic.png' (looked for data/partners/clinic.png)",
    ),
    "path leaving the repository": (
        "data/identity.yml",
        lambda d: d.update(logo="../../../etc/passwd"),
        "(logo): '../../../etc/passwd' points outside the repository",
    ),
    "bad colour": (
        "data/identity.yml",
        lambda d: d["colours"].update(primary="teal"),
        "(colours.primary): 'teal' is not a colour: write it as a hex code like '#0b5d5b'",
    ),
    "working_groups moved to governance": (
        "data/partners.yml",
        set_partner(0, working_groups=["clinics-wg"]),
        "(partners[0].working_groups): working_groups moved: membership is listed in data/governance.yml under each body's members",
    ),
}


def expected_line(project, rel, message):
    """The line the message should name: where its field's key (or list item) stands."""
    field = message[1 : message.index(")")]
    data = project.path(rel).read_text().splitlines()
    parts = field.replace("]", "").replace("[", ".").split(".")
    line, depth_start = 0, 0
    for part in parts:  # walk the dumped YAML: a key, or the n-th '- ' item at this depth
        if part.isdigit():
            seen = -1
            for n in range(depth_start, len(data)):
                if data[n].lstrip().startswith("- "):
                    indent = len(data[n]) - len(data[n].lstrip())
                    if seen == -1:
                        base = indent
                    if indent == base:
                        seen += 1
                        if seen == int(part):
                            line = n
                            break
        else:
            line = next(n for n in range(line, len(data)) if data[n].lstrip(" -").startswith(f"{part}:"))
        depth_start = line
    return line + 1


@pytest.mark.parametrize("name", CASES)
def test_bad_data_is_reported(minimal, name):
    rel, change, expected = CASES[name]
    minimal.edit(rel, change)
    built = minimal.build()
    assert built.error is not None, "the build should stop"
    assert expected in built.error, built.error
    line = next(each for each in built.error.splitlines() if expected in each)
    assert line.strip().startswith(f"{rel}:{expected_line(minimal, rel, expected)} ("), line
    assert "nothing was built" in built.error
    assert not (built.site / "index.html").exists(), "no half-built site"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "data/partners.yml: the file is empty"),
        ("# only a comment\n", "data/partners.yml: the file has no data, only comments"),
        (
            "partners:\n  - id: a\n    name: [unclosed\n",
            "data/partners.yml:3: the '[' at column 11 is never closed: end the list with ']' on the same line",
        ),
        (
            "partners:\n  - id: a\n  id: b\n x: 1\n",
            "data/partners.yml:3: this line lines up with the items of the list that starts on line 2 ('- '), "
            "but does not start with '- ' itself: begin a new item with '- ', or indent the line under the item",
        ),
        ("- just\n- a list\n", "data/partners.yml:1: expected a mapping"),
        ("partners: []\npartners: []\n", "data/partners.yml:2 (partners): 'partners' is given twice; keep one"),
    ],
)
def test_unreadable_files(minimal, text, expected):
    minimal.write("data/partners.yml", text)
    built = minimal.build()
    assert built.error is not None and expected in built.error, built.error


def test_malformed_yaml_names_line_and_column(minimal):
    minimal.write("data/governance.yml", "bodies:\n  - id: board\n    name: 'Alliance\n")
    built = minimal.build()
    # where the quote opens, not the end of the file where YAML noticed
    assert (
        "data/governance.yml:3: the quote (') at column 11 is never closed, so YAML reads the rest of the file "
        "as one text; close it at the end of the value: name: 'Alliance'"
    ) in built.error


def test_every_problem_of_a_file_at_once(minimal):
    def break_many(d):
        d["partners"][0]["websit"] = "x"
        d["partners"][1].pop("role")
        d["partners"][2]["sector"] = "charity"

    minimal.edit("data/partners.yml", break_many)
    minimal.edit("data/governance.yml", lambda d: d["decisions"][0].update(body="bord"))
    built = minimal.build()
    assert "Backbone found 4 problems in 2 files" in built.error
    for fragment in (
        "websit",
        "'role' is missing",
        "'charity'",
        "unknown body 'bord' (bodies are listed in data/governance.yml, under 'bodies:'); did you mean 'board'?",
    ):
        assert fragment in built.error


def test_missing_identity_file(minimal):
    minimal.path("data/identity.yml").unlink()
    built = minimal.build()
    assert "data/identity.yml: missing file: Backbone needs identity.yml in data/" in built.error


def test_yaml_is_read_safely(minimal):
    minimal.write("data/partners.yml", "partners: !!python/object/apply:os.system ['touch pwned']\n")
    built = minimal.build()
    assert "data/partners.yml:1 (partners): the tag '!!python/object/apply:os.system' is not allowed" in built.error
    assert not (minimal.root / "pwned").exists()


def test_command_line_exits_non_zero_without_traceback(minimal):
    minimal.edit("data/partners.yml", set_partner(0, websit="x"))
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(minimal.path("site_config.yml")), "--strict"],
        capture_output=True,
        text=True,
        cwd=minimal.root,
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert "did you mean 'website'?" in run.stderr
