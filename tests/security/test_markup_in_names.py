"""Attack: text from mail holding rich markup in `mdreg cases` / `mdreg outbox`.

A company name `[/]` crashed the table; `[link=…]…[/link]` printed the attacker's hyperlink."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mailbot.cli.report import case_rows, outbox_rows
from store.outbox import OutboxEntry
from store.views import CaseSummary

AT = datetime(2026, 11, 16, 9, 12, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("FORCE_COLOR", "1")


def summary(organisation: str, *, sender: str = "kari@fjordmed.example") -> CaseSummary:
    return CaseSummary(reference="MDREG-2026-000001", status="under_review", kind="registration", sender=sender,
                       received_at=AT, organisation=organisation, org_number="974760673", fields={}, flags=(),
                       missing_count=0, language="nb")


def test_a_closing_tag_in_a_company_name_is_printed_not_parsed(capsys):
    case_rows([summary("Fjordmed [/] AS")])
    assert "Fjordmed [/] AS" in capsys.readouterr().out


def test_a_link_in_a_company_name_is_printed_as_text_not_as_a_hyperlink(capsys):
    case_rows([summary("[link=https://evil.example/login]Fjordmed AS[/link]")])
    out = capsys.readouterr().out
    assert "[link=https://evil.example/login]Fjordmed AS[/link]" in out
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink escape


def test_markup_in_an_outbox_subject_and_error_is_printed_as_text(capsys):
    entry = OutboxEntry(outbox_id=1, case_reference=None, kind="reply", to_addr="kari@fjordmed.example",
                        subject="Re: [bold red]Hastar[/] [/]", status="failed", attempts=1, created_at=AT,
                        sent_at=None, last_error="550 [link=https://evil.example]x[/link]")
    outbox_rows([entry])
    out = capsys.readouterr().out
    assert "Re: [bold red]Hastar[/] [/]" in out and "[link=https://evil.example]x[/link]" in out


def test_a_terminal_escape_sequence_from_mail_is_not_passed_to_the_terminal(capsys):
    case_rows([summary("Fjordmed\x1b]8;;https://evil.example\x07AS")])
    assert "\x1b]8;;https://evil.example" not in capsys.readouterr().out
