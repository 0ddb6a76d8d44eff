"""One INFO line per accepted and per processed message, plain or JSON, and never a secret."""

from __future__ import annotations

import json
import logging

import pytest

from mailbot.logs import FIELDS, configure_logging
from mailbot.settings import Settings
from tests.support import registration_mail, send, wait_for


@pytest.fixture
def mdreg_logging():
    """configure_logging for one test, undone afterwards."""
    root = logging.getLogger()
    level = root.level

    def configure(settings: Settings) -> None:
        configure_logging(settings)

    yield configure
    for handler in [h for h in root.handlers if getattr(h, "mdreg", False)]:
        root.removeHandler(handler)
    root.setLevel(level)


def records(caplog, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == name and r.levelno == logging.INFO]


def test_a_message_gets_one_accepted_and_one_processed_line_that_name_the_same_queue_id(bot_in_one_process,
                                                                                       engine, caplog):
    bot = bot_in_one_process  # the records are read here, in this process
    caplog.set_level(logging.INFO)
    raw = registration_mail(7)
    send(bot.smtp_port, raw, mail_from="kari@example.no")
    processed = wait_for(lambda: records(caplog, "mdreg.processed"))
    accepted = records(caplog, "mdreg.accepted")
    assert len(accepted) == 1 and len(processed) == 1
    got = getattr(accepted[0], FIELDS)
    assert got["edge"] == "smtp" and got["envelope_from"] == "kari@example.no"
    assert got["size"] in (len(raw), len(raw.replace(b"\n", b"\r\n")))  # smtplib sends CRLF lines
    assert got["message_id"] in raw.decode()
    done = getattr(processed[0], FIELDS)
    assert done["queue_id"] == got["queue_id"]
    assert done["case"].startswith("MDREG-") and done["kind"] and done["status"]
    assert done["elapsed_ms"] > 0
    assert f"queue={got['queue_id']}" in accepted[0].getMessage()
    assert f"case={done['case']}" in processed[0].getMessage()


def test_json_lines_carry_the_fields_as_keys(mdreg_logging, capsys):
    from mailbot.observe import accepted

    mdreg_logging(Settings(log_format="json"))
    accepted(edge="lmtp", queue_id=42, message_id="<a@b>", envelope_from="x@example.no", size=1234)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["logger"] == "mdreg.accepted" and line["level"] == "INFO"
    assert (line["edge"], line["queue_id"], line["message_id"], line["size"]) == ("lmtp", 42, "<a@b>", 1234)


def test_passwords_never_reach_a_log_line(mdreg_logging, capsys):
    settings = Settings(relay_password="relay-s3cret", imap_password="imap-s3cret",
                        db="postgresql+psycopg://mdreg:db-s3cret@db.internal/mdreg")
    mdreg_logging(settings)
    log = logging.getLogger("mdreg.test")
    log.warning("connecting with %s and %s", settings.relay_password, settings.database_url)
    try:
        raise RuntimeError("login failed for imap-s3cret")
    except RuntimeError:
        log.exception("IMAP error")
    err = capsys.readouterr().err
    assert "connecting with ***" in err and "IMAP error" in err
    for secret in ("relay-s3cret", "imap-s3cret", "db-s3cret"):
        assert secret not in err
