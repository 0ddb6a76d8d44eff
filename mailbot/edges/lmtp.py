"""The LMTP edge, for mdreg behind the agency's MTA (Postfix's `lmtp:unix:` or `lmtp:inet:`).

The same handler as the SMTP edge (mailbot/edges/smtp.py): only the mailbox address is accepted,
and the raw bytes are committed before the answer. LMTP answers DATA once per accepted recipient
(RFC 2033, 4.2); the message is stored once, so every recipient gets the same answer, and a 451
for a storage failure leaves the whole message in the MTA's queue for a retry.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
from functools import partial
from pathlib import Path

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from mailbot.edges.smtp import IntakeHandler, server_options
from mailbot.settings import Settings

log = logging.getLogger("mdreg.lmtp")


class LmtpIntakeHandler(IntakeHandler):
    edge = "lmtp"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        status = await super().handle_DATA(server, session, envelope)
        return "\r\n".join([status] * max(1, len(envelope.rcpt_tos)))


def lmtp_factory(*, settings: Settings, engine, wake=None, busy=None):
    handler = LmtpIntakeHandler(settings=settings, engine=engine, wake=wake, busy=busy)
    return partial(LMTP, handler, **server_options(settings))


async def start_lmtp(*, settings: Settings, engine, wake=None, busy=None) -> list[asyncio.AbstractServer]:
    """Listen on the UNIX socket `lmtp_socket` and/or on `lmtp_host:lmtp_port`; [] when neither is set."""
    loop = asyncio.get_running_loop()
    servers = []
    if settings.lmtp_socket is not None:
        path = Path(settings.lmtp_socket)
        _remove_stale_socket(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        servers.append(await loop.create_unix_server(lmtp_factory(settings=settings, engine=engine, wake=wake, busy=busy), path=str(path)))
        os.chmod(path, int(settings.lmtp_socket_mode, 8))  # the MTA's user must be able to connect
        log.info("LMTP edge listening on %s for %s", path, settings.mailbox)
    if settings.lmtp_port is not None:
        servers.append(await loop.create_server(lmtp_factory(settings=settings, engine=engine, wake=wake, busy=busy),
                                                host=settings.lmtp_host, port=settings.lmtp_port, reuse_address=True))
        log.info("LMTP edge listening on %s:%s for %s", settings.lmtp_host, settings.lmtp_port, settings.mailbox)
    return servers


def _remove_stale_socket(path: Path) -> None:
    """A socket left by a process that died would make the bind fail; anything else is not ours to remove."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise FileExistsError(f"{path} exists and is not a socket; not replacing it with the LMTP socket")
    path.unlink()
