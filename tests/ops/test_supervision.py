"""Supervised children: a slot whose child dies at every start is not progress, however often it
is replaced; children that beat are. Real spawned processes and pipes (mailbot/runners/supervision.py)."""

from __future__ import annotations

import asyncio
import time

from mailbot.runners import supervision
from mailbot.runners.supervision import ChildProcesses


def exits_at_once(*, down, up, parent_pid) -> None:
    """A child whose interpreter cannot get going (a deploy that broke the install)."""
    raise SystemExit(3)


def beats(*, down, up, parent_pid) -> None:
    """A child that works: it beats until the parent closes the pipe down."""
    while not down.poll(0.1):
        up.send(("alive",))


class Counted(ChildProcesses):
    restarts = 0

    def on_restart(self, child) -> None:
        self.restarts += 1


async def watch(children: ChildProcesses, *, seconds: float) -> list[bool]:
    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen.append(children.progressing())
        await asyncio.sleep(0.1)
    return seen


def fast(monkeypatch) -> None:
    monkeypatch.setattr(supervision, "STARTUP_SECONDS", 1.0)
    monkeypatch.setattr(supervision, "RESTART_DELAY_SECONDS", 0.1)


async def test_children_dying_at_every_start_stop_the_progress_the_watchdog_goes_by(monkeypatch):
    fast(monkeypatch)
    children = Counted(name="t", label="test child", count=1, target=exits_at_once, kwargs={}, hung_after=0.5)
    children.start()
    try:
        seen = await watch(children, seconds=4.0)
    finally:
        await children.stop()
    assert children.restarts >= 2  # replaced again and again, each with a fresh start allowance
    assert seen[0] is True and seen[-1] is False


async def test_children_that_beat_keep_progressing(monkeypatch):
    monkeypatch.setattr(supervision, "STARTUP_SECONDS", 30.0)  # a loaded machine may start them slowly
    children = Counted(name="t", label="test child", count=2, target=beats, kwargs={}, hung_after=2.0)
    children.start()
    try:
        seen = await watch(children, seconds=4.0)
    finally:
        await children.stop()
    assert children.restarts == 0 and all(seen)
