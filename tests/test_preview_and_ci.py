"""Live preview reacts to data changes; CI and the Pages workflow run the README's commands."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request

import yaml
from support import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_data_changes(minimal):
    port = free_port()
    url = f"http://127.0.0.1:{port}/partners/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", "site_config.yml", "-a", f"127.0.0.1:{port}"],
        cwd=minimal.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: "Dockside Foods" in (fetch(url) or ""), 60), "the preview did not start"
        minimal.edit("data/partners.yml", lambda d: d["partners"][2].update(name="Quayside Foods"))
        assert wait_for(lambda: "Quayside Foods" in (fetch(url) or ""), 60), "the preview did not rebuild"
    finally:
        server.terminate()
        server.wait(timeout=20)


def readme_commands() -> list[str]:
    """The shell commands in the README's first code block (its quick start)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash|shell)\n(.*?)```", text, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_starts_with_the_build_and_test_commands():
    build, test = readme_commands()[:2]
    assert "pip install" in build and "mkdocs build -f site_config.yml --strict" in build
    assert ".ci/install" in test and "python3 -m pytest" in test


def test_ci_runs_the_readme_test_command():
    test = readme_commands()[1]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    for part in (p.strip() for p in test.split("&&")):
        assert part in ci, f".ci/run does not run '{part}' like the README says"


def test_publish_workflow_builds_like_the_readme():
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "mkdocs build -f site_config.yml --strict" in runs
    assert "mkdocs build -f site_config.yml --strict" in readme_commands()[0]
    uses = [step.get("uses", "") for step in steps] + [s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"]]
    for action in ("actions/upload-pages-artifact", "actions/deploy-pages", "actions/configure-pages"):
        assert any(u.startswith(action + "@") for u in uses), action
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key 'on' as True
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
