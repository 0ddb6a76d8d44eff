"""What the case screen (tui/screens/case.py) writes, as Rich text built from a CaseDetail: the
header, a row of the fields table, the selected field's line, the audit trail, and the
conversation with the officers' notes in it. Pure functions: no widget, no database."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from intake.fields.catalogue import DOC, FieldSpec, is_required, spec
from intake.model import INVALID, MISSING, OK
from intake.replies.values import shown
from store import case_detail as case_view
from tui import format as fmt
from tui.texts import Texts

STATE_STYLE = {OK: "green", MISSING: "yellow", INVALID: "bold red"}


def state_word(key: str, state: str, detail: case_view.CaseDetail, *, texts: Texts) -> tuple[str, str]:
    """ok / mangler / ugyldig with a marker; an optional field left out is no problem."""
    if state == MISSING and not is_required(key, custom_made=custom_made(detail)):
        return texts("field_state", "optional_missing"), "dim"
    return texts("field_state", state), STATE_STYLE.get(state, "")


def reason(result, state: str, *, texts: Texts) -> str:
    """Why a field is not ok, in words; nothing for a plain "X is missing" (the state says it)."""
    if result is None or not result.reason or state == OK or result.reason.endswith(".missing"):
        return ""
    return texts.reason(result.reason)


def field_row(field: FieldSpec, detail: case_view.CaseDetail, *, texts: Texts) -> tuple[Text, ...]:
    """One row of the fields table: name, state, required, value, reason, where it was read."""
    result = detail.fields.get(field.key)
    state = result.state if result else MISSING
    word, style = state_word(field.key, state, detail, texts=texts)
    source = (result.source.part + (f":{result.source.line}" if result.source.line else "")
              if result and result.source else "")
    return (Text(field.name(texts.language)), Text(word, style=style),
            Text(texts("required", field.required), style="dim" if field.required == "no" else ""),
            Text(shown(field.key, result.value, texts.language) if result else ""),
            Text(reason(result, state, texts=texts), style="italic"), Text(source, style="dim"))


def field_detail(key: str, detail: case_view.CaseDetail, *, texts: Texts) -> Text:
    """The selected field's state and whole reason, for the line under the table."""
    result = detail.fields.get(key)
    state = result.state if result else MISSING
    word, style = state_word(key, state, detail, texts=texts)
    why = reason(result, state, texts=texts)
    text = Text()
    text.append(f"{texts.field_name(key)}: ", style="bold")
    text.append(word, style=style)
    if why:
        text.append(f" — {why}")
    if spec(key).required == "unless_custom_made":
        text.append(f"  {texts('required', 'unless_custom_made_note')}", style="dim")
    return text


def audit_text(detail: case_view.CaseDetail, *, texts: Texts) -> Text:
    """The audit trail newest first, one entry a line, wrapped: when, who, what, details."""
    text = Text()
    for entry in reversed(detail.audit):
        if text:
            text.append("\n")
        text.append(f"{fmt.when(entry.at)} ", style="dim").append(f"{entry.actor} ", style="bold")
        action = texts("audit", entry.action) if texts.has("audit", entry.action) else entry.action
        text.append(action)
        described = audit_detail(entry.detail, texts)
        if described:
            text.append(f": {described}")
    return text


def audit_detail(detail: dict, texts: Texts) -> str:
    """An audit entry's details in words: field names, states and reasons said, values quoted."""
    parts = []
    for key, value in detail.items():
        if key in ("changed", "inbound_id", "outbox_id", "changes") or value in (None, "", [], {}):
            continue
        if key == "field":
            value = texts.field_name(str(value))
        elif key == "state":
            value = texts("field_state", value) if texts.has("field_state", str(value)) else texts.state(str(value))
        elif key == "reason":
            value = texts.reason(str(value))
        elif key in ("status", "to_state", "from_state"):
            value = texts.state(str(value))
        elif key == "kind":
            value = texts.kind(str(value))
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            continue
        label = texts("audit_key", key) if texts.has("audit_key", key) else key.replace("_", " ")
        parts.append(f"{label} «{value}»" if key in ("old", "new", "was", "text") else f"{label} {value}")
    return "; ".join(parts)


def header(d: case_view.CaseDetail, *, texts: Texts, now: datetime) -> Text:
    """Reference, state, kind, organisation; sender, dates, days left, who has it; flags."""
    t = texts
    days = fmt.days_to_answer(d.received_at, d.status, now)
    text = Text()
    text.append(d.reference, style="bold").append("  ")
    text.append(fmt.state(d.status, t), style="bold reverse").append("  ")
    text.append(f"{t.kind(d.kind)} · {d.language} · ")
    text.append(d.organisation or t("case", "no_organisation"), style="bold").append(f"  {d.org_number or ''}\n")
    text.append(f"{t('case', 'from', sender=d.sender or '?')} · "
                f"{t('case', 'received', when=fmt.when(d.received_at))} · {t('case', 'days_left')} ")
    text.append_text(fmt.days_left(days))
    text.append(f" · {t('case', 'assigned', who=d.assigned_to or t('case', 'nobody'))} · "
                f"{t('case', 'requests_sent', count=d.requests_sent)}")
    if d.duplicate_of:
        text.append(f" · {t('case', 'duplicate_of', other=d.duplicate_of)}", style="bold")
    if d.sender_authenticated is False:
        text.append(f" · {t('case', 'not_authenticated')}", style="bold red")
    if d.flags:
        text.append("\n" + t("case", "flags", flags="; ".join(t.flag(f) for f in d.flags)), style="magenta")
    return text


def custom_made(detail: case_view.CaseDetail) -> bool:
    from intake.fields.catalogue import rules

    doc = detail.fields.get(DOC)
    return bool(doc and doc.value == rules().custom_made_value)


def with_notes(detail: case_view.CaseDetail) -> list[case_view.ChatMessage]:
    """The conversation with the officers' notes in it, where they were written."""
    notes = [case_view.ChatMessage(direction="note", at=e.at, subject="", address=e.actor,
                                   body=str(e.detail.get("text", "")), attachments=(), status="note")
             for e in detail.audit if e.action == "note"]
    return sorted([*detail.messages, *notes], key=lambda m: m.at)
