"""The `mdreg` command line: builds the settings and the database, then runs one command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from mailbot.settings import Settings, load_settings

# Flag name -> settings field, for the options every command shares.
COMMON_FLAGS = {
    "--db": "db", "--data-dir": "data_dir", "--mailbox": "mailbox", "--smtp-host": "smtp_host",
    "--smtp-port": "smtp_port", "--relay": "relay", "--max-message-size": "max_message_size",
    "--log-level": "log_level",
}
INT_FLAGS = {"--smtp-port", "--max-message-size"}
# IMAP flags: flag -> (settings field, type, choices); the password is better in MDREG_IMAP_PASSWORD or a file.
IMAP_FLAGS = {
    "--imap-host": ("imap_host", str, None), "--imap-port": ("imap_port", int, None),
    "--imap-security": ("imap_security", str, ("tls", "starttls", "none")),
    "--imap-user": ("imap_user", str, None), "--imap-password": ("imap_password", str, None),
    "--imap-password-file": ("imap_password_file", Path, None),
    "--imap-oauth2-token": ("imap_oauth2_token", str, None),
    "--imap-oauth2-token-file": ("imap_oauth2_token_file", Path, None),
    "--imap-ca-file": ("imap_ca_file", Path, None), "--imap-folder": ("imap_folder", str, None),
    "--imap-processed-folder": ("imap_processed_folder", str, None),
    "--imap-mark": ("imap_mark", str, ("move", "flag")), "--imap-keyword": ("imap_keyword", str, None),
    "--imap-poll-seconds": ("imap_poll_seconds", float, None),
    "--imap-idle-seconds": ("imap_idle_seconds", float, None), "--imap-batch": ("imap_batch", int, None),
}


def _common() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, help="settings file (default ./mdreg.toml if present)")
    for flag, dest in COMMON_FLAGS.items():
        parent.add_argument(flag, dest=dest, type=int if flag in INT_FLAGS else str, default=None)
    parent.add_argument("--relay-starttls", dest="relay_starttls", action="store_true", default=None)
    parent.add_argument("--relay-user", dest="relay_user", default=None)
    for flag, (dest, kind, choices) in IMAP_FLAGS.items():
        parent.add_argument(flag, dest=dest, type=kind, choices=choices, default=None)
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="mdreg", description="E-mail intake for the Norwegian Register for Medical Devices")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", parents=[common], help="run the SMTP edge, the worker and the sender")
    serve.add_argument("--workers", type=int, default=1, help="worker threads in this process")
    serve.add_argument("--no-smtp", action="store_true", help="no SMTP edge (e.g. IMAP only)")
    sub.add_parser("imap-check", parents=[common], help="connect to the IMAP server and report what mdreg sees")
    ingest = sub.add_parser("ingest", parents=[common], help="import a .eml, mbox or Maildir")
    ingest.add_argument("path", type=Path)
    ingest.add_argument("--no-process", action="store_true", help="only store; leave processing to serve")
    cases = sub.add_parser("cases", parents=[common], help="list cases")
    cases.add_argument("--status")
    cases.add_argument("--kind")
    cases.add_argument("--json", action="store_true")
    outbox = sub.add_parser("outbox", parents=[common], help="list queued, sent and failed messages")
    outbox.add_argument("--status")
    outbox.add_argument("--json", action="store_true")
    from mailbot.staff_commands import add_subcommands

    add_subcommands(sub, common)  # accept, credentials
    from mailbot.roles import add_role_parsers

    add_role_parsers(sub, common)  # worker, sender
    from mailbot.staff_ui_commands import add_parsers as add_staff_ui_parsers

    add_staff_ui_parsers(sub, common)  # tui, demo
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {dest: getattr(args, dest, None) for dest in (*COMMON_FLAGS.values(), "relay_starttls", "relay_user",
                                                           *(dest for dest, _, _ in IMAP_FLAGS.values()))}
    return load_settings(args.config, **overrides)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_from(args)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("alembic", "mail.log"):  # aiosmtpd logs every SMTP command at INFO
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from store.db import open_database

    engine = open_database(settings.database_url)
    handler = COMMANDS[args.command]
    try:
        return handler(args, settings, engine) or 0
    finally:
        engine.dispose()  # close pooled connections (PostgreSQL) instead of leaving them to the GC


def cmd_serve(args, settings, engine) -> int:
    from mailbot.serve import serve

    serve(settings=settings, engine=engine, workers=args.workers, edge=not args.no_smtp)
    return 0


def cmd_ingest(args, settings, engine) -> int:
    from mailbot.ingest import NotAMailSource, ingest
    from mailbot.worker import Worker

    try:
        summary = ingest(engine=engine, path=args.path, show_progress=sys.stderr.isatty())
    except NotAMailSource as exc:
        print(f"mdreg ingest: {exc}", file=sys.stderr)
        return 2
    processed = 0
    if not args.no_process:
        worker = Worker(settings=settings, engine=engine)
        while worker.process_one():
            processed += 1
    print(f"{summary}; {processed} processed")
    return 1 if summary.failed else 0


def cmd_cases(args, settings, engine) -> int:
    from mailbot.report import case_rows, cases_json
    from store.views import list_cases

    found = list_cases(engine=engine, status=args.status, kind=args.kind)
    if args.json:
        print(json.dumps(cases_json(found), ensure_ascii=False, indent=2))
    else:
        case_rows(found)
    return 0


def cmd_outbox(args, settings, engine) -> int:
    from mailbot.report import outbox_json, outbox_rows
    from store.outbox import list_outbox

    entries = list_outbox(engine=engine, status=args.status)
    if args.json:
        print(json.dumps(outbox_json(entries), ensure_ascii=False, indent=2))
    else:
        outbox_rows(entries)
    return 0


COMMANDS = {"serve": cmd_serve, "ingest": cmd_ingest, "cases": cmd_cases, "outbox": cmd_outbox}


def cmd_worker(args, settings, engine) -> int:
    from mailbot.roles import run_role_command

    return run_role_command("worker", args, settings, engine)


def cmd_sender(args, settings, engine) -> int:
    from mailbot.roles import run_role_command

    return run_role_command("sender", args, settings, engine)


COMMANDS.update({"worker": cmd_worker, "sender": cmd_sender})


def cmd_imap_check(args, settings, engine) -> int:
    from mailbot.imap_check import imap_check

    return imap_check(settings=settings, engine=engine)


COMMANDS["imap-check"] = cmd_imap_check

from mailbot.staff_commands import COMMANDS as _STAFF_COMMANDS  # noqa: E402

COMMANDS.update(_STAFF_COMMANDS)

from mailbot.staff_ui_commands import COMMANDS as _STAFF_UI_COMMANDS  # noqa: E402

COMMANDS.update(_STAFF_UI_COMMANDS)  # tui, demo

if __name__ == "__main__":
    sys.exit(main())
