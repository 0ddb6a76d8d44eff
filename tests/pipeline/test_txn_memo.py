"""What the worker reads once per transaction (store/txn_memo.py) is read again in the next one."""

from __future__ import annotations

from sqlmodel import Session

from store.db import session_scope
from store.txn_memo import forget, remembered


def test_an_answer_is_read_once_in_a_transaction_and_again_in_the_next(engine):
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    with Session(engine) as session:  # one session, two transactions
        with session.begin():
            assert remembered(session=session, key=("k",), read=read) == 1
            assert remembered(session=session, key=("k",), read=read) == 1
        with session.begin():
            assert remembered(session=session, key=("k",), read=read) == 2


def test_a_forgotten_answer_is_read_again(engine):
    with session_scope(engine) as session:
        assert remembered(session=session, key=("k",), read=lambda: "before") == "before"
        forget(session=session, key=("k",))
        assert remembered(session=session, key=("k",), read=lambda: "after") == "after"
