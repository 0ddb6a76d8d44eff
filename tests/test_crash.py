"""A message that got 250 is never lost: `mdreg serve` killed with SIGKILL mid-stream and restarted.

Every accepted message ends with exactly one case and exactly one reply. A reply the relay took
just before the kill may come again, but only as the same message with the same Message-ID.
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
from tests.support import wait_for

TOTAL = 200


def registration(n: int) -> bytes:
    return (
        f"From: Søker {n} <applicant{n}@firma{n}.example.no>\r\n"
        f"To: medisinsk.utstyr@localhost\r\n"
        f"Subject: Registrering nr {n}\r\n"
        f"Message-ID: <crash-{n}@firma{n}.example.no>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Navn på produsent: Firma {n} AS\r\nKontaktperson: Søker {n}\r\n"
    ).encode("utf-8")


def start_serve(settings) -> subprocess.Popen:
    env = {
        **os.environ,
        "MDREG_DB": settings.database_url, "MDREG_DATA_DIR": str(settings.data_dir),
        "MDREG_SMTP_PORT": str(settings.smtp_port), "MDREG_RELAY": settings.relay,
        "MDREG_WORKER_POLL_SECONDS": "0.05", "MDREG_CLAIM_TIMEOUT_SECONDS": "3",
        "MDREG_SEND_BACKOFF_SECONDS": "0.2",
    }
    log = (settings.data_dir.parent / "serve.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot.cli.main", "serve"], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    log.close()
    wait_for(lambda: _port_open(settings.smtp_port), timeout=30)
    return proc


def _port_open(port: int) -> bool:
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=1) as client:
            return client.noop()[0] == 250
    except OSError:
        return False


class Applicants(threading.Thread):
    """Sends the messages one by one, retrying each until it gets 250, as a real MTA would."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.accepted: list[str] = []

    def run(self) -> None:
        for n in range(TOTAL):
            while True:
                try:
                    with smtplib.SMTP("127.0.0.1", self.port, timeout=10) as client:
                        client.sendmail(f"applicant{n}@firma{n}.example.no", ["medisinsk.utstyr@localhost"],
                                        registration(n))
                    self.accepted.append(f"<crash-{n}@firma{n}.example.no>")
                    break
                except (OSError, smtplib.SMTPException):
                    time.sleep(0.1)


def test_sigkill_mid_stream_loses_nothing_and_answers_once(relayed_settings, engine, relay):
    proc = start_serve(relayed_settings)
    applicants = Applicants(relayed_settings.smtp_port)
    applicants.start()
    try:
        wait_for(lambda: len(applicants.accepted) >= TOTAL // 2, timeout=120)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc = start_serve(relayed_settings)
        applicants.join(180)
        assert len(applicants.accepted) == TOTAL
        wait_for(lambda: _all_replied(engine), timeout=180, interval=0.5)
    finally:
        proc.terminate()
        proc.wait(20)

    with Session(engine) as session:
        inbound = session.exec(select(InboundMessage)).all()
        by_msgid = defaultdict(list)
        for row in inbound:
            by_msgid[row.message_id].append(row)
        assert sorted(by_msgid) == sorted(applicants.accepted)
        assert all(len(rows) == 1 and rows[0].case_id for rows in by_msgid.values())
        assert len(session.exec(select(Case)).all()) == TOTAL
        replies = defaultdict(list)
        for row in session.exec(select(OutboxMessage)).all():
            replies[row.inbound_id].append(row)
        assert all(len(replies[row.id]) == 1 for row in inbound)

    distinct_replies = defaultdict(set)
    for message in relay.received:
        distinct_replies[message["In-Reply-To"]].add(message["Message-ID"])
    assert sorted(distinct_replies) == sorted(applicants.accepted)
    assert all(len(ids) == 1 for ids in distinct_replies.values()), "two different replies to one message"


def _all_replied(engine) -> bool:
    with Session(engine) as session:
        done = session.exec(select(InboundMessage).where(InboundMessage.status == "done")).all()
        sent = session.exec(select(OutboxMessage).where(OutboxMessage.status == "sent")).all()
        return len(done) == TOTAL and len(sent) == TOTAL


def test_sigterm_stops_serve_cleanly_with_exit_status_0(relayed_settings):
    proc = start_serve(relayed_settings)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0
    log = (relayed_settings.data_dir.parent / "serve.log").read_text()
    assert "stopped" in log
