"""Plain dataclasses that cross from intake to the store, the bot and the staff UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.machine_mail.noise import Noise

OK = "ok"
MISSING = "missing"
INVALID = "invalid"


@dataclass(frozen=True)
class Limits:
    """Bounds on what one message may cost to read (Postfix's defaults where it has one)."""

    max_message_bytes: int = 25 * 1024 * 1024
    max_header_bytes: int = 102_400
    max_mime_depth: int = 100
    max_parts: int = 1_000
    max_attachment_bytes: int = 20 * 1024 * 1024
    max_pdf_pages: int = 200
    attachment_seconds: float = 10.0
    parse_seconds: float = 60.0
    memory_mb: int = 1024
    # Added for the raw-byte checks and text caps (see intake/mime/raw_limits.py, intake/mime/parse.py).
    max_encoded_words: int = 2_000
    max_text_chars: int = 2_000_000
    max_attachments: int = 50


@dataclass(frozen=True)
class Provenance:
    """Where a value was read: which message, which part or attachment, which line."""

    part: str = "body"
    line: int | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class FieldResult:
    """One registration field as understood: value, state, reason code, source, confidence."""

    key: str
    value: str | None = None
    state: str = MISSING
    reason: str | None = None
    source: Provenance | None = None
    confidence: float = 0.0
    # An address split into street, postcode, town and country; `value` stays the display string.
    parts: dict[str, str] | None = None


@dataclass(frozen=True)
class DocFindings:
    """What a declaration of conformity attachment says, and what a case officer would flag."""

    is_declaration: bool = False
    legislation: tuple[str, ...] = ()
    manufacturer: str | None = None
    srn: str | None = None
    devices: tuple[str, ...] = ()
    udi_di: tuple[str, ...] = ()
    risk_class: str | None = None
    notified_body: str | None = None
    date: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """An attachment with its extracted text (if any) and what was skipped while reading it."""

    filename: str | None
    content_type: str
    size: int
    sha256: str
    text: str | None = None
    flags: tuple[str, ...] = ()
    doc: DocFindings | None = None


@dataclass(frozen=True)
class ParsedMessage:
    """The parts of an e-mail that intake and the conversation need, decoded to str."""

    message_id: str | None
    from_addr: str | None
    from_name: str | None = None
    reply_to: str | None = None
    to_addrs: tuple[str, ...] = ()
    subject: str = ""
    date: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    body_text: str = ""
    attachments: tuple[Attachment, ...] = ()
    defects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Envelope:
    """What the edge knew of a message before anyone read it: the SMTP envelope sender (MAIL FROM,
    None when the source has none), our own mailbox, and how it came (smtp, lmtp, imap, file)."""

    sender: str | None = None
    mailbox: str = ""
    source: str = "smtp"


@dataclass(frozen=True)
class Understanding:
    """Everything intake concluded about one message."""

    message: ParsedMessage
    fields: dict[str, FieldResult]
    language: str = "nb"
    flags: tuple[str, ...] = ()
    unreadable: str | None = None
    # What the mail is (intake.mail_kind.MailKind): registration, update, question, incident, …
    kind: str = "registration"
    # Machine mail (a bounce, an auto-reply, a list copy, a loop): why it gets no answer; None: a person.
    noise: Noise | None = None
    envelope: Envelope = field(default_factory=Envelope)
