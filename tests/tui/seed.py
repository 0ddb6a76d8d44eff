"""Deterministic cases for the staff UI tests: fixed times, fixed message ids, a fixed "now"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

from sqlmodel import Session

from intake.model import INVALID, MISSING, OK, FieldResult, Provenance
from intake.plan.decide import missing_or_invalid
from store import fieldcodec
from store.models import AuditEvent, Case, InboundMessage, Operator, OperatorChange, OutboxMessage

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
MAILBOX = "medisinsk.utstyr@localhost"

DOC_TEXT = """EU DECLARATION OF CONFORMITY
Manufacturer: Nordlys Medtech AS
SRN: NO-MF-000012345
Product: Nordlys SkinScan
Basic UDI-DI: 7071234NSCAN01XY
Classification: Class IIa
We declare that the product is in conformity with Regulation (EU) 2017/745 (MDR).
Notified body: DNV, NB 2460
Date: 2026-10-01
"""

COMPLETE = {
    "manufacturer_name": "Nordlys Medtech AS", "org_number": "923456783",
    "visiting_address": "Sandakerveien 24, 0473 Oslo, Norway", "postal_address": "Postboks 4410 Nydalen, 0403 Oslo, Norway",
    "phone": "+4722334455", "contact_person": "Ingrid Berg", "contact_phone": "+4791234567",
    "email": "ingrid.berg@nordlys.example.no", "device_type": "medical_device",
    "declaration_of_conformity": "samsvarserklaering.txt", "business_type": "manufacturer",
}


def fields(values: dict[str, str], *, invalid: dict[str, str] | None = None) -> dict[str, FieldResult]:
    from intake.fields.catalogue import catalogue

    out = {}
    for spec in catalogue():
        if spec.key in (invalid or {}):
            out[spec.key] = FieldResult(key=spec.key, value=values.get(spec.key), state=INVALID,
                                        reason=invalid[spec.key], source=Provenance(part="body", line=3))
        elif spec.key in values:
            out[spec.key] = FieldResult(key=spec.key, value=values[spec.key], state=OK, confidence=0.9,
                                        source=Provenance(part="body", line=4))
        else:
            reason = f"{spec.key}.missing" if spec.required == "yes" else None
            out[spec.key] = FieldResult(key=spec.key, state=MISSING, reason=reason)
    return out


def mail(*, sender: str, subject: str, body: str, at: datetime, n: int, attachment: tuple[str, str] | None = None,
         to: str = MAILBOX, sender_name: str = "Applicant") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"{sender_name} <{sender}>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<seed.{n}@example.no>"
    msg.set_content(body)
    if attachment:
        msg.add_attachment(attachment[1], subtype="plain", filename=attachment[0])
    return bytes(msg)


def add_case(session: Session, *, n: int, status: str, received: datetime, values: dict[str, str],
             sender: str, subject: str, language: str = "nb", kind: str = "registration",
             invalid: dict[str, str] | None = None, flags: list[str] | None = None,
             body: str = "Hei,\nher er registreringen vår.", attachment: tuple[str, str] | None = None,
             reply: str | None = None, authenticated: bool | None = True) -> Case:
    results = fields(values, invalid=invalid)
    case = Case(
        reference=f"MDREG-2026-{n:06d}", kind=kind, status=status, sender=sender, subject=subject,
        language=language, received_at=received, updated_at=received, organisation=values.get("manufacturer_name"),
        org_number=values.get("org_number") if not (invalid and "org_number" in invalid) else None,
        fields=fieldcodec.encode(results), flags=flags or [],
        missing_count=len(missing_or_invalid(results)), sender_authenticated=authenticated,
    )
    session.add(case)
    session.flush()
    raw = mail(sender=sender, subject=subject, body=body, at=received, n=n, attachment=attachment)
    import hashlib

    session.add(InboundMessage(
        received_at=received, source="smtp", envelope_from=sender, envelope_to=MAILBOX,
        message_id=f"<seed.{n}@example.no>", sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), raw=raw,
        status="done", case_id=case.id, processed_at=received,
    ))
    session.add(AuditEvent(case_id=case.id, actor="mdreg", action="message_received", at=received,
                           detail={"status": status}))
    if reply:
        out = mail(sender=MAILBOX, to=sender, subject=f"Re: {subject} [{case.reference}]", body=reply,
                   at=received + timedelta(minutes=1), n=1000 + n, sender_name="Register")
        session.add(OutboxMessage(case_id=case.id, kind="reply", to_addr=sender, message_id=f"<seed.{1000 + n}@x>",
                                  subject=f"Re: {subject} [{case.reference}]", raw=out, status="sent",
                                  created_at=received + timedelta(minutes=1), sent_at=received + timedelta(minutes=2)))
    return case


def seed(engine) -> None:
    """Six cases in various states, an operator with a history of changes."""
    with Session(engine) as session:
        add_case(session, n=1, status="under_review", received=NOW - timedelta(days=3), values=COMPLETE,
                 sender="ingrid.berg@nordlys.example.no", subject="Registrering – Nordlys Medtech AS",
                 attachment=("samsvarserklaering.txt", DOC_TEXT),
                 reply="Hei,\n\nsak MDREG-2026-000001 er nå til behandling hos en saksbehandler.")
        add_case(session, n=2, status="awaiting_applicant", received=NOW - timedelta(days=16),
                 values={"manufacturer_name": "Fjordmed AS", "org_number": "974760673",
                         "contact_person": "Kari Nordmann"},
                 sender="kari@fjordmed.example.no", subject="Registrering av medisinsk utstyr",
                 reply="Hei,\n\nfor å fullføre registreringen trenger vi:\n- Postadresse: mangler")
        add_case(session, n=3, status="awaiting_applicant", received=NOW - timedelta(days=12),
                 values={"manufacturer_name": "Acme Diagnostics Norway AS", "org_number": "971234567"},
                 invalid={"org_number": "org_number.checksum"}, language="en",
                 sender="regulatory@acme.example.com", subject="Registration of IVD manufacturer",
                 flags=["doc_mismatch:ivd_declared_but_mdr_cited"], authenticated=False)
        add_case(session, n=4, status="needs_staff", received=NOW - timedelta(days=1),
                 values={**COMPLETE, "manufacturer_name": "Polar Ortopedi AS", "org_number": "987654325",
                         "email": "post@polar.example.no"},
                 sender="post@polar.example.no", subject="Registrering", flags=["needs_manual_check:doc_no_srn"])
        add_case(session, n=5, status="closed", received=NOW - timedelta(days=30), values={}, kind="question",
                 sender="john@baltic.example.com", subject="Question about registration", language="en")
        add_case(session, n=6, status="awaiting_applicant", received=NOW - timedelta(days=2),
                 values={"manufacturer_name": "Sunnmøre Medisinsk AS", "org_number": "934567897"}, language="nn",
                 sender="per@sunnmore.example.no", subject="Registrering av verksemd")
        operator = Operator(org_number="934567897", username="sunnmore", name="Sunnmøre Medisinsk AS",
                            contact_email="per@sunnmore.example.no", language="nn",
                            fields={"phone": "+4770112233", "visiting_address": "Keiser Wilhelms gate 10, 6003 Ålesund"},
                            created_at=NOW - timedelta(days=400), updated_at=NOW - timedelta(days=20))
        session.add(operator)
        session.flush()
        session.add(OperatorChange(operator_id=operator.id, actor="kari.saksbehandler",
                                   changes={"phone": {"old": "+4770000000", "new": "+4770112233"}},
                                   at=NOW - timedelta(days=20)))
        session.add(Operator(org_number="923456783", username="nordlys", name="Nordlys Medtech AS",
                             contact_email="ingrid.berg@nordlys.example.no", language="nb", fields={},
                             created_at=NOW - timedelta(days=100), updated_at=NOW - timedelta(days=100)))
        session.commit()
