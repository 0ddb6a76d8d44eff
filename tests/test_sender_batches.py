"""The sender keeps one relay session across messages and marks them sent together; a session the
relay dropped while it idled is replaced without losing or failing the next message."""

from __future__ import annotations

import threading
import time

from aiosmtpd.controller import Controller

from intake.replies.compose import compose_message
from mailbot.runners.sender import SEND_BATCH, Sender
from mailbot.runners.wakeup import Wakeups
from store import outbox
from store.db import session_scope
from tests.support import free_port, wait_for


class CountingRelay:
    """A relay on loopback that counts its SMTP sessions (EHLOs) and keeps what it is sent."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sessions = 0
        self.messages: list[bytes] = []
        self.lock = threading.Lock()
        self.controller: Controller | None = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(envelope.original_content)
        return "250 2.0.0 OK"

    def start(self) -> CountingRelay:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, decode_data=False)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def queue(engine, settings, count: int) -> list[int]:
    ids = []
    with session_scope(engine) as session:
        for n in range(count):
            composed = compose_message(mailbox=settings.mailbox, to_addr=f"kari{n}@example.no", subject=f"Svar {n}",
                                       body="Hei\n")
            ids.append(outbox.enqueue(session=session, to_addr=composed.to_addr, message_id=composed.message_id,
                                      raw=composed.raw, subject=composed.subject))
    return ids


def statuses(engine) -> list[str]:
    return [entry.status for entry in outbox.list_outbox(engine=engine)]


def test_a_batch_of_replies_goes_over_one_relay_session_and_is_marked_sent(settings, engine):
    relay = CountingRelay(free_port()).start()
    try:
        settings = settings.model_copy(update={"relay": f"127.0.0.1:{relay.port}"})
        queue(engine, settings, 10)
        assert Sender(settings=settings, engine=engine).deliver_one()
        assert len(relay.messages) == 10
        assert relay.sessions == 1
        assert statuses(engine) == ["sent"] * 10
    finally:
        relay.stop()


def test_more_replies_than_a_batch_take_several_claims(settings, engine):
    relay = CountingRelay(free_port()).start()
    try:
        settings = settings.model_copy(update={"relay": f"127.0.0.1:{relay.port}"})
        queue(engine, settings, SEND_BATCH + 3)
        sender = Sender(settings=settings, engine=engine)
        assert sender.deliver_one() and sender.deliver_one()
        assert not sender.deliver_one()
        assert len(relay.messages) == SEND_BATCH + 3
        assert statuses(engine) == ["sent"] * (SEND_BATCH + 3)
    finally:
        relay.stop()


def test_the_running_sender_keeps_its_session_and_replaces_one_the_relay_dropped(settings, engine):
    port = free_port()
    relay = CountingRelay(port).start()
    settings = settings.model_copy(update={"relay": f"127.0.0.1:{port}", "worker_poll_seconds": 0.05})
    wakeups = Wakeups()
    stop = threading.Event()
    thread = threading.Thread(target=Sender(settings=settings, engine=engine, wakeups=wakeups).run, args=(stop,))
    thread.start()
    try:
        for n in range(3):  # three replies queued one after another, a little apart
            queue(engine, settings, 1)
            wakeups.outbox.ring()
            wait_for(lambda: len(relay.messages) == n + 1, timeout=10)
            time.sleep(0.1)
        assert relay.sessions == 1, "one session kept across the three replies"
        relay.stop()  # the relay restarts: the kept session is gone
        relay = CountingRelay(port).start()
        queue(engine, settings, 1)
        wakeups.outbox.ring()
        wait_for(lambda: len(relay.messages) == 1, timeout=10)
        wait_for(lambda: statuses(engine) == ["sent"] * 4, timeout=10)
        assert all(entry.attempts == 1 for entry in outbox.list_outbox(engine=engine)), "no retry, no backoff"
    finally:
        stop.set()
        wakeups.wake_all()
        thread.join(20)
        relay.stop()
    assert not thread.is_alive()
