"""Checks made on a case after a message is recorded, outside the write transaction: the org
number against Enhetsregisteret, the agency's surveillance signals, and devices the operator
reports withdrawn. None ever blocks intake: each failure is logged and the case goes on as
recorded. The case is read once for the three, in the recording transaction (store/recorded_case.py)."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from intake.model import Understanding
from store.recorded_case import RecordedCase

log = logging.getLogger("mdreg.register_checks")


def after_record(*, settings, engine: Engine, case: RecordedCase, understanding: Understanding) -> None:
    from mailbot.brreg.check import check_case
    from mailbot.signals_check import check_signals
    from mailbot.withdrawal_check import check_withdrawals

    check_case(settings=settings, engine=engine, case=case)
    check_signals(settings=settings, engine=engine, case=case, understanding=understanding)
    check_withdrawals(engine=engine, case=case, understanding=understanding)
