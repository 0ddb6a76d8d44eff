"""Before a case is accepted: exactly where the credentials will go, and why that address is
trusted, in words for the case officer (TUI confirmation and `mdreg accept`).

The address is the one accepting will register as the operator's contact (the case's valid
e-mail, else the registered one): the credential dispatch sends only there.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from intake.mime.auth_results import aligned, domain_of
from intake.mime.identity import same_address
from intake.model import OK
from intake.plan.decide import CONTACT_CHANGED_FLAG
from intake.replies.render import templates
from store import credentials, fieldcodec
from store.errors import NotFound
from store.models import Case, Operator


@dataclass(frozen=True)
class Destination:
    """Where accepting sends the credentials, and the lines that say why (or why to look twice)."""

    address: str | None
    sends_credentials: bool
    lines: tuple[str, ...]
    warnings: int  # how many of the lines are warnings


def credential_destination(*, engine: Engine, reference: str, language: str = "nb") -> Destination:
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).first()
        if case is None:
            raise NotFound(f"no case {reference}", code="no_case", reference=reference)
        operator = session.exec(select(Operator).where(Operator.org_number == case.org_number)).first() \
            if case.org_number else None
        sends = operator is None or credentials.needs_issue(session=session, operator_id=operator.id)
        return _describe(case, operator, sends, templates(language, "accept_check"))


def _describe(case: Case, operator: Operator | None, sends: bool, t: dict[str, str]) -> Destination:
    fields = fieldcodec.decode(case.fields)
    given = fields.get("email")
    address = given.value if given is not None and given.state == OK and given.value else None
    address = address or (operator.contact_email if operator else None)
    say = lambda key, **values: Template(t[key]).safe_substitute(values)  # noqa: E731
    if address is None:
        return Destination(address=None, sends_credentials=False, lines=(say("nowhere"),), warnings=1)
    lines = [say("to" if sends else "no_credentials", address=address)]
    warnings = []
    if operator is not None and same_address(address, operator.contact_email):
        lines.append(say("registered"))
    else:
        lines.append(say("given", sender=case.sender or "?"))
        if operator is not None:
            warnings.append(say("register_changes", old=operator.contact_email))
    if case.sender_authenticated is True:
        lines.append(say("authenticated"))
    elif case.sender_authenticated is False:
        warnings.append(say("not_authenticated"))
    else:
        warnings.append(say("unknown_authentication"))
    if aligned(domain_of(case.sender), domain_of(address)):
        lines.append(say("same_domain"))
    else:
        warnings.append(say("other_domain", sender=case.sender or "?"))
    warnings += _flag_warnings(case.flags, say, address)
    return Destination(address=address, sends_credentials=sends, lines=(*lines, *warnings),
                       warnings=len(warnings))


def _flag_warnings(flags: list[str], say, address: str) -> list[str]:
    out = []
    if CONTACT_CHANGED_FLAG in flags:
        old = next((f.partition("=")[2] for f in flags if f.startswith("was:email=")), "?")
        out.append(say("changed", old=old or "?", new=address))
    if any(f.startswith("stranger_joined_by_") for f in flags):
        out.append(say("stranger"))
    if any(f.startswith("homoglyph_domain") for f in flags):
        out.append(say("homoglyph"))
    return out
