"""The fields kept on a case row: written as dataclasses.asdict writes them, read back unchanged."""

from __future__ import annotations

from dataclasses import asdict

from intake.model import FieldResult, Provenance
from store import fieldcodec

RESULTS = {
    "manufacturer_name": FieldResult(key="manufacturer_name", value="Medtek AS", state="ok", confidence=0.9,
                                     source=Provenance(part="body", line=4, message_id="<a@example.no>")),
    "visiting_address": FieldResult(key="visiting_address", value="Storgata 1, 5013 Bergen", state="ok",
                                    source=Provenance(part="attachment skjema.pdf"),
                                    parts={"street": "Storgata 1", "postcode": "5013", "town": "Bergen"}),
    "phone": FieldResult(key="phone", value="12", state="invalid", reason="too_short"),
    "fax": FieldResult(key="fax"),
}


def test_encoding_writes_what_asdict_writes():
    assert fieldcodec.encode(RESULTS) == {key: asdict(result) for key, result in RESULTS.items()}


def test_encoded_parts_are_a_copy():
    encoded = fieldcodec.encode(RESULTS)
    encoded["visiting_address"]["parts"]["town"] = "Oslo"
    assert RESULTS["visiting_address"].parts["town"] == "Bergen"


def test_decoding_the_encoding_gives_the_results_back():
    assert fieldcodec.decode(fieldcodec.encode(RESULTS)) == RESULTS
