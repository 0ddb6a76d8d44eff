"""Group commit gathers the DATA of envelopes opened together into one transaction, and holds no
message for company that is not coming."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import event

from mailbot.edges import group_commit
from mailbot.edges.group_commit import GroupCommit
from store.inbox import Incoming
from tests.support import registration_mail


def _item(n: int) -> Incoming:
    return Incoming(raw=registration_mail(n), source="smtp", envelope_from=f"applicant{n}@example.no")


@pytest.fixture
def commits(engine):
    """The number of transactions committed on `engine` while the test runs."""
    counted = []
    listener = lambda _conn: counted.append(1)  # noqa: E731
    event.listen(engine, "commit", listener)
    yield counted
    event.remove(engine, "commit", listener)


def test_data_of_envelopes_opened_together_shares_one_commit(engine, commits, monkeypatch):
    monkeypatch.setattr(group_commit, "GATHER_SECONDS", 5.0)  # however slow this machine is today

    async def scenario():
        gc = GroupCommit(engine=engine)
        for key in ("a", "b", "c"):
            gc.opened(key)  # three clients sent MAIL within the same moment
        first = asyncio.create_task(gc.store(_item(1), key="a"))
        await asyncio.sleep(0.0002)  # the other two DATA commands are still on their way
        rest = [asyncio.create_task(gc.store(_item(n), key=key)) for n, key in ((2, "b"), (3, "c"))]
        return await asyncio.gather(first, *rest)

    stored = asyncio.run(scenario())
    assert len({s.inbound_id for s in stored}) == 3
    assert len(commits) == 1


def _seconds(scenario) -> float:
    start = time.monotonic()
    asyncio.run(scenario())
    return time.monotonic() - start


def test_a_lone_message_is_not_held_for_company(engine, monkeypatch):
    monkeypatch.setattr(group_commit, "GATHER_SECONDS", 5.0)  # held, it would take seconds

    async def scenario():
        gc = GroupCommit(engine=engine)
        gc.opened("a")
        return await gc.store(_item(1), key="a")

    assert _seconds(scenario) < 2.0


def test_an_envelope_given_up_is_not_waited_for(engine, monkeypatch):
    monkeypatch.setattr(group_commit, "GATHER_SECONDS", 5.0)

    async def scenario():
        gc = GroupCommit(engine=engine)
        gc.opened("a")
        gc.opened("b")
        gc.closed("b")  # RSET or QUIT: no DATA will come from b
        return await gc.store(_item(1), key="a")

    assert _seconds(scenario) < 2.0


def test_a_slow_client_does_not_hold_the_others(engine, monkeypatch):
    monkeypatch.setattr(group_commit, "GATHER_SECONDS", 5.0)

    async def scenario():
        gc = GroupCommit(engine=engine)
        gc.opened("slow")
        await asyncio.sleep(2 * group_commit.RECENT_SECONDS)  # MAIL long ago, DATA still not sent
        gc.opened("a")
        return await gc.store(_item(1), key="a")

    assert _seconds(scenario) < 2.0
