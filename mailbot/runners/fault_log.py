"""One log line per change of health, not one per poll: a runner whose database is unwritable
(disk full, read-only, down) says so once, keeps trying quietly, and says when it works again."""

from __future__ import annotations

import logging


class FaultLog:
    """Tracks whether a runner's loop is failing; logs only when that changes."""

    def __init__(self, log: logging.Logger, what: str) -> None:
        self.log = log
        self.what = what
        self.failures = 0

    def failed(self, exc: BaseException) -> None:
        self.failures += 1
        if self.failures == 1:
            text = " ".join(str(exc).split())[:300]
            self.log.error("%s failing: %s: %s; retrying quietly until it works again", self.what,
                           type(exc).__name__, text)
        self.log.debug("%s failure %d", self.what, self.failures, exc_info=exc)

    def succeeded(self) -> None:
        if self.failures:
            self.log.warning("%s working again after %d failed attempts", self.what, self.failures)
            self.failures = 0

