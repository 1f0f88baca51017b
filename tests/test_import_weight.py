"""What the plugin's import loads (issue 24, peak memory): a build's own process holds a
thousand pages, so the libraries only a worker, `mkdocs serve`, `backbone upgrade` or a
slip's suggestion needs are imported there, not by every build. Checked in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys

# each: who needs it instead
ELSEWHERE = {
    "css_inline": "the mail worker",
    "inscriptis": "the mail worker",
    "feedgen": "the feeds' worker",
    "watchdog": "mkdocs serve",
    "rapidfuzz": "a slip's suggestion",
    "ruamel": "backbone upgrade",
    "urllib.request": "backbone edit",
}


def test_the_plugin_does_not_import_what_only_workers_and_commands_need():
    code = (
        "import json, sys; import backbone.adapters.plugin; "
        f"print(json.dumps(sorted(m for m in {sorted(ELSEWHERE)!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = json.loads(out)
    assert loaded == [], {m: ELSEWHERE[m] for m in loaded}


def test_the_lazy_parts_still_load_where_they_are_used():
    from backbone.problems import close_match
    from backbone.stories.email import _inliner, _text

    assert close_match("sevices", ["services", "schools"]) == "services"
    assert "x" in _inliner().inline("<html><head><style>p{color:red}</style></head><body><p>x</p></body></html>")
    assert _text("<p>a</p><p>b</p>").split() == ["a", "b"]
