"""Loop rules with no gaps: each header or text an automatic sender uses stops our answer, and a
subject alone never closes a person's mail."""

from __future__ import annotations

import pytest

from intake.machine_mail.noise import classify
from intake.plan.decide import decide
from intake.understand import understand

MAILBOX = "medisinsk.utstyr@localhost"
PERSON = "kari.nordmann@fjordmed.example.no"

REGISTRATION = (
    "Hei,\n\nvi ønsker å registrere oss i Register for medisinsk utstyr før sommerferien.\n\n"
    "Navn på produsent: Fjordmed AS\nOrganisasjonsnummer: 974 760 673\n"
    "Besøksadresse: Strandgaten 12, 5013 Bergen\nTelefon: 55 12 34 56\n"
    "Kontaktperson: Kari Nordmann\nE-post: post@fjordmed.example.no\n\n"
    "Med vennlig hilsen\nKari Nordmann\nFjordmed AS\n"
)
OUT_OF_OFFICE_NB = "Takk for e-posten din. Jeg er på ferie til 30. november og leser ikke e-post.\n\nKari Nordmann\n"
OUT_OF_OFFICE_NN = ("Takk for e-posten. Eg er borte frå kontoret til måndag 7. desember og les ikkje e-post.\n"
                    "Hastar det, ring sentralbordet på 55 12 34 56.\n\nKari Nordmann\n")


def mail(body: str, *, subject: str, headers: str = "", sender: str = PERSON) -> bytes:
    return (f"From: Kari Nordmann <{sender}>\r\nTo: {MAILBOX}\r\nSubject: {subject}\r\n"
            f"Date: Mon, 16 Nov 2026 09:13:02 +0100\r\nMessage-ID: <loop.{abs(hash(subject + headers))}@fjordmed.example.no>\r\n"
            f"{headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}").replace("\r\n", "\n").replace("\n", "\r\n").encode()


def noise_of(raw: bytes, envelope_from: str | None = PERSON):
    return classify(raw, envelope_from=envelope_from, mailbox=MAILBOX)


@pytest.mark.parametrize("header,reason", [
    ("Precedence: auto_reply", "precedence=auto_reply"),
    ("X-Auto-Response-Suppress: All", "x-auto-response-suppress"),
    ("X-Loop: helpdesk@fjordmed.example.no", "x-loop"),
    ("X-Autoreply:", "x-autoreply"),
    ("X-Autoreply: yes", "x-autoreply"),
    ("X-OTRS-Loop: yes", "x-otrs-loop"),
    ("X-RT-Loop-Prevention: Fjordmed support", "x-rt-loop-prevention"),
    ("X-Zammad-Is-Auto-Response: true", "x-zammad-is-auto-response"),
])
def test_a_loop_or_auto_response_header_alone_stops_the_answer(header, reason):
    raw = mail("Vi har mottatt henvendelsen din og svarer så snart vi kan.\n",
               subject="[Ticket#2026111610000012] Re: Registrering", headers=header + "\r\n")
    noise = noise_of(raw)
    assert noise is not None and reason in noise.reasons
    assert decide(understand(raw), context=None, noise=noise).reply is None


def test_a_ticket_system_saying_its_loop_header_is_off_is_a_person():
    raw = mail(REGISTRATION, subject="Registrering", headers="X-OTRS-Loop: no\r\n")
    assert noise_of(raw) is None


@pytest.mark.parametrize("subject,body", [
    ("Levering mislyktes: Re: Registrering", "Meldingen din kunne ikke leveres til en eller flere mottakere.\n\n"
     "ola@fjordmed.example.no\nServeren svarte: 550 5.1.1 Mottakeren finnes ikke.\n"),
    ("Ikke levert: Re: Registrering", "Levering til disse mottakerne eller gruppene mislyktes:\n"
     "ola@fjordmed.example.no\n"),
    ("Olevererbart: Re: Registrering", "Meddelandet kunde inte levereras till följande mottagare.\n"),
    ("Unzustellbar: Re: Registrering", "Ihre Nachricht konnte nicht zugestellt werden.\n"),
])
def test_a_plain_text_delivery_failure_from_an_ordinary_sender_gets_no_answer(subject, body):
    raw = mail(body, subject=subject, sender="it-drift@fjordmed.example.no")
    noise = noise_of(raw, envelope_from="it-drift@fjordmed.example.no")
    assert noise is not None and "delivery_failure_text" in noise.reasons
    assert decide(understand(raw), context=None, noise=noise).reply is None


def test_an_out_of_office_reply_in_nynorsk_is_an_auto_reply():
    noise = noise_of(mail(OUT_OF_OFFICE_NN, subject="Eg er borte frå kontoret"))
    assert noise is not None and noise.kind == "auto_reply" and "vacation_subject" in noise.reasons


def test_an_out_of_office_body_under_a_holiday_subject_is_an_auto_reply():
    noise = noise_of(mail(OUT_OF_OFFICE_NB, subject="Ferie"))
    assert noise is not None and "vacation_subject" in noise.reasons


def test_a_holiday_subject_with_a_header_signal_is_an_auto_reply():
    noise = noise_of(mail("Kort fortalt: borte.\n", subject="Ferie", headers="Auto-Submitted: auto-replied\r\n"))
    assert noise is not None and "vacation_subject" in noise.reasons


@pytest.mark.parametrize("subject", ["Før ferie: registrering av Fjordmed AS", "Ferie snart - registrering",
                                     "Registrering før fravær i desember", "Out of office next week: our registration"])
def test_a_subject_alone_never_closes_a_persons_mail(subject):
    raw = mail(REGISTRATION, subject=subject)
    assert noise_of(raw) is None
    decision = decide(understand(raw), context=None, noise=None)
    assert decision.kind == "registration" and decision.reply is not None
