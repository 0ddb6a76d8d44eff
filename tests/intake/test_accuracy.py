"""Accuracy over the registration corpus: per-field precision and recall must reach 0.97.

A prediction counts as correct when its state equals the expected state and, for `ok`, its value
equals the expected normalised value (and, for `invalid`, the reason when the fixture names one).
Precision: correct / fields predicted present (ok or invalid). Recall: correct / fields expected present.
Run with -s (or see the table printed under capsys.disabled) for the per-field table and the misses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.fields.catalogue import field_keys
from intake.understand import understand

FIXTURES = Path(__file__).parents[1] / "fixtures"
# The generated corpus (tests/fixtures/make_registrations.py), and messages written by hand in
# other styles, so the measure is not only of the forms the generator knows.
CORPORA = (FIXTURES / "registrations", FIXTURES / "registrations_by_hand")
THRESHOLD = 0.97


def corpus() -> list[tuple[str, bytes, dict]]:
    return [(eml.name.removesuffix(".eml"), eml.read_bytes(),
             json.loads(eml.with_name(eml.name.removesuffix(".eml") + ".expected.json").read_text("utf-8")))
            for folder in CORPORA for eml in sorted(folder.glob("*.eml"))]


def correct(got, want: dict) -> bool:
    if got.state != want["state"]:
        return False
    if want["state"] == "ok":
        return got.value == want["value"]
    if want["state"] == "invalid" and want.get("reason"):
        return got.reason == want["reason"]
    return True


def score() -> tuple[dict[str, list[int]], list[str]]:
    """field -> [correct present, predicted present, expected present]; and the misses, for the log."""
    table = {key: [0, 0, 0] for key in field_keys()}
    misses = []
    for name, raw, expected in corpus():
        fields = understand(raw).fields
        for key in field_keys():
            got, want = fields[key], expected[key]
            predicted, present = got.state != "missing", want["state"] != "missing"
            table[key][1] += predicted
            table[key][2] += present
            if (predicted or present) and correct(got, want):
                table[key][0] += 1
            elif predicted or present:
                misses.append(f"{name}: {key} got {got.state} {got.value!r} ({got.reason}), want {want}")
    return table, misses


def test_corpus_is_large_and_mixed():
    raws = [raw for _, raw, _ in corpus()]
    assert len(raws) >= 60
    joined = b"\n".join(raws)
    for marker in (b"iso-8859-1", b"windows-1252", b"quoted-printable", b"base64", b"text/html",
                   b"multipart/alternative", b"Forwarded message", b"wrote:", b"skrev", b".docx", b".pdf"):
        assert marker in joined, marker


def test_per_field_precision_and_recall(capsys):
    table, misses = score()
    lines = [f"{'field':28} {'precision':>9} {'recall':>7}   (correct / predicted / expected)"]
    failing = []
    for key, (ok, predicted, present) in table.items():
        precision = ok / predicted if predicted else 1.0
        recall = ok / present if present else 1.0
        lines.append(f"{key:28} {precision:9.3f} {recall:7.3f}   ({ok}/{predicted}/{present})")
        if precision < THRESHOLD or recall < THRESHOLD:
            failing.append(key)
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        print("\n".join(misses))
    assert not failing, f"below {THRESHOLD}: {failing}"


@pytest.mark.parametrize("name, expected", [(n, e) for n, _, e in corpus()])
def test_every_expected_file_names_every_field(name, expected):
    assert set(expected) == set(field_keys())
