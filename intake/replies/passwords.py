"""Initial passwords: random from `secrets`, easy for a person to read and type, and one token.

The alphabet has no characters a person confuses when reading a password off a screen or paper:
no 0/O/o, no 1/l/I, lower case only. 32 symbols give 5 bits each; four groups of five, joined
by hyphens, give 100 bits, well over the 80 required.
"""

from __future__ import annotations

import math
import secrets

ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
GROUPS = 4
GROUP_LENGTH = 5
SEPARATOR = "-"
AMBIGUOUS = frozenset("0Oo1lI")


def generate() -> str:
    """A fresh password such as `k7mqe-x9fzp-4hcwd-ab2nr`."""
    return SEPARATOR.join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )


def entropy_bits() -> float:
    """How many bits of randomness a generated password carries (separators carry none)."""
    return GROUPS * GROUP_LENGTH * math.log2(len(set(ALPHABET)))
