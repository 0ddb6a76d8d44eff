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

    def __init__(self, *, smtputf8: bool = True) -> None:
        self.port = free_port()
        self._collect = _Collect()
        self._controller = Controller(self._collect, hostname="127.0.0.1", port=self.port, decode_data=False,
                                      enable_SMTPUTF8=smtputf8)

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
def pg_database(base_url: str, name: str, *, template: str | None = None):
    """A throw-away PostgreSQL database on the server of `base_url`, dropped afterwards; a copy
    of database `template` when one is named."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        copy = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- Workers on several processes (tests/test_workers.py, bench/workers.py) -------------------

_FIRST = ("Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Nils", "Astrid", "Per", "Ragnhild", "Tor")
_LAST = ("Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Dahl", "Lie", "Moen")
_TOWNS = (("5013", "Bergen"), ("0150", "Oslo"), ("7011", "Trondheim"), ("4006", "Stavanger"), ("9008", "Tromsø"))


def org_number(n: int) -> str:
    """A valid (mod 11) Norwegian organisation number derived from n."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    base = 91_000_000 + n * 7
    while True:
        digits = [int(d) for d in f"{base:08d}"]
        check = 11 - sum(w * d for w, d in zip(weights, digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return f"{base:08d}{check}"
        base += 1


def registration_mail(n: int, *, domain: str = "example.no") -> bytes:
    """A small, realistic registration e-mail, distinct per n (sender, Message-ID, organisation)."""
    first, last = _FIRST[n % len(_FIRST)], _LAST[(n // len(_FIRST)) % len(_LAST)]
    postcode, town = _TOWNS[n % len(_TOWNS)]
    company = f"Medtek {n:05d} AS"
    host = f"medtek{n:05d}.{domain}"
    org = org_number(n)
    body = (
        f"Hei,\n\nvi ønsker å registrere oss i Register for medisinsk utstyr.\n\n"
        f"Navn på produsent: {company}\n"
        f"Organisasjonsnummer: {org[:3]} {org[3:6]} {org[6:]}\n"
        f"Besøksadresse: Storgata {n % 90 + 1}, {postcode} {town}\n"
        f"Telefon: 55 {n % 100:02d} {(n // 100) % 100:02d} {n % 97:02d}\n"
        f"Kontaktperson: {first} {last}\n\n"
        f"Med vennlig hilsen\n{first} {last}\n{company}\n"
    )
    return (
        f"From: {first} {last} <{first.lower()}.{last.lower()}@{host}>\r\n"
        f"To: medisinsk.utstyr@localhost\r\n"
        f"Subject: Registrering av medisinsk utstyr ({company})\r\n"
        f"Date: Mon, 16 Nov 2026 09:{n // 60 % 60:02d}:{n % 60:02d} +0100\r\n"
        f"Message-ID: <reg.{n}.{n * 7919 % 100003}@{host}>\r\n"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode("ascii") + body.replace("\n", "\r\n").encode("utf-8")


def start_mdreg(args: list[str], *, env: dict[str, str] | None = None, log_path=None, cwd=None):
    """Start `mdreg <args>` as a subprocess (this venv's interpreter), with `env` added to the
    environment, in the directory `cwd` (default: this one).

    Output goes to `log_path` when given (a file the caller reads on failure), else is discarded.
    """
    import os
    import subprocess
    import sys

    full_env = {**os.environ, **(env or {})}
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL
    try:
        return subprocess.Popen([sys.executable, "-m", "mailbot.cli.main", *args], env=full_env,
                                stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
    finally:
        if log_path:
            out.close()


@contextmanager
def edge_in_burst():
    """An EdgeActivity in a burst for as long as the block lasts: a thread notes a command every
    20 ms, as an edge taking mail fast does. A burst noted once would end after two windows
    (0.2 s), before a slow machine got to the check under test."""
    from mailbot.runners.edge_first import BURST_COMMANDS, EdgeActivity

    edge = EdgeActivity(quiet=0.0, longest=0.0)  # no waiting for the burst's lull here
    for _ in range(BURST_COMMANDS):
        edge.note()
    done = threading.Event()

    def keep_noting() -> None:
        while not done.wait(0.02):
            for _ in range(BURST_COMMANDS):
                edge.note()

    thread = threading.Thread(target=keep_noting, daemon=True)
    thread.start()
    try:
        yield edge
    finally:
        done.set()
        thread.join()
