"""Live figures in Markdown: ``{{ metric:jobs-placed@2025-Q3.change }}``, ``{{ chart:id }}``, ``{{ roi:collective }}``.

Fenced code blocks and inline code are left untouched; ``\\{{ ... }}`` prints the
braces as written. Unknown metrics, periods or attributes are reported with the
page, the line and a close match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import fences
from ..problems import Problem, close_match, did_you_mean, id_fix
from ..render.plaintext import isolated
from .roi import Roi
from .source import ProjectFigures

CITATION = re.compile(r"(\\?)\{\{\s*(metric|chart|roi)\s*:\s*([^{}]*?)\s*\}\}")
METRIC_ARG = re.compile(r"^([a-z0-9][a-z0-9-]*)(?:@([0-9A-Za-z-]+))?(?:\.([a-z_]+))?$")
# The same parts, read loosely: the id part of a citation that is no citation may be a title
# or an id in capitals, to be answered with the id it means.
LOOSE_METRIC_ARG = re.compile(r"^([^@]+?)(@[0-9A-Za-z-]+)?(\.[a-z_]+)?$")
ROI_ARG = re.compile(r"^([a-z0-9][a-z0-9-]*)(?:\.([a-z_]+))?$")
INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
METRIC_ATTRS = (
    "value",
    "change",
    "year_change",
    "baseline_change",
    "target",
    "target_period",
    "progress",
    "baseline",
    "period",
    "status",
    "title",
)
ROI_ATTRS = ("ratio", "invested", "value", "share", "leverage", "window")


class CitationError(ValueError):
    pass


class Waiting(CitationError):
    """A citation of a metric (or of the return) whose own file has problems: those are
    reported there, and the citation is checked once they are fixed, not called unknown."""


@dataclass
class Resolver:
    figures: ProjectFigures
    roi: Roi | None
    chart: Callable[[str], str]  # metric id → HTML of the embedded chart (links relative to the page)

    def __call__(self, kind: str, arg: str) -> str:
        if kind == "roi":
            return inert(self.roi_figure(arg))
        if kind == "chart":
            mid = re.split(r"[@.]", arg, maxsplit=1)[0]
            if mid != arg and mid in self.figures.metric_ids():
                raise CitationError(
                    f"a chart shows a metric's whole curve: write '{{{{ chart:{mid} }}}}', without '{arg[len(mid) :]}'"
                )
            return self.chart(self.metric_id(arg, "chart"))
        m = METRIC_ARG.match(arg)
        if not m:
            self.misspelt_id(arg, "metric")
            raise CitationError(
                f"'{{{{ metric:{arg} }}}}' is not a citation: write metric:<id>, metric:<id>@<period> "
                f"and optionally .<attribute> ({', '.join(METRIC_ATTRS)})"
            )
        mid, period, attr = self.metric_id(m[1]), m[2], m[3] or "value"
        if attr not in METRIC_ATTRS:
            raise CitationError(
                f"unknown attribute '.{attr}': use one of {', '.join(METRIC_ATTRS)}{did_you_mean(attr, METRIC_ATTRS)}"
            )
        if period is not None and period not in (known := self.figures.periods(mid)):
            raise CitationError(self.missing_period(mid, period, known))
        return inert(self.metric_figure(mid, period, attr))

    def missing_period(self, mid: str, text: str, known: Sequence[str]) -> str:
        """Why ``text`` has no figure, with the periods nearest it in time that have one; a text
        that is no period of this metric's kind gets the closest spelling."""
        if message := self.figures.missing_period(mid, text):
            return message
        hint = did_you_mean(text, known) or f"; it has figures from {known[0]} to {known[-1]}"
        return f"metric '{mid}' has no figure for the period '{text}'{hint}"

    def metric_id(self, arg: str, kind: str = "metric") -> str:
        ids = self.figures.metric_ids()
        if arg not in ids:
            if arg in self.figures.broken_ids():
                raise Waiting(arg)
            self.misspelt_id(arg, kind)
            raise CitationError(
                f"unknown metric '{arg}' (metrics are the files in data/metrics/){did_you_mean(arg, ids)}"
            )
        return arg

    def misspelt_id(self, arg: str, kind: str) -> None:
        """A CitationError with the citation to write when the metric of ``arg`` (a ``kind``
        citation) is a metric's id in capitals or its title; nothing otherwise."""
        m = LOOSE_METRIC_ARG.match(arg)
        if not m:
            return
        ids = self.figures.metric_ids()
        titles = {mid: self.figures.metrics[mid].title for mid in ids}
        rest = "" if kind == "chart" else (m[2] or "") + (m[3] or "")
        fix = id_fix(m[1], ids, titles, "metric", write=lambda mid: f"{{{{ {kind}:{mid}{rest} }}}}")
        if fix:
            raise CitationError(fix[1])

    def metric_figure(self, mid: str, period: str | None, attr: str) -> str:
        f, fm = self.figures.figures(mid, period), self.figures.formats
        metric = f.metric
        if attr == "value":
            return f.text(fm)
        if attr == "title":
            return isolated(metric.title)  # set in the author's sentence: its own bidi island
        if attr == "period":
            return fm.period(f.period)
        if attr == "baseline":
            return f.text(fm, metric.baseline.value)
        if attr in ("change", "year_change", "baseline_change"):
            change = {"change": f.previous, "year_change": f.year_ago, "baseline_change": f.since_baseline}[attr]
            earlier = {"change": f.period.shift(-1), "year_change": f.period.shift(-f.period.per_year)}.get(attr)
            if change is None and earlier is not None and (gap := metric.gap_at(earlier)):
                raise CitationError(
                    f"metric '{mid}' has no figure for {earlier.text}, the period '.{attr}' compares "
                    f"{f.period.text} with ({gap.note}); a change never skips a missing period: cite the value instead"
                )
            if change is None:
                raise CitationError(f"metric '{mid}' has no earlier figure to compare {f.period.text} with ('.{attr}')")
            return change.short(metric, fm)
        if metric.target is None and attr in ("target", "target_period", "progress"):
            raise CitationError(
                f"metric '{mid}' has no target, so '.{attr}' cannot be cited; add a target to {metric.file}"
            )
        if attr == "target":
            return f.text(fm, metric.target.value)
        if attr == "target_period":
            return fm.period(metric.target.period)
        if attr == "progress":
            return fm.percent(f.progress) if f.progress is not None else "–"
        return f.status_in_text(fm)

    def roi_figure(self, arg: str) -> str:
        if self.roi is None:
            if self.figures.roi_waits:
                raise Waiting(arg)
            raise CitationError("ROI figures need data/investments.yml, which does not exist")
        m = ROI_ARG.match(arg)
        if not m:
            who = arg.split(".")[0]
            if fix := id_fix(
                who,
                ["collective", *self.roi.partners],
                None,
                "partner",
                write=lambda w: f"{{{{ roi:{w}{arg[len(who) :]} }}}}",
            ):
                raise CitationError(fix[1])
            raise CitationError(
                f"'{{{{ roi:{arg} }}}}' is not a citation: write roi:collective or roi:<partner id>, "
                f"optionally with .{' / .'.join(ROI_ATTRS)}"
            )
        who, attr = m[1], m[2] or "ratio"
        if attr not in ROI_ATTRS:
            raise CitationError(
                f"unknown attribute '.{attr}': use one of {', '.join(ROI_ATTRS)}{did_you_mean(attr, ROI_ATTRS)}"
            )
        fm = self.figures.formats
        r, money = self.roi, lambda v: fm.money(v, self.roi.currency)
        if who == "collective":
            values = {
                "ratio": fm.ratio(r.collective or 0),
                "invested": money(r.invested),
                "value": money(r.value_created),
                "share": fm.percent(1),
                "leverage": fm.number(1, 1),
                "window": r.window.label_in(fm),
            }
            return values[attr]
        if who not in r.partners:
            known = ["collective", *r.partners]
            raise CitationError(
                f"unknown ROI '{who}': use 'collective' or a partner with contributions in data/investments.yml"
                + did_you_mean(who, known)
            )
        p = r.partners[who]
        values = {
            "ratio": fm.ratio(p.roi or 0),
            "invested": money(p.total),
            "value": money(p.attributed_value),
            "share": fm.percent(p.share, 1),
            "leverage": fm.number(p.leverage or 0, 1),
            "window": r.window.label_in(fm),
        }
        return values[attr]


# What Markdown or HTML could read as syntax anywhere in a line; digits, letters,
# spaces and the punctuation of formatted figures ("1,250", "12%", "3/4") pass as they are.
_ACTIVE = frozenset("&<>\"'`\\*_{}[]()#+-.!|~=:^$@;?")


def inert(text: str) -> str:
    """A cited figure or title as literal text wherever the citation sits in the Markdown:
    each character Markdown or HTML could read as syntax becomes a character reference,
    which both leave as it is and the browser shows as the character."""
    return "".join(f"&#{ord(ch)};" if ch in _ACTIVE or ch < " " else ch for ch in text)


def substitute(
    markdown: str, resolve: Callable[[str, str], str], file: str, first_line: int = 1
) -> tuple[str, list[Problem]]:
    """Replace every citation outside code; return the text and the problems found."""
    problems: list[Problem] = []
    lines = markdown.split("\n")
    out = [
        line if code else _line(line, number, resolve, file, problems)
        for number, (line, code) in enumerate(zip(lines, fences.in_code(lines)), start=first_line)
    ]
    return "\n".join(out), problems


def _line(line: str, number: int, resolve, file: str, problems: list[Problem]) -> str:
    if "{{" not in line:
        return line
    parts, last = [], 0
    for code in INLINE_CODE.finditer(line):
        parts.append(_replace(line[last : code.start()], number, resolve, file, problems))
        parts.append(code.group(0))
        last = code.end()
    parts.append(_replace(line[last:], number, resolve, file, problems))
    return "".join(parts)


def _replace(text: str, number: int, resolve, file: str, problems: list[Problem]) -> str:
    def one(m: re.Match) -> str:
        if m[1]:
            return m.group(0)[1:]  # escaped: print the braces as written
        try:
            return resolve(m[2], m[3])
        except Waiting:
            return m.group(0)  # its metric's own problems are reported: the build stops there
        except CitationError as exc:
            problems.append(Problem(file, number, f"{m[2]}:{m[3]}", str(exc)))
            return m.group(0)

    return CITATION.sub(one, text)


__all__ = ["Resolver", "CitationError", "substitute", "close_match"]
