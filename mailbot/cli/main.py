"""The `mdreg` command line: builds the settings and the database, then runs one command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from mailbot.settings import Settings, load_settings

# The options every command shares: flag -> (settings field, type, choices, help). Each setting
# also has an MDREG_* variable and a key in mdreg.toml (mailbot/settings.py).
FLAGS = {
    "--db": ("db", str, None, "database URL (default: SQLite file in the data dir)"),
    "--data-dir": ("data_dir", Path, None, "SQLite file and Maildir of sent mail (default ./var)"),
    "--mailbox": ("mailbox", str, None, "the address mdreg receives for and sends from"),
    "--smtp-host": ("smtp_host", str, None, "where the SMTP edge listens (default 127.0.0.1)"),
    "--smtp-port": ("smtp_port", int, None, "SMTP edge port (default 8025)"),
    "--relay": ("relay", str, None, "outbound SMTP relay HOST:PORT (default: Maildir under the data dir)"),
    "--relay-user": ("relay_user", str, None, "AUTH user at the relay (password: MDREG_RELAY_PASSWORD)"),
    "--lmtp-socket": ("lmtp_socket", Path, None, "serve LMTP on this UNIX socket (for Postfix lmtp:unix:)"),
    "--lmtp-port": ("lmtp_port", int, None, "serve LMTP on this TCP port (lmtp_host, default 127.0.0.1)"),
    "--metrics-port": ("metrics_port", int, None, "Prometheus metrics on this port (metrics_host, default 127.0.0.1)"),
    "--max-message-size": ("max_message_size", int, None, "bytes; larger messages get 552"),
    "--log-level": ("log_level", str, None, "DEBUG, INFO, WARNING …"),
    "--imap-host": ("imap_host", str, None, "watch this IMAP server"),
    "--imap-port": ("imap_port", int, None, "default 993 (tls) or 143"),
    "--imap-security": ("imap_security", str, ("tls", "starttls", "none"), None),
    "--imap-user": ("imap_user", str, None, None),
    "--imap-password": ("imap_password", str, None, "better MDREG_IMAP_PASSWORD or --imap-password-file"),
    "--imap-password-file": ("imap_password_file", Path, None, None),
    "--imap-oauth2-token": ("imap_oauth2_token", str, None, "log in with XOAUTH2"),
    "--imap-oauth2-token-file": ("imap_oauth2_token_file", Path, None, None),
    "--imap-ca-file": ("imap_ca_file", Path, None, "trust this CA instead of the system's"),
    "--imap-folder": ("imap_folder", str, None, "default INBOX"),
    "--imap-processed-folder": ("imap_processed_folder", str, None, "where stored messages are moved"),
    "--imap-mark": ("imap_mark", str, ("move", "flag"), "how a stored message is marked"),
    "--imap-keyword": ("imap_keyword", str, None, "keyword for --imap-mark flag"),
    "--imap-poll-seconds": ("imap_poll_seconds", float, None, "polling interval without IDLE"),
    "--imap-idle-seconds": ("imap_idle_seconds", float, None, "IDLE re-issue interval; 0 polls"),
    "--imap-batch": ("imap_batch", int, None, "messages fetched per batch"),
}


def _common() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, help="settings file (default ./mdreg.toml if present)")
    for flag, (dest, kind, choices, help_text) in FLAGS.items():
        parent.add_argument(flag, dest=dest, type=kind, choices=choices, default=None, help=help_text)
    parent.add_argument("--relay-starttls", dest="relay_starttls", action="store_true", default=None,
                        help="STARTTLS towards the relay")
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="mdreg", description="E-mail intake for the Norwegian Register for Medical Devices")
    from mailbot.cli.version import add_version_flag

    add_version_flag(parser)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", parents=[common], help="run the SMTP edge, the worker and the sender")
    serve.add_argument("--workers", type=int, default=1, help="worker threads in this process")
    serve.add_argument("--no-smtp", action="store_true", help="no SMTP edge (e.g. IMAP only)")
    serve.add_argument("--no-migrate", action="store_true", help="do not migrate; refuse an outdated schema")
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
    from mailbot.cli.staff_commands import add_subcommands

    add_subcommands(sub, common)  # accept, credentials
    from mailbot.runners.roles import add_role_parsers

    add_role_parsers(sub, common)  # worker, sender
    from mailbot.cli.staff_ui_commands import add_parsers as add_staff_ui_parsers

    add_staff_ui_parsers(sub, common)  # tui, demo
    from mailbot.cli.register_commands import add_parsers as add_register_parsers

    add_register_parsers(sub, common)  # brreg, purge, erase, export
    from mailbot.cli.ops_commands import add_parsers as add_ops_parsers

    add_ops_parsers(sub, common)  # db, health
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    dests = [dest for dest, *_ in FLAGS.values()] + ["relay_starttls"]
    return load_settings(args.config, **{dest: getattr(args, dest, None) for dest in dests})


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_from(args)
    from mailbot.logs import configure_logging

    configure_logging(settings)  # level, plain or JSON lines, secrets redacted
    from mailbot.cli.db_commands import open_for_command

    engine = open_for_command(args, settings)  # migrates, or checks the schema, as the command needs
    if engine is None:
        return 2
    handler = COMMANDS[args.command]
    try:
        return handler(args, settings, engine) or 0
    finally:
        engine.dispose()  # close pooled connections (PostgreSQL) instead of leaving them to the GC


def cmd_serve(args, settings, engine) -> int:
    from mailbot.runners.serve import serve

    serve(settings=settings, engine=engine, workers=args.workers, edge=not args.no_smtp)
    return 0


def cmd_ingest(args, settings, engine) -> int:
    from mailbot.edges.ingest import NotAMailSource, ingest
    from mailbot.runners.worker import Worker

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
    from mailbot.cli.report import case_rows, cases_json
    from store.views import list_cases

    found = list_cases(engine=engine, status=args.status, kind=args.kind)
    if args.json:
        print(json.dumps(cases_json(found), ensure_ascii=False, indent=2))
    else:
        case_rows(found)
    return 0


def cmd_outbox(args, settings, engine) -> int:
    from mailbot.cli.report import outbox_json, outbox_rows
    from store.outbox import list_outbox

    entries = list_outbox(engine=engine, status=args.status)
    if args.json:
        print(json.dumps(outbox_json(entries), ensure_ascii=False, indent=2))
    else:
        outbox_rows(entries)
    return 0


COMMANDS = {"serve": cmd_serve, "ingest": cmd_ingest, "cases": cmd_cases, "outbox": cmd_outbox}


def cmd_worker(args, settings, engine) -> int:
    from mailbot.runners.roles import run_role_command

    return run_role_command("worker", args, settings, engine)


def cmd_sender(args, settings, engine) -> int:
    from mailbot.runners.roles import run_role_command

    return run_role_command("sender", args, settings, engine)


COMMANDS.update({"worker": cmd_worker, "sender": cmd_sender})


def cmd_imap_check(args, settings, engine) -> int:
    from mailbot.cli.imap_check import imap_check

    return imap_check(settings=settings, engine=engine)


COMMANDS["imap-check"] = cmd_imap_check

from mailbot.cli.staff_commands import COMMANDS as _STAFF_COMMANDS  # noqa: E402

COMMANDS.update(_STAFF_COMMANDS)

from mailbot.cli.staff_ui_commands import COMMANDS as _STAFF_UI_COMMANDS  # noqa: E402

COMMANDS.update(_STAFF_UI_COMMANDS)  # tui, demo

from mailbot.cli.register_commands import COMMANDS as _REGISTER_COMMANDS  # noqa: E402

COMMANDS.update(_REGISTER_COMMANDS)  # brreg, purge, erase, export
from mailbot.cli.ops_commands import COMMANDS as _OPS_COMMANDS  # noqa: E402

COMMANDS.update(_OPS_COMMANDS)  # db, health

if __name__ == "__main__":
    sys.exit(main())
