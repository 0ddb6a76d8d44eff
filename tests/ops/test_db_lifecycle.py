"""The schema changes only when asked: `mdreg db upgrade`, or `mdreg serve` unless --no-migrate.
Commands that only read leave an empty or older database as it is and say what to run."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import inspect

from mailbot.cli.db_commands import open_for_command
from mailbot.cli.main import main
from mailbot.settings import Settings
from store.db import _alembic_config, head_revisions, make_engine, schema_revisions


@pytest.fixture
def url(empty_database_url) -> str:
    return empty_database_url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def at_revision(url: str, revision: str) -> None:
    from alembic import command

    engine = make_engine(url)
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def test_db_current_on_an_empty_database_says_no_schema_and_exits_1(url, capsys):
    code, out, _ = run(capsys, "db", "current", "--db", url)
    assert code == 1
    assert "databasen: ingen tabeller" in out and "kjør `mdreg db upgrade`" in out
    assert tables(url) == set()


def test_db_upgrade_migrates_and_db_current_then_says_up_to_date(url, capsys):
    code, out, _ = run(capsys, "db", "upgrade", "--db", url)
    assert code == 0
    assert out.strip() == f"databasen oppgradert fra ingen tabeller til {head_revisions()[0]}"
    code, out, _ = run(capsys, "db", "current", "--db", url)
    assert code == 0 and "(oppdatert)" in out
    code, out, _ = run(capsys, "db", "upgrade", "--db", url)
    assert out.strip() == f"databasen er allerede på {head_revisions()[0]}"


def test_a_read_only_command_does_not_create_the_schema(url, capsys):
    code, out, err = run(capsys, "cases", "--db", url)
    assert code == 2
    assert "ingen mdreg-tabeller ennå: kjør `mdreg db upgrade`" in err
    assert tables(url) == set()


@pytest.mark.parametrize("argv", [("credentials", "show", "org974760673"), ("export",), ("signals",)])
def test_every_command_that_only_reads_leaves_an_empty_database_alone(url, capsys, argv):
    code, _, err = run(capsys, *argv, "--db", url)
    assert code == 2 and "mdreg db upgrade" in err
    assert tables(url) == set()


def test_a_read_only_command_refuses_an_older_schema_and_leaves_it(url, capsys):
    at_revision(url, "0004")
    code, _, err = run(capsys, "outbox", "--db", url)
    assert code == 2
    assert "på versjon 0004" in err and "mdreg db upgrade" in err
    engine = make_engine(url)
    try:
        assert schema_revisions(engine)[0] == ("0004",)
    finally:
        engine.dispose()


def test_serve_with_no_migrate_refuses_an_older_schema(url, capsys):
    at_revision(url, "0004")
    code, _, err = run(capsys, "serve", "--no-migrate", "--no-smtp", "--db", url)
    assert code == 2
    assert "mdreg serve: Databasen er på versjon 0004" in err


def test_serve_migrates_on_start(url):
    args = argparse.Namespace(command="serve", no_migrate=False)
    engine = open_for_command(args, Settings(db=url))
    try:
        assert schema_revisions(engine) == (head_revisions(), head_revisions())
    finally:
        engine.dispose()
