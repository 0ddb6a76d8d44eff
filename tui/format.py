"""How values look in the staff UI: Oslo times, days left, states and flags in the officer's words."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from rich.text import Text

from intake.states import CaseState
from store.queue import FLAG_LEGEND, TRIAGE  # noqa: F401 - TRIAGE is the queue's default view
from tui.texts import Texts

LOCAL = ZoneInfo("Europe/Oslo")
STATES = tuple(CaseState)


def local(value: datetime) -> datetime:
    aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return aware.astimezone(LOCAL)


def when(value: datetime) -> str:
    return local(value).strftime("%d.%m.%Y %H:%M")


def day(value: datetime) -> str:
    return local(value).strftime("%d.%m.%Y")


def days_to_answer(received_at: datetime, status: str, now: datetime) -> int | None:
    """Whole days (Norwegian calendar days) until the 14-day answer is due; None once finished."""
    from intake.states import FINISHED
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


def state(code: str, texts: Texts | None = None, *, short: bool = False) -> str:
    return (texts or Texts()).state(code, short=short)


def flags(codes: tuple[str, ...], texts: Texts | None = None) -> Text:
    texts = texts or Texts()
    return Text(" ".join(texts("flag_letter", c) for c in codes if c in FLAG_LEGEND), style="bold magenta")


def flags_legend(texts: Texts | None = None) -> str:
    texts = texts or Texts()
    return "  ".join(f"{texts('flag_letter', code)}={texts.flag(flag).lower()}" for code, (_, flag) in FLAG_LEGEND.items())


def size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n / 1024 / 1024:.1f} MB"
