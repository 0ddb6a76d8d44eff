"""Machine mail from the shared corpora is recognised and never answered.

Each message goes through intake (`understand`), the noise classification the worker uses and
`decide`; the corpora stay where they are (../shared/corpora, see its README and index.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from intake.machine_mail.bounce import analyse_bounce
from intake.plan.decide import decide
from intake.machine_mail.noise import classify
from intake.understand import understand

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
MAILBOX = "medisinsk.utstyr@localhost"


def _rows() -> list[dict[str, str]]:
    index = CORPORA / "index.tsv"
    if not index.exists():
        return []
    with index.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


ROWS = _rows()
pytestmark = pytest.mark.skipif(not ROWS, reason=f"the shared corpora are not at {CORPORA} (they sit beside the "
                                                 "repository); these tests need them")
SISIMAI = [r["path"] for r in ROWS if r["path"].startswith("sisimai-bounces/") and "/not/" not in r["path"]]
OTHER_MACHINE = [r["path"] for r in ROWS if not r["path"].startswith("sisimai-bounces/")
                 and r["category"] in ("bounce", "auto_reply", "list")]
# Auto-replies and an unsubscribe request among the sisimai files: machine mail, not bounces.
NOT_BOUNCES = ("rfc3834-", "arf-26")


def _verdict(path: str):
    raw = (CORPORA / path).read_bytes()
    noise = classify(raw, envelope_from=None, mailbox=MAILBOX, source="ingest")
    decision = decide(understand(raw), context=None, noise=noise)
    return noise, decision


def test_the_corpora_are_there():
    assert len(SISIMAI) == 826 and len(OTHER_MACHINE) >= 30


@pytest.mark.parametrize("path", SISIMAI)
def test_sisimai_bounce_is_recognised_and_not_answered(path):
    noise, decision = _verdict(path)
    assert noise is not None
    if any(mark in path for mark in NOT_BOUNCES):
        assert noise.kind in ("auto_reply", "bounce")
    else:
        assert noise.kind == "bounce", noise.reasons
    assert decision.reply is None and decision.kind == noise.kind


@pytest.mark.parametrize("path", OTHER_MACHINE)
def test_other_machine_mail_is_not_answered(path):
    noise, decision = _verdict(path)
    assert noise is not None
    assert decision.reply is None


def test_postmaster_notice_among_the_controls_is_not_answered():
    noise, decision = _verdict("sisimai-bounces/not/rb-issue-368-bug.eml")
    assert noise is not None and decision.reply is None


@pytest.mark.parametrize("name", ["is-not-bounce-01.eml", "is-not-bounce-02.eml"])
def test_negative_controls_are_not_bounces(name):
    raw = (CORPORA / "sisimai-bounces" / "not" / name).read_bytes()
    assert analyse_bounce(raw) is None


def test_a_dsn_names_the_returned_message_the_recipient_and_the_diagnostic():
    bounce = analyse_bounce((CORPORA / "sisimai-bounces/bsd/lhost-postfix-03.eml").read_bytes())
    assert bounce is not None and bounce.kind == "dsn"
    assert bounce.original_message_id == "<20140701000000.000000000000@e1.example.ne.jp>"
    assert bounce.failed_recipient == "kijitora@example.net"
    assert bounce.diagnostic == "smtp; 550 Unknown user kijitora@example.net"
