"""Who wrote a message, and where a reply may go: decided once per message, here.

The writer's identity is the From address (authenticated when the mail server in front of mdreg
says so, see intake/mime/auth_results.py). Reply-To is only where a reply goes: it never makes
a message the applicant's. A reply never goes to a robot address (noreply@…, MAILER-DAEMON …),
whichever header named it, nor to our own mailbox in any spelling (case, `+tag`, quotes, a
trailing dot, the Unicode or the punycode form of the domain).
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.model import ParsedMessage


@dataclass(frozen=True)
class ReplyRoute:
    """Where a reply to a message goes (None: nowhere), and why not when it goes nowhere."""

    address: str | None
    refused: tuple[str, ...] = ()


def identity_of(message: ParsedMessage) -> str | None:
    """The writer: the single From address, or None when From is not exactly one address."""
    return message.from_addr


def reply_route(message: ParsedMessage, *, mailbox: str) -> ReplyRoute:
    """Reply-To when it is a usable address, else From; robots and our own mailbox never."""
    refused = []
    for header, address in (("reply-to", message.reply_to), ("from", message.from_addr)):
        if not address:
            continue
        if is_own_address(address, mailbox=mailbox):
            refused.append(f"{header}:own_mailbox")
        elif is_robot_address(address):
            refused.append(f"{header}:robot_address")
        else:
            return ReplyRoute(address=address, refused=tuple(refused))
    return ReplyRoute(address=None, refused=tuple(refused))


def is_robot_address(address: str) -> bool:
    from intake.machine_mail.noise import ROBOT_LOCAL

    local, _ = _split(address)
    return bool(ROBOT_LOCAL.match(local)) or bool(ROBOT_LOCAL.match(local.partition("+")[0]))


def is_own_address(address: str, *, mailbox: str) -> bool:
    """`address` names our mailbox, however it is spelled."""
    return canonical(address) == canonical(mailbox)


def canonical(address: str) -> str:
    """An address reduced for comparison: quotes and `+tag` off the local part, case folded, the
    domain in its Unicode form without a trailing dot."""
    local, domain = _split(address)
    local = local.partition("+")[0]
    return f"{local}@{domain}"


def same_address(a: str | None, b: str | None) -> bool:
    return bool(a and b) and canonical(a) == canonical(b)


def _split(address: str) -> tuple[str, str]:
    local, _, domain = address.strip().strip("<>").rpartition("@")
    local = local.strip()
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        local = local[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return local.casefold(), _unicode_domain(domain.strip().rstrip(".").casefold())


def _unicode_domain(domain: str) -> str:
    try:
        return domain.encode("ascii").decode("idna") if "xn--" in domain else domain
    except UnicodeError:
        return domain
