"""Whole conversations over the real SMTP path: mdreg's edge, worker and sender, and a relay sink."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from mailbot.cli.report import cases_json
from store.models import FieldValue, Operator, UndeliverableAddress
from store.views import list_cases, update_diff
from tests.conversation.conftest import fixture_mail

KARI = "kari.nordmann@fjordmed.example.no"


def _start(talk):
    """The incomplete registration and our first request: (reference, our request)."""
    talk.send(fixture_mail("registration_incomplete_nb.eml"))
    request = talk.replies(1)[0]
    return talk.case().reference, request


def test_incomplete_registration_is_answered_with_exactly_what_is_missing(talk):
    _, request = _start(talk)
    body = request.get_content()
    for missing in ("Postadresse: mangler", "E-post: mangler", "Telefon kontaktperson", "Type utstyr: mangler",
                    "Type virksomhet: mangler", "samsvarserklæring"):
        assert missing.casefold() in body.casefold(), missing
    assert "Navn på produsent: Fjordmed AS" in body
    assert "Organisasjonsnummer: mangler" not in body
    assert "Svar på denne e-posten" in body


def test_partial_answer_joins_the_case_and_gets_a_narrower_request(talk):
    ref, request = _start(talk)
    talk.send(fixture_mail("partial_answer_nb.eml", ref=ref, in_reply_to=request["Message-ID"]))
    second = talk.replies(2)[1]
    body = second.get_content()
    assert len(talk.cases()) == 1
    assert ref in second["Subject"]
    assert second["In-Reply-To"] == "<20261116100310.5120@fjordmed.example.no>"
    assert "Postadresse: mangler" not in body and "E-post: mangler" not in body
    assert "Type utstyr: mangler" in body
    assert "Postadresse: Postboks 123 Sentrum" in body


def test_final_answer_with_a_declaration_gets_the_acknowledgement(talk):
    ref, request = _start(talk)
    talk.send(fixture_mail("partial_answer_nb.eml", ref=ref, in_reply_to=request["Message-ID"]))
    second = talk.replies(2)[1]
    talk.send(fixture_mail("final_answer_nb.eml", ref=ref, in_reply_to=second["Message-ID"]))
    ack = talk.replies(3)[2]
    assert f"saken {ref} er nå til behandling" in ack.get_content()
    assert talk.case().status == "under_review"
    assert talk.case().requests_sent == 2


def test_every_earlier_value_stays_in_the_case_history(talk):
    ref, request = _start(talk)
    raw = fixture_mail("partial_answer_nb.eml", ref=ref, in_reply_to=request["Message-ID"])
    raw = raw.replace("Postadresse: Postboks 123 Sentrum, 5804 Bergen".encode(),
                      "Besøksadresse: Bryggen 1, 5003 Bergen".encode())
    talk.send(raw)
    talk.replies(2)
    with Session(talk.engine) as session:
        history = session.exec(select(FieldValue).where(FieldValue.key == "visiting_address")
                               .order_by(FieldValue.id)).all()
    assert [h.value.split(",")[0] for h in history] == ["Strandgaten 12", "Bryggen 1"]
    assert all(h.source and h.inbound_id for h in history)
    assert talk.case().fields["visiting_address"]["value"].startswith("Bryggen 1")


def test_vacation_reply_to_our_request_is_kept_and_not_answered(talk):
    ref, request = _start(talk)
    status = talk.case().status
    talk.send(fixture_mail("vacation_autosvar_nb.eml", ref=ref, in_reply_to=request["Message-ID"]))
    talk.quiet(1)
    case = talk.case()
    assert len(talk.cases()) == 1
    assert case.status == status
    assert "auto_reply_received" in case.flags
    assert case.fields["manufacturer_name"]["value"] == "Fjordmed AS"
    thread = cases_json(list_cases(engine=talk.engine))[0]["thread"]
    assert [t["direction"] for t in thread] == ["in", "out", "in"]


def test_bounce_of_our_request_marks_the_address_and_is_not_answered(talk):
    ref, request = _start(talk)
    talk.send(fixture_mail("bounce_dsn.eml", ref=ref, in_reply_to=request["Message-ID"]), mail_from="")
    talk.quiet(1)
    case = talk.case()
    assert "bounced" in case.flags
    assert case.status == "needs_staff"
    with Session(talk.engine) as session:
        marked = session.exec(select(UndeliverableAddress)).all()
    assert [(m.address, m.case_id) for m in marked] == [(KARI, case.id)]
    assert "5.1.1" in marked[0].diagnostic


def test_unmatched_bounce_becomes_a_bounce_case(talk):
    talk.send(fixture_mail("bounce_dsn.eml", ref="MDREG-2026-999999", in_reply_to="<gone@localhost>"),
              mail_from="")
    talk.quiet(0)
    assert [(c.kind, c.status) for c in talk.cases()] == [("bounce", "closed")]


def test_mailing_list_copy_is_stored_and_not_answered(talk):
    talk.send(fixture_mail("list_copy.eml"), mail_from="medtech-nordic-bounces@lists.example.org")
    talk.quiet(0)
    case = talk.case()
    assert case.kind == "auto_reply"
    assert any(f.startswith("no_reply:precedence=list") for f in case.flags)


def test_flood_from_one_sender_gets_the_daily_cap_then_one_notice_then_silence(talk):
    raw = fixture_mail("question_custom_made_nb.eml")
    for n in range(7):
        talk.send(raw.replace(b"<q1-2026", f"<q1-{n}-2026".encode()), mail_from="per@tannlab.example.no")
    talk.replies(5)
    talk.quiet(5)
    bodies = [m.get_content() for m in talk.relay.received]
    assert all("vedlegg XIII" in b for b in bodies[:4])
    assert "Vi sender ikke flere automatiske svar til deg i dag" in bodies[4]
    assert len(talk.cases()) == 7


def test_question_is_answered_from_the_knowledge_base(talk):
    talk.send(fixture_mail("question_custom_made_nb.eml"), mail_from="per@tannlab.example.no")
    answer = talk.replies(1)[0].get_content()
    assert "MDR vedlegg XIII" in answer
    case = talk.case()
    assert (case.kind, case.status) == ("question", "closed")
    assert "answered_from_kb:custom_made" in case.flags


def test_question_without_a_clear_answer_goes_to_staff(talk):
    talk.send(fixture_mail("question_unknown_en.eml"), mail_from="anna.smith@acme-medical.example.com")
    receipt = talk.replies(1)[0].get_content()
    assert "passed it on to a case officer" in receipt
    case = talk.case()
    assert (case.kind, case.status) == ("question", "needs_staff")


def test_message_from_a_registered_operator_is_an_update_showing_the_changes(talk):
    with Session(talk.engine) as session:
        session.add(Operator(org_number="923609016", username="nordmed", name="Nordmed AS",
                             contact_email="lise.berg@nordmed.example.no",
                             fields={"visiting_address": "Gamleveien 1, 7011 Trondheim"}))
        session.commit()
    talk.send(fixture_mail("update_address_nb.eml"), mail_from="lise.berg@nordmed.example.no")
    reply = talk.replies(1)[0].get_content()
    case = talk.case()
    assert case.kind == "update"
    assert "changed_from_register:visiting_address" in case.flags
    assert update_diff(engine=talk.engine, reference=case.reference)["visiting_address"] == {
        "was": "Gamleveien 1, 7011 Trondheim", "now": "Havnegata 5, 7010 Trondheim"}
    assert "registrert «Gamleveien 1, 7011 Trondheim», ny «Havnegata 5" in reply


def test_stranger_using_a_case_token_is_flagged_and_changes_nothing(talk):
    ref, _ = _start(talk)
    talk.send(fixture_mail("stranger_token_nb.eml", ref=ref), mail_from="post@annet-firma.example.net")
    talk.quiet(1)
    case = talk.case()
    assert len(talk.cases()) == 1
    assert "stranger_joined_by_token" in case.flags
    assert case.status == "needs_staff"
    assert case.fields["visiting_address"]["value"].startswith("Strandgaten 12")
    assert case.fields["email"]["state"] == "missing"


def test_cases_json_has_kind_and_thread(talk):
    ref, request = _start(talk)
    out = json.loads(json.dumps(cases_json(list_cases(engine=talk.engine))))
    assert out[0]["kind"] == "registration"
    assert [(t["direction"], t["message_id"]) for t in out[0]["thread"]] == [
        ("in", "<20261116091244.4411@fjordmed.example.no>"), ("out", request["Message-ID"])]
    assert out[0]["thread"][0]["address"] == KARI
    assert out[0]["thread"][1]["status"] in ("queued", "sending", "sent")
