"""`mdreg serve` runs its worker in a child process: woken by the edge at once, restarted when it
dies, and never left running without its parent."""

from __future__ import annotations

import os
import re
import signal
import socket
import time

import pytest

from store import inbox
from tests.support import registration_mail, send, start_mdreg, wait_for

SLOW_POLL = 60.0  # nobody polls within a test: whatever happens at once was rung


@pytest.fixture
def serve(relayed_settings, tmp_path):
    """`mdreg serve` as a command, polling only once a minute; yields (process, log path)."""
    log = tmp_path / "serve.log"
    env = {"MDREG_WORKER_POLL_SECONDS": str(SLOW_POLL), "MDREG_ISOLATE_INTAKE": "false",
           "MDREG_CLAIM_TIMEOUT_SECONDS": "600"}  # a claim taken over within a test was released, not lapsed
    process = start_mdreg(["serve", "--db", relayed_settings.database_url, "--relay", relayed_settings.relay,
                           "--smtp-port", str(relayed_settings.smtp_port), "--data-dir",
                           str(relayed_settings.data_dir)], env=env, log_path=log)
    try:
        wait_for(lambda: worker_pids(log), timeout=60)
        yield process, log
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(30)


def worker_pids(log) -> list[int]:
    """The PIDs of the worker children that said they are ready, in order."""
    return [int(pid) for pid in re.findall(r"worker process (\d+) ready", log.read_text())]


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def reaped_or_gone(pid: int) -> bool:
    # The test may be the child's new parent (a subreaper) or not: a zombie counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_the_worker_runs_in_a_child_process_of_serve(serve):
    process, log = serve
    [child] = worker_pids(log)
    assert child != process.pid
    with open(f"/proc/{child}/stat") as stat:
        assert int(stat.read().rsplit(")", 1)[1].split()[1]) == process.pid


def test_a_message_accepted_at_the_edge_wakes_the_child_worker_at_once(serve, relayed_settings, relay):
    time.sleep(1.0)  # the child has looked once and now sleeps on its doorbell for a minute
    began = time.monotonic()
    send(relayed_settings.smtp_port, registration_mail(1))
    wait_for(lambda: len(relay.envelopes) == 1, timeout=SLOW_POLL / 2)
    # Both rings: the edge's down the pipe to the child, the child's up to the parent's sender.
    assert time.monotonic() - began < 5, serve[1].read_text()


def test_the_child_exits_when_serve_is_killed(serve):
    process, log = serve
    [child] = worker_pids(log)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    wait_for(lambda: reaped_or_gone(child), timeout=15)


def test_sigterm_stops_the_child_cleanly_with_serve(serve):
    process, log = serve
    [child] = worker_pids(log)
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    assert reaped_or_gone(child)
    assert f"worker process {child} stopped" in log.read_text()


def test_a_child_killed_holding_a_message_is_restarted_and_the_message_answered(serve, relayed_settings,
                                                                                 engine, relay):
    process, log = serve
    [child] = worker_pids(log)
    os.kill(child, signal.SIGSTOP)  # it takes nothing now; the message below is claimed in its name
    send(relayed_settings.smtp_port, registration_mail(2))
    holder = f"worker:{socket.gethostname()}:{child}:test00"
    [claimed] = inbox.claim_batch(engine=engine, worker_id=holder, stale_after=600, limit=1)
    os.kill(child, signal.SIGKILL)
    # The claim's lease (600 s) does not lapse within the test: only the new child's release of
    # its dead predecessor's claims can have the message answered.
    wait_for(lambda: len(relay.envelopes) == 1, timeout=30)
    text = log.read_text()
    assert re.search(rf"worker process {child} exited with -9; starting another", text), text
    wait_for(lambda: len(worker_pids(log)) == 2, timeout=10)  # ready once its first look for work is done
    [_, successor] = worker_pids(log)
    assert running(successor) and successor != child
    assert inbox.pending_count(engine=engine) == 0
    assert relay.received[0]["In-Reply-To"] == inbox.message_id_of(claimed.raw)
