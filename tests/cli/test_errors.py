"""Every way an operator can get the command line wrong ends in one line on standard error, a
non-zero exit code and no traceback (unless --debug)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from mailbot.cli.main import main

MAIL = Path(__file__).parents[1] / "fixtures" / "mail"


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    """Run `mdreg …` in a clean folder; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("MDREG_"):
            monkeypatch.delenv(name)

    def go(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's own exits (usage errors, --help)
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return go


def one_line_error(code: int, err: str) -> str:
    assert code not in (0, None)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_malformed_database_url_is_one_line(run):
    line = one_line_error(*run("cases", "--db", "not a url")[::2])
    assert "Database-URL-en 'not a url' er ikke gyldig" in line


def test_a_database_url_without_driver_is_one_line(run):
    line = one_line_error(*run("cases", "--db", "nosuchdb://x/y")[::2])
    assert "ingen driver" in line


def test_an_unreachable_postgresql_is_one_line(run):
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    code, _, err = run("cases", "--db", f"postgresql+psycopg://postgres:secret@127.0.0.1:{port}/mdreg")
    line = one_line_error(code, err)
    assert "kan ikke åpnes" in line and str(port) in line
    assert "secret" not in line


def test_a_sqlite_file_in_a_missing_folder_is_refused_and_no_folder_is_made(run, tmp_path):
    code, _, err = run("cases", "--db", f"sqlite:///{tmp_path / 'typo' / 'mdreg.db'}")
    assert "mappen" in one_line_error(code, err) and "finnes ikke" in err
    assert not (tmp_path / "typo").exists()


def test_a_port_in_use_is_one_line(run, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run("--data-dir", str(tmp_path / "var"), "serve", "--smtp-port", str(port))
    line = one_line_error(code, err)
    assert f"kan ikke lytte på 127.0.0.1:{port}" in line


def test_a_missing_config_file_is_an_error(run):
    code, _, err = run("--config", "/missing.toml", "cases")
    assert code == 2
    assert "innstillingsfilen /missing.toml: finnes ikke" in one_line_error(code, err)


def test_a_config_file_that_cannot_be_read_is_one_line(run, tmp_path):
    (tmp_path / "folder.toml").mkdir()
    code, _, err = run("--config", str(tmp_path / "folder.toml"), "cases")
    assert "kan ikke leses" in one_line_error(code, err)


def test_a_malformed_config_file_is_one_line(run, tmp_path):
    (tmp_path / "mdreg.toml").write_text('mailbox = "reg@example.no\nsmtp_port = 25\n')
    code, _, err = run("cases")
    assert code == 2
    assert "mdreg.toml: ikke gyldig TOML" in one_line_error(code, err)


def test_unknown_keys_in_the_config_file_are_an_error(run, tmp_path):
    (tmp_path / "mdreg.toml").write_text('mailbox = "reg@example.no"\nsmpt_port = 25\n')
    code, _, err = run("cases")
    assert "ukjent innstilling: smpt_port" in one_line_error(code, err)


def test_a_bad_value_in_the_environment_names_the_variable(run, monkeypatch):
    monkeypatch.setenv("MDREG_SMTP_PORT", "abc")
    code, _, err = run("cases")
    assert code == 2
    line = one_line_error(code, err)
    assert "MDREG_SMTP_PORT" in line and "'abc'" in line


def test_a_bad_value_in_the_config_file_names_the_file(run, tmp_path):
    (tmp_path / "mdreg.toml").write_text('smtp_port = "abc"\n')
    line = one_line_error(*run("cases")[::2])
    assert "innstillingen smtp_port i mdreg.toml" in line


def test_an_unknown_status_is_refused_with_the_choices(run):
    code, out, err = run("cases", "--status", "nonsense")
    assert code == 2 and out == ""
    line = one_line_error(code, err)
    assert "ugyldig valg: 'nonsense'" in line and "awaiting_applicant" in line


def test_an_unknown_kind_is_refused(run):
    code, _, err = run("cases", "--kind", "letter")
    assert "ugyldig valg: 'letter'" in one_line_error(code, err)


def test_the_choices_are_the_states_and_kinds_of_intake_states(run):
    from intake.states import CaseKind, CaseState, OutboxStatus

    _, help_text, _ = run("cases", "--help")
    flat = " ".join(help_text.split())
    assert "{" + ",".join(CaseState) + "}" in flat and "{" + ",".join(CaseKind) + "}" in flat
    _, outbox_help, _ = run("outbox", "--help")
    assert "{" + ",".join(OutboxStatus) + "}" in " ".join(outbox_help.split())
    assert run("db", "upgrade")[0] == 0
    code, _, err = run("cases", "--kind", "deregistration")  # a kind intake sets, not in the old list
    assert code == 0 and err == ""


def test_an_unknown_outbox_status_is_refused(run):
    code, _, err = run("outbox", "--status", "lost")
    assert "ugyldig valg: 'lost'" in one_line_error(code, err)


def test_debug_shows_the_traceback(run):
    with pytest.raises(Exception, match="folder"):
        main(["--debug", "cases", "--db", "sqlite:////nonexistent-folder/mdreg.db"])


def test_ingest_refuses_a_folder_that_is_not_a_maildir(run, tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "README").write_text("not mail")
    code, _, err = run("--data-dir", str(tmp_path / "var"), "ingest", str(tmp_path / "junk"))
    assert code == 2
    assert "ikke en Maildir" in one_line_error(code, err)


def test_ingest_refuses_a_file_that_is_not_a_message(run, tmp_path):
    (tmp_path / "notes.txt").write_text("Remember to register the new scanner.\nMvh Kari\n")
    code, _, err = run("--data-dir", str(tmp_path / "var"), "ingest", str(tmp_path / "notes.txt"))
    assert "ikke en e-post" in one_line_error(code, err)
    assert run("--data-dir", str(tmp_path / "var"), "cases", "--json")[1].strip() == "[]"


def test_ingest_refuses_an_outlook_msg_file_and_says_what_to_do(run, tmp_path):
    (tmp_path / "mail.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    code, _, err = run("--data-dir", str(tmp_path / "var"), "ingest", str(tmp_path / "mail.msg"))
    assert "Outlook .msg" in one_line_error(code, err) and ".eml" in err


def test_global_flags_may_come_before_the_subcommand(run, tmp_path):
    code, out, _ = run("--data-dir", str(tmp_path / "v"), "ingest", str(MAIL / "incomplete_nb.eml"))
    assert code == 0 and "1 lagret" in out
    assert (tmp_path / "v" / "mdreg.db").exists()


def test_a_subcommand_help_shows_only_its_own_flags(run):
    code, out, _ = run("cases", "--help")
    assert code == 0
    assert "--status" in out and "bare saker med denne statusen" in out
    assert "--imap" not in out and "--relay" not in out
    assert len(out.splitlines()) < 25


def test_serve_help_shows_the_mail_flags(run):
    out = run("serve", "--help")[1]
    assert "--smtp-port" in out and "--imap-host" in out and "--relay" in out


def test_ingest_help_explains_path(run):
    out = run("ingest", "--help")[1]
    assert "en mbox-fil eller en Maildir-mappe" in out


def test_an_error_is_said_in_english_with_language_en(run, tmp_path):
    (tmp_path / "notes.txt").write_text("just notes\n")
    code, _, err = run("--language", "en", "ingest", str(tmp_path / "notes.txt"))
    assert "not an e-mail message" in one_line_error(code, err)
    code, _, err = run("--language", "en", "cases", "--db", f"sqlite:///{tmp_path}/nowhere/x.db")
    assert "folder" in one_line_error(code, err) and "does not exist" in err


def test_the_language_of_an_error_can_come_from_mdreg_toml(run, tmp_path):
    (tmp_path / "mdreg.toml").write_text('ui_language = "en"\n')
    code, _, err = run("ingest", str(tmp_path / "missing.eml"))
    assert "no such file or folder" in one_line_error(code, err)
