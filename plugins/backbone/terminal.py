"""What reaches a terminal: control characters are shown, never obeyed.

A message echoes what a file holds (a YAML key, a file name, a link target, a value). A
terminal acts on control characters: ESC [2J clears the screen, ESC ] 0 ; … BEL sets the
window's title, ESC [8m hides every line after it (the rest of the report), and OSC 52
writes the clipboard. So every control character a message or a log line carries is
written as its escape, ``\\x1b``, which a reader can see and search for.
"""

from __future__ import annotations

import logging
import re

# Every C0 control, DEL and every C1 control (U+0080–U+009F: U+009B is CSI on its own).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
# The same but tab and newline, which a log line of several lines (a report) is made of.
_CONTROLS_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match) -> str:
    return f"\\x{ord(match.group()):02x}"


def visible(text: str, lines: bool = False) -> str:
    """``text`` with each control character written as ``\\xNN``; ``lines``: keep tabs and
    newlines (a report of many lines), else they are shown too (one line of a message)."""
    return (_CONTROLS_IN_LINES if lines else _CONTROLS).sub(_escape, text)


class ShowControls(logging.Filter):
    """A log filter that rewrites each record's message with its control characters shown."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: logging reports it itself
            return True
        shown = visible(message, lines=True)
        if shown != message:
            record.msg, record.args = shown, ()
        return True


SHOW_CONTROLS = ShowControls()


def show_controls_in_logs(name: str = "mkdocs") -> None:
    """Install the filter on the logger ``name`` and on each of its handlers (MkDocs' own
    messages included). A logger's filter sees only what is logged to that very logger; its
    handlers see its children's records too (``mkdocs.structure.pages``, the plugins...).
    Installing twice changes nothing."""
    logger = logging.getLogger(name)
    for target in (logger, *logger.handlers):
        if SHOW_CONTROLS not in target.filters:
            target.addFilter(SHOW_CONTROLS)
