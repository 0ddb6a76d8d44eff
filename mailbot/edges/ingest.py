"""`mdreg ingest`: import a .eml file, an mbox file or a Maildir through the same durable path."""

from __future__ import annotations

import mailbox
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from rich.progress import Progress
from sqlalchemy.engine import Engine

from mailbot.errors import MailbotError
from store.errors import StorageFailed
from store.inbox import store_raw

PROGRESS_FROM = 50  # show a progress bar from this many messages


class NotAMailSource(MailbotError):
    """The path is neither a message file, an mbox file nor a Maildir."""


@dataclass
class IngestSummary:
    stored: int = 0
    duplicates: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.stored} stored, {self.duplicates} already stored, {self.failed} failed"


def messages_in(path: Path) -> list[bytes] | Iterator[bytes]:
    """The raw messages at `path`."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return [m.as_bytes() for m in mailbox.Maildir(path, create=False)]
        return [p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file() and p.suffix in (".eml", ".msg", "")]
    if not path.is_file():
        raise NotAMailSource(f"{path}: no such file or folder")
    with path.open("rb") as handle:
        first = handle.read(5)
    if first == b"From ":
        box = mailbox.mbox(path, create=False)
        try:
            return [box.get_bytes(key) for key in box.iterkeys()]
        finally:
            box.close()
    return [path.read_bytes()]


def ingest(*, engine: Engine, path: Path, show_progress: bool = True) -> IngestSummary:
    """Store every message at `path` for the worker, reporting progress on large inputs."""
    raws = list(messages_in(path))
    summary = IngestSummary()
    with Progress(disable=not show_progress or len(raws) < PROGRESS_FROM, transient=True) as progress:
        task = progress.add_task(f"ingesting {path.name}", total=len(raws))
        for raw in raws:
            try:
                stored = store_raw(engine=engine, raw=raw, source="ingest")
            except StorageFailed:
                summary.failed += 1
            else:
                summary.duplicates += stored.duplicate
                summary.stored += not stored.duplicate
            progress.advance(task)
    return summary
