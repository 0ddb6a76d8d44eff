"""The UI's notion of "now": injectable, so days-left are stable in tests and snapshots."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def fixed_clock(at: datetime) -> Clock:
    """A clock that always says `at` (for tests and snapshots)."""
    moment = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    return lambda: moment
