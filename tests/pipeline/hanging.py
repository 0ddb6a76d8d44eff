"""A runner whose one item never finishes until released or stopped: stuck in its own code, or
(bounded) in a wait that something else bounds. Shared by the runner-base and stuck-runner tests."""

from __future__ import annotations

import threading

from mailbot.runners.base import Runner


class Hanging(Runner):
    role = "worker"

    def __init__(self, *, bounded: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.bounded, self.release, self.inside = bounded, threading.Event(), threading.Event()
        self.items = ["one"]

    def _claim(self):
        return self.items.pop() if self.items else None

    def _lease(self, item):
        return {}

    def _dispose(self, item):
        self.inside.set()
        if self.bounded:
            with self.waiting():
                self._hang()
        else:
            self._hang()

    def _hang(self) -> None:
        while not self.release.wait(0.01) and not self._stop.is_set():
            pass
