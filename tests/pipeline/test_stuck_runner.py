"""A worker thread caught inside one batch in its own code stops its process's heartbeat, so that
the parent (serve, or `mdreg worker --processes`) replaces the process; before, the beat came
from another thread of the process and said all was well."""

from __future__ import annotations

import threading
import time

import mailbot.runners.base as base
import mailbot.runners.roles as roles
from tests.pipeline.hanging import Hanging


class Beats:
    """A ParentLink's stand-in: counts the beats."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def alive(self) -> None:
        self.times.append(time.monotonic())


def test_a_stuck_worker_thread_stops_the_beat_of_its_process(settings, engine, monkeypatch):
    monkeypatch.setattr(base, "STUCK_SECONDS", 0.5)
    made = []
    monkeypatch.setattr(roles, "_runner", lambda *a, **k: made.append(Hanging(settings=settings, engine=engine))
                        or made[-1])
    beats, stop = Beats(), threading.Event()
    threading.Timer(2.0, stop.set).start()
    roles.run_role(role="worker", settings=settings, engine=engine, stop=stop, parent=beats)  # until stop
    runner = made[0]
    assert runner.inside.is_set()
    assert beats.times, "it beat while the batch was young"
    # It stopped beating once the batch had lasted 0.5 s (a beat every 0.2 s: allow one more).
    assert max(beats.times) - min(beats.times) < 0.5 + 0.3
