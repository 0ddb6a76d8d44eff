"""One alembic history for SQLite and PostgreSQL: one head, upgrade from empty, a no-op when up to
date, and several processes starting at once against an empty database."""

from __future__ import annotations

import sys
import subprocess

from alembic.script import ScriptDirectory
from sqlalchemy import event, inspect
from sqlmodel import SQLModel

import store.models  # noqa: F401 - registers the tables
from store.db import _alembic_config, current_revisions, head_revisions, make_engine, migrate, open_database


def test_the_history_has_exactly_one_head_and_one_base():
    script = ScriptDirectory.from_config(_alembic_config())
    assert len(script.get_heads()) == 1, f"several heads: {script.get_heads()} (merge them)"
    assert len(script.get_bases()) == 1
    chain = list(script.walk_revisions())  # head to base; fails on a broken down_revision
    assert chain[0].revision == head_revisions()[0]
    assert chain[-1].down_revision is None


def test_upgrade_from_empty_creates_every_table(empty_database_url):
    engine = open_database(empty_database_url)
    try:
        with engine.connect() as connection:
            assert current_revisions(connection) == head_revisions()
            tables = set(inspect(connection).get_table_names())
        assert set(SQLModel.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_models_and_migrations_agree(empty_database_url):
    """Every table and column of store.models comes out of the migrations (autogenerate finds nothing)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = open_database(empty_database_url)
    try:
        with engine.connect() as connection:
            diffs = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        added_or_removed = [d for d in diffs if isinstance(d, tuple) and d[0] in (
            "add_table", "remove_table", "add_column", "remove_column")]
        assert added_or_removed == []
    finally:
        engine.dispose()


def test_opening_an_up_to_date_database_again_is_a_no_op(empty_database_url):
    open_database(empty_database_url).dispose()
    engine = make_engine(empty_database_url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: statements.append(sql))
    try:
        migrate(engine)
        migrate(engine)
    finally:
        engine.dispose()
    changing = [s for s in statements
                if s.lstrip().split()[0].upper() in ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE")]
    assert changing == []
    assert not any("advisory" in s for s in statements), "no lock taken when nothing is to be done"
    assert len(statements) <= 8


def test_the_heads_read_from_the_version_files_are_alembics(tmp_path):
    from store.db import shipped_heads

    assert shipped_heads() == set(head_revisions())


def test_a_command_on_an_up_to_date_database_starts_without_importing_alembic(empty_database_url, tmp_path):
    """Importing alembic was most of a short command's start-up (`mdreg brreg import` must finish
    in seconds): a database already at head is recognised without it."""
    import os
    from pathlib import Path

    open_database(empty_database_url).dispose()
    code = ("import sys\nfrom store.db import open_database\nopen_database(sys.argv[1]).dispose()\n"
            "print('alembic' in sys.modules)\n")
    env = {**os.environ, "PYTHONPATH": str(Path(store.models.__file__).parents[1])}
    done = subprocess.run([sys.executable, "-c", code, empty_database_url], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "False"


def test_several_processes_starting_at_once_on_an_empty_database(empty_database_url, tmp_path):
    """Four `mdreg` processes migrate one empty database at the same moment: all start fine."""
    code = (
        "import sys, time\n"
        "from store.db import open_database, current_revisions\n"
        "start = float(sys.argv[2])\n"
        "while time.time() < start: time.sleep(0.005)\n"
        "engine = open_database(sys.argv[1])\n"
        "with engine.connect() as c: print(','.join(current_revisions(c)))\n"
    )
    import time

    start = str(time.time() + 2.0)  # interpreters first, then all migrate together
    import os
    from pathlib import Path

    env = {**os.environ, "PYTHONPATH": str(Path(store.models.__file__).parents[1])}  # this checkout's code
    procs = [subprocess.Popen([sys.executable, "-c", code, empty_database_url, start], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=tmp_path, env=env) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err.decode()[-3000:]
        assert out.decode().strip() == ",".join(head_revisions())


def test_upgrade_from_the_first_revision_keeps_rows_that_refer_to_each_other(empty_database_url):
    """An installation at the first revision, with cases and messages pointing at them, upgrades
    (SQLite rebuilds the `case` table on the way: foreign keys must not stop it)."""
    from alembic import command
    from sqlalchemy import text

    script = ScriptDirectory.from_config(_alembic_config())
    first = script.get_bases()[0]
    engine = make_engine(empty_database_url)
    try:
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, first)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO \"case\" (id, kind, status, subject, language, received_at, updated_at, fields, flags,"
                " missing_count, requests_sent) VALUES (1, 'registration', 'new', 's', 'nb', :t, :t, '{}', '[]', 0, 0)"
            ), {"t": "2026-01-01 00:00:00"})
            connection.execute(text(
                "INSERT INTO inbound_message (id, received_at, source, sha256, size, raw, status, attempts, case_id)"
                " VALUES (1, :t, 'smtp', 'abc', 1, :raw, 'done', 1, 1)"
            ), {"t": "2026-01-01 00:00:00", "raw": b"x"})
        migrate(engine)
        with engine.connect() as connection:
            assert current_revisions(connection) == head_revisions()
            assert connection.execute(text("SELECT case_id FROM inbound_message")).scalar() == 1
            assert connection.execute(text('SELECT count(*) FROM "case"')).scalar() == 1
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1, "switched on again"
    finally:
        engine.dispose()


def test_every_constraint_has_the_conventions_name(empty_database_url):
    """Primary keys, foreign keys and unique constraints are named alike on SQLite and PostgreSQL."""
    engine = open_database(empty_database_url)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            for table in SQLModel.metadata.tables:
                assert inspector.get_pk_constraint(table)["name"] == f"pk_{table}"
                fks = inspector.get_foreign_keys(table)
                assert [fk["name"] for fk in fks] == [f"fk_{table}_{fk['constrained_columns'][0]}" for fk in fks]
                assert all(uq["name"] for uq in inspector.get_unique_constraints(table))
    finally:
        engine.dispose()


def test_the_models_name_their_constraints_as_the_migrations_do():
    for table in SQLModel.metadata.tables.values():
        assert table.primary_key.name == f"pk_{table.name}"
        assert all(fk.name == f"fk_{table.name}_{fk.column_keys[0]}" for fk in table.foreign_key_constraints)
