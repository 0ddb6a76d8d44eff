"""Delivering a credential e-mail: the only place a password exists, and only in memory.

The outbox row of kind `credentials` holds a marker, not a message. When the sender delivers it:

1. it looks up what to send (store.credentials.dispatch_job): the operator's username, its
   registered contact e-mail (the record's, never the From of any mail) and its language;
2. generates a fresh password (intake.replies.passwords) and its argon2id hash;
3. composes the message in memory and hands it to the relay (Sender.transmit);
4. only after the relay accepted, commits the hash (store.credentials.commit_issued).

The password never goes into the database, the outbox, a log line or an exception message.
Should the process die between 3 and 4, the row stays `sending`, is claimed again after the
claim timeout, and a fresh password goes out: the operator may get two e-mails, and only the
newest works. Without a relay (Maildir fallback) the delivered file necessarily holds the password.

Fault injection for tests: with MDREG_TEST_CRASH_AFTER_RELAY=1 in the environment the process
ends itself (os._exit(70)) right after the relay accepted and before the hash is committed.
"""

from __future__ import annotations

import logging
import os
from string import Template
from typing import TYPE_CHECKING

from intake.replies.compose import Composed, compose_message
from intake.replies.passwords import generate
from intake.replies.render import templates
from mailbot.errors import DeliveryRejected
from store import credentials
from store.errors import CredentialUnavailable

if TYPE_CHECKING:
    from mailbot.runners.sender import Sender
    from store.outbox import Outgoing

log = logging.getLogger("mdreg.credentials")

CRASH_ENV = "MDREG_TEST_CRASH_AFTER_RELAY"


def template(language: str) -> dict[str, str]:
    return templates(language, "credentials")


def compose_credentials(*, mailbox: str, to_addr: str, language: str, reference: str, username: str,
                        password: str, expiry_days: int) -> Composed:
    """The credential e-mail, in memory only: username and password each on a line of their own."""
    t = template(language)
    values = {"reference": reference, "username": username, "expiry_days": str(expiry_days)}
    subject = Template(t["subject"]).substitute(values)
    body = Template(t["body"]).substitute(values, password=password).strip() + "\n"
    return compose_message(mailbox=mailbox, to_addr=to_addr, subject=subject, body=body, auto=True)


def deliver_credentials(sender: Sender, item: Outgoing) -> None:
    """Send the credential e-mail of outbox row `item`, then store the password's hash.

    Raises DeliveryRejected (the row fails) when the credentials were revoked or superseded,
    and whatever Sender.transmit raises (DeliveryDeferred: retried later, with a new password).
    """
    try:
        job = credentials.dispatch_job(engine=sender.engine, outbox_id=item.outbox_id)
    except CredentialUnavailable as exc:
        raise DeliveryRejected(str(exc)) from None
    if job.already_issued:
        log.info("credential e-mail %s was delivered and stored before; not sent again", item.outbox_id)
        return
    settings = sender.settings
    password = generate()
    try:
        password_hash = credentials.hash_password(password)
        message = compose_credentials(
            mailbox=settings.mailbox, to_addr=job.contact_email, language=job.language,
            reference=job.reference, username=job.username, password=password,
            expiry_days=settings.password_expiry_days,
        )
        sender.transmit(job.contact_email, message.raw)
    finally:
        del password
    _crash_point_for_tests()
    stored = credentials.commit_issued(
        engine=sender.engine, outbox_id=item.outbox_id, password_hash=password_hash,
        message_id=message.message_id, expiry_days=settings.password_expiry_days,
    )
    log.info("credentials for %s sent to the registered contact (outbox %s)%s", job.username,
             item.outbox_id, "" if stored else "; superseded meanwhile, password not stored")


def _crash_point_for_tests() -> None:
    if os.environ.get(CRASH_ENV) == "1":
        log.warning("%s=1: exiting after the relay accepted, before the hash is stored", CRASH_ENV)
        logging.shutdown()
        os._exit(70)
