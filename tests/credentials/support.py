"""Helpers shared by the credential tests: reading the password out of a delivered message."""

from __future__ import annotations

import re

LINE = re.compile(r"^(?:Passord|Password): (\S+)\r?$", re.MULTILINE)
USER_LINE = re.compile(r"^(?:Brukernavn|Brukarnamn|Username): (\S+)\r?$", re.MULTILINE)


def password_in(message) -> str | None:
    """The password of a delivered credential e-mail (an EmailMessage), None when there is none."""
    found = LINE.findall(message.get_content())
    assert len(found) <= 1
    return found[0] if found else None


def credential_mails(relay) -> list:
    return [m for m in relay.received if password_in(m)]
