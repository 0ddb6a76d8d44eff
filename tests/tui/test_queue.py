"""The queue screen: focus, opening a case, counts, days left, filters, search, sort, paging, polling."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from tests.tui.helpers import until
from tests.tui.seed import NOW, add_case
from tui.screens.case import CaseScreen
from tui.screens.queue import QueueScreen


async def loaded(pilot):
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen.loads and app.screen.totals_loaded)
    return app.screen


async def test_table_has_focus_and_enter_opens_the_highlighted_case(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one("#queue")
        assert app.focused is table
        # Triage: the open cases only, the least time left first (case 2 is overdue).
        assert table.references[0] == "MDREG-2026-000002"
        assert "MDREG-2026-000005" not in table.references  # closed
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.loads)
        assert app.screen.reference == table.references[1]
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_counts_per_state_and_days_left_with_overdue_standing_out(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        counts = str(screen.query_one("#counts").render())
        assert "Venter søker 3" in counts and "Vurdering 1" in counts and "Saksbeh. 1" in counts
        assert "Lukket 1" in counts and "Alle 6" in counts
        assert table_header(screen)[:3] == ["Referanse", "Dager igjen", "Status"]
        table = screen.query_one("#queue")
        days = {ref: table.get_cell(ref, "days_left") for ref in table.references}
        assert days["MDREG-2026-000004"].plain == "13"
        assert days["MDREG-2026-000002"].plain == "-2"  # received 16 days ago: overdue
        assert "red" in str(days["MDREG-2026-000002"].style)
        assert list(days.values()) == sorted(days.values(), key=lambda d: int(d.plain))  # by days left
        flags = {ref: table.get_cell(ref, "flags").plain for ref in table.references}
        assert set(flags["MDREG-2026-000003"].split()) == {"U", "D"}  # unauthenticated sender, DoC mismatch
        assert flags["MDREG-2026-000006"] == "R"  # org number already registered
        assert flags["MDREG-2026-000004"] == "M"


def table_header(screen) -> list[str]:
    return [str(c.label) for c in screen.query_one("#queue").ordered_columns]


async def test_incremental_search_over_organisation_org_number_email_and_reference(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash")
        assert app.focused is screen.query_one("#search")
        # A search looks through every state (case 5 is closed); numbers match however they are
        # spaced, e-mail addresses whatever their case.
        for text, expected in (("fjord", ["MDREG-2026-000002"]), ("987654325", ["MDREG-2026-000004"]),
                               ("987 654 325", ["MDREG-2026-000004"]), ("987.654.325", ["MDREG-2026-000004"]),
                               ("acme.example", ["MDREG-2026-000003"]), ("ACME.EXAMPLE", ["MDREG-2026-000003"]),
                               ("2026-000005", ["MDREG-2026-000005"])):
            before = screen.loads
            screen.query_one("#search").value = text
            await until(pilot, lambda: screen.loads > before)
            assert screen.query_one("#queue").references == expected, text
        await pilot.press("enter")  # back to the table
        assert app.focused is screen.query_one("#queue")


async def test_a_phone_number_is_found_however_it_is_written(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        before = screen.loads
        screen.query_one("#search").value = "+47 22 33 44 55"
        await until(pilot, lambda: screen.loads > before)
        assert "MDREG-2026-000001" in screen.query_one("#queue").references


async def test_a_search_without_hits_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        before = screen.totals_loaded
        screen.query_one("#search").value = "finnes ikke"
        await until(pilot, lambda: screen.totals_loaded > before and not screen.query_one("#queue").references)
        assert "Ingen treff på «finnes ikke»" in str(screen.query_one("#status").render())


async def test_filter_by_state_and_kind(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        before = screen.loads
        screen.query_one("#state").value = "awaiting_applicant"
        await until(pilot, lambda: screen.loads > before)
        assert sorted(screen.query_one("#queue").references) == [
            "MDREG-2026-000002", "MDREG-2026-000003", "MDREG-2026-000006"]
        await until(pilot, lambda: "av 3" in str(screen.query_one("#status").render()))
        before = screen.loads
        screen.query_one("#state").clear()
        await until(pilot, lambda: screen.loads > before)
        await until(pilot, lambda: screen.query_one("#kind")._options and len(screen.query_one("#kind")._options) > 1)
        before = screen.loads
        screen.query_one("#kind").value = "question"
        await until(pilot, lambda: screen.loads > before)
        assert screen.query_one("#queue").references == ["MDREG-2026-000005"]


async def test_sort_by_column_header_and_key(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one("#queue")
        before = screen.loads
        x = 0
        for column in table.ordered_columns:  # find the Organisation header
            if column.key.value == "organisation":
                break
            x += column.get_render_width(table)
        await pilot.click("#queue", offset=(x + 2, 0))
        await until(pilot, lambda: screen.loads > before)
        assert screen.sort == "organisation"
        names = [table.get_cell(r, "organisation").plain for r in table.references]
        assert names == sorted(names)
        before = screen.loads
        await pilot.press("S")
        await until(pilot, lambda: screen.loads > before)
        assert [table.get_cell(r, "organisation").plain for r in table.references] == sorted(names, reverse=True)


async def test_new_cases_appear_without_a_restart(make_app, seeded, monkeypatch):
    import tui.screens.queue as queue_module

    monkeypatch.setattr(queue_module, "POLL_SECONDS", 0.2)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        with Session(seeded) as session:
            add_case(session, n=7, status="awaiting_applicant", received=NOW, values={"manufacturer_name": "Ny AS"},
                     sender="ny@example.no", subject="Registrering")
            session.commit()
        await until(pilot, lambda: "MDREG-2026-000007" in screen.query_one("#queue").references)
        await until(pilot, lambda: "Alle 7" in str(screen.query_one("#counts").render()))


async def test_a_large_queue_is_shown_a_window_at_a_time(make_app, seeded):
    with Session(seeded) as session:
        for n in range(100, 220):
            add_case(session, n=n, status="awaiting_applicant", received=NOW - timedelta(minutes=n),
                     values={"manufacturer_name": f"Firma {n} AS"}, sender=f"f{n}@example.no", subject="Reg")
        session.commit()
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one("#queue")
        assert table.row_count == screen.page_size < 126
        assert "av 125" in str(screen.query_one("#status").render())  # 126 cases, one of them closed
        last = table.references[-1]
        table.move_cursor(row=table.row_count - 1)
        before = screen.loads
        await pilot.press("down")
        await until(pilot, lambda: screen.loads > before)
        assert screen.window_offset == screen.page_size // 2
        assert table.references.index(last) == table.cursor_row - 1  # the cursor moved on by one row
