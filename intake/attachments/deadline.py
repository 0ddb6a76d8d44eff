"""A per-attachment time limit: a SIGALRM interval timer where possible, checkpoints always.

Library code (pypdf, openpyxl) loops in Python, so a signal handler raising AttachmentTimeout
stops it between bytecodes. Signals only work in the main thread; elsewhere the limit falls back
to the cooperative `check()` calls the readers make between pages and rows.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from intake.errors import IntakeError


class AttachmentTimeout(IntakeError):
    """Reading one attachment took longer than Limits.attachment_seconds."""


class Deadline:
    """A point in monotonic time; `check()` raises AttachmentTimeout once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise AttachmentTimeout(f"took longer than {self.seconds:g} s")


@contextmanager
def time_limit(seconds: float) -> Iterator[Deadline]:
    """A Deadline, enforced by SIGALRM too when this is the main thread and no timer is set."""
    deadline = Deadline(seconds)
    if not _can_use_alarm():
        yield deadline
        return

    def _expired(signum, frame):  # noqa: ARG001 - signal handler signature
        raise AttachmentTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _can_use_alarm() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    # Someone else's timer is running (e.g. pytest-timeout's signal method): leave it alone.
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0
