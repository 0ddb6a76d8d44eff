"""How `mdreg cases` and `mdreg outbox` print: tables that fit 80 columns for people, in their
language (mailbot/cli/texts.py: states, kinds, flags and fields in words), JSON in codes for
programs. Times are shown in Europe/Oslo and say so; JSON keeps ISO 8601 with the offset.

Text from mail is data: printed as the characters it is (no rich markup, no links), with control
characters (a bare CR, an escape sequence) shown as spaces."""

from __future__ import annotations

import shutil
import textwrap
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text

from intake.fields.catalogue import is_required
from intake.model import INVALID, MISSING
from intake.replies.render import reason_text
from intake.states import label
from mailbot.cli.texts import Say
from store.outbox import OutboxEntry
from store.views import CaseSummary

OSLO = ZoneInfo("Europe/Oslo")
TIME_LABEL = "Europe/Oslo"


def oslo(value: datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return aware.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


def plain(value: str | None) -> str:
    return "".join(" " if (ord(ch) < 32 or ord(ch) == 127) else ch for ch in (value or ""))


class _Console(Console):
    """Rich's console, except that a reader gone is left to the entry point (mailbot/cli/main.py),
    which ends every command the same quiet way; Rich's own way exits with status 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def _console() -> Console:
    return _Console(markup=False, emoji=False, highlight=False)


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


def open_fields(case: CaseSummary) -> tuple[list[str], list[str]]:
    """The keys of the required fields that are missing, and of the fields that are invalid."""
    missing = [key for key, f in case.fields.items() if f.state == MISSING and _required(key)]
    invalid = [key for key, f in case.fields.items() if f.state == INVALID]
    return missing, invalid


def _required(key: str) -> bool:
    try:
        return is_required(key)
    except KeyError:  # a field the catalogue no longer has
        return True


def case_lines(cases: list[CaseSummary], *, with_fields: bool = False, width: int = 80,
               say: Say | None = None) -> list[str]:
    """Two lines or more per case, never wider than `width`: reference, state, time and how many
    fields are open; then kind, organisation and sender; with `with_fields`, which ones."""
    from intake.states import CaseState

    say = say or Say()
    wide = max(len(say.state(s)) for s in CaseState)  # "Waiting for the applicant": 25, still < 80 in all
    lines = [f"{say('cases', 'reference'):<18} {say('cases', 'state'):<{wide}} {say('cases', 'received'):<16}  "
             f"{say('cases', 'open')}", "-" * min(width, 43 + wide)]
    for c in cases:
        missing, invalid = open_fields(c)
        lines.append(f"{c.reference:<18} {say.state(c.status):<{wide}} {oslo(c.received_at):<16}  "
                     f"{len(missing) + len(invalid):>4}")
        about = " · ".join(plain(part) for part in (say.kind(c.kind), c.organisation, c.sender) if part)
        lines += textwrap.wrap(about, width=width, initial_indent="  ", subsequent_indent="    ")
        extra = [("flags", [say.flag(f) for f in c.flags])]
        if with_fields:
            extra += [("missing", [say.field(k) for k in missing]), ("invalid", [say.field(k) for k in invalid])]
        for label, words in extra:
            if words:
                lines += textwrap.wrap(f"{say('cases', label)}: {'; '.join(plain(w) for w in words)}", width=width,
                                       initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False)
    lines += textwrap.wrap(say("cases", "footer") + ("" if with_fields else say("cases", "footer_hint")), width=width)
    return lines


def case_rows(cases: list[CaseSummary], *, with_fields: bool = False, say: Say | None = None) -> None:
    say = say or Say()
    if not cases:
        print(say("cases", "none"))
        return
    width = max(40, shutil.get_terminal_size((80, 24)).columns)
    print("\n".join(case_lines(cases, with_fields=with_fields, width=width, say=say)))


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


def outbox_rows(entries: list[OutboxEntry], *, console: Console | None = None, say: Say | None = None) -> None:
    """A block per message: what and when on the first line, then to whom, the subject, the error;
    a long subject wraps as a line of text instead of one word per table row."""
    console, say = console or _console(), say or Say()
    if not entries:
        console.print(say("outbox", "empty"))
        return
    for e in entries:
        head = Text(f"#{e.outbox_id}  ", style="bold")
        status = label(e.status, say.language, section="outbox_status")
        head.append(f"{status:<8}", style={"failed": "red", "sent": "green"}.get(e.status, "yellow"))
        kind = plain(label(e.kind, say.language, section="outbox_kind"))
        head.append(f" {e.case_reference or say('outbox', 'no_case')}  {kind}  "
                    f"{say('outbox', 'queued_at', when=oslo(e.created_at))}")
        if e.sent_at:
            head.append(", " + say("outbox", "sent_at", when=oslo(e.sent_at)))
        if e.attempts:
            head.append(", " + say("outbox", "attempts", count=e.attempts))
        console.print(head)
        console.print(Text("    " + say("outbox", "to", address=plain(e.to_addr))))
        console.print(Text(f"    {plain(e.subject)}"), style="dim")
        if e.last_error:
            console.print(Text("    " + say("outbox", "last_error", error=plain(e.last_error))), style="red")
    console.print(Text(say("outbox", "footer"), style="dim"))

