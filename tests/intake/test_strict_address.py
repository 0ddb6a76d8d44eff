"""A plain sender ('Kari Nordmann <kari@firma.no>', 'kari@firma.no') is read without the two address
parsers, and that never changes what is read: for any From value, strict_address gives what both
parsers together give (name, address, or nothing when they disagree)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intake.mime.headers import parsed_address, strict_address

PROPERTY = settings(max_examples=4_000, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

WORDS = ["Kari", "Nordmann", "O'Neil", "Per-Arne", "0", "-", "'", "--", "''", "a", "Z9"]
GAPS = [" ", "  ", "\t", " \t ", ""]
ADDRESSES = ["kari@firma.no", "a.b@c-d.e.no", "x+y@z.no", "%@a.b", "-@-.-", "_._@a.bb", "a_b%c@d-.no",
             "a..b@c.no", ".a@b.no", "a.@b.no", "a@b", "a@.b.no", "a@b..no", "a@b.no."]
SYNTAX = ["<", ">", "@", ".", ",", ";", ":", "(", ")", '"', "\\", "=?utf-8?q?", "?=", "[", "]", "!", "#", "\u00e6",
          "\u00a0", "\x00"]

plain = st.builds(lambda words, gap, addr, angle: gap.join(words) + (gap if words else "")
                  + (f"<{addr}>" if angle or words else addr),
                  st.lists(st.sampled_from(WORDS), max_size=4), st.sampled_from(GAPS), st.sampled_from(ADDRESSES),
                  st.booleans())
messy = st.lists(st.sampled_from(WORDS + GAPS + ADDRESSES + SYNTAX), max_size=8).map("".join)


@PROPERTY
@given(plain | messy | st.tuples(plain, st.sampled_from(SYNTAX), plain).map("".join))
@example("Kari Nordmann <kari@firma.no>")
@example("Kari \t Nordmann <kari@firma.no>")
@example("<kari@firma.no>")
@example("kari@firma.no")
@example(" kari@firma.no")
@example("- <kari@firma.no>")
@example("Kari <kari@firma.no>, Ola <ola@firma.no>")
def test_a_sender_reads_as_both_parsers_read_it(value: str) -> None:
    assert strict_address(value) == parsed_address(value)


def test_a_plain_sender_gives_its_name_and_address() -> None:
    assert strict_address("Kari  Nordmann <kari.nordmann@firma.no>") == ("Kari Nordmann", "kari.nordmann@firma.no")
    assert strict_address("kari@firma.no") == (None, "kari@firma.no")
