"""Attack: make mdreg answer a robot, or itself. A reply never goes to a robot address, whichever
header named it, nor to our own mailbox in any spelling."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store.models import OutboxMessage
from tests.security.mail import VICTIM, registration, without_line

MAILBOX = "medisinsk.utstyr@dmp.example"


@pytest.fixture
def settings(settings, database_url):
    return settings.model_copy(update={"mailbox": MAILBOX})


def reply_addresses(engine) -> list[str]:
    with Session(engine) as session:
        return [o.to_addr for o in session.exec(select(OutboxMessage)).all()]


@pytest.mark.parametrize("reply_to", ["noreply@fjordmed.example", "no-reply+case@fjordmed.example",
                                      "MAILER-DAEMON@fjordmed.example", "postmaster@fjordmed.example"])
def test_a_robot_reply_to_is_never_answered_the_writer_is(run_mail, engine, reply_to):
    run_mail(without_line(registration(headers={"Reply-To": reply_to}), b"Postadresse:"))
    assert reply_addresses(engine) == [VICTIM]


@pytest.mark.parametrize("reply_to", ["medisinsk.utstyr@dmp.example", "Medisinsk.Utstyr@DMP.EXAMPLE",
                                      "medisinsk.utstyr+sak@dmp.example", '"medisinsk.utstyr"@dmp.example',
                                      "medisinsk.utstyr@dmp.example."])
def test_our_own_mailbox_as_reply_to_is_never_answered(run_mail, engine, reply_to):
    run_mail(without_line(registration(headers={"Reply-To": reply_to}), b"Postadresse:"))
    assert reply_addresses(engine) == [VICTIM]


@pytest.mark.parametrize("spelling", ["MEDISINSK.UTSTYR@dmp.example", "medisinsk.utstyr+x@Dmp.Example",
                                      '"medisinsk.utstyr"@dmp.example', "medisinsk.utstyr@dmp.example."])
def test_every_spelling_of_our_mailbox_is_ours(spelling):
    from intake.mime.identity import is_own_address

    assert is_own_address(spelling, mailbox=MAILBOX)


def test_an_idn_spelling_of_our_mailbox_is_ours():
    from intake.mime.identity import is_own_address

    assert is_own_address("post@xn--bjrn-hra.no", mailbox="post@bjørn.no")
