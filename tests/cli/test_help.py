"""`mdreg --help`, usage lines and usage errors speak the operator's language (bokmål unless
--language, MDREG_UI_LANGUAGE or ui_language in mdreg.toml says en), while every flag name and
choice stays as it is: scripts and monitoring call them."""

from __future__ import annotations

import argparse
import os

import pytest

from mailbot.cli.main import all_commands, build_parser, main


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    for name in list(os.environ):
        if name.startswith("MDREG_"):
            monkeypatch.delenv(name)

    def go(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return go


def test_cases_help_is_in_bokmal_by_default(run):
    code, out, _ = run("cases", "--help")
    assert code == 0
    assert out.startswith("bruk: mdreg cases")
    assert "list sakene (status, type, hva som mangler)" in out
    assert "\nvalg:\n" in out and "vis denne hjelpen og avslutt" in out
    assert "bare saker med denne statusen" in out and "vis hvilke felt som mangler" in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out


def test_cases_help_is_in_english_with_language_en(run):
    code, out, _ = run("--language", "en", "cases", "--help")
    assert code == 0
    assert out.startswith("usage: mdreg cases")
    assert "\noptions:\n" in out and "only cases in this state" in out
    assert "bare saker" not in out


def test_the_help_language_can_come_from_the_environment_or_mdreg_toml(run, tmp_path, monkeypatch):
    monkeypatch.setenv("MDREG_UI_LANGUAGE", "en")
    assert run("cases", "--help")[1].startswith("usage: mdreg cases")
    monkeypatch.delenv("MDREG_UI_LANGUAGE")
    (tmp_path / "mdreg.toml").write_text('ui_language = "en"\n')
    assert "only messages with this status" in run("outbox", "--help")[1]
    assert "bare meldinger med denne statusen" in run("--language", "nb", "outbox", "--help")[1]


def test_the_top_level_help_names_commands_and_groups_in_bokmal(run):
    out = run("--help")[1]
    assert out.startswith("bruk: mdreg") and "KOMMANDO" in out and "globale valg:" in out
    assert "kjør SMTP-mottaket, arbeideren og avsenderen" in out
    assert "innstillingsfil (standard ./mdreg.toml hvis den finnes)" in out


def test_setting_groups_of_serve_have_titles_and_texts_in_bokmal(run):
    out = run("serve", "--help")[1]
    assert "SMTP-valg:" in out and "IMAP-valg:" in out and "overvåk denne IMAP-tjeneren" in out
    assert "--imap-host VERT" in out and "--relay VERT:PORT" in out
    assert "--imap-host HOST" in run("--language", "en", "serve", "--help")[1]


def test_usage_errors_are_one_line_in_the_operators_language(run):
    code, _, err = run("accept")
    assert code == 2 and err == "mdreg accept: disse argumentene mangler: referanse (se mdreg accept --help)\n"
    code, _, err = run("--language", "en", "cases", "--kind", "letter")
    assert code == 2 and "invalid choice: 'letter'" in err and "(see mdreg cases --help)" in err
    code, _, err = run("cases", "--frobnicate")
    assert code == 2 and "ukjente argumenter: --frobnicate" in err


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_shown_argument_of_every_command_has_a_text(language):
    from mailbot.cli.help_texts import argparse_words

    with argparse_words(language):
        parser = build_parser(all_commands(), language=language)  # MissingHelp if a text is missing
    for path, child in _parsers(parser):
        for action in child._actions:
            assert action.help, (path, action.dest)
        assert child.description, path


def test_flag_names_and_choices_are_the_same_in_both_languages():
    def shape(language: str) -> list:
        parser = build_parser(all_commands(), language=language)
        return [(path, sorted(a.option_strings), sorted(a.choices or ()))
                for path, child in _parsers(parser) for a in child._actions]

    assert shape("nb") == shape("en")


def test_argparse_is_left_in_english_after_a_run(run):
    run("cases", "--help")
    assert argparse._("usage: ") == "usage: "


def _parsers(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, path + (name,))
