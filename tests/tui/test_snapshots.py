"""Snapshots of the queue, case and register screens (deterministic data, fixed clock).

Regenerate after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tests.tui.helpers import open_case, until


async def queue_ready(pilot):
    app = pilot.app
    await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen" and app.screen.loads
                and app.screen.totals_loaded)


def test_queue_screen(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(110, 30), run_before=queue_ready)


def test_queue_screen_at_80x24_light(make_app, snap_compare):
    async def light(pilot):
        await queue_ready(pilot)
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=light)


def test_case_screen_wide(make_app, snap_compare):
    async def case(pilot):
        await open_case(pilot, "MDREG-2026-000001")

    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=case)


def test_case_screen_at_80x24(make_app, snap_compare):
    async def case(pilot):
        await open_case(pilot, "MDREG-2026-000003")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=case)


def test_register_screen(make_app, snap_compare):
    async def register(pilot):
        await queue_ready(pilot)
        await pilot.press("R")
        app = pilot.app
        await until(pilot, lambda: app.screen.__class__.__name__ == "RegisterScreen" and app.screen.loads)
        app.screen.query_one("#operators").move_cursor(row=1)
        await until(pilot, lambda: app.screen.query_one("#history").row_count == 1)

    assert snap_compare(make_app(), terminal_size=(120, 30), run_before=register)
