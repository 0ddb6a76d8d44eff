"""Answers read once per transaction: the worker records a batch of messages in one transaction,
and some of what each message asks (is the Brønnøysund bulk download imported? is this org
number in the register?) does not change while that transaction lasts, because the worker does
not write it. Each such read costs a statement per message; remembered, one per batch."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session

T = TypeVar("T")
_KEY = "mdreg.txn_memo"


def remembered(*, session: Session, key: tuple, read: Callable[[], T]) -> T:
    """`read()`'s answer for `key`, read at most once in the session's current transaction."""
    answers = _answers(session)
    if key not in answers:
        answers[key] = read()
    return answers[key]


def known(*, session: Session, key: tuple, default=None):
    """The answer remembered for `key` in this transaction, or `default` when none was read."""
    return _answers(session).get(key, default)


def remember(*, session: Session, key: tuple, answer) -> None:
    """Set the answer for `key` (the caller has just written what it answers)."""
    _answers(session)[key] = answer


def forget(*, session: Session, key: tuple) -> None:
    """The caller has written what `key` answers, in a way it cannot tell: read it again next time."""
    _answers(session).pop(key, None)


def _answers(session: Session) -> dict:
    transaction = session.get_transaction()
    memo = session.info.get(_KEY)
    if memo is None or memo[0] is not transaction:
        memo = session.info[_KEY] = (transaction, {})
    return memo[1]
