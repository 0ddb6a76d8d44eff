"""The service's health as an operator's monitoring asks for it: one verdict per check, worst wins.

Each check is OK, WARNING or CRITICAL (exit 0, 1, 2, as Nagios-style monitoring expects); the
figures come from the database (store/health_figures.py) and the data dir's file system, so any
process may ask, whether or not `mdreg serve` runs.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from sqlalchemy.engine import Engine

from mailbot.settings import Settings


class Level(IntEnum):
    OK = 0
    WARNING = 1
    CRITICAL = 2


@dataclass(frozen=True)
class Check:
    name: str
    level: Level
    detail: str

    def __str__(self) -> str:
        return f"{self.level.name} {self.name}: {self.detail}"


def run_checks(*, settings: Settings, engine: Engine) -> list[Check]:
    """Every check; with the database unreachable, the ones that need it say so instead."""
    from store.health_figures import read_figures

    checks = [_database(engine)]
    if checks[0].level == Level.CRITICAL:
        checks += [Check(name, Level.CRITICAL, "unknown: the database check failed")
                   for name in ("queue", "leases", "outbox") + (("imap",) if settings.imap_host else ())]
    else:
        figures = read_figures(engine=engine, claim_timeout_seconds=settings.claim_timeout_seconds,
                               queued_long_seconds=settings.health_outbox_queued_seconds)
        checks += [_queue(settings, figures), _leases(figures), _outbox(figures)]
        if settings.imap_host:
            checks.append(_imap(settings, figures))
    checks.append(_disk(settings.data_dir, settings))
    return checks


def overall(checks: list[Check]) -> Level:
    return max((c.level for c in checks), default=Level.OK)


def _database(engine: Engine) -> Check:
    from sqlalchemy.exc import SQLAlchemyError

    from store.db import schema_revisions

    try:
        current, heads = schema_revisions(engine)
    except SQLAlchemyError as exc:
        return Check("database", Level.CRITICAL, f"unreachable ({type(exc.orig or exc).__name__})")
    if set(current) != set(heads):
        return Check("database", Level.CRITICAL,
                     f"schema at {', '.join(current) or 'none'}, expected {', '.join(heads)}: run `mdreg db upgrade`")
    return Check("database", Level.OK, f"reachable, schema {', '.join(current)}")


def _queue(settings: Settings, figures) -> Check:
    age = figures.oldest_unprocessed_seconds
    if age is None:
        return Check("queue", Level.OK, "no message waiting")
    detail = f"{figures.unprocessed} waiting, oldest {_duration(age)}"
    if age >= settings.health_queue_critical_seconds:
        return Check("queue", Level.CRITICAL, detail + " (are the workers running?)")
    if age >= settings.health_queue_warning_seconds:
        return Check("queue", Level.WARNING, detail)
    return Check("queue", Level.OK, detail)


def _leases(figures) -> Check:
    if figures.stuck:
        return Check("leases", Level.WARNING,
                     f"{figures.stuck} message(s) held past their claim timeout (a worker died or hangs)")
    return Check("leases", Level.OK, "no message held past its claim timeout")


def _outbox(figures) -> Check:
    failed = figures.outbox_by_status.get("failed", 0)
    parts = [f"{failed} failed", f"{figures.outbox_queued_long} queued too long",
             f"{figures.outbox_by_status.get('queued', 0)} queued"]
    level = Level.WARNING if failed or figures.outbox_queued_long else Level.OK
    return Check("outbox", level, ", ".join(parts) + (" (see `mdreg outbox --status failed`)" if failed else ""))


def _imap(settings: Settings, figures) -> Check:
    age = figures.imap_last_poll_seconds  # a completed poll, whether or not it found mail
    if age is None:
        return Check("imap", Level.WARNING, "the IMAP folder was never polled successfully")
    detail = f"last successful IMAP poll {_duration(age)} ago"
    level = Level.WARNING if age >= settings.health_imap_quiet_seconds else Level.OK
    return Check("imap", level, detail)


def _disk(data_dir: Path, settings: Settings) -> Check:
    usage = shutil.disk_usage(_existing(data_dir))
    free_percent = 100 * usage.free / usage.total if usage.total else 0.0
    detail = f"{usage.free / 2**30:.1f} GiB free ({free_percent:.0f}%) at {data_dir}"
    if free_percent < settings.health_disk_critical_percent:
        return Check("disk", Level.CRITICAL, detail)
    if free_percent < settings.health_disk_warning_percent:
        return Check("disk", Level.WARNING, detail)
    return Check("disk", Level.OK, detail)


def disk_free_bytes(data_dir: Path) -> int:
    return shutil.disk_usage(_existing(data_dir)).free


def _existing(path: Path) -> Path:
    """The data dir, or its nearest existing parent before the first start has made it."""
    existing = Path(path).absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return existing


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
