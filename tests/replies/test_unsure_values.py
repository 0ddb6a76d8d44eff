"""A value the reader is unsure of goes to a case officer, not back to the applicant as understood:
the reply names the detail that will be checked and never echoes its value as registered."""

from __future__ import annotations

from dataclasses import replace

from intake.model import Provenance
from intake.plan.decide import decide
from intake.replies.render import render
from intake.understand import understand
from tests.intake.mails import mail
from tests.support import registration_mail

PHONE = "55 07 00 07"


def phone_only_in_signature() -> bytes:
    """The registration of tests.support with its phone given only under the greeting."""
    raw = registration_mail(7)
    assert f"Telefon: {PHONE}\r\n".encode() in raw
    return raw.replace(f"Telefon: {PHONE}\r\n".encode(), b"").replace(
        b"Med vennlig hilsen\r\n", f"Med vennlig hilsen\r\nTlf {PHONE}\r\n".encode())


def test_a_phone_read_only_from_a_signature_is_flagged_for_staff():
    understood = understand(phone_only_in_signature())
    assert understood.fields["phone"].value == "+4755070007"
    assert "needs_check:phone" in understood.flags


def test_the_reply_names_the_unsure_detail_and_does_not_echo_its_value():
    fields = understand(phone_only_in_signature()).fields
    body = render("request_missing", language="nb", reference="MDREG-2026-000001", fields=fields)
    assert PHONE not in body and "55070007" not in body
    assert "En saksbehandler kontrollerer disse opplysningene før de registreres: Telefon." in body
    assert "Medtek 00007 AS" in body, "the values read against their labels are still echoed"


def test_a_labelled_phone_is_echoed_as_understood():
    fields = understand(registration_mail(7)).fields
    body = render("request_missing", language="nb", reference="MDREG-2026-000001", fields=fields)
    assert PHONE in body
    assert "saksbehandler kontrollerer" not in body


def test_a_value_a_case_officer_entered_is_echoed():
    fields = understand(phone_only_in_signature()).fields
    fields["phone"] = replace(fields["phone"], source=Provenance(part="staff:kari"))
    body = render("request_missing", language="en", reference="MDREG-2026-000001", fields=fields)
    assert PHONE in body
    assert "case officer will check" not in body


REGISTERED = {"manufacturer_name": "Nordlys Lydteknikk AS", "org_number": "912345688", "phone": "+4777601010"}


def update_reply(body: str) -> str:
    decision = decide(understand(mail(body, subject="Nytt telefonnummer")), context=None, registered=REGISTERED)
    assert decision.reply == "update_received" and "phone" in decision.changes
    return render(decision.reply, language="nb", reference="MDREG-2026-000002", fields=decision.fields,
                  changes=decision.changes)


def test_an_updates_new_number_read_from_the_signature_is_named_not_echoed():
    body = update_reply("Hei,\n\nNordlys Lydteknikk AS (org.nr. 912 345 688) har fått nytt sentralbord, nummeret "
                        "står i signaturen under.\n\nHilsen\nKari Nordmann\nNordlys Lydteknikk AS\nTlf 77 60 20 20\n")
    assert "77 60 20 20" not in body and "77602020" not in body
    assert "En saksbehandler kontrollerer disse opplysningene før de registreres: Telefon." in body
    assert "ingen forskjeller" not in body, "a change to check is still a change"


def test_an_updates_new_number_stated_against_its_label_is_echoed_as_the_change():
    body = update_reply("Hei,\n\nNordlys Lydteknikk AS (org.nr. 912 345 688) har fått nytt sentralbord.\n\n"
                        "Nytt telefonnummer: 77 60 20 20\n\nHilsen\nKari Nordmann\n")
    assert "- Telefon: registrert «+47 77 60 10 10», ny «+47 77 60 20 20»" in body
    assert "saksbehandler kontrollerer" not in body
