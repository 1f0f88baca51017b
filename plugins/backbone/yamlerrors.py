"""YAML's syntax errors, told as the line to look at and the way to write it.

PyYAML says where it gave up, in its own terms ("found unexpected end of stream",
"mapping values are not allowed here"). The person fixing the file needs where the slip
is and what to type: a quote that is never closed is reported where it opens, not at the
end of the file where YAML noticed; a colon inside a value is answered with the value in
quotes, written out.
"""

from __future__ import annotations

import re

import yaml

# 'key: value' or '- value' or '- key: value' at the start of a line, split up
_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?:(?P<key>[^\s'\"#\[{][^:#]*?):(?:\s+|$))?(?P<value>.*)$")
# characters YAML reads as syntax at the start of a plain value
_INDICATORS = {
    "*": "an alias (a reference to a value named with &)",
    "&": "the name of a value (an anchor)",
    "@": "",  # reserved by YAML: nothing yet
    "`": "",
    "%": "a directive",
    "|": "a block of text on the lines below",
    ">": "a block of text on the lines below",
    "?": "a complex key",
    "[": "a list",
    "{": "a mapping",
    "!": "a tag",
}


def quoted(text: str) -> str:
    """``text`` as one YAML value in quotes: single quotes (inside which nothing is special
    but the quote itself, written twice), or double quotes for a text with an apostrophe."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _unquote(value: str) -> str:
    """The text the author meant: without one pair of matching quotes around it all."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _plain(value: str) -> str:
    """A plain value without the comment YAML would cut off after it (' #')."""
    return re.split(r"\s#", value, maxsplit=1)[0].rstrip()


def _written(lead: str, key: str | None, value: str, quote: str = "") -> str:
    """The line as it should be written, with ``value`` in quotes (``quote``, the author's own,
    when the value holds none of it)."""
    text = f"{quote}{value}{quote}" if quote and quote not in value and "\\" not in value else quoted(value)
    return f"{lead.strip()} {key}: {text}".strip() if key else f"{lead.strip()} {text}".strip()


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """(the 1-based line to look at, what is wrong and how to write it) for a YAML error."""
    lines = text.split("\n")
    problem, mark = exc.problem or "", exc.problem_mark or exc.context_mark
    if mark is None:
        return 0, f"this is not valid YAML ({problem or 'malformed YAML'}); check the indentation and quotes"
    if found := _where_it_opened(exc, lines):
        return found
    if run := _quote_run_on(text, mark.line):
        return run.start_mark.line + 1, _run_on(lines, run)
    return mark.line + 1, _on_its_line(exc, mark, lines)


def _where_it_opened(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str] | None:
    """A slip YAML noticed later than where it is: a quote or bracket left open, a key
    without its colon, reported on the line where it starts."""
    problem, context, opened, mark = exc.problem or "", exc.context or "", exc.context_mark, exc.problem_mark
    if opened is None or mark is None:
        return None
    first, index = _place(opened, lines)
    at = opened.line + 1
    if "quoted scalar" in context and "end of stream" in problem and first[index : index + 1] in ("'", '"'):
        return at, _unclosed_quote(first, index, opened.column)
    if "double-quoted scalar" in context and "escape" in problem:
        return at, _backslash(first, index, opened.column)
    bracket = first[index : index + 1] if context.startswith("while parsing a flow") else ""
    if bracket in ("[", "{") and opened.line != mark.line:
        return at, _unclosed_bracket(first, index, opened.column)
    if bracket in ("[", "{"):
        closing = "]" if bracket == "[" else "}"
        return mark.line + 1, (
            f"inside {bracket}...{closing} YAML expected ',' or '{closing}' at column {mark.column + 1} "
            f"({problem.rsplit(' ', 1)[-1]} found); check the commas and colons there, and put a value that "
            "holds a comma, colon or bracket in quotes"
        )
    if "simple key" in context and "expected ':'" in problem:
        return at, (
            f"'{first.strip()}' is neither 'key: value' nor a '- ' list item: add the ':' after the key, "
            "or start the line with '- ', or join it to the line above if it is more of that value"
        )
    return None


def _on_its_line(exc: yaml.MarkedYAMLError, mark, lines: list[str]) -> str:
    """A slip on the line where YAML failed: a colon or an indicator in a plain value, a quote
    ended too early, a tab, an entry out of line."""
    problem, opened, column = exc.problem or "", exc.context_mark, mark.column + 1
    line, index = _place(mark, lines)
    if problem == "mapping values are not allowed here":
        return _colon(line, index, mark.column, lines[: mark.line])
    if "\\t" in problem:
        return (
            f"a tab (column {column}) is used for indenting: YAML indents with spaces only; "
            "replace the tab with spaces, as many as the lines around it use"
        )
    if (fix := _indicator(line)) is not None:
        return fix
    if problem.startswith("expected <block end>, but found '<scalar>'") and (fix := _text_after_quote(line)):
        return fix
    if problem.startswith("expected <block end>") and opened and (fix := _misaligned(line, lines, opened, mark)):
        return fix
    if problem.startswith("expected <block end>"):
        return (
            f"this line does not line up with the lines above it (column {column}): indent each entry with "
            "as many spaces as the other entries of the same list or mapping"
        )
    return f"this is not valid YAML ({problem or 'malformed YAML'}, column {column}); check the indentation and quotes"


def _place(mark, lines: list[str]) -> tuple[str, int]:
    """(the text of the mark's line, the position of the mark in it). From the text YAML read
    where the mark keeps it: YAML's own column does not count a byte-order mark."""
    buffer, pointer = getattr(mark, "buffer", None), getattr(mark, "pointer", None)
    if isinstance(buffer, str) and isinstance(pointer, int) and 0 <= pointer <= len(buffer):
        start = buffer.rfind("\n", 0, pointer) + 1
        end = buffer.find("\n", pointer)
        return buffer[start : len(buffer) if end < 0 else end].rstrip("\0"), pointer - start
    line = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    return line, min(mark.column, len(line))


_ENTRY = re.compile(r"^\s*(?:-\s|[\w-]+:(?:\s|$))")


def _quote_run_on(text: str, line: int):
    """The quoted value that ran on from an earlier line to ``line`` (0-based), where YAML
    failed: a quote left open runs to the next quote of its kind, however far down (a value in
    quotes may go on over several lines, so YAML only fails after it). It ends on that line or
    the one before, and swallowed lines that read as entries ('key: ...', '- ...'). None when
    there is none."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                found = token if token.start_mark.line < token.end_mark.line else found
    except yaml.YAMLError:
        pass  # the scan stops where the parse did
    if found is None or not (found.start_mark.line < found.end_mark.line and line - 1 <= found.end_mark.line <= line):
        return None
    swallowed = text.split("\n")[found.start_mark.line + 1 : found.end_mark.line + 1]
    return found if any(_ENTRY.match(entry) for entry in swallowed) else None


def _run_on(lines: list[str], token) -> str:
    start, end = token.start_mark, token.end_mark
    quote = token.style
    line, index = _place(start, lines)
    parts = _LINE.match(line)
    key = parts["key"].strip() if parts and parts["key"] else None
    fix = _written(parts["lead"], key, line[index + 1 :].rstrip(), quote) if parts else ""
    return (
        f"the quote ({quote}) at column {start.column + 1} is not closed on its line, so YAML reads on to the next "
        f"{quote}, on line {end.line + 1}, as one text; close it at the end of the value: {fix}"
    )


def _misaligned(line: str, lines: list[str], opened, mark) -> str | None:
    """A line at the indentation of a list's items without its '- ', or a '- ' item among
    'key: value' lines: the two ways one entry of a list slips out of line."""
    first, index = _place(opened, lines)
    first = first[index:]
    item_here = line.lstrip().startswith("- ") or line.strip() == "-"
    if first.startswith("-") and not item_here and mark.column == opened.column:
        return (
            f"this line lines up with the items of the list that starts on line {opened.line + 1} ('- '), but "
            "does not start with '- ' itself: begin a new item with '- ', or indent the line under the item it "
            "belongs to"
        )
    if item_here and not first.startswith("-"):
        return (
            f"a list item ('- ', column {mark.column + 1}) among the 'key: value' lines that start on line "
            f"{opened.line + 1}: a value is either 'key: value' lines or '- ' items, not both; indent the items "
            "under a key of their own"
        )
    return None


def _unclosed_quote(line: str, index: int, column: int) -> str:
    quote = line[index]
    parts = _LINE.match(line)
    value = line[index + 1 :].rstrip()
    key = parts["key"].strip() if parts and parts["key"] else None
    fix = _written(parts["lead"], key, value, quote) if parts else quote + value + quote
    return (
        f"the quote ({quote}) at column {column + 1} is never closed, so YAML reads the rest of the file "
        f"as one text; close it at the end of the value: {fix}"
    )


def _backslash(line: str, index: int, column: int) -> str:
    """A backslash inside "...": the line with that value in single quotes, which keep it."""
    close = line.find('"', index + 1)
    while close > 0 and line[close - 1] == "\\":  # an escaped quote is part of the value
        close = line.find('"', close + 1)
    inner, rest = (line[index + 1 : close], line[close + 1 :]) if close > 0 else (line[index + 1 :].rstrip(), "")
    written = line[:index] + "'" + inner.replace("'", "''") + "'" + rest
    return (
        f'inside "..." a backslash starts an escape like \\n (column {column + 1}); to keep a backslash, '
        f"put the value in single quotes instead: {written.strip()}"
    )


def _unclosed_bracket(line: str, index: int, column: int) -> str:
    bracket = line[index]
    closing, what = ("]", "list") if bracket == "[" else ("}", "mapping")
    return (
        f"the '{bracket}' at column {column + 1} is never closed: end the {what} with '{closing}' on the same line, "
        f"like {line[index:].rstrip().rstrip(',')}{closing}; or, if the value is text that starts with "
        f"'{bracket}', put it in quotes"
    )


def _colon(line: str, index: int, column: int, above: list[str]) -> str:
    """'mapping values are not allowed here': a colon and a space inside a plain value, or a
    'key: value' line indented under a line whose value is already given."""
    parts = _LINE.match(line)
    value = parts["value"] if parts else ""
    if parts and parts["key"] is not None and ": " in value + " " and index >= len(line) - len(value):
        key = parts["key"].strip()
        return (
            f"the value of '{key}' has a colon and a space (column {column + 1}), which YAML reads as the start "
            f"of another 'key: value'; put the whole value in quotes: {_written(parts['lead'], key, _plain(value))}"
        )
    previous = next((text for text in reversed(above) if text.strip() and not text.lstrip().startswith("#")), "")
    key = parts["key"].strip() if parts and parts["key"] else line.strip()
    before = _LINE.match(previous)
    named = f"'{before['key'].strip()}'" if before and before["key"] else "the line above"
    return (
        f"'{key}' is indented more than {named} on the line above, which already has a value, so YAML reads it as "
        f"more of that value; indent '{key}' with as many spaces as the entries beside it"
    )


def _indicator(line: str) -> str | None:
    """A plain value that starts with a character YAML reads as syntax ('*Important* note')."""
    parts = _LINE.match(line)
    if not parts or not parts["value"] or parts["value"][0] not in _INDICATORS:
        return None
    value = parts["value"].rstrip()
    first = value[0]
    if first in "[{" and value.endswith({"[": "]", "{": "}"}[first]) or re.fullmatch(r"[|>][-+0-9]*", value):
        return None  # a list, a mapping or a block of text, as YAML means them: another error
    closer = {"[": "]", "{": "}"}.get(first)
    if closer and closer in value and not re.fullmatch(r"\[[^\]]*\]\s+\w.*", value):
        after = _plain(value[value.rindex(closer) + 1 :]).strip()
        if after:
            key = parts["key"].strip() if parts["key"] else None
            return (
                f"'{after}' is left over after the closing '{closer}': remove it, or, if the whole value is text, "
                f"put it in quotes: {_written(parts['lead'], key, _plain(value))}"
            )
    what = (
        f"is read as {_INDICATORS[first]}, not as text"
        if _INDICATORS[first]
        else f"cannot be read: YAML reserves {first}"
    )
    return (
        f"a value that starts with {first} {what}; put the value in quotes: "
        f"{_written(parts['lead'], parts['key'].strip() if parts['key'] else None, _plain(value))}"
    )


def _text_after_quote(line: str) -> str | None:
    """A value that starts with a quote, and goes on after the quote that ends it: 'Tom's day'."""
    parts = _LINE.match(line)
    value = parts["value"].rstrip() if parts else ""
    if not value or value[0] not in "'\"":
        return None
    quote, plain = value[0], _plain(value)
    # 'Tom's day' is meant whole inside its quotes; 'Every young adult's work opens a quote
    # it never closes (an apostrophe between letters is no quote); "Work" for all quotes a
    # word, then goes on.
    quotes = len(re.findall(rf"(?<!\w){quote}|{quote}(?!\w)", plain))
    meant = _unquote(plain) if plain[-1] == quote else plain[1:] if quotes % 2 else plain
    key = parts["key"].strip() if parts["key"] else None
    return (
        f"the value starts with {quote}, and YAML ends it at the next {quote}, so the text after that is left over; "
        f"write the whole value in quotes, with a {quote} inside it doubled or in the other kind of quotes: "
        f"{_written(parts['lead'], key, meant)}"
    )
