"""Accuracy over the registration corpus: per-field precision and recall must reach 0.97.

A prediction counts as correct when its state equals the expected state and, for `ok`, its value
equals the expected normalised value (and, for `invalid`, the reason when the fixture names one).
Precision: correct / fields predicted present (ok or invalid). Recall: correct / fields expected present.
Run with -s (or see the table printed under capsys.disabled) for the per-field table and the misses.
"""

from __future__ import annotations

import json
import re
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


# ---- the independent corpus --------------------------------------------------------------------
# Mails written by people who never saw the extractor (tests/fixtures/accuracy/{dev,test}/, each
# NAME.eml with NAME.expected.json holding "kind" and "fields": {key: {value, state}}). A field is
# right when its state matches and, for `ok`, its value matches after case and spaces are folded and
# a post box's word is read as one word ("Pb. 145", "P.O. Box 145" and "Postboks 145" are one address;
# the writers' keys keep each wording, so no reader could match them all).
# Tuned on dev only; test is measured, never looked at while tuning.

ACCURACY = FIXTURES / "accuracy"
# The goal is 0.97 of fields right on the test split (judged blind); it is not reached yet. The
# floors are just below what the extractor reads (dev 17205/17745 = 0.970, test 12100/12935 = 0.935),
# with the ninety-eight writers' 2,360 mails in both splits and w1-w12's non-registrations keyed to the
# later brief; a change that reads either split worse fails here; raise them as the extractor
# improves, never lower them for the same corpus and keys (w67-w70, w79-w86 and w91-w98 made both
# splits harder).
FLOORS = {"dev": 0.969, "test": 0.935}


def independent(split: str) -> list[tuple[str, bytes, dict]]:
    folder = ACCURACY / split
    return [(eml.stem, eml.read_bytes(), json.loads(eml.with_name(eml.stem + ".expected.json").read_text("utf-8")))
            for eml in sorted(folder.glob("*.eml"))]


_POST_BOX = re.compile(r"^(?:postboks|pb\.?|p\.?\s?o\.?\s?box|box)\s+(?=\d)")


def fold(value) -> str | None:
    if value is None:
        return None
    return _POST_BOX.sub("postboks ", " ".join(str(value).split()).casefold())


def right(got, want: dict) -> bool:
    if got.state != want["state"]:
        return False
    return want["state"] != "ok" or fold(got.value) == fold(want["value"])


def field_accuracy(split: str) -> tuple[dict[str, list[int]], list[str]]:
    """field -> [right, total]; and the wrong ones, for the log."""
    table = {key: [0, 0] for key in field_keys()}
    table["(kind of mail)"] = [0, 0]
    wrong = []
    for name, raw, expected in independent(split):
        understood = understand(raw)
        fields = understood.fields
        table["(kind of mail)"][1] += 1
        if understood.kind == expected["kind"]:
            table["(kind of mail)"][0] += 1
        else:
            wrong.append(f"{split}/{name}: kind {understood.kind}, want {expected['kind']}")
        for key in field_keys():
            want = expected["fields"][key]
            table[key][1] += 1
            if right(fields[key], want):
                table[key][0] += 1
            else:
                got = fields[key]
                wrong.append(f"{split}/{name}: {key} got {got.state} {got.value!r} ({got.reason}), "
                             f"want {want['state']} {want['value']!r}")
    return table, wrong


@pytest.mark.parametrize("split", ["dev", "test"])
def test_independent_corpus_field_accuracy(split, capsys):
    if not independent(split):
        pytest.skip(f"no accuracy corpus at {ACCURACY / split}")
    table, wrong = field_accuracy(split)
    total_right = sum(r for key, (r, _) in table.items() if key in field_keys())
    total = sum(n for key, (_, n) in table.items() if key in field_keys())
    lines = [f"{split}: {len(independent(split))} mails", f"{'field':28} {'right':>7}"]
    lines += [f"{key:28} {r / n:7.3f}   ({r}/{n})" for key, (r, n) in table.items()]
    lines.append(f"{'all fields':28} {total_right / total:7.3f}   ({total_right}/{total})")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        if split != "test":  # the held-out split shows its totals only, so nobody tunes on it
            print("\n".join(wrong))
    assert total_right / total >= FLOORS[split]
