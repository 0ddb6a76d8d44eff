"""Test helpers: free ports, a relay sink built on aiosmtpd, sending over loopback, waiting."""

from __future__ import annotations

import smtplib
import socket
import threading
import time
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collect:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.lock = threading.Lock()
        self.answer: str | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.answer:
            return self.answer
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 OK"


class RelaySink:
    """A real SMTP server on loopback standing in for the agency's outbound relay."""

    def __init__(self) -> None:
        self.port = free_port()
        self._collect = _Collect()
        self._controller = Controller(self._collect, hostname="127.0.0.1", port=self.port, decode_data=False,
                                      enable_SMTPUTF8=True)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def answer_with(self, reply: str | None) -> None:
        """Make the relay answer DATA with `reply` (e.g. a 4xx or 5xx), or accept again (None)."""
        self._collect.answer = reply

    @property
    def received(self) -> list[EmailMessage]:
        with self._collect.lock:
            return [message_from_bytes(raw, policy=policy.default) for _, _, raw in self._collect.messages]

    @property
    def envelopes(self) -> list[tuple[str, list[str], bytes]]:
        with self._collect.lock:
            return list(self._collect.messages)


def send(port: int, raw: bytes, *, mail_from: str = "sender@example.no",
         rcpt: str = "medisinsk.utstyr@localhost") -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.sendmail(mail_from, [rcpt], raw)


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.05):
    """Poll until predicate() is truthy; return its value or fail with the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


@contextmanager
def pg_database(base_url: str, name: str):
    """A throw-away PostgreSQL database on the server of `base_url`, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
