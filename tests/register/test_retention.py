"""Retention, purge and erasure: raw mail and attachments go after their period, the case and its
audit stay; a person's data is erased where no duty keeps it, and the report says what was kept."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from mailbot.cli.main import main
from store.models import AuditEvent, Case, InboundMessage, OutboxMessage
from store.operators import accept_case
from store.retention import Retention, apply_purge, plan_purge
from store.staff import reject_case
from tests.credentials.builders import FROM
from tests.register.mails import mail

RETENTION = Retention(raw_mail_days=365, attachments_days=90, cases_days=3650, audit_days=3650)
LATER = timedelta(days=400)


def finish(engine, case, *, accepted=True):
    if accepted:
        accept_case(engine=engine, reference=case.reference, actor="saksbehandler")
    else:
        reject_case(engine=engine, reference=case.reference, actor="saksbehandler", reason_code="not_registrable",
                    mailbox="medisinsk.utstyr@localhost")


def stored(engine, case_id):
    with Session(engine) as session:
        return (session.exec(select(InboundMessage).where(InboundMessage.case_id == case_id)).all(),
                session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case_id)).all(),
                session.get(Case, case_id),
                session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id)).all())


def test_after_the_retention_period_raw_mail_is_gone_and_the_case_and_its_audit_remain(intake, engine):
    case = intake(mail())
    finish(engine, case)
    _, _, _, audit_before = stored(engine, case.id)
    plan = plan_purge(engine=engine, retention=RETENTION, now=datetime.now(timezone.utc) + LATER)
    assert plan.raw_inbound and plan.cases == []
    apply_purge(engine=engine, plan=plan, actor="saksbehandler")
    inbound, outbox, kept_case, audit = stored(engine, case.id)
    assert all(m.raw == b"" for m in inbound) and all(o.raw == b"" for o in outbox if o.status == "sent")
    assert kept_case is not None and kept_case.fields == case.fields
    assert len(audit) == len(audit_before) + 1 and audit[-1].action == "content_purged"
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "purged")).one()
    assert event.detail["raw_mail"] == len(inbound) and event.actor == "saksbehandler"


def test_attachments_go_earlier_than_the_text_of_the_mail(intake, engine):
    case = intake(mail())
    finish(engine, case)
    plan = plan_purge(engine=engine, retention=RETENTION, now=datetime.now(timezone.utc) + timedelta(days=100))
    assert plan.raw_inbound == [] and plan.attachments
    apply_purge(engine=engine, plan=plan, actor="saksbehandler")
    [message], *_ = stored(engine, case.id)
    assert b"Kari Nordmann" in message.raw  # the text stays
    assert b"removed under the retention settings" in message.raw and b"word/document.xml" not in message.raw


def test_an_open_case_keeps_its_mail_whatever_its_age(intake, engine):
    intake(mail())
    plan = plan_purge(engine=engine, retention=RETENTION, now=datetime.now(timezone.utc) + timedelta(days=4000))
    assert plan.raw_inbound == [] and plan.attachments == [] and plan.cases == []


def test_a_rejected_case_past_the_case_period_is_deleted_and_its_audit_keeps_the_reference(intake, engine):
    case = intake(mail())
    finish(engine, case, accepted=False)
    longer_audit = Retention(raw_mail_days=365, attachments_days=90, cases_days=3650, audit_days=5000)
    plan = plan_purge(engine=engine, retention=longer_audit, now=datetime.now(timezone.utc) + timedelta(days=3700))
    assert plan.cases == [case.id] and plan.audit_events == []
    apply_purge(engine=engine, plan=plan, actor="saksbehandler")
    with Session(engine) as session:
        assert session.get(Case, case.id) is None
        refs = [e.detail.get("case_reference") for e in session.exec(select(AuditEvent)).all()]
    assert case.reference in refs


def test_audit_events_past_their_own_period_are_purged_too(intake, engine):
    finish(engine, intake(mail()))
    plan = plan_purge(engine=engine, retention=RETENTION, now=datetime.now(timezone.utc) + timedelta(days=3700))
    assert plan.audit_events and plan.cases == []  # an accepted case is the register's basis: kept
    apply_purge(engine=engine, plan=plan, actor="saksbehandler")
    with Session(engine) as session:
        left = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert sorted(left) == ["content_purged", "purged"]  # only what this purge itself recorded


def test_mdreg_purge_is_a_dry_run_unless_told_to_apply(intake, engine, settings, capsys):
    case = intake(mail())
    finish(engine, case)
    args = ["purge", "--db", settings.database_url]
    with_zero_days = {"MDREG_RETENTION_RAW_MAIL_DAYS": "0"}
    import os

    os.environ.update(with_zero_days)
    try:
        assert main(args) == 0
        assert "prøvekjøring" in capsys.readouterr().out
        assert all(m.raw for m in stored(engine, case.id)[0])
        assert main([*args, "--apply"]) == 0
        assert "slettet (" in capsys.readouterr().out
    finally:
        os.environ.pop("MDREG_RETENTION_RAW_MAIL_DAYS")
    assert all(m.raw == b"" for m in stored(engine, case.id)[0])


def test_erase_removes_a_rejected_applicants_data_and_reports_what_it_kept(intake, engine, settings, capsys):
    rejected = intake(mail())
    finish(engine, rejected, accepted=False)
    assert main(["erase", "--email", FROM.upper(), "--db", settings.database_url]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["erased"] == [f"case {rejected.reference}: stored mail, sender and personal fields"]
    assert any("audit" in k["what"] for k in report["kept"])
    inbound, _, case, _ = stored(engine, rejected.id)
    assert case.sender is None and all(m.raw == b"" for m in inbound)
    assert case.fields["contact_person"]["value"] is None and case.fields["manufacturer_name"]["value"]


def test_erase_keeps_the_registered_contact_and_the_accepted_case_and_says_why(intake, engine, settings, capsys):
    accepted = intake(mail(body=None))
    finish(engine, accepted)
    from tests.credentials.builders import CONTACT

    assert main(["erase", "--email", CONTACT, "--db", settings.database_url]) == 0
    report = json.loads(capsys.readouterr().out)
    whats = " | ".join(k["what"] for k in report["kept"])
    assert report["erased"] == [] and "contact e-mail of operator" in whats and accepted.reference in whats
