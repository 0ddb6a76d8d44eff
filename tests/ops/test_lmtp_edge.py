"""The LMTP edge: the SMTP edge's promise (stored before 250, only the mailbox accepted) with one
answer per accepted recipient after DATA, on a UNIX socket or a TCP port."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import pytest

from store.views import list_cases
from tests.support import free_port, registration_mail, wait_for


@pytest.fixture
def socket_dir():
    with tempfile.TemporaryDirectory(prefix="mdreg-lmtp-") as path:  # short: UNIX socket paths are limited
        yield Path(path)


@pytest.fixture
def relayed_settings(settings, relay, socket_dir):
    return settings.model_copy(update={"relay": f"127.0.0.1:{relay.port}", "lmtp_socket": socket_dir / "lmtp.sock",
                                       "lmtp_port": free_port()})


class LmtpClient:
    """A line-at-a-time LMTP client, so each reply line can be checked."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.file = sock.makefile("rwb")
        self.greeting = self.reply()

    def __enter__(self) -> "LmtpClient":
        return self

    def __exit__(self, *_) -> None:
        self.file.close()
        self.sock.close()

    def reply(self) -> list[str]:
        lines = []
        while True:
            line = self.file.readline().decode().rstrip("\r\n")
            lines.append(line)
            if len(line) < 4 or line[3] != "-":
                return lines

    def command(self, text: str) -> list[str]:
        self.file.write(text.encode() + b"\r\n")
        self.file.flush()
        return self.reply()

    def data(self, raw: bytes, recipients: int) -> list[str]:
        assert self.command("DATA")[0].startswith("354")
        body = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        body = b"\r\n".join(b"." + line if line.startswith(b".") else line for line in body.split(b"\r\n"))
        self.file.write(body + b"\r\n.\r\n")
        self.file.flush()
        return [self.reply()[0] for _ in range(recipients)]


def unix_client(path: Path) -> LmtpClient:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(30)
    sock.connect(str(path))
    return LmtpClient(sock)


def test_lmtp_over_a_unix_socket_answers_each_recipient_and_the_case_is_made(bot, engine):
    with unix_client(bot.lmtp_socket) as client:
        speak_to(client)
    cases = wait_for(lambda: list_cases(engine=engine))
    assert len(cases) == 1


def speak_to(client: LmtpClient) -> None:
    assert client.greeting[0].startswith("220")
    assert client.command("EHLO mx.example.no")[0].startswith("500")  # LMTP speaks LHLO only
    assert client.command("LHLO mx.example.no")[-1].startswith("250")
    assert client.command("MAIL FROM:<kari@example.no>")[0].startswith("250")
    assert client.command("RCPT TO:<medisinsk.utstyr@localhost>")[0].startswith("250")
    assert client.command("RCPT TO:<someone.else@localhost>")[0].startswith("550 5.1.1")
    assert client.command("RCPT TO:<Medisinsk.Utstyr@localhost>")[0].startswith("250")
    answers = client.data(registration_mail(5), recipients=2)
    assert answers == ["250 2.0.0 OK: queued"] * 2
    client.command("QUIT")


def test_lmtp_over_tcp_is_the_same_edge(bot, engine):
    with LmtpClient(socket.create_connection(("127.0.0.1", bot.lmtp_port), timeout=30)) as client:
        client.command("LHLO mx.example.no")
        client.command("MAIL FROM:<kari@example.no>")
        client.command("RCPT TO:<medisinsk.utstyr@localhost>")
        assert client.data(registration_mail(6), recipients=1) == ["250 2.0.0 OK: queued"]
    assert wait_for(lambda: list_cases(engine=engine))


def test_a_file_in_the_sockets_place_is_not_removed(tmp_path):
    import asyncio

    from mailbot.edges.lmtp import start_lmtp
    from mailbot.settings import Settings

    path = tmp_path / "lmtp.sock"
    path.write_text("not a socket")
    with pytest.raises(FileExistsError):
        asyncio.run(start_lmtp(settings=Settings(lmtp_socket=path), engine=None))
    assert path.read_text() == "not a socket"
