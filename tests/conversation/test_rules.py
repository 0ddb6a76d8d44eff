"""The conversation's rules, one at a time, without the mail path: decide, replies, noise, questions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from intake.plan.decide import CaseContext, decide
from intake.model import INVALID, OK, FieldResult
from intake.machine_mail.noise import classify
from intake.plan.questions import best_answer, score_all
from intake.replies.render import render
from intake.understand import understand

MAILBOX = "medisinsk.utstyr@localhost"


def mail(body: str, *, subject: str = "Registrering", headers: str = "", sender: str = "kari@fjordmed.example.no") -> bytes:
    return (f"From: {sender}\r\nTo: {MAILBOX}\r\nSubject: {subject}\r\nMessage-ID: <t1@fjordmed.example.no>\r\n"
            f"{headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}").encode()


def noise_of(raw: bytes, envelope_from: str | None = "kari@fjordmed.example.no"):
    return classify(raw, envelope_from=envelope_from, mailbox=MAILBOX)


def test_wrong_check_digit_is_named_with_its_reason_and_the_value_given():
    u = understand(mail("Navn på produsent: Fjordmed AS\nOrganisasjonsnummer: 974 760 674\n"))
    body = render("request_missing", language="nb", reference="MDREG-2026-000001", fields=decide(u, context=None).fields)
    line = next(x for x in body.splitlines() if x.startswith("- Organisasjonsnummer"))
    assert "ugyldig" in line and "kontrollsiffer" in line.casefold() and "974" in line


def test_declaration_citing_the_wrong_regulation_is_invalid_with_that_reason():
    u = understand(mail("Navn på produsent: Fjordmed AS\n"))
    doc = FieldResult(key="declaration_of_conformity", value="doc.pdf", state=OK, confidence=0.9)
    u = replace(u, fields={**u.fields, "declaration_of_conformity": doc},
                flags=("doc_mismatch:ivd_declared_but_mdr_cited",))
    decision = decide(u, context=None)
    assert decision.fields["declaration_of_conformity"].state == INVALID
    body = render("request_missing", language="en", reference="R", fields=decision.fields)
    assert "it must cite the IVDR (2017/746)" in body


def test_after_the_request_limit_the_case_goes_to_staff_without_a_reply():
    u = understand(mail("Navn på produsent: Fjordmed AS\n"))
    context = CaseContext(reference="R", kind="registration", status="awaiting_applicant", fields=u.fields,
                          requests_sent=3)
    decision = decide(u, context=context, max_requests=3)
    assert (decision.status, decision.reply) == ("needs_staff", None)


def test_the_case_keeps_its_language_for_a_short_follow_up():
    u = understand(mail("Postadresse: Postboks 1, 5804 Bergen\n"))
    context = CaseContext(reference="R", kind="registration", status="awaiting_applicant", fields={}, language="en")
    assert decide(u, context=context).language == "en"


def test_the_case_follows_a_follow_up_clearly_in_english():
    u = understand(mail("Dear register, please find our postal address below. Thank you and kind regards.\n"
                        "Postal address: PO Box 1, 5804 Bergen\n"))
    context = CaseContext(reference="R", kind="registration", status="awaiting_applicant", fields={}, language="nb")
    assert decide(u, context=context).language == "en"


@pytest.mark.parametrize("subject", ["Fraværsmelding", "Automatisk svar: Registrering", "Autosvar: Re: sak",
                                     "Out of office", "Automatic reply: Re: Registration", "Abwesenheitsnotiz",
                                     "Ikke på kontoret", "Ferie", "Re: Registrering [MDREG-2026-000001] - Fravær"])
def test_out_of_office_subjects_without_headers_are_auto_replies(subject):
    noise = noise_of(mail("Jeg er borte.\n", subject=subject))
    assert noise is not None and noise.kind == "auto_reply" and "vacation_subject" in noise.reasons


@pytest.mark.parametrize("headers,envelope,reason", [
    ("Auto-Submitted: auto-replied\r\n", "kari@fjordmed.example.no", "auto_submitted=auto-replied"),
    ("Precedence: bulk\r\n", "kari@fjordmed.example.no", "precedence=bulk"),
    ("List-Id: <x.lists.example.org>\r\n", "kari@fjordmed.example.no", "list-id"),
    ("X-Mdreg-Loop: medisinsk.utstyr@localhost\r\n", "kari@fjordmed.example.no", "loop_header"),
    ("", "<>", "null_envelope_sender"),
    ("", "", "null_envelope_sender"),
    ("Return-Path: <>\r\n", "kari@fjordmed.example.no", "null_return_path"),
])
def test_rfc3834_signals_stop_automatic_answers(headers, envelope, reason):
    noise = noise_of(mail("Navn på produsent: Fjordmed AS\n", headers=headers), envelope_from=envelope)
    assert noise is not None and reason in noise.reasons


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@mx.example.no", "postmaster@example.no", "noreply@example.no",
                                    "no-reply@example.com", "donotreply@example.com", MAILBOX])
def test_robot_senders_and_our_own_address_get_no_answer(sender):
    assert noise_of(mail("Hei\n", sender=sender), envelope_from=sender) is not None


def test_auto_submitted_no_is_a_person():
    assert noise_of(mail("Navn på produsent: Fjordmed AS\n", headers="Auto-Submitted: no\r\n")) is None


def test_a_person_registering_is_not_noise():
    assert noise_of(mail("Hei,\nvi vil registrere oss.\nNavn på produsent: Fjordmed AS\n")) is None


def test_question_scores_show_the_terms_that_matched():
    best = score_all("Do custom-made dental crowns need a declaration of conformity?")[0]
    assert best.article.id == "custom_made"
    assert "custom-made" in best.terms and "dental crown" in best.terms


@pytest.mark.parametrize("question,article", [
    ("We are an authorised representative, what do we send?", "authorised_representative"),
    ("How do we update our address?", "update_details"),
    ("Korleis oppdaterer vi adressa vår?", "update_details"),
    ("Når får vi brukernavn og passord?", "credentials"),
])
def test_common_questions_find_their_article(question, article):
    assert best_answer(question).article.id == article


def test_an_unrelated_question_gets_no_article():
    assert best_answer("What are your opening hours on Saturdays?") is None
