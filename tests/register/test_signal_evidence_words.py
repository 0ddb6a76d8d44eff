"""A signal's evidence is said in the reader's language: where the words were found, the declared
class and 'new to the register' are stored as codes, never as English sentences."""

from __future__ import annotations

from intake.register_items import RegisterItems
from intake.signals import evaluate, evidence_text, load_rules


def _new_class_iii_match():
    rules = tuple(r for r in load_rules() if r.new_operator)
    matches = evaluate(rules, texts={"body": "Vi lager hofteimplantat."}, items=RegisterItems(),
                       classes={"III"}, new_operator=True)
    assert matches, "a new manufacturer in class III is signalled"
    return matches[0]


def test_class_and_newness_are_stored_as_codes():
    assert set(_new_class_iii_match().evidence) >= {"class:III", "new_operator"}


def test_class_and_newness_read_in_bokmal_and_english():
    evidence = _new_class_iii_match().evidence
    assert [evidence_text(e, language="nb") for e in evidence] == ["klasse III", "ny i registeret"]
    assert [evidence_text(e, language="en") for e in evidence] == ["class III", "not in the register before"]


def test_where_the_words_were_found_is_said_in_the_language():
    line = "body: «filler» … vi selger filler til klinikker"
    assert evidence_text(line, language="nb") == "e-posten: «filler» … vi selger filler til klinikker"
    assert evidence_text("attachment DoC.pdf: «software» …", language="nb") == "vedlegg DoC.pdf: «software» …"


def test_evidence_stored_in_english_before_the_codes_still_reads_in_bokmal():
    assert evidence_text("not in the register before", language="nb") == "ny i registeret"
    assert evidence_text("class IIb", language="nb") == "klasse IIb"
