"""The `mdreg` command line: builds the settings and the database, then runs one command.

Commands live in the modules of COMMAND_MODULES, each a tuple COMMANDS of mailbot.cli.command
.Command: adding a command is a Command in its own module and that module's name here. Errors
are caught once, here: one line on standard error and a non-zero exit, the traceback only with
--debug. A reader that goes away early (`mdreg cases | head -1`) ends any command quietly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from mailbot.cli.command import Command, MdregParser
from mailbot.cli.flags import FLAGS, GROUPS, add_global, add_groups, setting_dests  # noqa: F401
from mailbot.cli.help_texts import argparse_words, language_of, localize, lookup, operator_language
from mailbot.settings import Settings, load_settings

COMMAND_MODULES = (
    "mailbot.cli.mail_commands",  # serve, ingest, cases, outbox
    "mailbot.runners.roles",  # worker, sender
    "mailbot.cli.imap_check",  # imap-check
    "mailbot.cli.staff_commands",  # accept, credentials
    "mailbot.cli.staff_ui_commands",  # tui, demo
)
# Modules in the older shape: add_parsers(sub, common) and a dict COMMANDS of name -> run.
PARSER_MODULES = (
    "mailbot.cli.register_commands",  # brreg
    "mailbot.cli.ops_commands",  # db, health
)

EXIT_USAGE = 2  # bad flags, bad settings
EXIT_FAILURE = 1  # the database, the port, the file, the case
EXIT_INTERRUPTED = 130
EXIT_READER_GONE = 141  # 128 + SIGPIPE, what a shell reports for a tool its pipe stopped


def all_commands() -> dict[str, Command]:
    commands: dict[str, Command] = {}
    for name in COMMAND_MODULES:
        for command in importlib.import_module(name).COMMANDS:
            commands[command.name] = command
    for name in PARSER_MODULES:
        for key, run in importlib.import_module(name).COMMANDS.items():
            commands[key] = Command(key, run)
    return commands


def build_parser(commands: dict[str, Command] | None = None, *, language: str = "nb") -> argparse.ArgumentParser:
    """The parser with every help text in `language`; argparse's own words follow it only inside
    argparse_words(language), which main() opens around building and parsing."""
    commands = commands or all_commands()
    words = {key: lookup(language, "help", key) for key in ("description", "epilog", "global_hint", "global_options")}
    titles = {name: lookup(language, "help", f"group_{name}") for name in GROUPS}
    parser = MdregParser(prog="mdreg", description=words["description"], epilog=words["epilog"], language=language)
    from mailbot.cli.version import add_version_flag

    add_version_flag(parser)
    add_global(parser, shown=True, title=words["global_options"])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = MdregParser(add_help=False)  # for PARSER_MODULES: every setting flag, out of --help
    add_groups(common, ())
    add_global(common, shown=False)
    for name in PARSER_MODULES:
        importlib.import_module(name).add_parsers(sub, common)
    for command in commands.values():
        if command.name in sub.choices:
            continue
        child = sub.add_parser(command.name, epilog=words["global_hint"])
        command.arguments(child)
        add_groups(child, command.groups, titles=titles)
        add_global(child, shown=False)
    localize(parser, language)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(getattr(args, "config", None), **{d: getattr(args, d, None) for d in setting_dests()})


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            return _main(argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # here, not at exit: a closed pipe is then still ours to handle
    except BrokenPipeError:
        return _reader_gone()


def _main(argv: list[str] | None) -> int:
    commands = all_commands()
    language = language_of(sys.argv[1:] if argv is None else argv)
    with argparse_words(language):
        args = build_parser(commands, language=language).parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    try:
        return _run(commands[args.command], args) or 0
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # the reader is gone: nothing to say, and no one to say it to (main)
    except Exception as exc:  # noqa: BLE001 - the one place that turns any error into one line
        if debug:
            raise
        return _report(args.command, exc, language=_language(args))


def _run(command: Command, args: argparse.Namespace) -> int | None:
    settings = settings_from(args)
    from mailbot.logs import configure_logging

    configure_logging(settings)  # level, plain or JSON lines, secrets redacted
    if not command.database:
        return command.run(args, settings, None)
    from mailbot.cli.db_commands import open_for_command
    from store.db import database_errors, require_sqlite_folder

    if settings.db:
        require_sqlite_folder(settings.db)
    else:
        from store.private_files import private_dir

        private_dir(settings.data_dir)  # the default place is ours to make (0700: it holds mail)
    with database_errors(settings.database_url):
        engine = open_for_command(args, settings)  # migrates, or checks the schema, as the command needs
    if engine is None:
        return EXIT_USAGE
    try:
        return command.run(args, settings, engine)
    finally:
        engine.dispose()  # close pooled connections (PostgreSQL) instead of leaving them to the GC


def _reader_gone() -> int:
    """Standard output's reader closed the pipe: stop without a word. What is still buffered goes
    to /dev/null, so that the interpreter's own flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # no stdout file to redirect (an embedding caller's): its flush is its own
    return EXIT_READER_GONE


def _language(args: argparse.Namespace) -> str:
    """The operator's language for an error (the error may be in the settings: then bokmål)."""
    return operator_language(flag=getattr(args, "ui_language", None), config=getattr(args, "config", None))


def _report(name: str, exc: BaseException, *, language: str = "nb") -> int:
    """One line on standard error, said in the operator's language when the error has a code."""
    from mailbot.cli.texts import Say
    from mailbot.errors import ConfigurationError, MailbotError, NotAMailSource
    from mailbot.errors import text as mailbot_text
    from store.errors import StoreError
    from store.errors import text as store_text

    text = str(exc) or type(exc).__name__
    if isinstance(exc, (ConfigurationError, NotAMailSource)):
        code, text = EXIT_USAGE, mailbot_text(exc, language)
    elif isinstance(exc, StoreError):
        code, text = EXIT_FAILURE, store_text(exc, language)
    elif isinstance(exc, MailbotError):
        code, text = EXIT_FAILURE, mailbot_text(exc, language)
    elif isinstance(exc, OSError):
        code, text = EXIT_FAILURE, f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or text}"
    else:
        code, text = EXIT_FAILURE, Say(language)("error", "unexpected", error=type(exc).__name__, text=text)
    print(f"mdreg {name}: {' '.join(text.split())}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
