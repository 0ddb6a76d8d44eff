"""What `mdreg cases`, `outbox` and `ingest` print for people: 80 columns, Oslo time, next steps,
in bokmål by default (states, kinds and fields in words) and in English with --language en."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailbot.cli.main import main

MAIL = Path(__file__).parents[1] / "fixtures" / "mail"


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)

    def go(*argv: str) -> tuple[int, str]:
        code = main(["--data-dir", str(tmp_path / "var"), *argv])
        return code, capsys.readouterr().out

    return go


def test_cases_fit_80_columns_with_whole_references(run):
    run("ingest", str(MAIL / "incomplete_nb.eml"))
    code, out = run("cases")
    assert code == 0
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert "MDREG-" in out and "…" not in out.split("MDREG-")[1][:14]
    assert "Europe/Oslo" in out


def test_cases_fields_lists_what_is_missing(run):
    run("ingest", str(MAIL / "incomplete_nb.eml"))
    out = run("cases", "--fields")[1]
    assert "mangler:" in out and "E-post" in out and "email" not in out.replace("example", "")


def test_no_cases_says_so(run):
    run("ingest", str(MAIL / "incomplete_nb.eml"))
    assert "ingen saker passer" in run("cases", "--status", "accepted")[1]


def test_outbox_keeps_the_subject_on_one_line(run):
    run("ingest", str(MAIL / "incomplete_nb.eml"))
    out = run("outbox")[1]
    lines = out.splitlines()
    subject = next(line for line in lines if "MDREG-" in line and "i kø" not in line)
    assert len(subject.split()) > 3  # several words on the line, not one word per row
    assert "til kari.nordmann@fjordmed.example.no" in out and "Europe/Oslo" in out
    assert "i kø" in lines[0] and "svar" in lines[0] and "queued" not in out


def test_ingest_summary_says_replies_wait_for_the_sender(run):
    code, out = run("ingest", str(MAIL / "incomplete_nb.eml"))
    assert "1 behandlet" in out
    assert "1 svar i kø" in out and "mdreg serve" in out and "mdreg sender" in out


def test_ingest_without_processing_says_what_processes(run):
    out = run("ingest", "--no-process", str(MAIL / "incomplete_nb.eml"))[1]
    assert "`mdreg serve` (eller `mdreg worker`) behandler" in out


def test_cases_show_the_state_in_words_not_its_code(run):
    run("ingest", str(MAIL / "incomplete_nb.eml"))
    out = run("cases")[1]
    assert "Venter på søker" in out and "Registrering" in out
    assert "awaiting_applicant" not in out and "registration" not in out


def test_english_is_the_language_setting(run):
    run("ingest", str(MAIL / "incomplete_nb.eml"))
    code, out = run("--language", "en", "cases", "--fields")
    assert code == 0 and all(len(line) <= 80 for line in out.splitlines()), out
    assert "Waiting for the applicant" in out and "missing:" in out and "E-mail" in out
    assert "1 stored" in run("ingest", "--language", "en", str(MAIL / "reply_to_differs_en.eml"))[1]


def test_the_language_can_be_set_in_mdreg_toml(run, tmp_path):
    (tmp_path / "mdreg.toml").write_text('ui_language = "en"\n')
    run("ingest", str(MAIL / "incomplete_nb.eml"))
    assert "Waiting for the applicant" in run("cases")[1]


def test_both_language_files_of_the_command_line_have_every_text():
    from mailbot.cli.texts import table

    def keys(tree: dict, prefix: str = "") -> set[str]:  # every key path, [argument.cases] tables too
        found = set()
        for key, value in tree.items():
            found.add(prefix + key)
            if isinstance(value, dict):
                found |= keys(value, f"{prefix}{key}.")
        return found

    assert keys(table("nb")) == keys(table("en"))
