"""`mdreg tui` and `mdreg demo`: the staff terminal UI and a populated queue for newcomers."""

from __future__ import annotations

import sys


from mailbot.cli.command import Command


def _tui_arguments(parser) -> None:
    parser.add_argument("--actor")


def cmd_tui(args, settings, engine) -> int:
    from tui.app import MdregApp

    if getattr(args, "actor", None):
        settings = settings.model_copy(update={"actor": args.actor})
    MdregApp(settings=settings, engine=engine).run()
    return 0


def cmd_demo(args, settings, engine) -> int:
    from mailbot.cli.demo import DemoRefused, run_demo

    from mailbot.cli.texts import say_for

    say = say_for(settings)
    try:
        processed = run_demo(settings=settings, engine=engine)
    except DemoRefused:  # its one reason: the database already has cases
        print(f"mdreg demo: {say('demo', 'refused')}", file=sys.stderr)
        return 1
    print(say("demo", "done", count=processed))
    return 0


COMMANDS = (
    Command("tui", cmd_tui, _tui_arguments),
    Command("demo", cmd_demo),
)
