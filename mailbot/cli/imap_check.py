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
    from mailbot.cli.texts import say_for
    from mailbot.errors import text

    say = say_for(settings)
    if not settings.imap_host:
        return _fail(say("imap", "no_server"), 2)
    try:
        client = connect(settings)
    except ImapMisconfigured as exc:
        return _fail(say("imap", "settings", error=text(exc, say.language)), 2)
    except ImapLoginFailed as exc:
        return _fail(say("imap", "login_failed", error=text(exc, say.language)), 1)
    except ImapUnavailable as exc:
        return _fail(text(exc, say.language), 1)
    try:
        out(say("imap", "connected", server=describe(settings)))
        out(say("imap", "capabilities", list=" ".join(sorted(c.decode() for c in client.capabilities()))))
        return _folders(client, settings, engine, out, say)
    except CONNECTION_ERRORS as exc:
        return _fail(say("imap", "dropped", server=describe(settings), error=exc), 1)
    finally:
        logout(client)


def _folders(client: IMAPClient, settings: Settings, engine: Engine, out, say) -> int:
    folder = settings.imap_folder
    if not client.folder_exists(folder):
        return _fail(say("imap", "no_folder", folder=repr(folder), server=describe(settings)), 1)
    status = client.folder_status(folder, STATUS_ITEMS)
    out(say("imap", "folder", folder=folder, messages=status[b"MESSAGES"], unseen=status[b"UNSEEN"],
            uidvalidity=status[b"UIDVALIDITY"], uidnext=status[b"UIDNEXT"]))
    if settings.imap_mark == "move":
        processed = settings.imap_processed_folder
        if client.folder_exists(processed):
            out(say("imap", "processed", folder=processed,
                    messages=client.folder_status(processed, [b"MESSAGES"])[b"MESSAGES"]))
        else:
            out(say("imap", "processed_missing", folder=processed))
    else:
        out(say("imap", "marking", keyword=settings.imap_keyword, folder=folder))
    out(_state_line(settings, engine, int(status[b"UIDVALIDITY"]), say))
    out(_idle_line(client, settings, say))
    return 0


def _state_line(settings: Settings, engine: Engine, uidvalidity: int, say) -> str:
    from store.db import schema_revisions

    current, heads = schema_revisions(engine)  # a check reads; it does not set the database up
    if not current:
        return say("imap", "state_no_schema")
    if set(current) != set(heads):
        return say("imap", "state_old_schema", revision=", ".join(current))
    state = imap_state.load_state(engine=engine, account=account_key(settings), folder=settings.imap_folder)
    if state is None:
        return say("imap", "state_never")
    if state.uidvalidity != uidvalidity:
        return say("imap", "state_uidvalidity", was=state.uidvalidity, now=uidvalidity)
    return say("imap", "state_stored", uid=state.last_uid)


def _idle_line(client: IMAPClient, settings: Settings, say) -> str:
    poll = say("imap", "poll", seconds=f"{settings.imap_poll_seconds:g}")
    if not client.has_capability("IDLE"):
        return say("imap", "idle_missing", poll=poll)
    client.select_folder(settings.imap_folder, readonly=True)
    client.idle()
    client.idle_check(timeout=0.5)
    client.idle_done()
    if settings.imap_idle_seconds <= 0:
        return say("imap", "idle_disabled", poll=poll)
    return say("imap", "idle_works", seconds=f"{settings.imap_idle_seconds:g}")


def _fail(message: str, code: int) -> int:
    print(f"mdreg imap-check: {message}", file=sys.stderr)
    return code


def _cmd_imap_check(args, settings, engine) -> int:
    return imap_check(settings=settings, engine=engine)


def _commands():
    from mailbot.cli.command import Command

    return (Command("imap-check", _cmd_imap_check,
                    groups=("imap",)),)


COMMANDS = _commands()
