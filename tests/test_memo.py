"""Cache entries: written whole, read-only when published by link, linked or else copied."""

from __future__ import annotations

import errno
import os
import stat
import time

from backbone import memo


def test_a_readonly_entry_is_replaced_whole_and_earlier_links_keep_their_bytes(tmp_path):
    entry, site = tmp_path / "cache" / "chart.png", tmp_path / "site" / "chart.png"
    memo.write_atomic(entry, b"first", readonly=True)
    assert not os.stat(entry).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    site.parent.mkdir()
    memo.publish(str(entry), str(site))
    assert os.path.samefile(entry, site)  # a link: no data copied

    memo.write_atomic(entry, b"second", readonly=True)  # redrawn: a new file renamed over the entry
    assert entry.read_bytes() == b"second"
    assert site.read_bytes() == b"first"  # the published file is not changed under the reader
    assert list(entry.parent.iterdir()) == [entry]  # no temporary file left


def test_publish_replaces_what_is_there(tmp_path):
    entry, site = tmp_path / "entry.png", tmp_path / "site.png"
    entry.write_bytes(b"new")
    site.write_bytes(b"old, from an earlier build")
    memo.publish(str(entry), str(site))
    assert site.read_bytes() == b"new" and os.path.samefile(entry, site)


def test_publish_copies_where_a_link_is_refused(tmp_path, monkeypatch):
    def refuse(*_):
        raise OSError(errno.EXDEV, "Invalid cross-device link")  # the site on another file system

    monkeypatch.setattr(os, "link", refuse)
    entry, site = tmp_path / "entry.png", tmp_path / "site.png"
    entry.write_bytes(b"pixels")
    memo.publish(str(entry), str(site))
    assert site.read_bytes() == b"pixels" and not os.path.samefile(entry, site)


DAY = 24 * 3600
DIGEST = "0123456789abcdef" * 4


def _aged(path, days: float, content: bytes = b"x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    when = time.time() - days * DAY
    os.utime(path, (when, when))
    return path


def test_using_an_entry_dates_it_at_most_once_a_day(tmp_path):
    old, fresh = _aged(tmp_path / f"{DIGEST}.svg", 40), _aged(tmp_path / f"social-{DIGEST}.png", 0.5)
    before = os.stat(fresh).st_mtime
    assert memo.in_cache(old) and memo.in_cache(fresh)
    assert time.time() - os.stat(old).st_mtime < 60  # used today
    assert os.stat(fresh).st_mtime == before  # already recent: not written to
    assert not memo.in_cache(tmp_path / "missing.svg") and not memo.in_cache(tmp_path)


def test_prune_deletes_only_backbone_entries_unused_for_the_given_days(tmp_path):
    stale = [_aged(tmp_path / f"{DIGEST}.png", 31, b"12345"), _aged(tmp_path / f"text-{DIGEST}.txt.4242.tmp", 40)]
    kept = [
        _aged(tmp_path / f"{DIGEST}.svg", 29),  # used within the last 30 days
        _aged(tmp_path / "notes.md", 400),  # not a name Backbone gives: never touched
        _aged(tmp_path / f"{DIGEST[:-1]}.json", 400),  # not a whole digest
        _aged(tmp_path / "sub" / f"{DIGEST}.png", 400),  # not in this folder
    ]
    assert memo.prune(tmp_path, 30) == (2, 6)
    assert not any(p.exists() for p in stale) and all(p.exists() for p in kept)
    _aged(tmp_path / f"{DIGEST}.pdf", 90)
    assert memo.prune(tmp_path, 30) == (0, 0)  # pruned less than a day ago: not scanned again
    # two days on: the new entry, and the one last used 29 days ago, have had their time
    assert memo.prune(tmp_path, 30, now=time.time() + 2 * DAY) == (2, 2)
    assert not (tmp_path / f"{DIGEST}.svg").exists() and (tmp_path / "notes.md").exists()
    assert memo.prune(tmp_path / "absent", 30) == (0, 0)


def test_pruning_an_entry_leaves_the_site_published_from_it(tmp_path):
    entry, site = _aged(tmp_path / "cache" / f"{DIGEST}.png", 60, b"chart"), tmp_path / "site.png"
    memo.publish(str(entry), str(site))
    assert memo.prune(entry.parent, 30) == (1, 5)
    assert site.read_bytes() == b"chart"


def test_one_key_recipe_names_the_code_the_inputs_and_the_parameters():
    base = memo.key("code", memo.digest(b"logo"), params={"width": 480, "format": "PNG"})
    assert base == memo.key("code", memo.digest("logo"), params={"format": "PNG", "width": 480})  # order-free
    changed = [
        memo.key("other code", memo.digest(b"logo"), params={"width": 480, "format": "PNG"}),
        memo.key("code", memo.digest(b"logo 2"), params={"width": 480, "format": "PNG"}),
        memo.key("code", memo.digest(b"logo"), params={"width": 481, "format": "PNG"}),
        memo.key("code", memo.digest(b"logo")),
    ]
    assert len({base, *changed}) == 5
    assert memo.entry("cache", base, ".png", "preview-social").name == f"preview-social-{base}.png"
    assert memo.ENTRY.fullmatch(memo.entry("c", base, ".png", "preview-social").name)  # prune knows it


def test_ensure_makes_an_entry_once_and_writes_every_entry_of_one_making(tmp_path):
    calls = []

    def make():
        calls.append(1)
        return [b"pdf", b"png"]

    both = [tmp_path / "report.pdf", tmp_path / "report.png"]
    assert memo.ensure(both, make) is True and [p.read_bytes() for p in both] == [b"pdf", b"png"]
    assert memo.ensure(both, make) is False and len(calls) == 1
    both[1].unlink()  # one missing: made again, whole
    assert memo.ensure(both, make) is True and len(calls) == 2
    assert memo.ensure(tmp_path / "nothing.png", lambda: None) is None
    assert not (tmp_path / "nothing.png").exists()


def test_ensure_all_makes_only_what_is_missing_and_says_what_could_not_be_made(tmp_path):
    jobs = [([tmp_path / f"{name}.txt"], name) for name in ("a", "bad", "c")]
    (tmp_path / "c.txt").write_text("kept")
    made = memo.ensure_all(jobs, _upper, workers=1)
    assert made == [("a", None), ("bad", "cannot make 'bad'")]
    assert (tmp_path / "a.txt").read_text() == "A" and not (tmp_path / "bad.txt").exists()
    assert (tmp_path / "c.txt").read_text() == "kept"
    assert memo.ensure_all(jobs, _upper, workers=1) == [("bad", "cannot make 'bad'")]


def _upper(name: str) -> str:
    if name == "bad":
        raise memo.Unmade(f"cannot make '{name}'")
    return name.upper()


def test_a_text_result_is_made_once_and_still_made_where_the_cache_cannot_be_written(tmp_path):
    calls = []

    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    keep = memo.DiskMemo(tmp_path / "texts", "salt")
    assert keep("inline", "hello", shout) == "HELLO" and keep("inline", "hello", shout) == "HELLO"
    assert calls == ["hello"]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert memo.DiskMemo(blocked, "salt")("inline", "hello", shout) == "HELLO"  # no cache, same result
