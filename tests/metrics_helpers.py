"""Shared setup for the metrics tests: the metrics fixture, built with a fixed date."""

from __future__ import annotations

import contextlib
import logging
import os

from support import FIXTURES, make_project

BUILD_DATE = "1728993600"  # 2024-10-15 12:00 UTC: Q2 2024, 2023 and June 2024 are the newest periods due


@contextlib.contextmanager
def fixed_date(epoch: str = BUILD_DATE):
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class InfoLog(logging.Handler):
    """Collects the INFO lines of Backbone's ``adapters`` (by default the metrics plugin's:
    'drew N of M charts')."""

    def __init__(self, adapters: tuple[str, ...] = ("metrics",)):
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self._loggers = [logging.getLogger(f"mkdocs.plugins.backbone.adapters.{name}") for name in adapters]

    def emit(self, record):
        self.lines.append(record.getMessage())

    def __enter__(self):
        self._levels = [logger.level for logger in self._loggers]
        for logger in self._loggers:
            logger.setLevel(logging.INFO)
            logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        for logger, level in zip(self._loggers, self._levels):
            logger.removeHandler(self)
            logger.setLevel(level)

    def drawn(self) -> int:
        lines = [line for line in self.lines if "drew " in line]
        assert len(lines) == 1, self.lines
        return int(lines[0].split("drew ")[1].split()[0])


def metrics_project(tmp_path):
    return make_project(tmp_path, FIXTURES / "metrics")


def build(project, **kwargs):
    with fixed_date(), InfoLog() as log:
        built = project.build(**kwargs)
    built.log = log
    return built
