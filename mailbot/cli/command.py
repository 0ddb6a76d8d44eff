"""What a subcommand of `mdreg` is, so that a module adds one with a `Command` in its COMMANDS.

A command names the setting groups it uses (mailbot/cli/flags.py): their flags appear in its
`--help`; the global flags (--config, --db, --data-dir, --log-level, --debug) are accepted before
or after any subcommand and shown by `mdreg --help`. Its help texts are in the language files
(mailbot/cli/help_texts.py), under its name.
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
    run: Run  # (args, settings, engine) -> exit code; engine is None when database is False
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    groups: tuple[str, ...] = ()  # setting groups whose flags this command shows: smtp, relay, imap
    database: bool = True  # open (and migrate) the database before running
    aliases: tuple[str, ...] = field(default=())


class MdregParser(argparse.ArgumentParser):
    """argparse with usage errors in one line that says where to read more, in `language`; its
    subcommands take their help from the language files by their path (e.g. "brreg import")."""

    def __init__(self, *args, language: str = "nb", path: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language, self.path = language, path

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("action", MdregSubParsers)
        subparsers = super().add_subparsers(**kwargs)
        subparsers.language, subparsers.path = self.language, self.path
        return subparsers

    def error(self, message: str) -> NoReturn:
        from mailbot.cli.texts import Say

        sys.stderr.write(Say(self.language)("usage", "error", prog=self.prog, message=message) + "\n")
        raise SystemExit(2)


class MdregSubParsers(argparse._SubParsersAction):  # add_subparsers(action=…) takes the class to use
    language: str = "nb"
    path: tuple[str, ...] = ()

    def add_parser(self, name: str, **kwargs):
        from mailbot.cli.help_texts import command_help

        path = self.path + (name,)
        kwargs["help"], description = command_help(self.language, path)
        kwargs.setdefault("description", description)
        return super().add_parser(name, language=self.language, path=path, **kwargs)
