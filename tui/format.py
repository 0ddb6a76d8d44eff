"""How values look in the staff UI: local times, days left, states, flags."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from rich.text import Text

from store.queue import FLAG_LEGEND

LOCAL = ZoneInfo("Europe/Oslo")

STATE_LABELS = {
    "awaiting_applicant": "Waiting",
    "under_review": "Review",
    "needs_staff": "Staff",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "closed": "Closed",
    "new": "New",
}
STATES = ("awaiting_applicant", "under_review", "needs_staff", "accepted", "rejected", "closed")


def local(value: datetime) -> datetime:
    aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return aware.astimezone(LOCAL)


def when(value: datetime) -> str:
    return local(value).strftime("%d.%m.%Y %H:%M")


def day(value: datetime) -> str:
    return local(value).strftime("%d.%m.%Y")


def days_to_answer(received_at: datetime, status: str, now: datetime) -> int | None:
    """Whole days (Norwegian calendar days) until the 14-day answer is due; None once finished."""
    from intake.plan.decide import FINISHED
    from store.queue import ANSWER_DAYS

    if status in FINISHED:
        return None
    return local(received_at).date().toordinal() + ANSWER_DAYS - local(now).date().toordinal()


def days_left(days: int | None) -> Text:
    """Days until the answer is due; overdue ones stand out."""
    if days is None:
        return Text("—", style="dim")
    if days < 0:
        return Text(f"{days}", style="bold white on red")
    if days <= 3:
        return Text(f"{days}", style="bold yellow")
    return Text(f"{days}")


def state(code: str) -> str:
    return STATE_LABELS.get(code, code)


def flags(codes: tuple[str, ...]) -> Text:
    return Text(" ".join(FLAG_LEGEND[c][0] for c in codes if c in FLAG_LEGEND), style="bold magenta")


def flags_legend() -> str:
    return "  ".join(f"{letter}={meaning}" for letter, meaning in FLAG_LEGEND.values())


def size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n / 1024 / 1024:.1f} MB"
