"""The SMTP edge: accept mail for the mailbox, store the raw bytes durably, then answer.

Like Mailman's LMTP runner it only accepts and persists; the worker does the rest.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from aiosmtpd.smtp import SMTP, Envelope, Session

from mailbot.errors import EdgeUnavailable
from mailbot.runners.edge_first import EdgeActivity
from mailbot.observe import accepted as log_accepted
from mailbot.settings import Settings
from store.errors import StorageFailed
from mailbot.edges.group_commit import GroupCommit
from mailbot.edges.smtp_protocol import IntakeSMTP
from store.inbox import Incoming, message_id_of

log = logging.getLogger("mdreg.smtp")

# The replies this edge gives, by name (RFC 5321 codes, RFC 3463 enhanced status).
SMTP_OK = "250 2.0.0 OK: queued"
SMTP_RCPT_OK = "250 2.1.5 OK"
SMTP_NO_SUCH_USER = "550 5.1.1 No such mailbox here"
SMTP_TRY_AGAIN = "451 4.3.0 Could not store the message; try again later"
SMTP_NO_RECIPIENTS = "554 5.5.1 No valid recipients"
SMTP_NOT_UNDERSTOOD = "500 5.5.2 Command not understood"
SMTP_BAD_SENDER = "501 5.1.7 Bad sender address syntax"
SMTP_SENDER_OK = "250 2.1.0 OK"
SMTP_LOCAL_ERROR = "451 4.3.0 Local error; try again later"


class IntakeHandler:
    """aiosmtpd handler: only the mailbox address is accepted; DATA is stored before 250."""

    edge = "smtp"  # as the accepted lines name it (mailbot/edges/lmtp.py says "lmtp")

    def __init__(self, *, settings: Settings, engine, wake=None, busy=None) -> None:
        self.mailbox = settings.mailbox.casefold()
        self.engine = engine
        # `busy` (mailbot/runners/edge_first.py) tells this process's runners that mail is arriving.
        self.busy = busy or EdgeActivity()
        # `wake` (mailbot/runners/wakeup.py) rings the worker once a group is committed.
        self.commits = GroupCommit(engine=engine, on_stored=wake.ring if wake is not None else None)

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, mail_options: list[str]) -> str:
        # aiosmtpd keeps bytes that are not UTF-8 as surrogate escapes; such a sender could not
        # be stored nor answered, so it is refused here with a plain reply.
        try:
            address.encode("utf-8")
        except UnicodeError:
            return SMTP_BAD_SENDER
        self.busy.note()
        self.commits.opened(session)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return SMTP_SENDER_OK

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address.casefold() != self.mailbox:
            return SMTP_NO_SUCH_USER
        envelope.rcpt_tos.append(address)
        return SMTP_RCPT_OK

    async def handle_RSET(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.commits.closed(session)
        return "250 OK"

    async def handle_QUIT(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.commits.closed(session)
        return "221 Bye"

    async def handle_exception(self, error: Exception) -> str:
        """Any error while handling a command: logged here, never described to the client (its
        text could reveal paths, versions or data). A command that is not valid text is the
        client's fault; anything else is ours, and the client may retry."""
        if isinstance(error, UnicodeError):
            log.info("SMTP command not understood: %s", type(error).__name__)
            return SMTP_NOT_UNDERSTOOD
        log.error("SMTP session error: %s", type(error).__name__, exc_info=error)
        return SMTP_LOCAL_ERROR

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if not envelope.rcpt_tos:
            return SMTP_NO_RECIPIENTS
        self.busy.note()
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        item = Incoming(raw=raw, source="smtp", envelope_from=envelope.mail_from,
                        envelope_to=",".join(envelope.rcpt_tos))
        try:
            # Group commit: DATA commands waiting together share one transaction; 250 only after it.
            with self.busy.storing():
                stored = await self.commits.store(item, key=session)
        except StorageFailed as exc:
            log.error("could not store a message from %s: %s", envelope.mail_from, exc)
            return SMTP_TRY_AGAIN
        log_accepted(edge=self.edge, queue_id=stored.inbound_id, message_id=message_id_of(raw),
                     envelope_from=envelope.mail_from, size=len(raw), duplicate=stored.duplicate)
        return SMTP_OK


def server_options(settings: Settings) -> dict[str, object]:
    """How both edges' servers (this one and mailbot/edges/lmtp.py) are made: the size limit, 8-bit
    and SMTPUTF8 data kept as bytes, and the mailbox's domain as the name they greet with."""
    return {
        "data_size_limit": settings.max_message_size,
        "enable_SMTPUTF8": True,
        "decode_data": False,
        "hostname": settings.mailbox.rpartition("@")[2] or "localhost",
        "ident": "mdreg",
    }


def smtp_factory(*, settings: Settings, engine, wake=None, busy=None):
    """A protocol factory for loop.create_server: 8-bit and SMTPUTF8 data stay bytes."""
    handler = IntakeHandler(settings=settings, engine=engine, wake=wake, busy=busy)
    return partial(IntakeSMTP, handler, **server_options(settings))


async def start_smtp(*, settings: Settings, engine, wake=None, busy=None) -> asyncio.AbstractServer:
    loop = asyncio.get_running_loop()
    try:
        server = await loop.create_server(
            smtp_factory(settings=settings, engine=engine, wake=wake, busy=busy), host=settings.smtp_host, port=settings.smtp_port,
            reuse_address=True,
        )
    except OSError as exc:  # in use, no permission, a host name that does not resolve
        raise EdgeUnavailable(f"SMTP edge cannot listen on {settings.smtp_host}:{settings.smtp_port}: "
                              f"{exc.strerror or exc}", code="cannot_listen", host=settings.smtp_host,
                              port=settings.smtp_port, cause=exc.strerror or exc) from exc
    log.info("SMTP edge listening on %s:%s for %s", settings.smtp_host, settings.smtp_port, settings.mailbox)
    return server
