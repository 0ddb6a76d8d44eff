"""The process's logging: plain or JSON lines (`log_format`), with no secret in any line.

The lines an operator follows a message by are written by mailbot/observe.py; their values ride
on each record as fields, so JSON lines carry them as keys rather than as text to parse.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

from sqlalchemy.engine import make_url

FIELDS = "mdreg_fields"  # the LogRecord attribute that holds a line's values (mailbot/observe.py)
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s"  # the PID tells worker processes apart
NOISY = ("alembic", "mail.log")  # aiosmtpd logs every SMTP command at INFO


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the line's own fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        line.update(getattr(record, FIELDS, {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class Redact(logging.Filter):
    """Replaces every known secret in a line (its message, arguments and traceback) with ***."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        clean, clean_exc = self._clean(text), self._clean(record.exc_text) if record.exc_text else None
        if clean != text:
            record.msg, record.args = clean, ()
        if clean_exc != record.exc_text:
            record.exc_text, record.exc_info = clean_exc, None
        fields = getattr(record, FIELDS, None)
        if fields:
            setattr(record, FIELDS, {k: self._clean(v) if isinstance(v, str) else v for k, v in fields.items()})
        return True

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def secrets_of(settings) -> list[str]:
    """The secret values a settings object holds: passwords, tokens, the database URL's password."""
    from mailbot.settings import read_secret

    found = [settings.relay_password, settings.imap_password, settings.imap_oauth2_token]
    for path in (settings.imap_password_file, settings.imap_oauth2_token_file):
        try:
            found.append(read_secret(path) if path else None)
        except ValueError:
            pass  # unreadable here: the IMAP edge reports it when it connects
    try:
        found.append(make_url(settings.database_url).password)
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy cannot parse is reported when it is opened
        pass
    return [s for s in found if s]


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time of the line, not the one it was made with: a
    process that runs `main()` more than once (tests, embedding) never writes to a closed stream."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(settings) -> None:
    """The process's logging, from the settings: level, plain or JSON lines, secrets redacted."""
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else logging.Formatter(PLAIN_FORMAT))
    handler.addFilter(Redact(secrets_of(settings)))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "mdreg", False)]:
        root.removeHandler(old)
    handler.mdreg = True
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
