"""`mdreg --help`, usage lines and usage errors in the operator's language.

The words come from mailbot/cli/lang/<language>.toml: `[command_help]` (one line per command,
keyed by its path, e.g. "brreg import"), `[command_description]` (optional, longer), `[argument.
<command>]` (an argument's help by its dest), `[option]` (flags shared by commands: the global and
setting flags), `[metavar]` and `[argparse]` (argparse's own words, keyed by their English text).
The language is known before the parser is built: `--language`, else `ui_language` from the
settings (MDREG_UI_LANGUAGE, mdreg.toml), else bokmål. Flag names and choices never change.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from mailbot.cli.texts import LANGUAGES, table


class MissingHelp(KeyError):
    """A shown argument or command has no text in the language files."""


def lookup(language: str, section: str, key: str, *, sub: str | None = None) -> str | None:
    """The text of `key` in `[section]` (or `[section.<sub>]`), in `language`, else in bokmål."""
    for lang in (language, "nb"):
        place = table(lang).get(section, {})
        if sub is not None:
            place = place.get(sub, {})
        if key in place:
            return place[key]
    return None


def command_help(language: str, path: tuple[str, ...]) -> tuple[str, str]:
    """(one-line help, description) of the command at `path`."""
    key = " ".join(path)
    line = lookup(language, "command_help", key)
    if line is None:
        raise MissingHelp(f"[command_help] {key!r}")
    return line, lookup(language, "command_description", key) or line


def argument_help(language: str, path: tuple[str, ...], dest: str) -> str:
    text = lookup(language, "argument", dest, sub=" ".join(path)) if path else None
    text = text if text is not None else lookup(language, "option", dest)
    if text is None:
        raise MissingHelp(f"[argument.{' '.join(path) or 'mdreg'}] {dest!r}")
    return text


def localize(parser: argparse.ArgumentParser, language: str, path: tuple[str, ...] = ()) -> None:
    """Give every shown argument of `parser` and its subcommands its help text and metavar."""
    for action in parser._actions:  # argparse has no public walk over a parser's arguments
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                localize(child, language, path + (name,))
        placeholder = _placeholder(action)
        if placeholder:
            action.metavar = lookup(language, "metavar", placeholder) or action.metavar
        if action.help is not argparse.SUPPRESS:
            action.help = argument_help(language, path, action.dest)


def _placeholder(action: argparse.Action) -> str | None:
    """The key of the word argparse shows for an argument's value: its metavar, a positional's
    dest, or an option's DEST; None where the choices are shown instead, or there is no value."""
    if isinstance(action.metavar, str):
        return action.metavar
    if action.choices or action.nargs == 0:
        return None
    return action.dest.upper() if action.option_strings else action.dest


def operator_language(*, flag: str | None, config: Path | None) -> str:
    """The one rule for the command line's language: the flag, else the settings, else bokmål."""
    if flag in LANGUAGES:
        return flag
    from mailbot.settings import load_settings

    try:
        return load_settings(config).ui_language
    except Exception:  # noqa: BLE001 - a broken setting is reported later, in bokmål
        return "nb"


def language_of(argv: list[str]) -> str:
    """The operator's language from the command line before the parser is built."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    early.add_argument("--language")
    early.add_argument("--config", type=Path)
    try:
        known, _ = early.parse_known_args(argv)
    except argparse.ArgumentError:  # e.g. --language without a value: the real parser says so
        return operator_language(flag=None, config=None)
    return operator_language(flag=known.language, config=known.config)


@contextmanager
def argparse_words(language: str) -> Iterator[None]:
    """argparse says "usage:", "options" and its errors through module-level gettext calls; for
    the time of building and parsing they read the language file's `[argparse]` table."""
    words = table(language).get("argparse", {})
    saved = argparse._, argparse.ngettext

    def gettext(message: str) -> str:
        return words.get(message, message)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
