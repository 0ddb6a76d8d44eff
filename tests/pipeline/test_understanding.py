"""understand() says everything about a message from one parse, machine mail included: the worker
takes the verdict from it, and it crosses the bounded child's pipe with the rest."""

from __future__ import annotations

from pathlib import Path

from intake.bounded import IntakePool, understand_bounded
from intake.model import Envelope, Limits
from intake.understand import understand
from tests.support import registration_mail

CONVERSATION = Path(__file__).parent.parent / "fixtures" / "conversation"
OURS = Envelope(sender="kari@fjordmed.example.no", mailbox="register@dmp.example.no", source="smtp")


def test_a_delivery_report_is_a_bounce_in_the_understanding():
    raw = (CONVERSATION / "bounce_dsn.eml").read_bytes()
    noise = understand(raw, envelope=Envelope(sender="", mailbox=OURS.mailbox, source="smtp")).noise
    assert noise is not None and noise.kind == "bounce"
    assert noise.bounce is not None and "null_envelope_sender" in noise.reasons


def test_a_vacation_reply_is_machine_mail_in_the_understanding():
    raw = (CONVERSATION / "vacation_autosvar_nb.eml").read_bytes()
    noise = understand(raw, envelope=OURS).noise
    assert noise is not None and noise.kind == "auto_reply" and noise.bounce is None


def test_a_persons_registration_is_not_machine_mail():
    understanding = understand(registration_mail(3), envelope=OURS)
    assert understanding.noise is None
    assert understanding.envelope == OURS


def test_the_verdict_and_the_envelope_cross_the_bounded_childs_pipe():
    raw = (CONVERSATION / "bounce_dsn.eml").read_bytes()
    envelope = Envelope(sender="", mailbox=OURS.mailbox, source="smtp")
    with IntakePool(size=1) as pool:
        understanding = understand_bounded(raw, limits=Limits(), envelope=envelope, isolate=True, pool=pool)
    assert understanding.noise is not None and understanding.noise.bounce is not None
    assert understanding.envelope == envelope


def test_bounce_like_prose_from_a_person_marks_nothing():
    raw = ("From: Ola <ola@example.no>\r\nTo: register@dmp.example.no\r\nSubject: Re: saken\r\n"
           "Message-ID: <p1@example.no>\r\n\r\nMeldingen min kunne ikke leveres til kollegaen min i dag.\r\n".encode())
    noise = understand(raw, envelope=Envelope(sender="ola@example.no", mailbox=OURS.mailbox)).noise
    assert noise is None or noise.bounce is None


def test_a_message_over_the_limits_is_classified_from_its_header_block_only():
    raw = b"From: Ola <ola@example.no>\r\nSubject: stor\r\n\r\n" + b"x" * 2000
    understanding = understand(raw, limits=Limits(max_message_bytes=1000),
                               envelope=Envelope(sender="", source="smtp"))
    assert understanding.unreadable
    assert understanding.noise is not None and "null_envelope_sender" in understanding.noise.reasons


def test_a_worker_starts_its_intake_children_before_the_first_message(settings, engine):
    from mailbot.runners.worker import Worker

    worker = Worker(settings=settings.model_copy(update={"isolate_intake": True}), engine=engine)
    try:
        worker._on_start()
        assert worker.intake is not None
        assert all(slot.proc is not None and slot.proc.is_alive() for slot in worker.intake._all)
    finally:
        worker.close()
