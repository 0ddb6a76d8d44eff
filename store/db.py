"""Engine and sessions for SQLite (embedded default) and PostgreSQL, and migrations on start."""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import DateTime, Interval, event, func, literal, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

from store.private_files import private_file
from store.sqlite_begin import BUSY_TIMEOUT_MS, PromptConnection

MIGRATIONS = Path(__file__).with_name("migrations")

# PostgreSQL NOTIFY channels: new stored mail, and replies due. Whoever commits such work
# announces it in the same transaction (notify_on_commit), whichever process or command it is;
# mailbot/runners/wakeup.py listens and wakes that process's worker or sender.
INBOUND_CHANNEL = "mdreg_inbound"
OUTBOX_CHANNEL = "mdreg_outbox"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, fsync on every commit and write-locking transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A server that does not answer is an error after 10 s, not a hang (health checks, start-up).
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                               connect_args={"connect_timeout": 10})
        event.listen(engine, "before_cursor_execute", _no_nul_in_text, retval=True)
        return engine
    if parsed.database and parsed.database != ":memory:":
        # Created 0600 in a 0700 directory: SQLite gives its -wal and -shm files the same mode.
        private_file(Path(parsed.database))
    # PromptConnection: BEGIN gets the write lock as soon as it is free (store/sqlite_begin.py).
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000,
                                              "factory": PromptConnection})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _no_nul_in_text(conn, cursor, statement, parameters, context, executemany):
    """PostgreSQL text cannot hold NUL, and mail can (a subject, a value in a broken PDF):
    store U+FFFD in its place rather than fail to record the message."""
    return statement, _clean(parameters)


def _clean(value):
    # A batch is a list of parameter sets, one set a mapping (or a tuple): clean all the way down.
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, Mapping):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(v) for v in value)
    return value


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    # Take transactions into our own hands so that each one can begin IMMEDIATE (below).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed message survives power loss
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(conn) -> None:
    # IMMEDIATE takes the write lock up front: two writers never deadlock upgrading a read lock
    # (store/sqlite_begin.py: without the busy handler's growing sleeps).
    # Sent on the driver's connection: through exec_driver_sql it cost a tenth of a millisecond of
    # every transaction, a sixth of the edge's time per message.
    conn.connection.driver_connection.begin_immediate()


def notify_on_commit(session: Session | Connection, channel: str) -> None:
    """On PostgreSQL, NOTIFY `channel` when the transaction of `session` (or of a core
    connection) commits (PostgreSQL sends it then, once per channel and transaction, and never
    for one rolled back); nothing on SQLite, where waiters poll."""
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    if dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": channel})


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def claim_clock(engine: Engine, stale_after: float):
    """(now, stale) as SQL expressions: the database's clock on PostgreSQL, so that workers on
    machines whose clocks disagree still agree on when a claim went stale; on SQLite (one machine)
    this process's clock, as the timestamps it compares with were written by it."""
    if is_sqlite(engine):
        now = datetime.now(timezone.utc)
        return literal(now, DateTime(timezone=True)), literal(now - timedelta(seconds=stale_after),
                                                              DateTime(timezone=True))
    return func.now(), func.now() - literal(timedelta(seconds=stale_after), Interval())


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# Any constant will do, as long as nothing else on the server uses it: "mdreg" in ASCII.
MIGRATION_LOCK_KEY = 0x6D64726567


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revisions() -> tuple[str, ...]:
    """The head revision(s) of the alembic history shipped with this code (exactly one, normally)."""
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(_alembic_config()).get_heads())


_REVISION_LINE = re.compile(r"^(down_revision|revision)\b[^=]*=(.*)$", re.MULTILINE)


def shipped_heads() -> set[str]:
    """head_revisions() read from the version files' own `revision` / `down_revision` lines,
    without importing alembic (its import is most of a short command's start-up)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text("utf-8")))
        revision = re.findall(r"['\"]([^'\"]+)['\"]", found.get("revision", ""))
        if len(revision) != 1:
            raise ValueError(f"{path.name}: no single revision line")
        revisions.add(revision[0])
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", found.get("down_revision", "")))
    return revisions - parents


def _at_head(engine: Engine) -> bool:
    """The database is stamped with exactly this code's heads (alembic_version read directly).
    Anything unexpected answers no, and alembic itself decides."""
    try:
        heads = shipped_heads()
        with engine.connect() as connection:
            stamped = {row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")}
    except Exception:  # noqa: BLE001 - no table yet, an odd file: the full path below answers
        return False
    return bool(heads) and stamped == heads


def current_revisions(connection) -> tuple[str, ...]:
    """The revision(s) the database is at; () for an empty database."""
    from alembic.runtime.migration import MigrationContext

    return tuple(MigrationContext.configure(connection).get_current_heads())


def schema_revisions(engine: Engine) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the database's revisions, this code's heads); the first is () for an empty database."""
    with engine.connect() as connection:
        return current_revisions(connection), head_revisions()


def require_current_schema(engine: Engine) -> None:
    """Raise SchemaNotCurrent unless the database is exactly at this code's head: for commands
    that only read, which must neither migrate nor misread an older or newer schema."""
    from store.errors import SchemaNotCurrent

    current, heads = schema_revisions(engine)
    if set(current) == set(heads):
        return
    if not current:
        raise SchemaNotCurrent("the database has no mdreg schema yet: run `mdreg db upgrade` (or `mdreg serve`)",
                               code="no_schema")
    raise SchemaNotCurrent(f"the database is at revision {', '.join(current)}, this mdreg expects "
                           f"{', '.join(heads)}: run `mdreg db upgrade`",
                           current=", ".join(current), expected=", ".join(heads))


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest alembic revision.

    Several processes may start at once against a fresh database: on PostgreSQL a transaction-level
    advisory lock lets one migrate while the others wait and then find the schema up to date; on
    SQLite the migrating transaction begins IMMEDIATE and so holds the database's write lock.
    A database already at head is left alone without taking any lock.
    """
    if _at_head(engine):
        return
    from alembic import command

    heads = set(head_revisions())
    if not is_sqlite(engine):
        with engine.connect() as connection:
            if set(current_revisions(connection)) == heads:
                return
    config = _alembic_config()
    with engine.connect() as connection:
        sqlite_raw = connection.connection.driver_connection if is_sqlite(engine) else None
        if sqlite_raw is not None:
            # SQLite alters a table by copying it and dropping the old one, which foreign keys
            # forbid once rows refer to it: they are switched off for the migration (only possible
            # outside a transaction) and checked before it commits, as SQLite's manual prescribes.
            sqlite_raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                if set(current_revisions(connection)) == heads:
                    return
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite_raw is not None:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")
        finally:
            if sqlite_raw is not None:
                sqlite_raw.execute("PRAGMA foreign_keys=ON")


def open_database(url: str) -> Engine:
    """An engine whose schema is up to date: what every entry point starts with.

    Raises DatabaseUnavailable, in one line, for a malformed URL, a missing driver and a server
    that cannot be reached."""
    with database_errors(url):
        engine = make_engine(url)
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
    return engine


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn what SQLAlchemy and the drivers raise on opening `url` into DatabaseUnavailable."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from store.errors import DatabaseUnavailable

    shown = _shown(url)
    try:
        yield
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailable(f"database {shown}: no driver for it ({_first_line(exc)})", code="no_driver",
                                  database=shown, cause=_first_line(exc)) from exc
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUnavailable(f"database URL {shown!r} is not valid: {_first_line(exc)}", code="bad_url",
                                  database=shown, cause=_first_line(exc)) from exc
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        raise DatabaseUnavailable(f"database {shown}: cannot open it: {_first_line(cause)}", code="cannot_open",
                                  database=shown, cause=_first_line(cause)) from exc


def require_sqlite_folder(url: str) -> None:
    """DatabaseUnavailable when `url` is a SQLite file in a folder that does not exist: for a URL
    the operator typed, where a typo should not make folders."""
    from store.errors import DatabaseUnavailable

    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - open_database says what is wrong with the URL
        return
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise DatabaseUnavailable(f"database {_shown(url)}: folder {folder} does not exist", code="no_folder",
                                      database=_shown(url), folder=folder)


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return url


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__
