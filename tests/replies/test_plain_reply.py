"""A reply written directly (intake/replies/plain_reply.py) is byte for byte the reply the email
package builds (intake/replies/compose.py's message path), for every shape a reply takes."""

from __future__ import annotations

import pytest

from intake.replies import compose
from intake.replies.plain_reply import plain_reply

MAILBOX = "medisinsk.utstyr@dmp.no"
STAMP = ("Mon, 30 Nov 2026 12:28:27 +0000", "<179604170778.21528.128121.mdreg@dmp.no>")
SHORT_BODY = "Hei,\n\ntakk for henvendelsen. Saken har referanse MDREG-2026-000001.\n"
NORWEGIAN_BODY = ("Hei,\n\nFor å fullføre registreringen trenger vi følgende opplysninger:\n\n"
                  "- Samsvarserklæring: mangler\n- Type virksomhet: mangler – svar med «produsent»\n")
LONG_LINES = ("Hei,\n\n" + "takk for henvendelsen til Register for medisinsk utstyr, som vi har lest og "
              "registrert under referansen MDREG-2026-000001 i dag.\n" * 12 + "Med vennlig hilsen\nDMP")
LONG_LINES_NB = LONG_LINES.replace("takk for", "Vi har fått søknaden og svarer på")
FEW_LONG_LINES = "Hei,\n\n" + LONG_LINES_NB.splitlines()[2] + "\n"  # quoted-printable, ten lines or fewer
DENSE_NB = "æøå " * 60 + "\n" + "ÆØÅ" * 40  # a body qp would blow up: base64
THREAD = tuple(f"<msg.{n}.{'x' * 30}@medtek{n:05d}.example.no>" for n in range(25))


def through_message(*, to_addr, subject, body, in_reply_to=None, references=None) -> bytes:
    msg = compose._base(mailbox=MAILBOX, to_addr=to_addr, subject=subject, body=body, stamp=STAMP)
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    msg["Auto-Submitted"] = "auto-replied"
    return compose._finish(msg, to_addr).raw


@pytest.mark.parametrize("subject", [
    "Re: Registrering [MDREG-2026-000001]",
    "Re: Registrering av medisinsk utstyr (Medtek 00000 AS) [MDREG-2026-000001]",  # folded
    "Re: " + "ord " * 40 + "[MDREG-2026-000001]",
    'Re: "Sitat" (parentes) <vinkel> a=b ?= =?x [MDREG-2026-000001]',
    "Re: =?utf-8?q?S=C3=B8knad?= [MDREG-2026-000001]",  # looks like an encoded word
    "Re: [MDREG-2026-000001]",
], ids=["short", "folded", "long", "specials", "encoded-word", "bare"])
@pytest.mark.parametrize("body", [SHORT_BODY, NORWEGIAN_BODY, LONG_LINES, LONG_LINES_NB, FEW_LONG_LINES,
                                  DENSE_NB, ""],
                         ids=["7bit", "8bit", "qp-ascii", "qp", "qp-few-lines", "base64", "empty"])
def test_the_direct_reply_is_the_message_built_by_the_email_package(subject, body):
    chain = " ".join(THREAD[:2])
    direct = plain_reply(policy=compose._policies()[0], mailbox=MAILBOX, to=compose.safe_address("kari@medtek.no"),
                         subject=subject, date=STAMP[0], message_id=STAMP[1], in_reply_to=THREAD[1],
                         references=chain, body=body)
    assert direct == through_message(to_addr="kari@medtek.no", subject=subject, body=body,
                                     in_reply_to=THREAD[1], references=chain)


@pytest.mark.parametrize("to_addr", ["kari.nordmann@medtek00000.example.no", "o'brien+reg@firma.example.com",
                                     "kari@xn--blbr-woa.no", "kari@blåbær.no", "A.B@EXAMPLE.NO"])
@pytest.mark.parametrize("thread", [(), THREAD[:1], THREAD])
def test_addresses_and_threads_come_out_the_same(to_addr, thread):
    chain = " ".join(dict.fromkeys(thread[-20:])) or None
    parent = thread[-1] if thread else None
    to = compose.safe_address(to_addr)
    direct = plain_reply(policy=compose._policies()[0], mailbox=MAILBOX, to=to, subject="Re: x",
                         date=STAMP[0], message_id=STAMP[1], in_reply_to=parent, references=chain, body=SHORT_BODY)
    assert direct == through_message(to_addr=to_addr, subject="Re: x", body=SHORT_BODY, in_reply_to=parent,
                                     references=chain)


def test_a_subject_that_is_not_ascii_is_left_to_the_email_package():
    assert plain_reply(policy=compose._policies()[0], mailbox=MAILBOX, to=compose.safe_address("kari@medtek.no"),
                       subject="Re: Søknad [MDREG-2026-000001]", date=STAMP[0], message_id=STAMP[1],
                       in_reply_to=None, references=None, body=SHORT_BODY) is None
