"""The end-to-end path: mail in over SMTP, case stored, reply out through the relay."""

from __future__ import annotations

from pathlib import Path

from store.views import list_cases
from tests.support import send, wait_for

MAIL = Path(__file__).parent / "fixtures" / "mail"


def test_registration_mail_gets_a_case_and_a_reply(bot, engine, relay):
    send(bot.smtp_port, (MAIL / "incomplete_nb.eml").read_bytes())
    reply = wait_for(lambda: relay.received)[0]
    cases = list_cases(engine=engine)
    assert len(cases) == 1
    assert cases[0].fields["manufacturer_name"].value == "Fjordmed AS"
    assert cases[0].fields["org_number"].value == "974760673"
    assert cases[0].fields["email"].state == "missing"
    assert reply["To"].addresses[0].addr_spec == "kari.nordmann@fjordmed.example.no"
    assert cases[0].reference in reply["Subject"]


def test_reply_is_a_proper_automatic_reply(bot, relay):
    send(bot.smtp_port, (MAIL / "incomplete_nb.eml").read_bytes())
    reply = wait_for(lambda: relay.received)[0]
    assert reply["From"].addresses[0].addr_spec == bot.mailbox
    assert reply["Subject"].startswith("Re: Registrering av medisinsk utstyr [MDREG-")
    assert reply["In-Reply-To"] == "<20261116091244.4411@fjordmed.example.no>"
    assert "<20261116091244.4411@fjordmed.example.no>" in reply["References"]
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Message-ID"]
    assert reply.get_content_type() == "text/plain"
    assert reply.get_content_charset() == "utf-8"


def test_reply_lists_the_missing_fields_in_the_applicants_language(bot, relay):
    send(bot.smtp_port, (MAIL / "incomplete_nb.eml").read_bytes())
    body = wait_for(lambda: relay.received)[0].get_content()
    assert "Postadresse: mangler" in body
    assert "E-post: mangler" in body
    assert "Navn på produsent: Fjordmed AS" in body


def test_reply_goes_to_reply_to_when_set(bot, relay):
    send(bot.smtp_port, (MAIL / "reply_to_differs_en.eml").read_bytes())
    envelope = wait_for(lambda: relay.envelopes)[0]
    assert envelope[1] == ["regulatory@acme-medical.example.com"]


def test_same_message_delivered_twice_makes_one_case_and_one_reply(bot, engine, relay):
    raw = (MAIL / "incomplete_nb.eml").read_bytes()
    send(bot.smtp_port, raw)
    send(bot.smtp_port, raw)
    wait_for(lambda: relay.received)
    wait_for(lambda: all(c.status != "new" for c in list_cases(engine=engine)))
    import time

    time.sleep(0.5)
    assert len(list_cases(engine=engine)) == 1
    assert len(relay.received) == 1
