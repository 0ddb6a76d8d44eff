"""The operator's commands, registered on the command line in one place: `mdreg db`, `mdreg health`."""

from __future__ import annotations

import argparse

from mailbot.cli import db_commands, health_command


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    db_commands.add_parsers(sub, common)
    health_command.add_parser(sub, common)


COMMANDS = {**db_commands.COMMANDS, **health_command.COMMANDS}
