"""`mdreg tui` and `mdreg demo`: the staff terminal UI and a populated queue for newcomers."""

from __future__ import annotations

import sys


def add_parsers(sub, common) -> None:
    tui = sub.add_parser("tui", parents=[common], help="the staff terminal UI: triage the queue, work cases")
    tui.add_argument("--actor", help="who the audit log names for your actions (default: your OS user)")
    sub.add_parser("demo", parents=[common], help="fill an empty database with a few realistic cases")


def cmd_tui(args, settings, engine) -> int:
    from tui.app import MdregApp

    if getattr(args, "actor", None):
        settings = settings.model_copy(update={"actor": args.actor})
    MdregApp(settings=settings, engine=engine).run()
    return 0


def cmd_demo(args, settings, engine) -> int:
    from mailbot.cli.demo import DemoRefused, run_demo

    try:
        processed = run_demo(settings=settings, engine=engine)
    except DemoRefused as exc:
        print(f"mdreg demo: {exc}", file=sys.stderr)
        return 1
    print(f"{processed} demo messages processed; open them with `mdreg tui`")
    return 0


COMMANDS = {"tui": cmd_tui, "demo": cmd_demo}
