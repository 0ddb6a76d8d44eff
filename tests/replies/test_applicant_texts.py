"""What the applicant reads has no internal codes: every reply template, rendered in every
language for the fields of real registrations, contains no `snake_case` word, no "Norway", and
(in Norwegian) none of our English; values are in words, phones grouped, choices listed."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from intake.model import INVALID, MISSING, OK, FieldResult
from intake.replies.compose import compose_message, compose_reply
from intake.replies.render import LANGUAGES, render, templates
from intake.replies.values import address, phone, shown
from intake.understand import understand

FIXTURES = Path(__file__).parents[1] / "fixtures"
REPLIES = ("request_missing", "under_review", "question_answer", "question_to_staff", "update_received",
           "rate_limited")
# Fields whose value is the applicant's own text, shown as given (after phone/address tidying).
FREE_TEXT = ("manufacturer_name", "org_number", "visiting_address", "postal_address", "contact_person",
             "email", "website", "phone", "fax", "contact_phone")
SNAKE = re.compile(r"\b[A-Za-z]+_[A-Za-z_]+\b")
# English a Norwegian reply must not contain: our codes' words and the glue of English sentences.
ENGLISH = re.compile(r"\b(not|required|the|and|of|missing|invalid|manufacturer|device|business|custom-made|"
                     r"attached|representative|none|you|your|please)\b", re.IGNORECASE)


def fixture_fields() -> list[dict[str, FieldResult]]:
    paths = sorted((FIXTURES / "registrations").glob("*.eml")) + sorted((FIXTURES / "conversation").glob("*_nb.eml"))
    return [understand(p.read_bytes()).fields for p in paths]


def coded_examples() -> dict[str, FieldResult]:
    """One of each coded value, and invalid ones, as the validators give them."""
    return {
        "device_type": FieldResult(key="device_type", value="ivd", state=OK),
        "business_type": FieldResult(key="business_type", value="not_registrable", state=INVALID,
                                     reason="business_type.not_registrable"),
        "declaration_of_conformity": FieldResult(key="declaration_of_conformity", value="not required: custom-made",
                                                 state=OK),
        "phone": FieldResult(key="phone", value="+4755123456", state=OK),
        "fax": FieldResult(key="fax", state=MISSING),
    }


def without_applicant_text(text: str, fields: dict[str, FieldResult], language: str) -> str:
    for key, result in fields.items():
        if key in FREE_TEXT or (key == "declaration_of_conformity" and result.value and "." in result.value):
            for value in (result.value, shown(key, result.value, language)):
                if value:
                    text = text.replace(value, "«applicant»")
    return text


def rendered() -> list[tuple[str, str, str, dict]]:
    out = []
    for fields in fixture_fields() + [coded_examples()]:
        for language in LANGUAGES:
            for name in REPLIES:
                body = render(name, language=language, reference="MDREG-2026-000001", fields=fields,
                              answer="Svaret.", changes={"phone": {"was": "+4722334455", "now": "+4755123456"}})
                out.append((language, name, body, fields))
    return out


@pytest.fixture(scope="module")
def all_rendered():
    return rendered()


def test_no_reply_contains_a_code_word(all_rendered):
    for language, name, body, fields in all_rendered:
        own = without_applicant_text(body, fields, language)
        assert not SNAKE.findall(own), (language, name, SNAKE.findall(own), body)


def test_no_reply_says_norway(all_rendered):
    for language, name, body, fields in all_rendered:
        if language != "en":
            assert "Norway" not in body, (language, name, body)


def test_norwegian_replies_have_no_english(all_rendered):
    for language, name, body, fields in all_rendered:
        if language in ("nb", "nn"):
            own = without_applicant_text(body, fields, language)
            assert not ENGLISH.findall(own), (language, name, ENGLISH.findall(own), own)


def test_staff_and_credential_texts_have_no_code_words():
    for family in ("staff", "credentials"):
        for language in LANGUAGES:
            text = repr(templates(language, family))
            words = [w for w in SNAKE.findall(text) if not w.startswith("expiry_days")]
            keys = set(_keys(templates(language, family)))
            assert not [w for w in words if w not in keys], (family, language)


def _keys(table: dict) -> list[str]:
    out = []
    for key, value in table.items():
        out.append(key)
        if isinstance(value, dict):
            out += _keys(value)
    return out


def test_coded_values_are_said_in_words():
    assert shown("device_type", "medical_device", "nb") == "medisinsk utstyr"
    assert shown("business_type", "manufacturer", "nb") == "produsent"
    assert shown("declaration_of_conformity", "not required: custom-made", "nb") == \
        "ikke påkrevd for individuelt tilpassede produkter"
    assert shown("business_type", "authorised_representative", "nn") == "autorisert representant"


def test_phones_are_grouped_the_norwegian_way():
    assert phone("+4722334455") == "+47 22 33 44 55"
    assert phone("+4755123456") == "+47 55 12 34 56"
    assert phone("+44 20 7946 0958") == "+44 20 7946 0958"


def test_norwegian_addresses_lose_the_country():
    assert address("Innherredsveien 7, 7014 Trondheim, Norway") == "Innherredsveien 7, 7014 Trondheim"
    assert address("Sandakerveien 24 0473 Oslo Norge") == "Sandakerveien 24 0473 Oslo"
    assert address("221B Baker Street, London NW1 6XE, United Kingdom") == \
        "221B Baker Street, London NW1 6XE, United Kingdom"


def test_a_request_for_a_choice_lists_the_allowed_answers():
    fields = {"device_type": FieldResult(key="device_type", state=MISSING, reason="device_type.missing"),
              "business_type": FieldResult(key="business_type", value="not_registrable", state=INVALID,
                                           reason="business_type.not_registrable")}
    body = render("request_missing", language="nb", reference="MDREG-2026-000001", fields=fields)
    device_line = next(line for line in body.splitlines() if line.startswith("- Type utstyr"))
    assert "«medisinsk utstyr» eller «medisinsk utstyr til in vitro-diagnostikk»" in device_line
    business_line = next(line for line in body.splitlines() if line.startswith("- Type virksomhet"))
    assert "«produsent»" in business_line and "«autorisert representant»" in business_line


@pytest.mark.parametrize("subject", [
    "SV: Registrering [MDREG-2026-000007]",
    "Re: [MDREG-2026-000001] Registrering [MDREG-2026-000001]",
    "Fwd: [mdreg-2026-000009] Søknad",
])
def test_a_reply_subject_carries_exactly_one_case_token(subject):
    composed = compose_reply(mailbox="reg@example.no", to_addr="kari@example.no", subject=subject,
                             reference="MDREG-2026-000001", body="Hei", in_reply_to=None)
    assert re.findall(r"MDREG-\d{4}-\d{6}", composed.subject, re.IGNORECASE) == ["MDREG-2026-000001"]


@pytest.mark.parametrize("subject", [
    "Registrering av medisinsk utstyr for Sørlandets Ortopediske Verksted og Hjelpemiddelsentral AS – søknad",
    "Brukernavn og passord til Register for medisinsk utstyr – Sørlandets Ortopediske Verksted [MDREG-2026-000001]",
    "Søknadsregistreringsbekreftelsesdokumentasjonsgreierforsørlandetsortopediske AS " * 2,
])
def test_a_long_subject_is_folded_with_text_on_its_first_line(subject):
    composed = compose_message(mailbox="reg@example.no", to_addr="kari@example.no", subject=subject, body="Hei")
    head = composed.raw.split(b"\r\n\r\n")[0].split(b"\r\n")
    first = next(line for line in head if line.startswith(b"Subject:"))
    assert first.strip() != b"Subject:"
    assert not re.search(rb"\?[qQbB]\?\?=", composed.raw.split(b"\r\n\r\n")[0])  # no empty encoded words
    assert all(len(line) <= 78 for line in head)
    decoded = message_from_bytes(composed.raw, policy=policy.default)["Subject"]
    assert decoded == " ".join(subject.split())
