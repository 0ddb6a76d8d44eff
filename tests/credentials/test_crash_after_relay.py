"""A sender that dies after the relay accepted a credential e-mail, before the hash commit.

The sender runs as `mdreg sender` in a subprocess; MDREG_TEST_CRASH_AFTER_RELAY=1 makes it end
itself (os._exit) at exactly that point (mailbot/credentials_dispatch.py). Restarted, it sends a
fresh password: the operator got two, and only the newest verifies (`mdreg credentials verify`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from sqlmodel import Session, select

from store.models import Credential, OutboxMessage
from store.operators import accept_case
from tests.credentials.builders import registration_mail
from tests.credentials.support import credential_mails, password_in
from tests.support import wait_for


def mdreg(args, *, database_url, relay, tmp_path, env=None):
    """argv and environment for `mdreg ARGS` against the test's database and relay sink."""
    full_env = {k: v for k, v in os.environ.items() if k != "MDREG_TEST_CRASH_AFTER_RELAY"}
    full_env.update({"MDREG_CLAIM_TIMEOUT_SECONDS": "1", "MDREG_WORKER_POLL_SECONDS": "0.05",
                     "MDREG_ACTOR": "tester", **(env or {})})
    argv = [sys.executable, "-m", "mailbot.cli.main", *args, "--db", database_url, "--data-dir", str(tmp_path / "var"),
            "--relay", f"127.0.0.1:{relay.port}"]
    return argv, full_env


def start_sender(**kwargs):
    argv, env = mdreg(["sender"], **kwargs)
    log = open(kwargs["tmp_path"] / "sender.log", "ab")
    try:
        return subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=kwargs["tmp_path"])
    finally:
        log.close()


def verify(password: str, **kwargs) -> int:
    argv, env = mdreg(["credentials", "verify", "org974760673"], **kwargs)
    return subprocess.run(argv, env=env, input=password + "\n", text=True, capture_output=True,
                          cwd=kwargs["tmp_path"], timeout=120).returncode


def credential(engine) -> Credential:
    with Session(engine) as session:
        return session.exec(select(Credential)).one()


def test_a_crash_between_relay_and_hash_commit_leaves_only_the_newest_password_valid(
        intake, engine, relay, database_url, tmp_path):
    accept_case(engine=engine, reference=intake(registration_mail()), actor="tester")
    where = dict(database_url=database_url, relay=relay, tmp_path=tmp_path)

    crashing = start_sender(**where, env={"MDREG_TEST_CRASH_AFTER_RELAY": "1"})
    assert crashing.wait(timeout=120) == 70, (tmp_path / "sender.log").read_text()
    [first] = credential_mails(relay)
    assert credential(engine).password_hash is None  # died before the commit
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage.status).where(OutboxMessage.kind == "credentials")).one() == "sending"

    restarted = start_sender(**where)
    try:
        wait_for(lambda: len(credential_mails(relay)) == 2, timeout=60)
        wait_for(lambda: credential(engine).password_hash is not None, timeout=30)
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=60)
    old, new = (password_in(m) for m in credential_mails(relay))
    assert old != new
    assert credential(engine).generation == 1  # exactly one password was ever stored
    assert verify(new, **where) == 0
    assert verify(old, **where) == 1
