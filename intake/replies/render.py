"""Reply texts: the body of each reply, from the template file of the applicant's language."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from intake.plan.decide import missing_or_invalid
from intake.fields.catalogue import catalogue
from intake.model import INVALID, OK, FieldResult

LANGUAGES = ("nb", "nn", "en")


@cache
def templates(language: str, family: str = "") -> dict[str, Any]:
    """The texts of one language (bokmål when unknown): the bot's replies, or a family of them
    in its own folder (`credentials`, `staff`)."""
    language = language if language in LANGUAGES else "nb"
    folder = f"templates/{family}/" if family else "templates/"
    return tomllib.loads(resources.files("intake").joinpath(f"{folder}{language}.toml").read_text("utf-8"))


def reason_text(code: str | None, language: str) -> str:
    """The person-readable reason for a code; our template's text, or the code itself, when
    intake/replies/reasons.py has none."""
    if not code:
        return ""
    try:
        from intake.replies.reasons import reason_text as lookup

        text = lookup(code, language)
    except (ImportError, KeyError):
        text = code
    if text == code:
        return templates(language).get("reasons", {}).get(code, code)
    return text


def render(name: str, *, language: str, reference: str, fields: dict[str, FieldResult],
           answer: str | None = None, changes: dict[str, dict[str, Any]] | None = None) -> str:
    """The body of reply `name` for a case with these fields (an answer text for a question,
    the changes against the register for an update)."""
    t = templates(language)
    body = Template(t[name]).safe_substitute(
        reference=reference,
        items=_items(t, language, fields),
        understood=_understood(t, language, fields),
        answer=(answer or "").strip(),
        changes=_changes(t, language, changes or {}, fields),
    )
    return body.strip() + "\n"


def _items(t: dict[str, Any], language: str, fields: dict[str, FieldResult]) -> str:
    """One line per field to send: its name, missing or invalid and why, what was written, and
    for a choice field the answers it allows."""
    from intake.replies.values import choices, shown

    lines = []
    for result in missing_or_invalid(fields):
        state = t[INVALID] if result.state == INVALID else t["missing"]
        code = result.reason if result.reason and not result.reason.endswith(".missing") else None
        reason = reason_text(code, language).rstrip(".")
        given = (Template(t["given"]).substitute(value=shown(result.key, result.value, language))
                 if result.state == INVALID and result.value else "")
        allowed = choices(result.key, language)
        lines.append(Template(t["item"]).substitute(
            name=_name(result.key, language), state=state, reason=f" ({reason})" if reason else "", given=given,
        ) + (Template(t["choices"]).substitute(choices=allowed) if allowed else ""))
    return "\n".join(lines)


def _understood(t: dict[str, Any], language: str, fields: dict[str, FieldResult]) -> str:
    """What we registered, one line per value we are sure of; the values a case officer will
    confirm first (intake/fields/certainty.py) are named, never echoed as understood."""
    from intake.fields.certainty import unsure_keys
    from intake.replies.values import shown

    unsure = set(unsure_keys(fields))
    lines = [
        Template(t["understood_item"]).substitute(name=_name(key, language), value=shown(key, result.value, language))
        for key, result in fields.items()
        if result.state == OK and result.value and key not in unsure
    ]
    text = "\n".join(lines) or t["nothing_understood"]
    if unsure:
        names = ", ".join(_name(key, language) for key in fields if key in unsure)
        text += "\n\n" + Template(t["to_check"]).substitute(names=names)
    return text


def _changes(t: dict[str, Any], language: str, changes: dict[str, dict[str, Any]],
             fields: dict[str, FieldResult]) -> str:
    """What an update changes against the register, one line per value we are sure of; a new value a
    case officer will confirm first (a number read from the signature) is named, never echoed, as in
    _understood: echoed, it would tell the applicant we read it right."""
    from intake.fields.certainty import unsure_keys
    from intake.replies.values import shown

    unsure = set(unsure_keys(fields))
    lines = [
        Template(t["change_item"]).substitute(name=_name(key, language),
                                              was=shown(key, change.get("was"), language) or t["nothing"],
                                              now=shown(key, change.get("now"), language) or t["nothing"])
        for key, change in changes.items() if key not in unsure
    ]
    checked = [_name(key, language) for key in changes if key in unsure]
    if not checked:
        return "\n".join(lines) or t["no_changes"]
    to_check = Template(t["to_check"]).substitute(names=", ".join(checked))
    return "\n".join(lines) + "\n\n" + to_check if lines else to_check


def _name(key: str, language: str) -> str:
    return next((s.name(language) for s in catalogue() if s.key == key), key)
