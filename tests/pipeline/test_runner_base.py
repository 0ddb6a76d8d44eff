"""The runner base (mailbot/runners/base.py): one item per iteration under a lease, a snooze that
a wake-up cuts short, and a loop that outlives a failing iteration."""

from __future__ import annotations

import threading
import time

from mailbot.runners.base import Runner
from tests.pipeline.hanging import Hanging


class _Counting(Runner):
    """Disposes of the items of a list; fails once when told to."""

    role = "test-runner"

    def __init__(self, *, items, fail_first=False, **kwargs):
        super().__init__(**kwargs)
        self.items, self.done, self.fail_first = list(items), [], fail_first

    def _claim(self):
        if self.fail_first:
            self.fail_first = False
            raise RuntimeError("database is locked")
        return self.items.pop(0) if self.items else None

    def _lease(self, item):
        return {}

    def _dispose(self, item):
        self.done.append(item)


def _run(runner: Runner, until, timeout: float = 10.0) -> float:
    stop = threading.Event()
    thread = threading.Thread(target=runner.run, args=(stop,))
    started = time.monotonic()
    thread.start()
    try:
        while not until() and time.monotonic() - started < timeout:
            time.sleep(0.01)
        return time.monotonic() - started
    finally:
        stop.set()
        if runner.wake is not None:
            runner.wake.set()  # as serve's wake_all does: a snoozing runner sees `stop` now
        thread.join(5 + runner.poll_seconds)


def test_each_item_is_disposed_of_once_in_order(settings, engine):
    runner = _Counting(items=[1, 2, 3], settings=settings, engine=engine, poll_seconds=0.05)
    _run(runner, until=lambda: len(runner.done) == 3)
    assert runner.done == [1, 2, 3]


def test_a_wake_up_ends_the_snooze_before_the_poll_interval(settings, engine):
    wake = threading.Event()
    runner = _Counting(items=[], settings=settings, engine=engine, wake=wake, poll_seconds=30)
    timer = threading.Timer(0.5, lambda: (runner.items.append("new"), wake.set()))
    timer.start()
    took = _run(runner, until=lambda: runner.done == ["new"])
    assert runner.done == ["new"] and took < 10  # not the 30 s poll


def test_a_failing_iteration_is_logged_once_and_the_loop_goes_on(settings, engine, caplog):
    runner = _Counting(items=[1], fail_first=True, settings=settings, engine=engine, poll_seconds=0.05)
    _run(runner, until=lambda: runner.done == [1])
    assert runner.done == [1]
    assert sum("failing" in r.getMessage() for r in caplog.records) == 1


def test_a_runner_inside_one_item_is_stuck_for_as_long_as_it_has_been_there(settings, engine):
    runner = Hanging(bounded=False, settings=settings, engine=engine, poll_seconds=0.05)
    assert runner.stuck_for() == 0.0  # not started: idle
    thread = threading.Thread(target=runner.run, args=(threading.Event(),), daemon=True)
    thread.start()
    try:
        assert runner.inside.wait(5)
        time.sleep(0.3)
        assert runner.stuck_for() >= 0.3
    finally:
        runner._stop.set()
        runner.release.set()
        thread.join(5)


def test_a_wait_bounded_elsewhere_is_not_being_stuck(settings, engine):
    runner = Hanging(bounded=True, settings=settings, engine=engine, poll_seconds=0.05)
    thread = threading.Thread(target=runner.run, args=(threading.Event(),), daemon=True)
    thread.start()
    try:
        assert runner.inside.wait(5)
        time.sleep(0.3)
        assert runner.stuck_for() == 0.0
    finally:
        runner._stop.set()
        runner.release.set()
        thread.join(5)


def test_an_idle_runner_is_not_stuck(settings, engine):
    runner = _Counting(items=[], settings=settings, engine=engine, poll_seconds=0.05)
    _run(runner, until=lambda: runner.started.is_set())
    assert runner.stuck_for() == 0.0
