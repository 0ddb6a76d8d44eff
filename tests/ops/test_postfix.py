"""A real Postfix in front: a registration sent to Postfix over SMTP reaches mdreg over LMTP on a
UNIX socket, configured with the README's own main.cf block, and gets its case and its reply."""

from __future__ import annotations

import os
import re
import smtplib
import tempfile
from pathlib import Path

import pytest

from store.views import list_cases
from tests.ops.postfix import available, start_postfix
from tests.support import free_port, registration_mail, wait_for

README = Path(__file__).parents[2] / "README.md"
README_SOCKET = "/run/mdreg/lmtp.sock"


def readme_postfix_block() -> str:
    """The ```conf block of the README's Postfix section, as an operator would paste it."""
    blocks = re.findall(r"```conf\n(.*?)```", README.read_text(), flags=re.S)
    block = next(b for b in blocks if "transport_maps" in b)
    assert README_SOCKET in block
    return block


@pytest.fixture(scope="module")
def require_postfix():
    if available():
        return
    message = "Postfix is not installed, or this is not root (apt-get install postfix; .ci/run installs it)"
    if os.environ.get("MDREG_REQUIRE_SERVERS") == "1":
        pytest.fail(message + " (required: MDREG_REQUIRE_SERVERS=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def socket_dir():
    with tempfile.TemporaryDirectory(prefix="mdreg-lmtp-") as path:
        os.chmod(path, 0o755)  # Postfix's lmtp client runs as the postfix user
        yield Path(path)


@pytest.fixture
def relayed_settings(require_postfix, settings, relay, socket_dir):
    # mdreg runs as root in this test, so the group route of the README is not open to the
    # postfix user: the socket is made world-writable here instead.
    return settings.model_copy(update={"relay": f"127.0.0.1:{relay.port}", "lmtp_socket": socket_dir / "lmtp.sock",
                                       "lmtp_socket_mode": "0666"})


@pytest.fixture
def postfix(bot):
    instance = start_postfix(port=free_port(),
                             main_cf_extra=readme_postfix_block().replace(README_SOCKET, str(bot.lmtp_socket)))
    yield instance
    instance.stop()


def test_a_registration_through_postfix_makes_a_case_and_gets_its_reply(bot, postfix, engine, relay, caplog):
    caplog.set_level("INFO")
    raw = registration_mail(11, domain="fjordmed.example.no")
    with smtplib.SMTP("127.0.0.1", postfix.port, timeout=30) as client:
        client.sendmail("kari@fjordmed.example.no", ["medisinsk.utstyr@localhost"], raw)
    cases = wait_for(lambda: list_cases(engine=engine), timeout=60)
    assert len(cases) == 1
    reply = wait_for(lambda: relay.envelopes, timeout=60)[0]
    from_header = re.search(rb"^From:.*?<?([^<>\s]+@[^<>\s]+)>?\s*$", raw, flags=re.M | re.I).group(1).decode()
    assert reply[1] == [from_header]  # the reply goes to the applicant who wrote
    assert cases[0].reference.encode() in reply[2]
    log = wait_for(lambda: "status=sent" in postfix.log and postfix.log)
    assert re.search(r"relay=.*lmtp\.sock.*status=sent \(250 2\.0\.0 OK: queued\)", log), log[-3000:]
    message_id = re.search(rb"^Message-ID: (<[^>]+>)", raw, flags=re.M | re.I).group(1).decode()
    assert f"message-id={message_id}" in log  # the operator's thread: Postfix's line ...
    assert any("accepted lmtp queue=" in r.getMessage() and message_id in r.getMessage()
               for r in caplog.records)  # ... and mdreg's


def test_postfix_refuses_another_address_of_the_domain_while_the_client_waits(bot, postfix):
    with smtplib.SMTP("127.0.0.1", postfix.port, timeout=30) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.sendmail("kari@fjordmed.example.no", ["someone.else@localhost"], registration_mail(12))
    code, _ = refused.value.recipients["someone.else@localhost"]
    assert code == 550
