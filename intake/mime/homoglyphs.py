"""Look-alike domains: an address whose domain mixes scripts (`fjordmеd.no` with a Cyrillic `е`)
is flagged at intake, so staff see it before anything is sent there or trusted from there.

Pure. A domain in punycode is read in its Unicode form first. Letters of one script
(`bjørn.no`, `пример.рф`) are fine; Latin mixed with Cyrillic, Greek or another script in the
same domain is not.
"""

from __future__ import annotations

import unicodedata

import idna

from intake.model import FieldResult, ParsedMessage

FLAG = "homoglyph_domain"


def mixed_scripts(domain: str) -> bool:
    """The domain's letters come from more than one script."""
    text = _unicode(domain.strip().rstrip(".").casefold())
    scripts = {_script(ch) for ch in text if ch.isalpha()}
    scripts.discard(None)
    return len(scripts) > 1


def homoglyph_flags(message: ParsedMessage, fields: dict[str, FieldResult]) -> list[str]:
    """`homoglyph_domain:from`, `…:reply_to`, `…:email` for each address whose domain mixes scripts."""
    email = fields.get("email")
    addresses = (("from", message.from_addr), ("reply_to", message.reply_to),
                 ("email", email.value if email is not None else None))
    return [f"{FLAG}:{name}" for name, address in addresses
            if address and "@" in address and mixed_scripts(address.rpartition("@")[2])]


def _script(ch: str) -> str | None:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return None


def _unicode(domain: str) -> str:
    if "xn--" not in domain:
        return domain
    labels = []
    for label in domain.split("."):
        try:
            labels.append(idna.decode(label) if label.startswith("xn--") else label)
        except idna.IDNAError:
            labels.append(label)
    return ".".join(labels)
