"""`mdreg accept` and `mdreg credentials reissue|revoke|verify` (verify: password on stdin, exit 0/1)."""

from __future__ import annotations

import io

import pytest
from sqlmodel import Session, select

from mailbot.cli.main import main
from store.models import AuditEvent, Case, Operator
from tests.credentials.builders import USERNAME, registration_mail
from tests.credentials.support import credential_mails, password_in


@pytest.fixture
def cli(settings, monkeypatch):
    import store.db

    monkeypatch.setenv("MDREG_ACTOR", "ola.saksbehandler")
    opened = []
    real_open = store.db.open_database

    def open_and_keep(url):  # main() leaves its engine to the process's end; a test must close it
        opened.append(real_open(url))
        return opened[-1]

    monkeypatch.setattr(store.db, "open_database", open_and_keep)

    def run(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return main([*args, "--db", settings.database_url])

    yield run
    for engine in opened:
        engine.dispose()


def deliver_all(sender) -> None:
    while sender.deliver_one():
        pass


def test_accept_records_the_operator_as_the_staff_member(intake, engine, cli, capsys):
    reference = intake(registration_mail())
    assert cli("accept", reference) == 0
    assert USERNAME in capsys.readouterr().out
    with Session(engine) as session:
        assert session.exec(select(Operator.username)).all() == [USERNAME]
        actor = session.exec(select(AuditEvent.actor).where(AuditEvent.action == "accepted")).one()
        assert session.exec(select(Case.status)).one() == "accepted"
    assert actor == "ola.saksbehandler"


def test_accept_of_an_incomplete_case_fails_with_a_clear_message(intake, cli, capsys):
    base = registration_mail()
    raw = base.replace(b"Telefon: 55 12 34 56\r\n", b"")
    assert len(raw) < len(base)
    reference = intake(raw)
    assert cli("accept", reference) == 1
    assert "Telefon er ikke i orden" in capsys.readouterr().err


def test_verify_exits_0_for_the_delivered_password_and_1_otherwise(intake, engine, cli, sender, relay):
    cli("accept", intake(registration_mail()))
    deliver_all(sender)
    password = password_in(credential_mails(relay)[0])
    assert cli("credentials", "verify", USERNAME, stdin=password + "\n") == 0
    assert cli("credentials", "verify", USERNAME, stdin="wrong-password\n") == 1
    assert cli("credentials", "verify", "org000000000", stdin=password + "\n") == 1


def test_revoke_on_the_command_line_makes_verify_fail(intake, engine, cli, sender, relay):
    cli("accept", intake(registration_mail()))
    deliver_all(sender)
    password = password_in(credential_mails(relay)[0])
    assert cli("credentials", "revoke", USERNAME) == 0
    assert cli("credentials", "verify", USERNAME, stdin=password + "\n") == 1


def test_reissue_on_the_command_line_sends_a_new_password_that_verifies(intake, engine, cli, sender, relay):
    cli("accept", intake(registration_mail()))
    deliver_all(sender)
    assert cli("credentials", "reissue", USERNAME) == 0
    deliver_all(sender)
    old, new = (password_in(m) for m in credential_mails(relay))
    assert cli("credentials", "verify", USERNAME, stdin=new + "\n") == 0
    assert cli("credentials", "verify", USERNAME, stdin=old + "\n") == 1


def test_reissue_of_an_unknown_username_fails(cli, capsys):
    assert cli("credentials", "reissue", "org000000000") == 1
    assert "org000000000" in capsys.readouterr().err


def test_the_command_line_says_what_it_did_in_bokmal_with_oslo_times(intake, cli, capsys, sender):
    reference = intake(registration_mail())
    assert cli("accept", reference) == 0
    out = capsys.readouterr().out
    assert f"{reference} godkjent: {USERNAME} opprettet; innlogging lagt i kø til" in out
    deliver_all(sender)
    assert cli("credentials", "show", USERNAME) == 0
    shown = capsys.readouterr().out.strip()
    assert shown.startswith(f"{USERNAME}: aktiv; utstedt 20") and "(norsk tid), må byttes: ja" in shown
    assert "+00:00" not in shown and "issued" not in shown
    assert cli("credentials", "revoke", USERNAME) == 0
    assert capsys.readouterr().out.strip() == f"{USERNAME}: innlogging sperret"


def test_an_unknown_username_is_said_in_bokmal_or_english(cli, capsys):
    assert cli("credentials", "reissue", "org000000000") == 1
    assert "Ingen registrert aktør har brukernavnet org000000000." in capsys.readouterr().err
    assert cli("credentials", "reissue", "org000000000", "--language", "en") == 1
    assert "No registered operator has the username org000000000." in capsys.readouterr().err
