"""Cache entries: written whole, read-only when published by link, linked or else copied."""

from __future__ import annotations

import errno
import os
import stat

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
