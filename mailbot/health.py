"""The service's health as an operator's monitoring asks for it: one verdict per check, worst wins.

Each check is OK, WARNING or CRITICAL (exit 0, 1, 2, as Nagios-style monitoring expects); the
figures come from the database (store/health_figures.py) and the data dir's file system, so any
process may ask, whether or not `mdreg serve` runs. A line is `LEVEL name: words`: the level and
the name stay as they are for monitoring, the words are said in the operator's language from the
[health] table of mailbot/cli/lang/<language>.toml.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
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
    text: str  # the key of its words in [health]
    values: dict = field(default_factory=dict)

    def said(self, language: str = "nb") -> str:
        """The line for the operator: level and name as monitoring parses them, words in `language`."""
        from mailbot.cli.texts import Say

        return f"{self.level.name} {self.name}: {Say(language)('health', self.text, **self.values)}"

    @property
    def detail(self) -> str:
        """The words in English, as the logs say things."""
        return self.said("en").split(": ", 1)[1]

    def __str__(self) -> str:
        return self.said("en")


def run_checks(*, settings: Settings, engine: Engine) -> list[Check]:
    """Every check; with the database unreachable, the ones that need it say so instead."""
    from store.health_figures import read_figures

    checks = [_database(engine)]
    if checks[0].level == Level.CRITICAL:
        checks += [Check(name, Level.CRITICAL, "unknown")
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
        return Check("database", Level.CRITICAL, "database_unreachable", {"error": type(exc.orig or exc).__name__})
    if set(current) != set(heads):
        return Check("database", Level.CRITICAL, "database_behind",
                     {"current": ", ".join(current) or "-", "heads": ", ".join(heads)})
    return Check("database", Level.OK, "database_ok", {"current": ", ".join(current)})


def _queue(settings: Settings, figures) -> Check:
    age = figures.oldest_unprocessed_seconds
    if age is None:
        return Check("queue", Level.OK, "queue_empty")
    detail = {"count": figures.unprocessed, "age": _duration(age)}
    if age >= settings.health_queue_critical_seconds:
        return Check("queue", Level.CRITICAL, "queue_stalled", detail)
    if age >= settings.health_queue_warning_seconds:
        return Check("queue", Level.WARNING, "queue_waiting", detail)
    return Check("queue", Level.OK, "queue_waiting", detail)


def _leases(figures) -> Check:
    if figures.stuck:
        return Check("leases", Level.WARNING, "leases_stuck", {"count": figures.stuck})
    return Check("leases", Level.OK, "leases_ok")


def _outbox(figures) -> Check:
    failed = figures.outbox_by_status.get("failed", 0)
    parts = {"failed": failed, "long": figures.outbox_queued_long, "queued": figures.outbox_by_status.get("queued", 0)}
    level = Level.WARNING if failed or figures.outbox_queued_long else Level.OK
    return Check("outbox", level, "outbox_failed" if failed else "outbox", parts)


def _imap(settings: Settings, figures) -> Check:
    age = figures.imap_last_poll_seconds  # a completed poll, whether or not it found mail
    if age is None:
        return Check("imap", Level.WARNING, "imap_never")
    detail = {"age": _duration(age)}
    level = Level.WARNING if age >= settings.health_imap_quiet_seconds else Level.OK
    return Check("imap", level, "imap_polled", detail)


def _disk(data_dir: Path, settings: Settings) -> Check:
    usage = shutil.disk_usage(_existing(data_dir))
    free_percent = 100 * usage.free / usage.total if usage.total else 0.0
    detail = {"free": f"{usage.free / 2**30:.1f}", "percent": f"{free_percent:.0f}", "path": data_dir}
    if free_percent < settings.health_disk_critical_percent:
        return Check("disk", Level.CRITICAL, "disk", detail)
    if free_percent < settings.health_disk_warning_percent:
        return Check("disk", Level.WARNING, "disk", detail)
    return Check("disk", Level.OK, "disk", detail)


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
