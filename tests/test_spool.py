"""The build's spool (spool.py): each text read back exactly as put, in any order, and the
file closed once nothing holds the spool (no file left open by a build, no ResourceWarning)."""

from __future__ import annotations

import gc
import threading

from backbone.spool import Spool


def test_texts_read_back_as_put_in_any_order():
    spool = Spool()
    texts = ["<p>▲ 12 %</p>".encode(), b"", "\u05d0\ud800".encode("utf-8", "surrogatepass"), b"x" * 100_000]
    places = [spool.put(text) for text in texts]
    assert [place.read() for place in reversed(places)] == list(reversed(texts))
    assert places[1].length == 0 and places[3].start == sum(len(t) for t in texts[:3])


def test_reads_and_writes_from_threads_do_not_mix():
    spool = Spool()
    made = {}

    def work(n: int) -> None:
        for i in range(200):
            text = f"{n}:{i}:".encode() * (i % 7 + 1)
            made[(n, i)] = (spool.put(text), text)
            assert made[(n, i)][0].read() == text

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(place.read() == text for place, text in made.values())


def test_the_file_is_closed_once_nothing_holds_the_spool():
    spool = Spool()
    place = spool.put(b"<p>a page</p>")
    file = spool._file
    del spool
    gc.collect()
    assert not file.closed, "a page's place keeps its spool"
    del place
    gc.collect()
    assert file.closed


def test_without_a_writable_temporary_folder_the_pages_stay_in_memory(monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "/tmp")

    monkeypatch.setattr("tempfile.TemporaryFile", refused)
    spool = Spool()
    place = spool.put("<p>▲</p>".encode())
    assert place.read().decode() == "<p>▲</p>"
