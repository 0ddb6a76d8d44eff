"""Snapshots of the queue, case and register screens (deterministic data, fixed clock), in
Norwegian, at 80×24, 120×35 and wider: every field's state in words on its row, and the
selected field's reason in the line under the table.

Regenerate after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tests.tui.helpers import open_case, until


async def queue_ready(pilot):
    app = pilot.app
    await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen" and app.screen.loads
                and app.screen.totals_loaded)


def test_queue_screen_at_120x35(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 35), run_before=queue_ready)


def test_queue_screen_at_80x24_light(make_app, snap_compare):
    async def light(pilot):
        await queue_ready(pilot)
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=light)


async def invalid_field_selected(pilot):
    """Case 3 with its invalid organisation number under the cursor."""
    screen = await open_case(pilot, "MDREG-2026-000003")
    screen.query_one("#fields").move_cursor(row=1)
    await until(pilot, lambda: "ugyldig" in str(screen.query_one("#field-detail").render()))


def test_case_screen_wide(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(170, 45), run_before=invalid_field_selected)


def test_case_screen_at_120x35(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 35), run_before=invalid_field_selected)


def test_case_screen_at_80x24(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=invalid_field_selected)


def test_register_screen(make_app, snap_compare):
    async def register(pilot):
        await queue_ready(pilot)
        await pilot.press("R")
        app = pilot.app
        await until(pilot, lambda: app.screen.__class__.__name__ == "RegisterScreen" and app.screen.loads)
        app.screen.query_one("#operators").move_cursor(row=1)
        await until(pilot, lambda: app.screen.query_one("#history").row_count == 1)

    assert snap_compare(make_app(), terminal_size=(120, 30), run_before=register)
