"""The initial password: random, at least 80 bits, readable, one token."""

from __future__ import annotations

import math

from intake.replies.passwords import ALPHABET, entropy_bits, generate


def test_a_password_carries_at_least_80_bits():
    password = generate()
    symbols = sum(1 for ch in password if ch in ALPHABET)
    assert symbols * math.log2(len(set(ALPHABET))) >= 80
    assert entropy_bits() >= 80


def test_a_password_has_no_characters_a_person_confuses():
    seen = "".join(generate() for _ in range(300))
    assert not set(seen) & set("0Oo1lI")


def test_a_password_is_one_token_without_spaces():
    password = generate()
    assert password.split() == [password]
    assert password.isascii() and password.isprintable()


def test_passwords_differ_every_time():
    assert len({generate() for _ in range(200)}) == 200
