"""Connecting to the IMAP server: TLS, STARTTLS or plain, then LOGIN or XOAUTH2.

Every failure comes out as a mailbot error: ImapMisconfigured (fix the settings),
ImapLoginFailed (credentials refused) or ImapUnavailable (network, TLS, server).
"""

from __future__ import annotations

import imaplib
import socket
import ssl
from pathlib import Path

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from mailbot.errors import ImapLoginFailed, ImapMisconfigured, ImapUnavailable
from mailbot.settings import Settings

# What a dropped or broken IMAP connection can raise, below imapclient's own errors.
CONNECTION_ERRORS = (OSError, EOFError, imaplib.IMAP4.error, IMAPClientError, ssl.SSLError)


def imap_port(settings: Settings) -> int:
    if settings.imap_port:
        return settings.imap_port
    return 993 if settings.imap_security == "tls" else 143


def account_key(settings: Settings) -> str:
    """The name under which folder state is kept: user@host (a port change keeps the state)."""
    return f"{settings.imap_user}@{settings.imap_host}"


def describe(settings: Settings) -> str:
    return f"{settings.imap_user}@{settings.imap_host}:{imap_port(settings)} ({settings.imap_security})"


def connect(settings: Settings) -> IMAPClient:
    """A logged-in client; the caller selects the folder and logs out."""
    secret, oauth2 = credentials(settings)
    client = _open(settings)
    try:
        if oauth2:
            client.oauth2_login(settings.imap_user, secret)
        else:
            client.login(settings.imap_user, secret)
    except LoginError as exc:
        _close(client)
        raise ImapLoginFailed(f"{describe(settings)} refused the login: {_text(exc)}", code="imap_login_refused",
                              server=describe(settings), cause=_text(exc)) from None
    except CONNECTION_ERRORS as exc:
        _close(client)
        raise ImapUnavailable(f"{describe(settings)}: login interrupted: {_text(exc)}", code="imap_login_interrupted",
                              server=describe(settings), cause=_text(exc)) from exc
    return client


def credentials(settings: Settings) -> tuple[str, bool]:
    """(secret, is_oauth2): an XOAUTH2 token wins over a password; files are read at each call."""
    if not settings.imap_host or not settings.imap_user:
        raise ImapMisconfigured("IMAP needs imap_host and imap_user", code="imap_no_host")
    token = settings.imap_oauth2_token or _read_secret(settings.imap_oauth2_token_file)
    if token:
        return token, True
    password = settings.imap_password or _read_secret(settings.imap_password_file)
    if not password:
        raise ImapMisconfigured("IMAP needs a password (MDREG_IMAP_PASSWORD or --imap-password-file) "
                                "or an OAuth2 token (--imap-oauth2-token-file)", code="imap_no_secret")
    return password, False


def _read_secret(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError as exc:
        raise ImapMisconfigured(f"cannot read {path}: {exc.strerror}", code="imap_unreadable_secret", path=path,
                                cause=exc.strerror) from None


def _open(settings: Settings) -> IMAPClient:
    host, port = settings.imap_host, imap_port(settings)
    context = _tls_context(settings) if settings.imap_security != "none" else None
    try:
        client = IMAPClient(host, port=port, ssl=settings.imap_security == "tls", ssl_context=context,
                            timeout=settings.imap_timeout_seconds)
    except (socket.gaierror, ConnectionError, TimeoutError, ssl.SSLError, OSError) as exc:
        raise ImapUnavailable(f"cannot connect to {describe(settings)}: {_text(exc)}", code="imap_cannot_connect",
                              server=describe(settings), cause=_text(exc)) from exc
    except CONNECTION_ERRORS as exc:
        raise ImapUnavailable(f"{describe(settings)} did not greet properly: {_text(exc)}", code="imap_no_greeting",
                              server=describe(settings), cause=_text(exc)) from exc
    if settings.imap_security == "starttls":
        _starttls(client, context, settings)
    return client


def _starttls(client: IMAPClient, context: ssl.SSLContext, settings: Settings) -> None:
    try:
        if not client.has_capability("STARTTLS"):
            raise ImapUnavailable(f"{describe(settings)} does not offer STARTTLS", code="imap_no_starttls",
                                  server=describe(settings))
        client.starttls(context)
    except ImapUnavailable:
        _close(client)
        raise
    except CONNECTION_ERRORS as exc:
        _close(client)
        raise ImapUnavailable(f"STARTTLS with {describe(settings)} failed: {_text(exc)}", code="imap_starttls_failed",
                              server=describe(settings), cause=_text(exc)) from exc


def _tls_context(settings: Settings) -> ssl.SSLContext:
    try:
        cafile = str(settings.imap_ca_file) if settings.imap_ca_file else None
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise ImapMisconfigured(f"cannot load imap_ca_file {settings.imap_ca_file}: {exc}", code="imap_bad_ca_file",
                                path=settings.imap_ca_file, cause=exc) from None


def logout(client: IMAPClient) -> None:
    """Log out politely if the link still works; close the socket in any case."""
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - cleanup of a link that may be broken in any way
        pass
    _close(client)


def _close(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except Exception:  # noqa: BLE001 - as above
        pass


def _text(exc: BaseException) -> str:
    text = str(exc)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text or type(exc).__name__
