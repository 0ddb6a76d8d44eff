"""Every message of the shared real-world corpora goes through the whole path: stored, claimed,
understood, recorded. Each becomes a case (or a case flagged unreadable with the reason); none
crashes the worker and none is lost."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mailbot.runners.worker import Worker
from store.inbox import store_raw
from store.models import Case, InboundMessage

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"


def corpus_files() -> list[Path]:
    index = CORPORA / "index.tsv"
    if not index.exists():
        pytest.skip(f"the shared corpora are not at {CORPORA.resolve()} (they sit beside the repository)")
    with index.open(newline="", encoding="utf-8") as handle:
        return [CORPORA / row["path"] for row in csv.DictReader(handle, delimiter="\t")]


def test_every_corpus_message_becomes_a_case(settings, engine):
    files = corpus_files()
    distinct = {store_raw(engine=engine, raw=path.read_bytes(), source="ingest").inbound_id for path in files}
    worker = Worker(settings=settings, engine=engine)
    while worker.process_one():
        pass
    with Session(engine) as session:
        rows = session.exec(select(InboundMessage)).all()
        assert {r.id for r in rows} == distinct
        assert all(r.status == "done" and r.case_id for r in rows), "a message was left unprocessed"
        unreadable = session.exec(select(Case).where(Case.kind == "unreadable")).all()
    assert all(any(f.startswith("unreadable") for f in case.flags) for case in unreadable)
