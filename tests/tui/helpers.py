"""Helpers for driving the staff UI with Textual's Pilot."""

from __future__ import annotations

import asyncio
import time

from sqlmodel import Session, select

from store.models import AuditEvent, Case, OutboxMessage


async def until(pilot, condition, timeout: float = 10.0):
    """Let the app run until condition() holds (thread workers report back asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            await pilot.pause()
            return value
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in the app within the timeout")


async def open_case(pilot, reference: str):
    """From the queue, move the cursor to `reference` and press Enter; returns the case screen."""
    from tui.screens.case import CaseScreen
    from tui.screens.queue import QueueScreen

    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen.loads)
    table = app.screen.query_one("#queue")
    if reference not in table.references:  # a finished case: leave the triage view for all states
        loads = app.screen.loads
        app.screen.query_one("#state").clear()
        await until(pilot, lambda: app.screen.loads > loads and reference in table.references)
    table.move_cursor(row=table.references.index(reference))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.loads)
    return app.screen


async def action_done(pilot, screen, before: int):
    await until(pilot, lambda: screen.actions_done > before and screen.loads > 1)


async def act(pilot, screen, *keys: str):
    """Press `keys` (on the case screen or a dialog over it) and wait until the action is done."""
    before = screen.actions_done
    await pilot.press(*keys)
    await action_done(pilot, screen, before)


async def open_dialog(pilot, key: str, dialog: str):
    """Press `key` and wait until the dialog named `dialog` is on top; returns it."""
    await pilot.press(key)
    await until(pilot, lambda: pilot.app.screen.__class__.__name__ == dialog)
    return pilot.app.screen


def case_row(engine, reference: str) -> Case:
    with Session(engine) as session:
        return session.exec(select(Case).where(Case.reference == reference)).one()


def outbox_of(engine, reference: str) -> list[OutboxMessage]:
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id)
                                 .order_by(OutboxMessage.id)).all())


def audit_of(engine, reference: str) -> list[AuditEvent]:
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        return list(session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)
                                 .order_by(AuditEvent.id)).all())
