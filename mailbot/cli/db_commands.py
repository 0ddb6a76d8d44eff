"""The database's lifecycle on the command line: `mdreg db upgrade|current`, and which commands
migrate on start (`serve` unless --no-migrate, and those that write) and which only check."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.engine import Engine

from mailbot.settings import Settings

# Commands that only read: they never migrate, and refuse a schema that is not this code's.
READ_ONLY = frozenset({"cases", "outbox", "export", "signals"})
# Subcommands that only read, as (command, action).
READ_ONLY_ACTIONS = frozenset({("credentials", "show"), ("credentials", "verify")})
# Commands that look at the database themselves (and must work when it is down or empty).
OWN_CHECKS = frozenset({"db", "health", "imap-check"})


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", parents=[common])
    db.add_argument("action", choices=("upgrade", "current"))


def _reads_only(args: argparse.Namespace) -> bool:
    return args.command in READ_ONLY or (args.command, getattr(args, "action", None)) in READ_ONLY_ACTIONS


def open_for_command(args: argparse.Namespace, settings: Settings) -> Engine | None:
    """The engine a command runs on, migrated if the command may migrate; None (with the reason on
    stderr) when a command that may not migrate finds the schema behind."""
    from store.db import make_engine, migrate, require_current_schema
    from store.errors import SchemaNotCurrent

    engine = make_engine(settings.database_url)
    if args.command in OWN_CHECKS:
        return engine
    try:
        if _reads_only(args) or getattr(args, "no_migrate", False):
            require_current_schema(engine)
        else:
            migrate(engine)
    except SchemaNotCurrent as exc:
        from store.errors import text

        engine.dispose()
        print(f"mdreg {args.command}: {text(exc, settings.ui_language)}", file=sys.stderr)
        return None
    return engine


def cmd_db(args, settings, engine) -> int:
    from mailbot.cli.texts import say_for
    from store.db import migrate, schema_revisions

    say = say_for(settings)
    names = lambda revisions: ", ".join(revisions) if revisions else say("db", "no_schema")  # noqa: E731
    before, heads = schema_revisions(engine)
    if args.action == "upgrade":
        migrate(engine)
        after, _ = schema_revisions(engine)
        if before == after:
            print(say("db", "already", revision=names(after)))
        else:
            print(say("db", "upgraded", before=names(before), after=names(after)))
        return 0
    status = say("db", "current" if set(before) == set(heads) else "behind")
    print(say("db", "at", revision=names(before), heads=names(heads), status=status))
    return 0 if set(before) == set(heads) else 1


COMMANDS = {"db": cmd_db}
