"""States, kinds and flags have their texts in one place, in bokmål, nynorsk and English."""

from __future__ import annotations

import pytest

from intake.flags import UnknownFlag, catalogue, code_of, flag, text
from intake.states import CaseKind, CaseState, OutboxKind, OutboxStatus, label


def test_every_flag_code_has_a_text_in_each_language():
    for code, texts in catalogue().items():
        assert {"nb", "nn", "en"} <= set(texts), code
        assert all(texts[lang].strip() for lang in ("nb", "nn", "en")), code


def test_a_flag_code_not_in_the_catalogue_is_refused():
    with pytest.raises(UnknownFlag):
        flag("made_up_flag")


def test_a_stored_flag_reads_as_its_text_and_its_detail_in_words():
    stored = flag("needs_manual_check", "scanned_pdf:doc.pdf")
    assert code_of(stored) == "needs_manual_check"
    assert text(stored, "nb") == "Må sjekkes manuelt: skannet PDF uten tekstlag (doc.pdf)"
    assert text(stored, "en") == "Needs a manual check: scanned PDF without a text layer (doc.pdf)"


def test_a_detail_without_words_is_shown_as_it_is():
    assert text("signal:a_staff_rule", "nb") == "Tilsynssignal: a_staff_rule"


def test_a_surveillance_signal_reads_as_its_rules_text():
    assert text("signal:cosmetic_clinic", "nb") == \
        "Tilsynssignal: Produkt for kosmetiske klinikker (fillere, tråder til ansiktsløft)"
    assert text("signal:cosmetic_clinic", "en").startswith("Surveillance signal: Product for cosmetic clinics")


def test_every_state_and_kind_has_a_label_in_each_language():
    for value in [*CaseState, *CaseKind]:
        for language in ("nb", "nn", "en"):
            assert label(value, language) != str(value)
    from intake.states import _labels

    for section, values in (("outbox_status", OutboxStatus), ("outbox_kind", OutboxKind)):
        for value in values:
            assert all(_labels()[section][value].get(language) for language in ("nb", "nn", "en")), value
        assert label(OutboxStatus.QUEUED, "nb", section="outbox_status") == "i kø"


def test_flags_intake_sets_on_the_fixtures_are_all_catalogued():
    from pathlib import Path

    from intake.understand import understand

    folder = Path(__file__).parents[1] / "fixtures"
    for path in [*folder.glob("mail/*.eml"), *folder.glob("bad_mail/*.eml"), *folder.glob("registrations/*.eml")]:
        for stored in understand(path.read_bytes()).flags:
            assert code_of(stored) in catalogue(), (path.name, stored)
