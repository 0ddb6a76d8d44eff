"""`mdreg health`'s IMAP check reports the last successful poll of the folder, not the last message
stored from it: a quiet mailbox that is watched is healthy; one that cannot be reached is not."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import update
from sqlmodel import select

from mailbot.health import Level, run_checks
from store import imap_state
from store.db import session_scope
from store.models import ImapFolderState
from tests.imap.helpers import inbound_count, simple_mail
from tests.support import wait_for


def imap_check(settings, engine):
    return next(check for check in run_checks(settings=settings, engine=engine) if check.name == "imap")


def age_folder_state(engine, *, by: timedelta) -> None:
    with session_scope(engine) as session:
        session.execute(update(ImapFolderState).values(updated_at=datetime.now(timezone.utc) - by))


def last_poll(engine, settings) -> datetime | None:
    with session_scope(engine) as session:
        return session.exec(select(ImapFolderState.updated_at)).first()


def test_a_watched_empty_folder_is_healthy_though_nothing_was_ever_stored(imap_settings, engine, run_watcher):
    settings = imap_settings.model_copy(update={"imap_idle_seconds": 0.0, "imap_poll_seconds": 0.2})
    assert imap_check(settings, engine).level == Level.WARNING  # never polled yet
    run_watcher(settings)
    wait_for(lambda: last_poll(engine, settings) is not None, timeout=20)
    check = imap_check(settings, engine)
    assert inbound_count(engine) == 0
    assert check.level == Level.OK, str(check)
    assert "last successful IMAP poll" in check.detail


def test_each_poll_that_finds_nothing_moves_the_last_success_on(imap_settings, engine, run_watcher):
    settings = imap_settings.model_copy(update={"imap_idle_seconds": 0.0, "imap_poll_seconds": 0.2,
                                                "health_imap_quiet_seconds": 600.0})
    run_watcher(settings)
    wait_for(lambda: last_poll(engine, settings) is not None, timeout=20)
    age_folder_state(engine, by=timedelta(hours=2))  # as if the last poll was two hours ago
    assert imap_check(settings, engine).level == Level.WARNING
    wait_for(lambda: imap_check(settings, engine).level == Level.OK, timeout=20)
    assert inbound_count(engine) == 0


def test_stored_mail_long_ago_but_polled_now_is_healthy(imap_settings, engine, run_watcher, imap):
    imap.append("INBOX", simple_mail(1))
    settings = imap_settings.model_copy(update={"health_imap_quiet_seconds": 600.0})
    run_watcher(settings)
    wait_for(lambda: inbound_count(engine) == 1, timeout=20)
    # the poll is recorded once its drain has finished, a moment after the message is stored
    wait_for(lambda: imap_check(settings, engine).level == Level.OK, timeout=20)


def test_a_folder_not_polled_for_longer_than_the_quiet_time_is_a_warning(imap_settings, engine):
    settings = imap_settings.model_copy(update={"health_imap_quiet_seconds": 600.0})
    imap_state.save_state(engine=engine, account="someone@127.0.0.1", folder="INBOX", uidvalidity=1, last_uid=0)
    age_folder_state(engine, by=timedelta(hours=2, seconds=30))  # no poll got through since
    check = imap_check(settings, engine)
    assert check.level == Level.WARNING
    assert check.detail.startswith("last successful IMAP poll 2.0 h ago"), check.detail
