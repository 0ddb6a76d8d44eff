"""`mdreg imap-check`: connect with the configured IMAP settings and say what mdreg would see."""

from __future__ import annotations

import sys
from typing import Callable

from imapclient import IMAPClient
from sqlalchemy.engine import Engine

from mailbot.errors import ImapLoginFailed, ImapMisconfigured, ImapUnavailable
from mailbot.edges.imap_connect import CONNECTION_ERRORS, account_key, connect, describe, logout
from mailbot.settings import Settings
from store import imap_state

STATUS_ITEMS = [b"MESSAGES", b"UNSEEN", b"UIDNEXT", b"UIDVALIDITY"]


def imap_check(*, settings: Settings, engine: Engine, out: Callable[[str], None] = print) -> int:
    """Print capabilities, folder counts and whether IDLE works; 0 when mdreg can watch the folder."""
    if not settings.imap_host:
        return _fail("no IMAP server configured (--imap-host or MDREG_IMAP_HOST)", 2)
    try:
        client = connect(settings)
    except ImapMisconfigured as exc:
        return _fail(f"settings: {exc}", 2)
    except ImapLoginFailed as exc:
        return _fail(f"login failed: {exc}", 1)
    except ImapUnavailable as exc:
        return _fail(str(exc), 1)
    try:
        out(f"server: {describe(settings)}: connected and logged in")
        out("capabilities: " + " ".join(sorted(c.decode() for c in client.capabilities())))
        return _folders(client, settings, engine, out)
    except CONNECTION_ERRORS as exc:
        return _fail(f"{describe(settings)}: connection failed during the check: {exc}", 1)
    finally:
        logout(client)


def _folders(client: IMAPClient, settings: Settings, engine: Engine, out) -> int:
    folder = settings.imap_folder
    if not client.folder_exists(folder):
        return _fail(f"folder {folder!r} does not exist on {describe(settings)}", 1)
    status = client.folder_status(folder, STATUS_ITEMS)
    out(f"folder {folder}: {status[b'MESSAGES']} messages, {status[b'UNSEEN']} unseen, "
        f"UIDVALIDITY {status[b'UIDVALIDITY']}, UIDNEXT {status[b'UIDNEXT']}")
    if settings.imap_mark == "move":
        processed = settings.imap_processed_folder
        if client.folder_exists(processed):
            out(f"processed folder {processed}: {client.folder_status(processed, [b'MESSAGES'])[b'MESSAGES']} messages")
        else:
            out(f"processed folder {processed}: missing; mdreg serve will create it")
    else:
        out(f"marking: keyword {settings.imap_keyword} (messages stay in {folder})")
    out(_state_line(settings, engine, int(status[b"UIDVALIDITY"])))
    out(_idle_line(client, settings))
    return 0


def _state_line(settings: Settings, engine: Engine, uidvalidity: int) -> str:
    from store.db import schema_revisions

    current, heads = schema_revisions(engine)  # a check reads; it does not set the database up
    if not current:
        return "mdreg state: never watched (the database is not set up yet: `mdreg db upgrade`)"
    if set(current) != set(heads):
        return f"mdreg state: unknown (database at revision {', '.join(current)}: run `mdreg db upgrade`)"
    state = imap_state.load_state(engine=engine, account=account_key(settings), folder=settings.imap_folder)
    if state is None:
        return "mdreg state: never watched; the first run stores every message in the folder"
    if state.uidvalidity != uidvalidity:
        return (f"mdreg state: UIDVALIDITY was {state.uidvalidity}, now {uidvalidity}; "
                "the next run rescans the folder and skips what is already stored")
    return f"mdreg state: stored up to UID {state.last_uid}"


def _idle_line(client: IMAPClient, settings: Settings) -> str:
    poll = f"mdreg will poll every {settings.imap_poll_seconds:g} s"
    if not client.has_capability("IDLE"):
        return f"IDLE: not offered by the server; {poll}"
    client.select_folder(settings.imap_folder, readonly=True)
    client.idle()
    client.idle_check(timeout=0.5)
    client.idle_done()
    if settings.imap_idle_seconds <= 0:
        return f"IDLE: works, but disabled by imap_idle_seconds = 0; {poll}"
    return f"IDLE: works; mdreg re-issues it every {settings.imap_idle_seconds:g} s"


def _fail(message: str, code: int) -> int:
    print(f"mdreg imap-check: {message}", file=sys.stderr)
    return code


def _cmd_imap_check(args, settings, engine) -> int:
    return imap_check(settings=settings, engine=engine)


def _commands():
    from mailbot.cli.command import Command

    return (Command("imap-check", "connect to the IMAP server and report what mdreg sees", _cmd_imap_check,
                    groups=("imap",)),)


COMMANDS = _commands()
