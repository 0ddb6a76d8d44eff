"""Several workers at once: two messages from one applicant never split into two cases."""

from __future__ import annotations

import threading

from mailbot.runners.worker import Worker
from store.inbox import store_raw
from store.views import list_cases
from tests.support import org_number

PAIRS = 12


def message(n: int, part: int) -> bytes:
    return (
        f"From: Søker {n} <applicant{n}@firma{n}.example.no>\r\nTo: medisinsk.utstyr@localhost\r\n"
        f"Subject: Registrering del {part}\r\nMessage-ID: <race-{n}-{part}@firma{n}.example.no>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Organisasjonsnummer: {org_number(n)}\r\n"
        + (f"Navn på produsent: Firma {n} AS\r\n" if part == 1 else f"Kontaktperson: Søker {n}\r\n")
    ).encode("utf-8")


def test_two_messages_from_one_sender_processed_at_once_make_one_case(settings, engine):
    for n in range(PAIRS):
        store_raw(engine=engine, raw=message(n, 1), source="test")
        store_raw(engine=engine, raw=message(n, 2), source="test")
    workers = [Worker(settings=settings, engine=engine) for _ in range(2)]

    def drain(worker: Worker) -> None:
        while worker.process_one():
            pass

    threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    cases = list_cases(engine=engine)
    assert len(cases) == PAIRS
    assert all(c.fields["manufacturer_name"].state == "ok" and c.fields["contact_person"].state == "ok"
               for c in cases)
