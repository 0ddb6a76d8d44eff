"""The machine-mail checks read a plain From value without parsing it, and that never changes a verdict:
for any From value, the bounce check's daemon and robot patterns match the shortcut's reading exactly
when they match the full header parse (a miss would answer a bounce), and the header rules find the
same sender address in it as in the full parse (own address, robot sender)."""

from __future__ import annotations

from email import message_from_bytes, policy

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intake.machine_mail.bounce import _DAEMON, _ROBOT, _header, _sender, analyse_bounce
from intake.machine_mail.noise import _address, _get
from intake.machine_mail.noise import _sender as sender_address
from intake.mime.policy import parsing_policy

PROPERTY = settings(max_examples=3_000, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Pieces of robot names, split where a parser could join them again, and the syntax that can join them.
WORDS = ["no", "No", "NO", "do", "not", "re", "ply", "reply", "REPLY", "Reply", "dae", "mon", "daemon", "DAEMON",
         "mailer", "MAILER", "post", "master", "postmaster", "mail", "Mail", "deliv", "ery", "delivery", "sub",
         "system", "mmsc", "MMSC", "ndr", "Kari", "Nordmann", "Åse", "firma", "example", "no", "com", "x"]
SYNTAX = [" ", "  ", "\t", "\r\n ", "\n\t", ".", "-", "_", ",", "@", "<", ">", "<@", ":", ";", "(", ")", '"', "\\",
          "=?utf-8?q?", "=?iso-8859-1?b?", "?=", "=", "?", "=72", "=2D", "_", "ZGFlbW9u", "cmVwbHk=", "[", "]", "'",
          "/", "+", "%", "&", "!"]
ODD_LETTERS = ["ſ", "K", "ı", "İ", "é", "ø", "ｒ", "\u00a0", "\u200b", "\ufeff"]

froms = st.lists(st.sampled_from(WORDS) | st.sampled_from(SYNTAX) | st.sampled_from(ODD_LETTERS)
                 | st.text(alphabet="abcdeilmnoprstyADEMNOPRY-_. <>@()\"\\=?:", max_size=4),
                 max_size=14).map("".join)


def _message(from_value: str, *, strict: bool):
    raw = f"From: {from_value}\nTo: post@example.no\nSubject: Hei\n\nTekst\n".encode("utf-8", "surrogateescape")
    return message_from_bytes(raw, policy=parsing_policy() if strict else policy.compat32)


def _verdict(text: str) -> tuple[bool, bool]:
    return bool(_DAEMON.search(text)), bool(_ROBOT.search(text))


@PROPERTY
@given(froms, st.booleans())
@example("MAILER-DAEMON@mx.firma.no", True)
@example("Mail Delivery Subsystem <mailer-daemon@googlemail.com>", True)
@example("no .reply@firma.no", True)
@example("no(comment).reply@firma.no", True)
@example("\"do\\-not\" -reply <x@firma.no>", True)
@example("=?utf-8?q?no=2Dreply?= <x@firma.no>", True)
@example("=?utf-8?q?no-=72eply?= <x@firma.no>", True)
@example("=?utf-8?b?bm8tcmVwbHk=?= <x@firma.no>", True)
@example("<@post.master:kari@firma.no>", True)
@example("post\r\n master@firma.no", False)
@example("Kari Nordmann <kari@firma.no>", True)
def test_the_robot_verdict_on_a_sender_is_the_full_parses(from_value: str, strict: bool) -> None:
    msg = _message(from_value, strict=strict)
    assert _verdict(_sender(msg)) == _verdict(_header(msg, "from"))


# Display names of plain and encoded words (some decoding to the address syntax) before an address.
NAME_WORDS = ["Kari", "O'Neil", "Per-Arne", "0", "-", "'", "=?utf-8?q?Kari_S=C3=A6ther?=", "=?iso-8859-1?q?=E6?=",
              "=?utf-8?q?.?=", "=?utf-8?q?=2E?=", "=?utf-8?b?Lg==?=", "=?utf-8?q?=22?=", "=?utf-8?q?a=2C_b?=",
              "=?utf-8?q?evil=3Cx@y.no=3E?=", "=?utf-8?q?evil=3Cx=40y.no=3E?=", "=?utf-8?b?PGFAYi5ubz4=?=",
              "=?bogus?q?x?=", "=?utf-8?q?=FF?=", "=?utf-8?b?!!?=", "=?utf-8?q?=5C?=", "=?utf-8?q?(x)?=",
              "=?utf-8?q?=3A?=", "=?utf-8?q?=3B?=", "=?utf-8?q??="]
ADDRESSES = ["kari@firma.no", "a.b@c-d.e.no", "x+y@z.no", "%@a.b", "-@-.-", "_._@a.bb", "a..b@c.no", ".a@b.no"]
named = st.builds(lambda words, gap, addr, angle: gap.join(words) + (gap if words else "")
                  + (f"<{addr}>" if angle or words else addr),
                  st.lists(st.sampled_from(NAME_WORDS), max_size=5),
                  st.sampled_from([" ", "  ", "\t", "\r\n ", " \r\n\t", "\x1c", "\u00a0"]),
                  st.sampled_from(ADDRESSES), st.booleans())


@PROPERTY
@given(named | froms | st.tuples(froms, st.sampled_from(ADDRESSES)).map(" <".join), st.booleans())
@example("Kari Nordmann <kari@firma.no>", True)
@example(". <kari@firma.no>", True)
@example("=?utf-8?q?evil=3Cx@y.no=3E?= <kari@firma.no>", True)
@example("kari@firma.no\nFrom: ola@firma.no", True)
def test_the_sender_address_is_the_one_the_full_parse_gives(from_value: str, strict: bool) -> None:
    msg = _message(from_value, strict=strict)
    assert sender_address(msg) == _address(_get(msg, "from"))


def test_a_plain_personal_sender_is_not_parsed() -> None:
    msg = _message("Kari Nordmann <kari.nordmann@firma.no>", strict=True)
    assert _sender(msg) == ""


def test_a_daemon_sender_still_marks_a_bounce() -> None:
    raw = (b"From: Mail Delivery System <MAILER-DAEMON@mx.firma.no>\nTo: post@example.no\n"
           b"Subject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.firma.no.\n")
    bounce = analyse_bounce(raw, message_from_bytes(raw, policy=parsing_policy()))
    assert bounce is not None and "from=mailer-daemon" in bounce.signals and "robot" in bounce.signals
