"""The IMAP watcher against a real Dovecot: IDLE, polling, backlog, cuts, restarts, UIDVALIDITY."""

from __future__ import annotations

import logging
import time

import pytest

from mailbot.errors import ImapUnavailable
from mailbot.edges.imap_watch import ImapWatcher
from store import imap_state
from tests.imap.conftest import imap_settings_for, open_client
from tests.imap.helpers import append_many, folder_count, inbound_count, inbound_rows, simple_mail
from tests.imap.proxy import CutProxy
from tests.support import wait_for

PROCESSED = "mdreg-processed"


def messages_with(records, text: str) -> list[str]:
    return [r.getMessage() for r in records if r.name == "mdreg.imap" and text in r.getMessage()]


def test_idle_wakes_the_watcher(imap_settings, engine, imap, run_watcher, caplog):
    caplog.set_level(logging.INFO, logger="mdreg.imap")
    settings = imap_settings.model_copy(update={"imap_poll_seconds": 600.0, "imap_idle_seconds": 600.0})
    watcher = run_watcher(settings)
    wait_for(watcher.idling.is_set, timeout=10)
    started = time.monotonic()
    imap.append("INBOX", simple_mail(1))
    wait_for(lambda: inbound_count(engine) == 1, timeout=5)
    assert time.monotonic() - started < 5  # polling (600 s) could not have found it
    row = inbound_rows(engine)[0]
    assert row.source == "imap" and row.message_id == "<t.1@example.no>"
    wait_for(lambda: folder_count(imap, PROCESSED) == 1, timeout=5)
    assert folder_count(imap, "INBOX") == 0
    imap.select_folder(PROCESSED, readonly=True)
    flags = imap.get_flags(imap.search())
    assert all(b"\\Seen" not in f for f in flags.values())  # fetched with BODY.PEEK[]
    assert messages_with(caplog.records, "with IDLE")


def test_polling_when_idle_is_off_and_flag_marking(imap_settings, engine, imap, run_watcher, caplog):
    caplog.set_level(logging.INFO, logger="mdreg.imap")
    settings = imap_settings.model_copy(update={"imap_idle_seconds": 0, "imap_poll_seconds": 0.2,
                                                "imap_mark": "flag"})
    watcher = run_watcher(settings)
    wait_for(lambda: watcher.state == "connected", timeout=10)
    imap.append("INBOX", simple_mail(1))
    imap.append("INBOX", simple_mail(2))
    wait_for(lambda: inbound_count(engine) == 2, timeout=5)
    assert not watcher.idling.is_set()
    assert messages_with(caplog.records, "by polling every 0.2 s (IDLE disabled)")
    imap.select_folder("INBOX", readonly=True)
    wait_for(lambda: len(imap.search(["KEYWORD", "$MdregStored"])) == 2, timeout=5)
    assert imap.search(["SEEN"]) == []
    imap.append("INBOX", simple_mail(3))
    wait_for(lambda: inbound_count(engine) == 3, timeout=5)
    time.sleep(0.6)  # a few more polls: nothing is fetched again
    assert watcher.counts["stored"] == 3 and watcher.counts["duplicate"] == 0


def test_a_5000_message_backlog_is_stored_once(imap_settings, engine, imap):
    append_many(imap, "INBOX", [simple_mail(n, tag="backlog") for n in range(5000)])
    watcher = ImapWatcher(settings=imap_settings.model_copy(update={"imap_batch": 500}), engine=engine)
    started = time.monotonic()
    assert watcher.drain_once() == 5000
    elapsed = time.monotonic() - started
    assert inbound_count(engine) == 5000
    assert folder_count(imap, "INBOX") == 0 and folder_count(imap, PROCESSED) == 5000
    state = imap_state.load_state(engine=engine, account=watcher.account, folder="INBOX")
    assert state.last_uid == 5000
    assert watcher.drain_once() == 0
    print(f"5000 messages drained in {elapsed:.1f} s")


def test_a_crash_between_storing_and_marking_stores_nothing_twice(imap_settings, engine, imap, monkeypatch):
    settings = imap_settings.model_copy(update={"imap_batch": 10})
    assert ImapWatcher(settings=settings, engine=engine).drain_once() == 0  # state known: no rescan below
    append_many(imap, "INBOX", [simple_mail(n) for n in range(30)])
    real_mark = ImapWatcher._mark
    calls = []

    def mark_failing_once(self, client, uids):
        calls.append(list(uids))
        if len(calls) == 2:
            raise ImapUnavailable("connection lost before the batch was marked")
        return real_mark(self, client, uids)

    monkeypatch.setattr(ImapWatcher, "_mark", mark_failing_once)
    watcher = ImapWatcher(settings=settings, engine=engine)
    with pytest.raises(ImapUnavailable):
        watcher.drain_once()
    assert inbound_count(engine) == 20  # the second batch is stored but not marked
    assert folder_count(imap, "INBOX") == 20
    again = ImapWatcher(settings=settings, engine=engine)
    assert again.drain_once() == 10
    assert again.counts["duplicate"] == 10  # the unmarked batch was fetched again, stored once
    assert inbound_count(engine) == 30
    assert folder_count(imap, "INBOX") == 0 and folder_count(imap, PROCESSED) == 30


def test_connection_cut_mid_batch_loses_and_repeats_nothing(settings, dovecot_server, mailbox_user, engine,
                                                            imap, run_watcher, caplog):
    caplog.set_level(logging.INFO, logger="mdreg.imap")
    total = 300
    append_many(imap, "INBOX", [simple_mail(n, tag="cut" + "x" * (n % 7)) for n in range(total)])
    proxy = CutProxy(dovecot_server.port, chunk=4096).start()
    try:
        at_cut = []
        proxy.cut_after(len(simple_mail(0)) * total // 2, on_cut=lambda: at_cut.append(inbound_count(engine)))
        watcher = run_watcher(imap_settings_for(settings, dovecot_server, mailbox_user, imap_port=proxy.port,
                                                imap_batch=40))
        wait_for(lambda: inbound_count(engine) == total, timeout=30)
        wait_for(lambda: folder_count(imap, "INBOX") == 0, timeout=10)
        assert len(messages_with(caplog.records, "IMAP disconnected")) == 1
    finally:
        proxy.stop()
    assert at_cut and 0 < at_cut[0] < total  # the link broke in the middle of the drain
    assert folder_count(imap, PROCESSED) == total
    assert watcher.counts["stored"] == total
    assert watcher.counts["duplicate"] <= 40  # at most the batch in flight came again


def test_dovecot_restart_is_survived_and_logged_once(settings, fresh_dovecot, engine, run_watcher, caplog):
    caplog.set_level(logging.DEBUG, logger="mdreg.imap")
    user = fresh_dovecot.new_user()
    watcher = run_watcher(imap_settings_for(settings, fresh_dovecot, user))
    client = open_client(fresh_dovecot, user)
    append_many(client, "INBOX", [simple_mail(n) for n in range(3)])
    client.logout()
    wait_for(lambda: inbound_count(engine) == 3, timeout=10)
    fresh_dovecot.stop()
    wait_for(lambda: len(messages_with(caplog.records, "failed:")) >= 3, timeout=15)  # several retries
    fresh_dovecot.start()
    client = open_client(fresh_dovecot, user)
    append_many(client, "INBOX", [simple_mail(n) for n in range(3, 6)])
    wait_for(lambda: inbound_count(engine) == 6, timeout=15)
    client.logout()
    assert watcher.counts["stored"] == 6
    assert len(messages_with(caplog.records, "IMAP disconnected")) == 1
    assert len(messages_with(caplog.records, "IMAP reconnecting")) == 1
    assert len(messages_with(caplog.records, "IMAP connected")) == 2


def test_uidvalidity_change_rescans_and_skips_what_is_stored(imap_settings, engine, imap, caplog):
    caplog.set_level(logging.INFO, logger="mdreg.imap")
    settings = imap_settings.model_copy(update={"imap_folder": "Intake", "imap_mark": "flag"})
    imap.create_folder("Intake")
    old = [simple_mail(n, tag="old") for n in range(5)]
    append_many(imap, "Intake", old)
    watcher = ImapWatcher(settings=settings, engine=engine)
    assert watcher.drain_once() == 5
    before = imap_state.load_state(engine=engine, account=watcher.account, folder="Intake")
    assert before.last_uid == 5

    # The mailbox is recreated (a server migration): three new messages get UIDs 1-3, the old ones
    # come back as UIDs 4-8 with a header added on the way, so their bytes (not Message-IDs) differ.
    imap.delete_folder("Intake")
    imap.create_folder("Intake")
    new = [simple_mail(n, tag="new") for n in range(3)]
    append_many(imap, "Intake", new + [b"X-Migrated: yes\r\n" + raw for raw in old])
    again = ImapWatcher(settings=settings, engine=engine)
    assert again.drain_once() == 3
    assert again.counts["known"] == 5
    rows = inbound_rows(engine)
    assert sorted(r.message_id for r in rows) == sorted(
        [f"<old.{n}@example.no>" for n in range(5)] + [f"<new.{n}@example.no>" for n in range(3)])
    assert not any(r.raw.startswith(b"X-Migrated") for r in rows)
    after = imap_state.load_state(engine=engine, account=watcher.account, folder="Intake")
    assert after.uidvalidity != before.uidvalidity and after.last_uid == 8
    imap.select_folder("Intake", readonly=True)
    assert len(imap.search(["KEYWORD", "$MdregStored"])) == 8
    assert len(messages_with(caplog.records, "UIDVALIDITY of Intake changed")) == 1
    assert again.drain_once() == 0


def test_without_move_it_copies_deletes_and_expunges_only_its_own(imap_settings, engine, imap, monkeypatch):
    from imapclient import IMAPClient

    real = IMAPClient.has_capability
    monkeypatch.setattr(IMAPClient, "has_capability", lambda self, cap: cap.upper() != "MOVE" and real(self, cap))
    oversized = simple_mail(0) + b"x" * 5000 + b"\r\n"  # stays in INBOX, not ours to touch
    append_many(imap, "INBOX", [oversized] + [simple_mail(n) for n in range(1, 5)])
    imap.select_folder("INBOX")
    imap.add_flags([1], [b"\\Deleted"])  # a person's pending deletion of it
    settings = imap_settings.model_copy(update={"imap_batch": 2, "max_message_size": 2000})
    assert ImapWatcher(settings=settings, engine=engine).drain_once() == 4
    assert folder_count(imap, PROCESSED) == 4
    imap.select_folder("INBOX", readonly=True)
    assert imap.search() == [1]  # UID EXPUNGE (UIDPLUS) removed exactly ours, not UID 1
    assert inbound_count(engine) == 4


def test_an_oversized_message_is_left_for_a_person(imap_settings, engine, imap, caplog):
    big = simple_mail(1) + b"x" * 5000 + b"\r\n"
    append_many(imap, "INBOX", [big, simple_mail(2)])
    watcher = ImapWatcher(settings=imap_settings.model_copy(update={"max_message_size": 2000}), engine=engine)
    assert watcher.drain_once() == 1
    assert watcher.counts["oversized"] == 1
    assert [r.message_id for r in inbound_rows(engine)] == ["<t.2@example.no>"]
    assert folder_count(imap, "INBOX") == 1 and folder_count(imap, PROCESSED) == 1
    assert any("over max_message_size" in r.getMessage() for r in caplog.records)
