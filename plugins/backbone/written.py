"""What the preview's site folder already holds of the outputs that workers write.

`mkdocs serve`'s rebuilds leave the site folder as it is (adapters/unchanged.py). An output
a worker writes from the model (a story's e-mail, a newsletter, a feed) is written again
only when the digest of its inputs changed or one of its files is gone; what writing it said
then (a warning) is said again. Without a worker to start or wait for, a rebuild after a
story's text was edited writes that story's e-mail and feeds only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable


class Written:
    """One serve session's outputs, by name: (the digest they were written from, what was said)."""

    def __init__(self):
        self.records: dict[str, tuple[str, object]] = {}
        self.site_dir = ""
        self.recording = False  # this build notes what it writes
        self.active = False  # this build leaves in place what the folder holds
        self.kept: set[str] = set()  # absolute paths this build left in place

    def start(self, site_dir: str, *, recording: bool, active: bool) -> None:
        self.site_dir, self.recording, self.active = site_dir, recording, active
        self.kept = set()
        if not active:
            self.records.clear()  # the folder is emptied: nothing in it any more

    def holds(self, name: str, digest: str, dest_uris: Iterable[str]) -> tuple[bool, object]:
        """Whether the folder holds ``name`` written from ``digest`` (its files then kept this
        build), and what writing it said."""
        found = self.records.get(name)
        if not self.active or found is None or found[0] != digest:
            return False, None
        paths = [os.path.normpath(os.path.join(self.site_dir, uri)) for uri in dest_uris]
        if not all(os.path.isfile(path) for path in paths):
            return False, None
        self.kept.update(paths)
        return True, found[1]

    def wrote(self, name: str, digest: str, said: object = None) -> None:
        if self.recording:
            self.records[name] = (digest, said)

    def forget(self) -> None:
        self.records.clear()
        self.kept = set()


NOTHING = Written()  # a build outside `mkdocs serve`: holds nothing, notes nothing
