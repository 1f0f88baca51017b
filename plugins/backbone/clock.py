"""The build date: SOURCE_DATE_EPOCH when set, so builds are reproducible."""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.date:
    return build_datetime().date()


def build_datetime() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc)
