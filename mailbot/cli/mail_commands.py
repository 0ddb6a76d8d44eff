"""`mdreg serve`, `ingest`, `cases` and `outbox`: receiving mail and seeing what became of it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from intake.states import CaseKind, CaseState, OutboxStatus
from mailbot.cli.command import Command
from store import outbox as outbox_store

# The choices of --status and --kind: the values of the enums in intake/states.py.
STATES = tuple(str(state) for state in CaseState)
KINDS = tuple(str(kind) for kind in CaseKind)
OUTBOX_STATUSES = tuple(str(status) for status in OutboxStatus)


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-smtp", action="store_true")
    parser.add_argument("--no-migrate", action="store_true")


def cmd_serve(args, settings, engine) -> int:
    from mailbot.runners.serve import serve

    serve(settings=settings, engine=engine, workers=args.workers, edge=not args.no_smtp)
    return 0


def _ingest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH")
    parser.add_argument("--no-process", action="store_true")


def cmd_ingest(args, settings, engine) -> int:
    from rich.progress import Progress

    from mailbot.cli.texts import say_for
    from mailbot.edges.ingest import ingest, messages_in
    from mailbot.runners.worker import Worker

    say = say_for(settings)
    raws = messages_in(args.path)  # NotAMailSource is reported by main, in one line
    queued_before = outbox_store.count(engine=engine, status=OutboxStatus.QUEUED)
    processed = 0
    with Progress(disable=not sys.stderr.isatty(), transient=True, console=_stderr()) as progress:
        storing = progress.add_task(say("ingest", "storing", name=args.path.name or args.path), total=len(raws))
        summary = ingest(engine=engine, path=args.path, raws=raws, advance=lambda: progress.advance(storing))
        if not args.no_process:
            working = progress.add_task(say("ingest", "processing"), total=summary.stored)
            worker = Worker(settings=settings, engine=engine)
            try:
                while worker.process_one():
                    processed += 1
                    progress.advance(working)
            finally:
                worker.close()  # its intake children
    queued = outbox_store.count(engine=engine, status=OutboxStatus.QUEUED) - queued_before
    print(say("ingest", "summary", stored=summary.stored, duplicates=summary.duplicates, failed=summary.failed)
          + (say("ingest", "skipped", skipped=summary.skipped) if summary.skipped else "")
          + say("ingest", "processed", count=processed))
    print(_next_steps(no_process=args.no_process, stored=summary.stored, queued=queued, say=say))
    return 1 if summary.failed else 0


def _next_steps(*, no_process: bool, stored: int, queued: int, say) -> str:
    if no_process and stored:
        return say("ingest", "next_process")
    if queued == 1:
        return say("ingest", "next_queued_one")
    if queued > 1:
        return say("ingest", "next_queued", count=queued)
    return say("ingest", "next_nothing")


def _stderr():
    from rich.console import Console

    return Console(stderr=True)


def _cases_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=STATES)
    parser.add_argument("--kind", choices=KINDS)
    parser.add_argument("--fields", action="store_true")
    parser.add_argument("--json", action="store_true")


def cmd_cases(args, settings, engine) -> int:
    from mailbot.cli.report import case_rows, cases_json
    from store.views import list_cases

    from mailbot.cli.texts import say_for

    found = list_cases(engine=engine, status=args.status, kind=args.kind)
    if args.json:
        print(json.dumps(cases_json(found), ensure_ascii=False, indent=2))
    else:
        case_rows(found, with_fields=args.fields, say=say_for(settings))
    return 0


def _outbox_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=OUTBOX_STATUSES)
    parser.add_argument("--json", action="store_true")


def cmd_outbox(args, settings, engine) -> int:
    from mailbot.cli.report import outbox_json, outbox_rows

    from mailbot.cli.texts import say_for

    entries = outbox_store.list_outbox(engine=engine, status=args.status)
    if args.json:
        print(json.dumps(outbox_json(entries), ensure_ascii=False, indent=2))
    else:
        outbox_rows(entries, say=say_for(settings))
    return 0


COMMANDS = (
    Command("serve", cmd_serve, _serve_arguments,
            groups=("smtp", "relay", "imap")),
    Command("ingest", cmd_ingest, _ingest_arguments),
    Command("cases", cmd_cases, _cases_arguments),
    Command("outbox", cmd_outbox, _outbox_arguments),
)
