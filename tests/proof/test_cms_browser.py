"""The browser editor, in a real browser, as an editor uses it (issue 26, items 3 and 6).

One module fixture does the whole visit, once: `backbone edit` on a git copy of the demo (the
preview and decap-server, from npm), headless Chromium on /admin/, and one pass through the
forms: a new story citing a metric and a partner (its title carrying markup), a quarter's
figure added to a metric, a gap recorded in another, a metric's CSV of figures replaced by an
uploaded spreadsheet, and a partner added. Then the files the
editor wrote are read, `backbone check` runs, a --strict build is made, and the new story,
figure, gap and partner are found on the rebuilt site. The tests below read what it recorded.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from browsing import readable
from conftest import ARTIFACTS, NODE_MODULES, ROOT, require
from playwright.sync_api import expect
from support import Built, Project, seed_cache

from backbone.adapters.check import check_site
from backbone.cms.edit import Session, start

DECAP_SERVER = NODE_MODULES / ".bin" / "decap-server"
STORY = "The evening class that <img src=x onerror=alert(1)> opened doors"
STORY_FILE = "content/stories/the-evening-class-that-img-src-x-onerror-alert-1-opened-doors.md"
PARTNER = {"id": "harbour-clinic", "name": "Harbour Community Clinic", "joined": "2026-05"}
GAP_NOTE = "The mentoring database was moved; figures follow next quarter"
# a spreadsheet of figures uploaded for a metric kept in CSV: the demo's rows and one more quarter
CSV_METRIC = "young-adults-enrolled"
CSV_UPLOAD = "young-adults-enrolled-2026.csv"
CSV_ROW = "2026-Q4,561,Winter sign-up week at the library"
# the preview's live reload is an inline script: the editor's policy refuses it, on purpose
LIVE_RELOAD = "Executing inline script violates the following Content Security Policy"


@dataclass
class Visit:
    root: Path
    changed: list[str]
    listening: dict[str, list[str]]  # process → the addresses it listens on
    foreign_origin: str | None  # what decap-server answers a page of another origin
    external: list[str] = field(default_factory=list)  # requests off 127.0.0.1
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)
    axe: dict[str, list[dict]] = field(default_factory=dict)  # preview → violations
    check: tuple = ()
    built: Built | None = None


def copy_of_demo(folder: Path, demo_cache: Path) -> Path:
    root = folder / "site"
    for name in ("content", "data"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("site_config.yml", ".gitignore"):
        shutil.copy(ROOT / name, root)
    seed_cache(demo_cache, root)  # the demo's drawings: the preview's first build is quick
    (root / "node_modules").symlink_to(NODE_MODULES)  # as `npm install decap-server` would
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "demo"], cwd=root, check=True)
    return root


def listening(pid: int) -> list[str]:
    """The addresses process ``pid`` listens on (IPv4 and IPv6), from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, width in (("tcp", 8), ("tcp6", 32)):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            parts = line.split()
            if parts[3] == "0A" and parts[9] in inodes:  # LISTEN
                address, port = parts[1].split(":")
                found.append(f"{_ip(address, width)}:{int(port, 16)}")
    return sorted(found)


def _ip(hex_address: str, width: int) -> str:
    raw = bytes.fromhex(hex_address)
    if width == 8:
        return ".".join(str(b) for b in reversed(raw))
    words = [raw[i : i + 4][::-1].hex() for i in range(0, 16, 4)]
    return ":".join(w[j : j + 4] for w in words for j in (0, 4))


def foreign_origin(session: Session) -> str | None:
    """decap-server's CORS answer to a page of another site (a browser would not let it read)."""
    request = urllib.request.Request(
        session.proxy_url,
        data=b'{"action":"info"}',
        headers={"Content-Type": "application/json", "Origin": "http://evil.example"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Access-Control-Allow-Origin")


@pytest.fixture(scope="module")
def visit(tmp_path_factory, browser, axe_script, demo_cache) -> Visit:
    require(DECAP_SERVER.exists(), "decap-server", "run 'npm ci' in the repository")
    root = copy_of_demo(tmp_path_factory.mktemp("cms-browser"), demo_cache)
    session = start(root / "site_config.yml", quiet=True)
    try:
        result = Visit(
            root,
            [],
            {name: listening(p.pid) for name, p in zip(("decap-server", "preview"), session.processes)},
            foreign_origin(session),
        )
        upload = tmp_path_factory.mktemp("upload") / CSV_UPLOAD
        demo_rows = (ROOT / "data" / "metrics" / f"{CSV_METRIC}.csv").read_text(encoding="utf-8")
        upload.write_text(demo_rows.rstrip("\n") + "\n" + CSV_ROW + "\n", encoding="utf-8")
        edit_in_the_browser(browser, session.admin_url, axe_script.read_text(encoding="utf-8"), result, upload)
    finally:
        session.stop()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    result.changed = sorted(line[3:] for line in status.stdout.splitlines())
    keep = ARTIFACTS / "cms"  # to refresh tests/fixtures/cms/saved after a Decap upgrade
    for rel in result.changed:
        if (root / rel).is_file():
            (keep / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / rel, keep / rel)
    result.check = check_site(root / "site_config.yml")
    result.built = Project(root).build(strict=True, site_dir=root / "site")
    return result


# -- the editor's pass through the forms ----------------------------------------------------


def edit_in_the_browser(browser, admin: str, axe: str, result: Visit, upload: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)

    def external(url: str) -> None:
        if url.startswith(("http:", "https:", "ws:", "wss:")) and not url.startswith("http://127.0.0.1:"):
            result.external.append(url)

    page.on("request", lambda r: external(r.url))
    page.on("console", lambda m: m.type == "error" and LIVE_RELOAD not in m.text and result.errors.append(m.text))
    page.on("pageerror", lambda e: result.errors.append(f"uncaught: {e}"))
    page.on("dialog", lambda d: (result.dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(admin)
        page.get_by_role("button", name="Login").click()  # the local server asks for no password
        page.get_by_text("Stories").first.wait_for()
        add_quarter(page, admin)
        result.axe["metric"] = preview_axe(page, axe)
        record_gap(page, admin)
        upload_figures(page, admin, upload)
        add_partner(page, admin)
        new_story(page, admin)  # last: Decap moves to a new entry's page once it is saved
        result.axe["story"] = preview_axe(page, axe)
    except Exception:
        (ARTIFACTS / "cms").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / "cms" / "failed.png", full_page=True)  # what the editor saw
        raise
    finally:
        context.close()


def field(page, name: str):
    """The first input of the field called ``name`` (Decap numbers them: 'title-field-1')."""
    return page.locator(f'[id^="{name}-field-"]').first


def added_row(page, name: str, add: str) -> str:
    """Press the button ``add`` and return the id of the new row's empty ``name`` input
    (Decap opens a new row at the end of its list, its inputs empty)."""
    page.get_by_role("button", name=add).first.click()
    empty = f"""() => [...document.querySelectorAll("[id^='{name}-field-']")]
        .filter(e => e.value === '' && e.offsetParent !== null).map(e => e.id)"""
    page.wait_for_function(f"({empty})().length === 1")
    return page.evaluate(empty)[0]


def beside(page, anchor: str, name: str):
    """The ``name`` input of the same row as the input ``anchor``."""
    found = page.eval_on_selector(
        f"#{anchor}",
        "(e, n) => { let c = e; while (c && !c.querySelector(`[id^='${n}-field-']`)) c = c.parentElement;"
        " return c.querySelector(`[id^='${n}-field-']`).id }",
        name,
    )
    return page.locator(f"#{found}")


def choose(page, name: str, typed: str, option: str) -> None:
    box = field(page, name)
    box.click()
    box.type(typed)
    page.get_by_role("option", name=option).click()


def publish(page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_role("button", name="Published").wait_for()  # saved through decap-server
    page.wait_for_url("**/entries/**")  # a new entry's page, once Decap has moved to it


def open_entry(page, admin: str, path: str) -> None:
    """An entry's form, freshly loaded, as an editor following a link to it (moving between
    entries by the address alone, Decap 3.16 may show a file collection's entry empty)."""
    page.goto(admin + path)
    page.reload()  # signed in still: Decap keeps the session in the browser's storage


def new_story(page, admin: str) -> None:
    open_entry(page, admin, "#/collections/stories/new")
    field(page, "title").fill(STORY)
    field(page, "date").fill("2026-11-20")
    field(page, "summary").fill("A new evening course at the college led to 12 job offers in its first term.")
    choose(page, "partners", "Lindq", "Lindqvist Logistics")
    choose(page, "metrics", "starting a job", "Young adults starting a job (latest figure)")
    field(page, "author").fill("Sam Rivera")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Twelve learners started jobs after the first term.")
    preview = page.frame_locator("#preview-pane")
    preview.get_by_text("Young adults starting a job", exact=True).wait_for()  # the key figure, from the build
    # the quarter added above, once the preview has rebuilt: the editor's page reads it again
    expect(preview.locator(".bb-figure__value")).to_contain_text("401")
    publish(page)


def add_quarter(page, admin: str) -> None:
    open_entry(page, admin, "#/collections/metrics/entries/jobs-placed")
    expect(field(page, "title")).to_have_value("Young adults starting a job")  # the entry has loaded
    row = added_row(page, "period", "Add figures, one per period")
    page.locator(f"#{row}").fill("2026-Q4")
    beside(page, row, "value").fill("401")
    page.frame_locator("#preview-pane").get_by_text("Latest (Q4 2026)").wait_for()  # the new figure, previewed
    publish(page)


def record_gap(page, admin: str) -> None:
    open_entry(page, admin, "#/collections/metrics/entries/mentoring-hours")
    expect(field(page, "title")).not_to_have_value("")
    row = added_row(page, "period", "Add figures, one per period")
    page.locator(f"#{row}").fill("2026-Q4")
    beside(page, row, "note").fill(GAP_NOTE)  # the figure left empty: a gap, and why
    publish(page)


def upload_figures(page, admin: str, upload: Path) -> None:
    """A metric whose figures live in a spreadsheet: the editor uploads a new CSV through the
    file field's media library and chooses it."""
    open_entry(page, admin, f"#/collections/metrics/entries/{CSV_METRIC}")
    expect(field(page, "title")).not_to_have_value("")
    page.get_by_role("button", name="Choose different file").click()
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text(CSV_UPLOAD).first.wait_for()  # uploaded into the metric's folder, and selected
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_text(CSV_UPLOAD).first.wait_for()  # the field now names the new file
    publish(page)


def add_partner(page, admin: str) -> None:
    open_entry(page, admin, "#/collections/partners/entries/partners")
    page.get_by_text("12 partners").wait_for()  # the file has loaded
    row = added_row(page, "id", "Add partner")
    page.locator(f"#{row}").fill(PARTNER["id"])
    beside(page, row, "name").fill(PARTNER["name"])
    beside(page, row, "sector").click()
    page.get_by_role("option", name="Civil society").click()
    beside(page, row, "joined").fill(PARTNER["joined"])
    beside(page, row, "role").fill("Runs the walk-in clinic and the shared triage line")
    publish(page)


def preview_axe(page, axe: str) -> list[dict]:
    """axe-core on the preview pane Backbone draws (Decap's own controls are Decap's)."""
    frame = next(f for f in page.frames if f.name == "preview-pane" or f.parent_frame is not None)
    frame.evaluate(axe)  # evaluated, not injected: the page's policy allows no inline script
    return frame.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => ['serious', 'critical'].includes(v.impact))"""
    )


# -- what the visit recorded -----------------------------------------------------------------


# How `backbone edit` is asked to stop, and the exit code it then gives: Ctrl-C in its terminal
# (sent to the whole process group), or SIGTERM to it alone (`kill`, a process manager)
STOPS = {
    "ctrl-c": (lambda pid: os.killpg(pid, signal.SIGINT), 0),
    "sigterm": (lambda pid: os.kill(pid, signal.SIGTERM), 143),
}


@pytest.mark.parametrize("how", sorted(STOPS))
def test_backbone_edit_stops_with_its_preview_and_decap_server_without_a_word(tmp_path, demo_cache, how):
    """Ctrl-C in the terminal reaches `backbone edit`, decap-server and the preview at once:
    each stops by itself, the preview's e-mail and feed workers with it. Terminated halfway
    through that, the preview left the resource tracker to print a warning about its workers'
    semaphores in the person's terminal. SIGTERM reaches `backbone edit` alone: it stops the
    other two as Ctrl-C does, rather than leave them serving the project's files."""
    require(DECAP_SERVER.exists(), "decap-server", "run 'npm ci' in the repository")
    root = copy_of_demo(tmp_path, demo_cache)
    log = tmp_path / "edit.log"
    temp = tmp_path / "tmp"  # where the preview builds the site, removed as it stops
    temp.mkdir()
    # the preview's workers, whatever the machine's cores
    env = {**os.environ, "BACKBONE_WORKERS": "2", "TMPDIR": str(temp)}
    command = [sys.executable, "-c", "import sys; from backbone.cli import main; sys.exit(main())"]
    with log.open("wb") as out:
        edit = subprocess.Popen(
            [*command, "edit", "--no-browser"], cwd=root, env=env, stdout=out, stderr=out, preexec_fn=_foreground
        )
        try:
            deadline = time.monotonic() + 300
            while "Press Ctrl-C" not in log.read_text(encoding="utf-8") and edit.poll() is None:
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.2)
            group = _group(edit.pid)
            assert len(group) >= 4, group  # backbone edit, decap-server, the preview and its workers
            stop, code = STOPS[how]
            stop(edit.pid)
            assert edit.wait(60) == code
        finally:  # whatever the test found, nothing of it is left running
            deadline = time.monotonic() + 10
            while _group(edit.pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = _group(edit.pid)
            if left:
                os.killpg(edit.pid, signal.SIGKILL)
    assert left == [], f"processes left running: {left}"
    assert sorted(temp.iterdir()) == [], "left in the temporary folder"
    said = log.read_text(encoding="utf-8").split("Press Ctrl-C here to stop.", 1)[1]
    assert "Shutting down" in said and not re.search(r"Traceback|Warning|leaked", said), said


def _foreground() -> None:
    """In the child: a group of its own, which Ctrl-C reaches whole, as a terminal's foreground
    job, and Ctrl-C's default (a test runner's worker may ignore it, and children inherit that)."""
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _group(pgid: int) -> list[str]:
    """The command lines of the processes in process group ``pgid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:80])
        except (OSError, ValueError, IndexError):
            continue
    return found


def test_backbone_edit_listens_on_the_loopback_address_only(visit):
    for process, addresses in visit.listening.items():
        assert addresses, f"{process} listens nowhere"
        assert all(a.startswith("127.0.0.1:") for a in addresses), f"{process} listens on {addresses}"
    # decap-server names the preview as the one origin whose pages may read its answers
    preview = "http://" + visit.listening["preview"][0]
    assert visit.foreign_origin == preview


def test_the_editor_fetches_nothing_off_the_site_and_runs_no_script_from_a_form(visit):
    assert visit.external == []
    assert visit.dialogs == []
    assert visit.errors == []


def test_the_previews_pass_axe(visit):
    for name, violations in visit.axe.items():
        assert violations == [], f"{name} preview:\n{readable(violations)}"


def test_the_editor_wrote_the_five_edits_and_nothing_else(visit):
    assert visit.changed == [
        STORY_FILE,
        "data/metrics/jobs-placed.yml",
        "data/metrics/mentoring-hours.yml",
        f"data/metrics/{CSV_UPLOAD}",
        f"data/metrics/{CSV_METRIC}.yml",
        "data/partners.yml",
    ]
    story = (visit.root / STORY_FILE).read_text(encoding="utf-8")
    meta = yaml.safe_load(story.split("---")[1])
    assert meta["partners"] == ["lindqvist-logistics"] and meta["metrics"] == ["jobs-placed"]
    jobs = yaml.safe_load((visit.root / "data/metrics/jobs-placed.yml").read_text(encoding="utf-8"))
    assert jobs["series"][-1] == {"period": "2026-Q4", "value": 401}
    mentoring = yaml.safe_load((visit.root / "data/metrics/mentoring-hours.yml").read_text(encoding="utf-8"))
    assert mentoring["series"][-1] == {"period": "2026-Q4", "note": GAP_NOTE}
    partners = yaml.safe_load((visit.root / "data/partners.yml").read_text(encoding="utf-8"))["partners"]
    assert {k: partners[-1][k] for k in PARTNER} == PARTNER
    enrolled = yaml.safe_load((visit.root / f"data/metrics/{CSV_METRIC}.yml").read_text(encoding="utf-8"))
    assert enrolled["series_csv"] == CSV_UPLOAD
    uploaded = (visit.root / f"data/metrics/{CSV_UPLOAD}").read_text(encoding="utf-8")
    assert uploaded.splitlines()[-1] == CSV_ROW


def test_backbone_check_and_a_strict_build_accept_them(visit):
    errors, warnings, _ = visit.check
    assert errors == [] and warnings == []
    assert visit.built.error is None, visit.built.error
    assert visit.built.warnings == []


def test_the_rebuilt_site_shows_the_story_figure_gap_and_partner(visit):
    site = visit.built
    slug = Path(STORY_FILE).stem
    page = site.html(f"stories/{slug}/index.html")
    assert page.find("h1").get_text() == STORY  # the markup typed into the title is text
    assert page.find("h1").find_all(True) == []  # no element inside: no picture, no handler
    figures = page.select(".bb-key-figures .bb-figure")
    assert [f.select_one(".bb-figure__title").get_text(strip=True) for f in figures] == ["Young adults starting a job"]
    assert page.select_one('a[href$="partners/lindqvist-logistics/"]') is not None
    metric = site.html("metrics/jobs-placed/index.html").get_text(" ")
    assert "Latest (Q4 2026)" in metric and "401" in metric
    assert GAP_NOTE in site.html("metrics/mentoring-hours/index.html").get_text(" ")
    enrolled = site.html(f"metrics/{CSV_METRIC}/index.html").get_text(" ")
    assert "Latest (Q4 2026)" in enrolled and "561" in enrolled
    partner = site.html("partners/harbour-clinic/index.html")
    assert partner.find("h1").get_text(strip=True) == PARTNER["name"]
