"""The command-line flags that set a setting, in groups; each also has an MDREG_* variable and a
key in mdreg.toml (mailbot/settings.py). Flags default to "not given", so that the environment
and the file still apply."""

from __future__ import annotations

import argparse
from pathlib import Path

# group -> flag -> (settings field, type, choices); the help texts are in the language files
# ([option], by settings field) and the group titles too ([help] group_<name>).
GROUPS: dict[str, dict[str, tuple]] = {
    "global": {
        "--db": ("db", str, None),
        "--data-dir": ("data_dir", Path, None),
        "--mailbox": ("mailbox", str, None),
        "--log-level": ("log_level", str.upper, ("DEBUG", "INFO", "WARNING", "ERROR")),
        "--language": ("ui_language", str, ("nb", "en")),
    },
    "smtp": {
        "--smtp-host": ("smtp_host", str, None),
        "--smtp-port": ("smtp_port", int, None),
        "--max-message-size": ("max_message_size", int, None),
        "--lmtp-socket": ("lmtp_socket", Path, None),
        "--lmtp-port": ("lmtp_port", int, None),
        "--metrics-port": ("metrics_port", int, None),
    },
    "relay": {
        "--relay": ("relay", str, None),
        "--relay-user": ("relay_user", str, None),
    },
    "imap": {
        "--imap-host": ("imap_host", str, None),
        "--imap-port": ("imap_port", int, None),
        "--imap-security": ("imap_security", str, ("tls", "starttls", "none")),
        "--imap-user": ("imap_user", str, None),
        "--imap-password": ("imap_password", str, None),
        "--imap-password-file": ("imap_password_file", Path, None),
        "--imap-oauth2-token": ("imap_oauth2_token", str, None),
        "--imap-oauth2-token-file": ("imap_oauth2_token_file", Path, None),
        "--imap-ca-file": ("imap_ca_file", Path, None),
        "--imap-folder": ("imap_folder", str, None),
        "--imap-processed-folder": ("imap_processed_folder", str, None),
        "--imap-mark": ("imap_mark", str, ("move", "flag")),
        "--imap-keyword": ("imap_keyword", str, None),
        "--imap-poll-seconds": ("imap_poll_seconds", float, None),
        "--imap-idle-seconds": ("imap_idle_seconds", float, None),
        "--imap-batch": ("imap_batch", int, None),
    },
}
SWITCHES = {"relay": {"--relay-starttls": "relay_starttls"}}

# Every flag, for code that still reads the flat table.
FLAGS = {flag: spec for group in GROUPS.values() for flag, spec in group.items()}


def setting_dests() -> list[str]:
    return [spec[0] for spec in FLAGS.values()] + [d for g in SWITCHES.values() for d in g.values()]


def add_global(parser: argparse.ArgumentParser, *, shown: bool, title: str = "") -> None:
    """The global flags; on a subcommand they are accepted but left out of its --help. Help texts
    are filled in from the language files once the parser is built (mailbot/cli/help_texts.py)."""
    help_of = None if shown else argparse.SUPPRESS
    target = parser.add_argument_group(title) if shown else parser
    target.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="FILE", help=help_of)
    target.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=help_of)
    _add_group(target, "global", shown=shown)


def add_groups(parser: argparse.ArgumentParser, groups: tuple[str, ...], *,
               titles: dict[str, str] | None = None) -> None:
    """The command's own setting groups, shown in its --help under `titles[group]`; the other
    groups are accepted but left out of it, so that a script may give every command the same
    settings."""
    for name in GROUPS:
        if name == "global":
            continue
        shown = name in groups
        target = parser.add_argument_group((titles or {}).get(name, name)) if shown else parser
        _add_group(target, name, shown=shown)
        for flag, dest in SWITCHES.get(name, {}).items():
            target.add_argument(flag, dest=dest, action="store_true", default=argparse.SUPPRESS,
                                help=None if shown else argparse.SUPPRESS)


def _add_group(target, name: str, *, shown: bool) -> None:
    for flag, (dest, kind, choices) in GROUPS[name].items():
        target.add_argument(flag, dest=dest, type=kind, choices=choices, default=argparse.SUPPRESS,
                            help=None if shown else argparse.SUPPRESS)
