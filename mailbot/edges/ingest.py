"""`mdreg ingest`: import a message file, an mbox file or a Maildir through the durable path.

Anything else is refused with a reason rather than stored as a "registration": a folder that is
not a Maildir, a file whose start is not an RFC 5322 header block, an Outlook .msg file.
"""

from __future__ import annotations

import mailbox
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import Engine

from mailbot.errors import NotAMailSource
from store.errors import StorageFailed
from store.inbox import store_raw

__all__ = ["IngestSummary", "NotAMailSource", "ingest", "looks_like_mail", "messages_in"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Outlook .msg (and old .doc/.xls)
# A header field: printable ASCII name without space or colon, then a colon.
HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")
# A message has at least one of these (RFC 5322 requires From and Date; relays add Received).
MAIL_HEADERS = (b"from", b"date", b"received", b"message-id", b"return-path", b"delivered-to")


@dataclass
class IngestSummary:
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped: int = 0  # entries of an mbox or Maildir that are not messages

    def __str__(self) -> str:
        text = f"{self.stored} stored, {self.duplicates} already stored, {self.failed} failed"
        return text + (f", {self.skipped} skipped (not a message)" if self.skipped else "")


def looks_like_mail(raw: bytes) -> bool:
    """True when `raw` starts with an RFC 5322 header block naming a sender, a date or a relay."""
    head = raw[:65536].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = head.split(b"\n")
    if not lines or not HEADER_LINE.match(lines[0]) or b"\x00" in head:
        return False
    names = {line.split(b":", 1)[0].strip().lower() for line in lines if HEADER_LINE.match(line)}
    for line in lines:
        if not (HEADER_LINE.match(line) or line[:1] in (b" ", b"\t")):
            return False  # a line that is neither a field nor its continuation
    return any(name in names for name in MAIL_HEADERS)


def messages_in(path: Path) -> list[bytes]:
    """The raw messages at `path`; raises NotAMailSource with the reason when it holds none."""
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new")):
            box = mailbox.Maildir(path, create=False)
            return [box.get_bytes(key) for key in box.iterkeys()]
        raise NotAMailSource(f"{path}: a folder, but not a Maildir (it has no cur/ and new/); "
                             "give a message file, an mbox file or a Maildir", code="not_a_maildir", path=path)
    if not path.exists():
        raise NotAMailSource(f"{path}: no such file or folder", code="no_such_path", path=path)
    if not path.is_file():
        raise NotAMailSource(f"{path}: not a regular file", code="not_a_file", path=path)
    try:
        with path.open("rb") as handle:
            first = handle.read(65536)
    except OSError as exc:
        raise NotAMailSource(f"{path}: cannot read it: {exc.strerror or exc}", code="unreadable_path", path=path,
                             cause=exc.strerror or exc) from exc
    if first.startswith(OLE_MAGIC):
        raise NotAMailSource(f"{path}: an Outlook .msg file, which mdreg cannot read; in Outlook, "
                             "save or forward it as .eml (Internet message format) and ingest that",
                             code="outlook_msg", path=path)
    if first.startswith(b"From "):
        box = mailbox.mbox(path, create=False)
        try:
            return [box.get_bytes(key) for key in box.iterkeys()]
        finally:
            box.close()
    if not looks_like_mail(first):
        raise NotAMailSource(f"{path}: not an e-mail message (no RFC 5322 header block at its start)",
                             code="not_a_message", path=path)
    return [path.read_bytes()]


def ingest(*, engine: Engine, path: Path, advance: Callable[[], None] = lambda: None,
           raws: list[bytes] | None = None) -> IngestSummary:
    """Store every message at `path` for the worker, calling `advance` after each."""
    summary = IngestSummary()
    for raw in raws if raws is not None else messages_in(path):
        if not looks_like_mail(raw):
            summary.skipped += 1
        else:
            try:
                stored = store_raw(engine=engine, raw=raw, source="ingest")
            except StorageFailed:
                summary.failed += 1
            else:
                summary.duplicates += stored.duplicate
                summary.stored += not stored.duplicate
        advance()
    return summary


