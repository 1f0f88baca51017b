"""The build date: SOURCE_DATE_EPOCH when set, so builds are reproducible.

Every feature that judges something against "today" (stale figures, overdue
actions, future-dated stories) asks here, so one build has one date.
"""

from __future__ import annotations

import datetime as dt
import os


def build_datetime() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc)


def build_date() -> dt.date:
    return build_datetime().date()
