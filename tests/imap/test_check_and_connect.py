"""`mdreg imap-check`, connecting over TLS and STARTTLS, and where the IMAP secrets come from."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from mailbot.cli.main import build_parser, main, settings_from
from mailbot.errors import ImapLoginFailed, ImapMisconfigured, ImapUnavailable
from mailbot.edges.imap_connect import connect, credentials, logout
from mailbot.edges.imap_watch import ImapWatcher
from tests.imap import dovecot as dv
from tests.imap.conftest import imap_settings_for, require_dovecot
from tests.imap.helpers import inbound_count, simple_mail
from tests.support import free_port


def check_args(server, user, tmp_path, *extra: str) -> list[str]:
    return ["imap-check", "--db", f"sqlite:///{tmp_path / 'check.db'}", "--imap-host", "127.0.0.1",
            "--imap-port", str(server.port), "--imap-security", "none", "--imap-user", user, *extra]


def test_imap_check_reports_capabilities_counts_and_idle(dovecot_server, mailbox_user, imap, tmp_path, capsys,
                                                         monkeypatch):
    imap.append("INBOX", simple_mail(1))
    imap.append("INBOX", simple_mail(2))
    monkeypatch.setenv("MDREG_IMAP_PASSWORD", dv.PASSWORD)
    assert main(check_args(dovecot_server, mailbox_user, tmp_path)) == 0
    out = capsys.readouterr().out
    assert "tilkoblet og pålogget" in out
    assert "IDLE" in out.split("funksjoner:")[1].splitlines()[0]
    assert "mappe INBOX: 2 meldinger, 2 uleste" in out
    assert "mappe for behandlede mdreg-processed: mangler" in out
    assert "mdreg-tilstand: aldri overvåket" in out
    assert "IDLE: virker" in out


def test_imap_check_fails_clearly_on_a_wrong_password(dovecot_server, mailbox_user, tmp_path, capsys):
    code = main(check_args(dovecot_server, mailbox_user, tmp_path, "--imap-password", "wrong"))
    assert code == 1
    assert "pålogging feilet" in capsys.readouterr().err


def test_imap_check_fails_clearly_when_nothing_listens(tmp_path, capsys, dovecot_server):
    args = check_args(dovecot_server, "nobody", tmp_path, "--imap-password", "x")
    args[args.index("--imap-port") + 1] = str(free_port())
    assert main(args) == 1
    assert "får ikke kontakt med nobody@127.0.0.1" in capsys.readouterr().err


def test_imap_check_fails_on_a_missing_folder(dovecot_server, mailbox_user, tmp_path, capsys):
    args = check_args(dovecot_server, mailbox_user, tmp_path, "--imap-password", dv.PASSWORD,
                      "--imap-folder", "NoSuchFolder")
    assert main(args) == 1
    assert "mappen 'NoSuchFolder' finnes ikke" in capsys.readouterr().err
    assert main([*args, "--language", "en"]) == 1
    assert "folder 'NoSuchFolder' does not exist" in capsys.readouterr().err


def test_imap_check_without_credentials_is_a_settings_error(dovecot_server, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MDREG_IMAP_PASSWORD", raising=False)
    assert main(check_args(dovecot_server, "someone", tmp_path)) == 2
    assert "trenger et passord" in capsys.readouterr().err


def test_password_from_a_file_and_oauth2_token_wins(tmp_path, monkeypatch):
    secret = tmp_path / "imap-password"
    secret.write_text("from-the-file\n")
    monkeypatch.delenv("MDREG_IMAP_PASSWORD", raising=False)
    args = build_parser().parse_args(["serve", "--imap-host", "mail.example.no", "--imap-user", "reg",
                                      "--imap-password-file", str(secret), "--no-smtp"])
    settings = settings_from(args)
    assert args.no_smtp and credentials(settings) == ("from-the-file", False)
    token = tmp_path / "token"
    token.write_text("ya29.token")
    assert credentials(settings.model_copy(update={"imap_oauth2_token_file": token})) == ("ya29.token", True)
    monkeypatch.setenv("MDREG_IMAP_PASSWORD", "from-env")
    monkeypatch.setenv("MDREG_IMAP_IDLE_SECONDS", "120")
    settings = settings_from(build_parser().parse_args(["serve", "--imap-host", "h", "--imap-user", "u"]))
    assert credentials(settings) == ("from-env", False) and settings.imap_idle_seconds == 120
    with pytest.raises(ImapMisconfigured, match="cannot read"):
        credentials(settings.model_copy(update={"imap_password": None, "imap_password_file": tmp_path / "none"}))


def test_a_refused_login_is_its_own_error(settings, dovecot_server, mailbox_user):
    with pytest.raises(ImapLoginFailed):
        connect(imap_settings_for(settings, dovecot_server, mailbox_user, imap_password="wrong"))


@pytest.fixture(scope="module")
def tls_dovecot():
    require_dovecot()
    server = dv.Dovecot(tls=True)
    server.start()
    yield server
    server.remove()


def test_tls_and_starttls_with_a_trusted_certificate(settings, tls_dovecot, engine):
    user = tls_dovecot.new_user()
    tls = imap_settings_for(settings, tls_dovecot, user, imap_security="tls", imap_port=tls_dovecot.tls_port,
                            imap_ca_file=tls_dovecot.cert)
    client = connect(tls)
    client.append("INBOX", simple_mail(1))
    logout(client)
    assert ImapWatcher(settings=tls, engine=engine).drain_once() == 1
    starttls = tls.model_copy(update={"imap_security": "starttls", "imap_port": tls_dovecot.port})
    client = connect(starttls)
    assert client.has_capability("IDLE")
    logout(client)
    assert inbound_count(engine) == 1


def test_an_untrusted_certificate_is_refused(settings, tls_dovecot):
    user = tls_dovecot.new_user()
    tls = imap_settings_for(settings, tls_dovecot, user, imap_security="tls", imap_port=tls_dovecot.tls_port)
    with pytest.raises(ImapUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        connect(tls)


def test_starttls_demanded_from_a_server_without_it(settings, dovecot_server, mailbox_user):
    with pytest.raises(ImapUnavailable, match="does not offer STARTTLS"):
        connect(imap_settings_for(settings, dovecot_server, mailbox_user, imap_security="starttls"))


class _Introspection(BaseHTTPRequestHandler):
    """An OAuth2 token introspection endpoint (RFC 7662) that knows one token."""

    token, username = "ya29.good-token", ""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        token = parse_qs(body).get("token", [""])[0] or self.headers.get("Authorization", "").removeprefix("Bearer ")
        answer = {"active": True, "username": self.username} if token == self.token else {"active": False}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def test_xoauth2_login_against_dovecot(settings, engine):
    require_dovecot()
    http = ThreadingHTTPServer(("127.0.0.1", 0), _Introspection)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    server = dv.Dovecot(oauth2_introspection_url=f"http://127.0.0.1:{http.server_address[1]}/introspect")
    try:
        server.start()
        user = _Introspection.username = server.new_user()
        good = imap_settings_for(settings, server, user, imap_password=None,
                                 imap_oauth2_token=_Introspection.token)
        client = connect(good)
        client.append("INBOX", simple_mail(1))
        logout(client)
        assert ImapWatcher(settings=good, engine=engine).drain_once() == 1
        with pytest.raises(ImapLoginFailed):
            connect(good.model_copy(update={"imap_oauth2_token": "ya29.expired"}))
    finally:
        server.remove()
        http.shutdown()
        http.server_close()
        thread.join(5)


def test_without_dovecot_the_tests_skip_or_fail_when_servers_are_required(monkeypatch):
    monkeypatch.setattr(dv, "DOVECOT", "/nonexistent/dovecot")
    monkeypatch.delenv("MDREG_REQUIRE_SERVERS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install dovecot-imapd"):
        require_dovecot()
    monkeypatch.setenv("MDREG_REQUIRE_SERVERS", "1")
    with pytest.raises(pytest.fail.Exception, match="apt-get install dovecot-imapd"):
        require_dovecot()
