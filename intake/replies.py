"""Reply texts: the body of each reply, from the template file of the applicant's language."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template

from intake.decide import missing_or_invalid
from intake.fields import catalogue
from intake.model import INVALID, OK, FieldResult

LANGUAGES = ("nb", "nn", "en")


@cache
def templates(language: str) -> dict[str, str]:
    language = language if language in LANGUAGES else "nb"
    text = resources.files("intake").joinpath(f"templates/{language}.toml").read_text("utf-8")
    return tomllib.loads(text)


def reason_text(code: str | None, language: str) -> str:
    """The person-readable reason for a code; the code itself if no text is known yet."""
    if not code:
        return ""
    try:
        from intake.reasons import reason_text as lookup
    except ImportError:
        return code
    return lookup(code, language)


def render(name: str, *, language: str, reference: str, fields: dict[str, FieldResult]) -> str:
    """The body of reply `name` for a case with these fields."""
    t = templates(language)
    body = Template(t[name]).safe_substitute(
        reference=reference,
        items=_items(t, language, fields),
        understood=_understood(t, language, fields),
    )
    return body.strip() + "\n"


def _items(t: dict[str, str], language: str, fields: dict[str, FieldResult]) -> str:
    lines = []
    for result in missing_or_invalid(fields):
        state = t[INVALID] if result.state == INVALID else t["missing"]
        reason = reason_text(result.reason, language)
        lines.append(Template(t["item"]).substitute(
            name=_name(result.key, language), state=state, reason=f" ({reason})" if reason else "",
        ))
    return "\n".join(lines)


def _understood(t: dict[str, str], language: str, fields: dict[str, FieldResult]) -> str:
    lines = [
        Template(t["understood_item"]).substitute(name=_name(key, language), value=result.value)
        for key, result in fields.items()
        if result.state == OK and result.value
    ]
    return "\n".join(lines) or t["nothing_understood"]


def _name(key: str, language: str) -> str:
    return next(s.name(language) for s in catalogue() if s.key == key)
