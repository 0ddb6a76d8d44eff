"""IMAP fixtures: a real Dovecot on loopback (one per session), a fresh mailbox per test,
SQLite only (the IMAP path is the same store_raw on either database), a watcher in a thread."""

from __future__ import annotations

import os
import threading

import pytest
from imapclient import IMAPClient

from mailbot.settings import Settings
from tests.imap import dovecot as dv

def require_dovecot() -> None:
    """Skip where Dovecot is not installed; fail instead when MDREG_REQUIRE_SERVERS=1 (CI)."""
    if dv.available() and os.geteuid() == 0:
        return
    message = f"Dovecot is not installed ({dv.DOVECOT} missing): apt-get install dovecot-imapd"
    if dv.available():
        # Dovecot drops to its own users for auth and mail, which only root may start it as.
        message = "the Dovecot tests start a private dovecot, which needs root (as in CI)"
    if os.environ.get("MDREG_REQUIRE_SERVERS") == "1":
        pytest.fail(message + " (required: MDREG_REQUIRE_SERVERS=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def dovecot_server():
    require_dovecot()
    server = dv.Dovecot()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def fresh_dovecot():
    """A Dovecot of this test's own, for tests that stop or restart the server."""
    require_dovecot()
    server = dv.Dovecot()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'mdreg.db'}"


@pytest.fixture
def mailbox_user(dovecot_server) -> str:
    return dovecot_server.new_user()


def imap_settings_for(settings: Settings, server: dv.Dovecot, user: str, **extra) -> Settings:
    values = dict(
        imap_host="127.0.0.1", imap_port=server.port, imap_security="none", imap_user=user,
        imap_password=dv.PASSWORD, imap_poll_seconds=0.2, imap_idle_seconds=30.0, imap_timeout_seconds=10.0,
        imap_backoff_seconds=0.1, imap_backoff_max_seconds=0.4, imap_batch=50,
    )
    values.update(extra)
    return settings.model_copy(update=values)


@pytest.fixture
def imap_settings(settings, dovecot_server, mailbox_user) -> Settings:
    return imap_settings_for(settings, dovecot_server, mailbox_user)


def open_client(server: dv.Dovecot, user: str) -> IMAPClient:
    client = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=30)
    try:
        client.login(user, dv.PASSWORD)
    except BaseException:
        client.shutdown()
        raise
    return client


@pytest.fixture
def imap(dovecot_server, mailbox_user):
    """The test's own IMAP connection to the mailbox (to APPEND and to look)."""
    client = open_client(dovecot_server, mailbox_user)
    yield client
    client.logout()


class RunningWatcher:
    def __init__(self, watcher) -> None:
        self.watcher = watcher
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watcher.run, args=(self.stop,), daemon=True)

    def halt(self) -> None:
        self.stop.set()
        self.thread.join(20)
        assert not self.thread.is_alive(), "the IMAP watcher did not stop"


@pytest.fixture
def run_watcher(engine):
    """Start ImapWatcher(settings).run in a thread; stopped at the end of the test."""
    from mailbot.edges.imap_watch import ImapWatcher

    running: list[RunningWatcher] = []

    def start(settings: Settings) -> ImapWatcher:
        handle = RunningWatcher(ImapWatcher(settings=settings, engine=engine))
        running.append(handle)
        handle.thread.start()
        return handle.watcher

    yield start
    for handle in running:
        handle.halt()
