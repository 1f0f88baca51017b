"""Builds are reproducible, need no network, and never write into content/ or data/.

Each build runs `mkdocs build --strict` in a subprocess on its own copy of the project, from a
different folder and with a different hash seed: one from clean caches with the network
switched off, one from the cache the demo's build in the test process left (every chart, card
and e-mail drawn by another process, in another folder). An absolute path, a hash-ordered set,
a fetch or a cached file that differs from a fresh one shows up as a difference.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, seed_cache

pytestmark = pytest.mark.slow

PROJECT_PARTS = ["content", "data", "site_config.yml"]
# A fixed SOURCE_DATE_EPOCH, the last commit's time, as the Pages workflow sets it.
EPOCH = subprocess.run(
    ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
).stdout.strip()


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        else:
            shutil.copy2(source, dest / part)
    return dest


def build(project: Path, site: Path, *, offline: bool = False, hash_seed: str = "0") -> None:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(project / "site_config.yml"),
        "-d",
        str(site),
    ]
    if offline:
        if shutil.which("unshare") is None:
            pytest.fail(
                "'unshare' (util-linux) is needed to build with the network switched off: apt-get install util-linux",
                pytrace=False,
            )
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
        if probe.returncode != 0:
            pytest.fail(
                f"'unshare -n' cannot make a network namespace here ({probe.stderr.strip()}); "
                "run the tests as root or with CAP_SYS_ADMIN",
                pytrace=False,
            )
        command = ["unshare", "-n", *command]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": hash_seed, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"build failed ({'offline' if offline else 'online'}):\n{run.stderr[-4000:]}"


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` → sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    only_a = [f"only in the first build: {k}" for k in sorted(a.keys() - b.keys())]
    only_b = [f"only in the second build: {k}" for k in sorted(b.keys() - a.keys())]
    changed = [f"different bytes: {k}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    return only_a + only_b + changed


@pytest.fixture(scope="module")
def builds(tmp_path_factory, demo_cache):
    """A cold build with the network switched off, and a warm one in another folder with
    another hash seed, from the cache of the demo's build in the test process."""
    tmp = tmp_path_factory.mktemp("repro")
    first, second = (copy_project(tmp / name) for name in ("one", "two"))
    seed_cache(demo_cache, second)
    before = {name: (tree(p / "content"), tree(p / "data")) for name, p in (("one", first), ("two", second))}
    build(first, tmp / "site-offline", offline=True, hash_seed="1")
    build(second, tmp / "site-warm", hash_seed="2")
    after = {name: (tree(p / "content"), tree(p / "data")) for name, p in (("one", first), ("two", second))}
    return tmp, before, after


def test_a_clean_offline_build_and_a_warm_one_are_byte_identical(builds):
    """Another folder, another hash seed, no network, and every drawing made afresh or by
    another process: not one byte differs."""
    tmp, _, _ = builds
    offline, warm = tree(tmp / "site-offline"), tree(tmp / "site-warm")
    assert len(offline) > 50 and "index.html" in warm
    assert differences(offline, warm) == []


def test_builds_leave_content_and_data_untouched(builds):
    _, before, after = builds
    for name in before:
        assert before[name][0] == after[name][0], f"a build changed content/ in copy '{name}'"
        assert before[name][1] == after[name][1], f"a build changed data/ in copy '{name}'"
    assert before["one"] == (tree(ROOT / "content"), tree(ROOT / "data")), "the copies differ from the repository"


def test_the_offline_build_really_had_no_network():
    """The namespace used above has no interface but loopback, and no name resolution."""
    probe = subprocess.run(
        [
            "unshare",
            "-n",
            sys.executable,
            "-c",
            "import socket\nprint(sorted(n for _, n in socket.if_nameindex()))\n"
            "try:\n    socket.getaddrinfo('pypi.org', 443)\nexcept OSError:\n    print('no dns')",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert probe.stdout.split("\n")[:2] == ["['lo']", "no dns"], probe.stdout + probe.stderr
