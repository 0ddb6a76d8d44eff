"""`mdreg serve` SIGKILLed twice during a 300-message SMTP burst, restarted each time, with the
default leases (30 s): every message that got 250 has exactly one case and exactly one reply, all
within 60 s after the last restart. The senders behave as MTAs: four connections kept open, and a
message that got no 250 is sent again (so a message committed just before a kill, whose 250 was
lost, arrives twice and must still make one case).
"""

from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
import threading
import time
from collections import defaultdict

from sqlmodel import Session, select

from store.models import Case, InboundMessage, OutboxMessage
from tests.support import registration_mail, wait_for

TOTAL = 300
CONNECTIONS = 4
KILL_AT = (TOTAL // 3, 2 * TOTAL // 3)  # messages accepted when serve is killed
RECOVERY_SECONDS = 60


def start_serve(settings) -> subprocess.Popen:
    env = {**os.environ, "MDREG_DB": settings.database_url, "MDREG_DATA_DIR": str(settings.data_dir),
           "MDREG_SMTP_PORT": str(settings.smtp_port), "MDREG_RELAY": settings.relay,
           "MDREG_ISOLATE_INTAKE": "false"}
    log = (settings.data_dir.parent / "serve.log").open("ab")
    process = subprocess.Popen([sys.executable, "-m", "mailbot.cli.main", "serve"], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    log.close()
    return process


def message_id(n: int) -> str:
    return f"<reg.{n}.{n * 7919 % 100003}@medtek{n:05d}.example.no>"


class Burst:
    """CONNECTIONS clients, each sending its share of TOTAL over one kept connection, reconnecting
    and sending again whatever got no 250."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.accepted: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, args=(list(range(c, TOTAL, CONNECTIONS)),),
                                         daemon=True) for c in range(CONNECTIONS)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def _client(self, numbers: list[int]) -> None:
        client = None
        while numbers:
            try:
                client = client or smtplib.SMTP("127.0.0.1", self.port, timeout=20)
                n = numbers[0]
                client.sendmail(f"applicant{n}@example.no", ["medisinsk.utstyr@localhost"], registration_mail(n))
                with self.lock:
                    self.accepted.append(message_id(n))
                numbers.pop(0)
            except (OSError, smtplib.SMTPException):
                if client is not None:
                    client.close()
                client = None
                time.sleep(0.05)
        if client is not None:
            client.quit()


def answered(engine, relay) -> bool:
    with Session(engine) as session:
        done = session.exec(select(InboundMessage.id).where(InboundMessage.status == "done")).all()
    return len(done) == TOTAL and len({m["In-Reply-To"] for m in relay.received}) == TOTAL


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def test_two_sigkills_in_a_burst_lose_nothing_and_answer_each_message_once_within_a_minute(
        relayed_settings, engine, relay):
    settings = relayed_settings
    serve = start_serve(settings)
    burst = Burst(settings.smtp_port)
    burst.start()
    try:
        for at in KILL_AT:
            wait_for(lambda: burst.count() >= at, timeout=180, interval=0.01)
            kill(serve)
            serve = start_serve(settings)
        restarted = time.monotonic()
        burst.join(RECOVERY_SECONDS)
        assert burst.count() == TOTAL, f"only {burst.count()} of {TOTAL} got 250"
        wait_for(lambda: answered(engine, relay), timeout=max(1.0, RECOVERY_SECONDS - (time.monotonic() - restarted)),
                 interval=0.2)
        time.sleep(1.0)  # room for a wrong second reply to show up
    finally:
        serve.terminate()
        serve.wait(30)

    with Session(engine) as session:
        inbound = session.exec(select(InboundMessage)).all()
        cases = session.exec(select(Case.id)).all()
        replies = session.exec(select(OutboxMessage)).all()
    by_message_id = defaultdict(list)
    for row in inbound:
        by_message_id[row.message_id].append(row)
    assert sorted(by_message_id) == sorted(burst.accepted)
    assert all(len(rows) == 1 and rows[0].case_id is not None for rows in by_message_id.values())
    assert len(cases) == TOTAL and len({row.case_id for row in inbound}) == TOTAL
    per_inbound = defaultdict(int)
    for reply in replies:
        per_inbound[reply.inbound_id] += 1
    assert all(per_inbound[row.id] == 1 for row in inbound), "a message with no reply, or two, queued"
    relayed = defaultdict(set)
    for message in relay.received:
        relayed[message["In-Reply-To"]].add(message["Message-ID"])
    assert sorted(relayed) == sorted(burst.accepted)
    assert all(len(ids) == 1 for ids in relayed.values()), "two different replies to one message"
