"""The Reply-To hijack as it was found: over SMTP on loopback against the running services (edge,
worker, sender), then a case officer accepts. The credentials reach the victim's contact only."""

from __future__ import annotations

from sqlmodel import Session, select

from store.models import Case, InboundMessage
from store.operators import accept_case
from tests.security.mail import ATTACKER, ATTACKER_CONTACT, VICTIM, VICTIM_CONTACT, follow_up, registration
from tests.support import send, wait_for


def cases(engine) -> list[Case]:
    with Session(engine) as session:
        return list(session.exec(select(Case).order_by(Case.id)).all())


def processed(engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(InboundMessage.id).where(InboundMessage.status == "done")).all())


def test_reply_to_hijack_over_smtp_sends_the_credentials_to_the_victims_contact_only(bot, engine, relay):
    send(bot.smtp_port, registration(), mail_from=VICTIM)
    wait_for(lambda: cases(engine) and cases(engine)[0].status == "under_review")
    victim_case = cases(engine)[0]
    send(bot.smtp_port, follow_up(from_addr=ATTACKER, headers={"Reply-To": VICTIM}), mail_from=ATTACKER)
    wait_for(lambda: processed(engine) == 2)
    accept_case(engine=engine, reference=victim_case.reference, actor="saksbehandler")
    wait_for(lambda: any(b"Brukernavn og passord til Register" in raw for _, _, raw in relay.envelopes))
    credential_rcpts = [r for _, rcpts, raw in relay.envelopes for r in rcpts
                        if b"Brukernavn og passord til Register" in raw]
    assert credential_rcpts == [VICTIM_CONTACT]
    assert all(ATTACKER_CONTACT not in rcpts and ATTACKER not in rcpts for _, rcpts, _ in relay.envelopes)
