"""What a subcommand of `mdreg` is, so that a module adds one with a `Command` in its COMMANDS.

A command names the setting groups it uses (mailbot/cli/flags.py): their flags appear in its
`--help`; the global flags (--config, --db, --data-dir, --log-level, --debug) are accepted before
or after any subcommand and shown by `mdreg --help`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import Callable, NoReturn

Run = Callable[[argparse.Namespace, object, object], int | None]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Run  # (args, settings, engine) -> exit code; engine is None when database is False
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    groups: tuple[str, ...] = ()  # setting groups whose flags this command shows: smtp, relay, imap
    database: bool = True  # open (and migrate) the database before running
    description: str | None = None
    aliases: tuple[str, ...] = field(default=())


class MdregParser(argparse.ArgumentParser):
    """argparse with usage errors in one line that says where to read more."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)
