"""`mdreg health` against a healthy, a slow, a stuck and a dead-database setup: lines and exit codes.
The level words and check names are for monitoring and never change; the rest is in bokmål, or
English with --language en."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from mailbot.cli.main import main
from store.db import session_scope
from store.inbox import store_raw
from store.models import InboundMessage, OutboxMessage
from tests.support import free_port, registration_mail


def health(capsys, url: str, *extra: str) -> tuple[int, dict[str, str]]:
    code = main(["health", "--db", url, *extra])
    lines = capsys.readouterr().out.strip().splitlines()
    return code, {line.split(" ", 2)[1].rstrip(":"): line for line in lines}


def stored_message(engine, *, age: timedelta, claimed_for: timedelta | None = None) -> int:
    inbound_id = store_raw(engine=engine, raw=registration_mail(1), source="smtp").inbound_id
    now = datetime.now(timezone.utc)
    values = {"received_at": now - age}
    if claimed_for is not None:
        values.update(status="claimed", claimed_by="worker:gone:1", claimed_at=now - claimed_for)
    with session_scope(engine) as session:
        session.execute(update(InboundMessage).where(InboundMessage.id == inbound_id).values(**values))
    return inbound_id


def test_a_healthy_setup_is_ok_on_every_line(engine, settings, capsys):
    code, lines = health(capsys, settings.database_url)
    assert code == 0
    assert set(lines) == {"database", "queue", "leases", "outbox", "disk"}
    assert all(line.startswith("OK ") for line in lines.values())
    assert "svarer, skjema" in lines["database"]


def test_a_message_waiting_ten_minutes_is_a_warning(engine, settings, capsys):
    stored_message(engine, age=timedelta(minutes=10))
    code, lines = health(capsys, settings.database_url)
    assert code == 1
    assert lines["queue"] == "WARNING queue: 1 venter, eldste 10 min"


def test_a_message_stuck_past_its_lease_for_hours_is_critical(engine, settings, capsys):
    stored_message(engine, age=timedelta(hours=2), claimed_for=timedelta(hours=1))
    code, lines = health(capsys, settings.database_url)
    assert code == 2
    assert lines["queue"].startswith("CRITICAL queue: 1 venter, eldste 2.0 h")
    assert lines["leases"].startswith("WARNING leases: 1 melding(er) holdt lenger enn tidsfristen")


def test_a_failed_reply_is_a_warning_that_names_the_command_to_see_it(engine, settings, capsys):
    with session_scope(engine) as session:
        session.add(OutboxMessage(to_addr="kari@example.no", message_id="<r@x>", raw=b"x", status="failed"))
    code, lines = health(capsys, settings.database_url)
    assert code == 1
    assert lines["outbox"].startswith("WARNING outbox: 1 feilet") and "mdreg outbox --status failed" in lines["outbox"]


def test_with_language_en_only_the_words_change_not_the_levels_names_or_exit_code(engine, settings, capsys):
    stored_message(engine, age=timedelta(hours=2), claimed_for=timedelta(hours=1))
    code_nb, nb = health(capsys, settings.database_url)
    code_en, en = health(capsys, settings.database_url, "--language", "en")
    assert code_nb == code_en == 2
    def level_and_name(lines: dict[str, str]) -> dict[str, str]:
        return {name: line.split(":")[0] for name, line in lines.items()}

    assert level_and_name(nb) == level_and_name(en)
    assert en["queue"].startswith("CRITICAL queue: 1 waiting, oldest 2.0 h (are the workers running?)")
    assert en["leases"].startswith("WARNING leases: 1 message(s) held past their claim timeout")
    assert "reachable, schema" in en["database"] and "GiB free" in en["disk"]


def test_a_dead_database_is_critical_and_the_rest_still_answers(tmp_path, capsys):
    code, lines = health(capsys, f"postgresql+psycopg://mdreg@127.0.0.1:{free_port()}/mdreg",
                         "--data-dir", str(tmp_path))
    assert code == 2
    assert lines["database"] == "CRITICAL database: svarer ikke (OperationalError)"
    assert lines["queue"].startswith("CRITICAL queue: ukjent")
    assert lines["disk"].startswith("OK disk:")


def test_an_empty_database_is_critical_and_is_not_migrated(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    code, lines = health(capsys, url)
    assert code == 2
    assert "kjør `mdreg db upgrade`" in lines["database"]
    code, _ = health(capsys, url)
    assert code == 2
