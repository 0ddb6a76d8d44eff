"""Auto-accept is for a flawless new registration from an authenticated sender only; off by default."""

from __future__ import annotations

from intake.model import INVALID, MISSING, OK, FieldResult
from intake.understand import understand
from mailbot.settings import Settings
from store.operators import auto_accept_blockers
from tests.credentials.builders import CONTACT, FROM, passing, registration_mail

FIELDS = understand(registration_mail(auth_results=[passing()])).fields


def blockers(**changes):
    values = dict(kind="registration", status="under_review", fields=FIELDS, flags=(), sender_authenticated=True,
                  org_number_registered=False, sender_addr=FROM, contact_email=CONTACT)
    values.update(changes)
    return auto_accept_blockers(**values)


def test_auto_accept_is_off_by_default():
    assert Settings().auto_accept is False


def test_a_flawless_authenticated_new_registration_may_be_auto_accepted():
    assert blockers() == ()


def test_a_missing_required_field_blocks():
    fields = {**FIELDS, "postal_address": FieldResult(key="postal_address", state=MISSING)}
    assert "fields_not_valid" in blockers(fields=fields)


def test_an_invalid_optional_field_blocks():
    fields = {**FIELDS, "website": FieldResult(key="website", value="htp:/x", state=INVALID)}
    assert "fields_not_valid" in blockers(fields=fields)


def test_a_doc_flag_blocks():
    assert "doc_checks_not_passed" in blockers(flags=("doc_mismatch:manufacturer_name",))


def test_a_needs_manual_check_flag_blocks():
    assert "doc_checks_not_passed" in blockers(flags=("needs_manual_check:doc_no_srn",))


def test_an_unauthenticated_sender_blocks():
    assert "sender_not_authenticated" in blockers(sender_authenticated=False)


def test_an_unknown_authentication_blocks():
    assert "sender_not_authenticated" in blockers(sender_authenticated=None)


def test_an_org_number_already_registered_blocks():
    assert "org_number_registered" in blockers(org_number_registered=True)


def test_a_sender_domain_other_than_the_contacts_blocks():
    assert "sender_domain_not_contact_domain" in blockers(sender_addr="kari@gmail.example")


def test_a_sender_in_a_subdomain_of_the_contacts_domain_may_pass():
    assert blockers(sender_addr="kari@mail.fjordmed.example") == ()


def test_a_case_not_under_review_blocks():
    assert "not_under_review" in blockers(status="awaiting_applicant")


def test_any_other_flag_leaves_it_for_staff():
    assert "case_flagged" in blockers(flags=("update_of_registered_operator",))


def test_fields_used_here_are_all_ok():
    # the fixture itself: a registration with nothing missing (else the tests above prove little)
    assert all(r.state == OK for r in FIELDS.values() if r.key not in ("fax", "website"))
