"""Checks made on a case after a message is recorded, outside the write transaction: the org
number against Enhetsregisteret, the agency's surveillance signals, and devices the operator
reports withdrawn. None ever blocks intake: each failure is logged and the case goes on as
recorded."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from intake.model import Understanding


def after_record(*, settings, engine: Engine, case_id: int, understanding: Understanding) -> None:
    from mailbot.brreg.check import check_case
    from mailbot.signals_check import check_signals
    from mailbot.withdrawal_check import check_withdrawals

    check_case(settings=settings, engine=engine, case_id=case_id)
    check_signals(settings=settings, engine=engine, case_id=case_id, understanding=understanding)
    check_withdrawals(engine=engine, case_id=case_id, understanding=understanding)
