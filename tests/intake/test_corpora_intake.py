"""Every message of the shared corpora through understand_bounded: an Understanding, within limits."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from intake.bounded import IntakePool, understand_bounded
from intake.model import Limits, Understanding

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
PER_MESSAGE_SECONDS = 10.0
# Refused by the raw-byte limits on purpose (see the corpora README's notable files).
EXPECTED_UNREADABLE = {
    "flanker/enclosed-endless.eml": "MIME parts",
    "flanker/long-header.eml": "header is",
    "mimekit/messages/stack-overflow.txt": "header is",
}


def _rows() -> list[dict[str, str]]:
    index = CORPORA / "index.tsv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


ROWS = _rows()
pytestmark = pytest.mark.skipif(not ROWS, reason=f"shared corpora not found at {CORPORA.resolve()}")


def test_index_lists_the_whole_corpus():
    assert len(ROWS) == 1077


def test_every_message_gives_an_understanding_within_limits():
    limits = Limits(parse_seconds=PER_MESSAGE_SECONDS)
    unreadable: dict[str, str] = {}
    slowest = (0.0, "")
    with IntakePool() as pool:  # reused children, as the worker has them
        for row in ROWS:
            raw = (CORPORA / row["path"]).read_bytes()
            started = time.monotonic()
            found = understand_bounded(raw, limits=limits, pool=pool)
            elapsed = time.monotonic() - started
            slowest = max(slowest, (elapsed, row["path"]))
            assert isinstance(found, Understanding), row["path"]
            assert elapsed < PER_MESSAGE_SECONDS + 2, row["path"]
            if found.unreadable:
                unreadable[row["path"]] = found.unreadable
    assert "took longer" not in " ".join(unreadable.values()), unreadable
    for path, reason in EXPECTED_UNREADABLE.items():
        assert reason in unreadable.get(path, ""), (path, unreadable.get(path))
    # Anything else unreadable must say why; a handful at most.
    others = {p: r for p, r in unreadable.items() if p not in EXPECTED_UNREADABLE}
    assert len(others) <= 5, others
    assert all(reason.strip() for reason in unreadable.values())


def test_corpus_attachments_are_read_without_exceptions():
    """In-process too, so an exception would surface here with its traceback."""
    from intake.understand import understand

    for row in ROWS:
        if "large" in row["notes"]:
            continue
        found = understand((CORPORA / row["path"]).read_bytes())
        for attachment in found.message.attachments:
            assert all(":" in flag for flag in attachment.flags), (row["path"], attachment.flags)
