"""The register screen, the store's staff functions on both databases, and `mdreg demo`."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlmodel import Session

from store import case_detail as case_view
from store import queue, staff
from store.errors import InvalidTransition
from tests.tui.helpers import audit_of, case_row, outbox_of, until
from tests.tui.seed import NOW, add_case, seed


async def test_register_screen_shows_operators_and_their_history(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen" and app.screen.loads)
        await pilot.press("R")
        await until(pilot, lambda: app.screen.__class__.__name__ == "RegisterScreen" and app.screen.loads)
        screen = app.screen
        assert [r.name for r in screen.rows] == ["Nordlys Medtech AS", "Sunnmøre Medisinsk AS"]
        screen.query_one("#operators").move_cursor(row=1)
        await until(pilot, lambda: screen.query_one("#history").row_count == 1)
        row = screen.query_one("#history").get_row_at(0)
        assert row[1] == "kari.saksbehandler" and "+4770000000 → +4770112233" in row[3]
        assert "Keiser Wilhelms gate 10" in str(screen.query_one("#current").render())


def test_reject_queues_the_message_with_the_case_change_in_one_transaction(engine):
    seed(engine)
    outbox_id = staff.reject_case(engine=engine, reference="MDREG-2026-000006", reason_code="duplicate",
                                  actor="a.b", mailbox="medisinsk.utstyr@localhost")
    assert case_row(engine, "MDREG-2026-000006").status == "rejected"
    sent = outbox_of(engine, "MDREG-2026-000006")
    assert [o.id for o in sent] == [outbox_id]
    body = message_from_bytes(sent[0].raw, policy=policy.default).get_body(("plain",)).get_content()
    assert "Registreringa er eit duplikat" in body  # the applicant's language: nynorsk
    with pytest.raises(InvalidTransition):
        staff.reject_case(engine=engine, reference="MDREG-2026-000006", reason_code="other", actor="a.b",
                          mailbox="medisinsk.utstyr@localhost")
    assert len(outbox_of(engine, "MDREG-2026-000006")) == 1  # the refused second rejection queued nothing


def test_a_failed_action_leaves_no_trace(engine):
    seed(engine)
    with Session(engine) as session:
        add_case(session, n=9, status="awaiting_applicant", received=NOW, values={}, sender="a b@example.no",
                 subject="x")
        session.commit()
    with pytest.raises(staff.StaffActionRefused):
        staff.reject_case(engine=engine, reference="MDREG-2026-000009", reason_code="other", actor="a.b",
                          mailbox="medisinsk.utstyr@localhost")
    assert case_row(engine, "MDREG-2026-000009").status == "awaiting_applicant"
    assert [e.action for e in audit_of(engine, "MDREG-2026-000009")] == ["message_received"]


def test_rejection_texts_exist_for_every_reason_in_every_language():
    for language in ("nb", "nn", "en"):
        texts = {staff.rejection_text(language=language, reference="MDREG-2026-000001", reason_code=code)
                 for code in staff.REJECT_REASONS}
        assert len(texts) == len(staff.REJECT_REASONS)
        assert all("MDREG-2026-000001" in t and "$" not in t for t in texts)


def test_queue_pages_counts_and_search(engine):
    seed(engine)
    with Session(engine) as session:
        for n in range(100, 160):
            add_case(session, n=n, status="under_review", received=NOW - timedelta(hours=n),
                     values={"manufacturer_name": f"Firma_{n} 100% AS"}, sender=f"f{n}@example.no", subject="s")
        session.commit()
    first = queue.queue_rows(engine=engine, limit=20)
    second = queue.queue_rows(engine=engine, limit=20, offset=20)
    assert len(first) == len(second) == 20 and not {r.reference for r in first} & {r.reference for r in second}
    assert [r.received_at for r in first] == sorted((r.received_at for r in first), reverse=True)
    total, counts = queue.queue_totals(engine=engine)
    assert total == 66 and counts["under_review"] == 61
    found = queue.queue_rows(engine=engine, flt=queue.QueueFilter(search="FIRMA_12"))
    assert {r.reference for r in found} == {f"MDREG-2026-{n:06d}" for n in range(120, 130)}
    assert queue.queue_rows(engine=engine, flt=queue.QueueFilter(search="_1x")) == ()  # _ is not a wildcard
    assert queue.queue_totals(engine=engine, flt=queue.QueueFilter(search="100%", status="under_review"))[0] == 60
    assert queue.change_marker(engine=engine) != ()


def test_demo_fills_an_empty_database_through_the_real_intake(settings, engine):
    from mailbot.cli.demo import MAILS, DemoRefused, run_demo

    assert run_demo(settings=settings, engine=engine) == len(MAILS)
    rows = queue.queue_rows(engine=engine)
    statuses = {r.status for r in rows}
    assert len(rows) >= 6 and {"under_review", "awaiting_applicant"} <= statuses
    assert {r.kind for r in rows} >= {"registration"} and len({r.kind for r in rows}) >= 2
    languages = {case_view.case_detail(engine=engine, reference=r.reference).language for r in rows}
    assert {"nb", "en"} <= languages
    assert any(r.missing_count and r.org_number is None and r.organisation for r in rows)  # invalid org number
    with pytest.raises(DemoRefused):
        run_demo(settings=settings, engine=engine)
