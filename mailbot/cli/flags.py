"""The command-line flags that set a setting, in groups; each also has an MDREG_* variable and a
key in mdreg.toml (mailbot/settings.py). Flags default to "not given", so that the environment
and the file still apply."""

from __future__ import annotations

import argparse
from pathlib import Path

# group -> flag -> (settings field, type, choices, help)
GROUPS: dict[str, dict[str, tuple]] = {
    "global": {
        "--db": ("db", str, None, "database URL (default: SQLite file in the data dir)"),
        "--data-dir": ("data_dir", Path, None, "SQLite file and Maildir of sent mail (default ./var)"),
        "--mailbox": ("mailbox", str, None, "the address mdreg receives for and sends from"),
        "--log-level": ("log_level", str.upper, ("DEBUG", "INFO", "WARNING", "ERROR"), "how much to log"),
        "--language": ("ui_language", str, ("nb", "en"),
                       "what people read, here and in `mdreg tui`: nb (bokmål, default) or en"),
    },
    "smtp": {
        "--smtp-host": ("smtp_host", str, None, "where the SMTP edge listens (default 127.0.0.1)"),
        "--smtp-port": ("smtp_port", int, None, "SMTP edge port (default 8025)"),
        "--max-message-size": ("max_message_size", int, None, "bytes; larger messages get 552"),
        "--lmtp-socket": ("lmtp_socket", Path, None, "serve LMTP on this UNIX socket (for Postfix lmtp:unix:)"),
        "--lmtp-port": ("lmtp_port", int, None, "serve LMTP on this TCP port (lmtp_host, default 127.0.0.1)"),
        "--metrics-port": ("metrics_port", int, None,
                           "Prometheus metrics on this port (metrics_host, default 127.0.0.1)"),
    },
    "relay": {
        "--relay": ("relay", str, None, "outbound SMTP relay HOST:PORT (default: Maildir under the data dir)"),
        "--relay-user": ("relay_user", str, None, "AUTH user at the relay (password: MDREG_RELAY_PASSWORD)"),
    },
    "imap": {
        "--imap-host": ("imap_host", str, None, "watch this IMAP server"),
        "--imap-port": ("imap_port", int, None, "default 993 (tls) or 143"),
        "--imap-security": ("imap_security", str, ("tls", "starttls", "none"), "how the connection is secured"),
        "--imap-user": ("imap_user", str, None, "the mailbox's login"),
        "--imap-password": ("imap_password", str, None, "better MDREG_IMAP_PASSWORD or --imap-password-file"),
        "--imap-password-file": ("imap_password_file", Path, None, "read the password from this file"),
        "--imap-oauth2-token": ("imap_oauth2_token", str, None, "log in with XOAUTH2"),
        "--imap-oauth2-token-file": ("imap_oauth2_token_file", Path, None, "XOAUTH2 token file, re-read at connect"),
        "--imap-ca-file": ("imap_ca_file", Path, None, "trust this CA instead of the system's"),
        "--imap-folder": ("imap_folder", str, None, "default INBOX"),
        "--imap-processed-folder": ("imap_processed_folder", str, None, "where stored messages are moved"),
        "--imap-mark": ("imap_mark", str, ("move", "flag"), "how a stored message is marked"),
        "--imap-keyword": ("imap_keyword", str, None, "keyword for --imap-mark flag"),
        "--imap-poll-seconds": ("imap_poll_seconds", float, None, "polling interval without IDLE"),
        "--imap-idle-seconds": ("imap_idle_seconds", float, None, "IDLE re-issue interval; 0 polls"),
        "--imap-batch": ("imap_batch", int, None, "messages fetched per batch"),
    },
}
SWITCHES = {"relay": {"--relay-starttls": ("relay_starttls", "STARTTLS towards the relay")}}
GLOBAL_HELP = ("global options (--config, --db, --data-dir, --mailbox, --log-level, --language, --debug) "
               "go before or after the command: see `mdreg --help`")

# Every flag, for code that still reads the flat table.
FLAGS = {flag: spec for group in GROUPS.values() for flag, spec in group.items()}


def setting_dests() -> list[str]:
    return [spec[0] for spec in FLAGS.values()] + [d for g in SWITCHES.values() for d, _ in g.values()]


def add_global(parser: argparse.ArgumentParser, *, shown: bool) -> None:
    """The global flags; on a subcommand they are accepted but left out of its --help."""
    def help_of(text: str) -> str:
        return text if shown else argparse.SUPPRESS

    target = parser.add_argument_group("global options") if shown else parser
    target.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                        help=help_of("settings file (default ./mdreg.toml if present)"))
    target.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help=help_of("show the Python traceback of an error"))
    _add_group(target, "global", shown=shown)


def add_groups(parser: argparse.ArgumentParser, groups: tuple[str, ...]) -> None:
    """The command's own setting groups, shown in its --help; the other groups are accepted but
    left out of it, so that a script may give every command the same settings."""
    for name in GROUPS:
        if name == "global":
            continue
        shown = name in groups
        target = parser.add_argument_group(f"{name} options") if shown else parser
        _add_group(target, name, shown=shown)
        for flag, (dest, help_text) in SWITCHES.get(name, {}).items():
            target.add_argument(flag, dest=dest, action="store_true", default=argparse.SUPPRESS,
                                help=help_text if shown else argparse.SUPPRESS)


def _add_group(target, name: str, *, shown: bool) -> None:
    for flag, (dest, kind, choices, help_text) in GROUPS[name].items():
        target.add_argument(flag, dest=dest, type=kind, choices=choices, default=argparse.SUPPRESS,
                            help=help_text if shown else argparse.SUPPRESS)
