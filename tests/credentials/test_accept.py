"""Accepting a registration: the operator's record, unique by org number, with its history."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store.errors import CaseNotAcceptable, InvalidTransition, NotFound, StoreError
from store.models import AuditEvent, Case, Credential, Operator, OperatorChange, OutboxMessage
from store.operators import accept_case
from tests.credentials.builders import CONTACT, ORG, USERNAME, registration_mail


def rows(engine, model, *where):
    with Session(engine) as session:
        return session.exec(select(model).where(*where)).all()


def test_accept_creates_the_operator_with_a_username_from_the_org_number(intake, engine):
    outcome = accept_case(engine=engine, reference=intake(registration_mail()), actor="kari.saksbehandler")
    [operator] = rows(engine, Operator)
    assert outcome.created and outcome.username == USERNAME == operator.username
    assert (operator.org_number, operator.name, operator.contact_email) == (ORG, "Fjordmed AS", CONTACT)


def test_accept_moves_the_case_to_accepted_and_records_who_did_it(intake, engine):
    reference = intake(registration_mail())
    accept_case(engine=engine, reference=reference, actor="kari.saksbehandler")
    [case] = rows(engine, Case, Case.reference == reference)
    assert case.status == "accepted"
    events = rows(engine, AuditEvent, AuditEvent.case_id == case.id, AuditEvent.action == "accepted")
    assert [e.actor for e in events] == ["kari.saksbehandler"]
    [change] = rows(engine, OperatorChange)
    assert change.actor == "kari.saksbehandler" and change.changes["org_number"] == {"from": None, "to": ORG}


def test_a_second_registration_of_the_same_org_number_updates_the_record(intake, engine):
    accept_case(engine=engine, reference=intake(registration_mail()), actor="first")
    second = registration_mail().replace(b"Strandgaten 12, 5013", b"Bryggen 3, 5003")
    outcome = accept_case(engine=engine, reference=intake(second), actor="second")
    [operator] = rows(engine, Operator)
    assert not outcome.created and outcome.username == USERNAME
    assert operator.fields["visiting_address"].startswith("Bryggen 3, 5003 Bergen")
    changes = rows(engine, OperatorChange)
    assert [c.actor for c in changes] == ["first", "second"]
    assert changes[1].changes["visiting_address"]["from"].startswith("Strandgaten 12")
    assert set(changes[1].changes) == {"visiting_address"}


def test_an_update_keeps_the_existing_login_and_sends_no_new_password(intake, engine):
    accept_case(engine=engine, reference=intake(registration_mail()), actor="first")
    second = registration_mail().replace(b"Strandgaten 12, 5013", b"Bryggen 3, 5003")
    outcome = accept_case(engine=engine, reference=intake(second), actor="second")
    assert outcome.credentials_outbox_id is None
    assert len(rows(engine, OutboxMessage, OutboxMessage.kind == "credentials")) == 1
    assert len(rows(engine, Credential)) == 1


def test_a_case_with_a_missing_required_field_cannot_be_accepted(intake, engine):
    base = registration_mail()
    raw = base.replace(b"Postadresse: Postboks 123, 5804 Bergen\r\n", b"")
    assert len(raw) < len(base)
    reference = intake(raw)
    with pytest.raises(CaseNotAcceptable, match="postal_address") as raised:
        accept_case(engine=engine, reference=reference, actor="tester")
    assert isinstance(raised.value, StoreError)
    [case] = rows(engine, Case, Case.reference == reference)
    assert case.status != "accepted" and rows(engine, Operator) == []


def test_a_case_cannot_be_accepted_twice(intake, engine):
    reference = intake(registration_mail())
    accept_case(engine=engine, reference=reference, actor="tester")
    with pytest.raises(InvalidTransition):
        accept_case(engine=engine, reference=reference, actor="tester")


def test_an_unknown_reference_is_not_found(engine):
    with pytest.raises(NotFound):
        accept_case(engine=engine, reference="MDREG-2026-999999", actor="tester")


def test_accept_queues_a_credential_email_whose_stored_bytes_hold_no_password(intake, engine):
    outcome = accept_case(engine=engine, reference=intake(registration_mail()), actor="tester")
    [row] = rows(engine, OutboxMessage, OutboxMessage.kind == "credentials")
    assert row.id == outcome.credentials_outbox_id and row.to_addr == CONTACT
    assert b"Passord" not in row.raw and b"Password:" not in row.raw
    [credential] = rows(engine, Credential)
    assert credential.password_hash is None and credential.pending_outbox_id == row.id


