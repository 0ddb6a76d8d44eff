"""How `mdreg cases` and `mdreg outbox` print: rich tables for people, JSON for programs.

Every cell is a `rich.text.Text`, never a markup string: a company name or subject from mail
holding `[/]` or `[link=…]` is shown as the characters it is, not interpreted."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from intake.replies.render import reason_text
from store.outbox import OutboxEntry
from store.views import CaseSummary


def cases_json(cases: list[CaseSummary]) -> list[dict]:
    return [
        {
            "reference": c.reference,
            "status": c.status,
            "kind": c.kind,
            "sender": c.sender,
            "received_at": c.received_at.isoformat(),
            "flags": list(c.flags),
            "fields": {
                key: {"value": f.value, "state": f.state, "reason": reason_text(f.reason, "en") or None}
                for key, f in c.fields.items()
            },
            "thread": [
                {"direction": t.direction, "at": t.at.isoformat(), "subject": t.subject, "address": t.address,
                 "message_id": t.message_id, "status": t.status}
                for t in c.thread
            ],
        }
        for c in cases
    ]


def case_rows(cases: list[CaseSummary]) -> None:
    table = Table("reference", "status", "kind", "sender", "received", "organisation", "missing/invalid", "flags")
    for c in cases:
        table.add_row(*_cells(
            c.reference, c.status, c.kind, c.sender or "", c.received_at.strftime("%Y-%m-%d %H:%M"),
            c.organisation or "", str(c.missing_count), ", ".join(c.flags)[:60],
        ))
    _console().print(table)


def outbox_json(entries: list[OutboxEntry]) -> list[dict]:
    return [
        {
            "id": e.outbox_id, "case": e.case_reference, "kind": e.kind, "to": e.to_addr,
            "subject": e.subject, "status": e.status, "attempts": e.attempts,
            "created_at": e.created_at.isoformat(), "sent_at": e.sent_at.isoformat() if e.sent_at else None,
            "last_error": e.last_error,
        }
        for e in entries
    ]


def outbox_rows(entries: list[OutboxEntry]) -> None:
    table = Table("id", "case", "to", "subject", "status", "attempts", "last error")
    for e in entries:
        table.add_row(*_cells(str(e.outbox_id), e.case_reference or "", e.to_addr, e.subject[:50], e.status,
                              str(e.attempts), (e.last_error or "")[:60]))
    _console().print(table)


def _cells(*values: str) -> list[Text]:
    """Plain text cells: control characters (a bare CR, an escape sequence) shown as spaces."""
    return [Text("".join(" " if (ord(ch) < 32 or ord(ch) == 127) else ch for ch in value)) for value in values]


def _console() -> Console:
    # No markup, no emoji codes, no auto-highlighted links: the cells are data.
    return Console(markup=False, emoji=False, highlight=False)
