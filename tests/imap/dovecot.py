"""A throw-away Dovecot on loopback: its own configuration, users, Maildirs and port.

Used by the IMAP tests and by bench/imap_drain.py. Runs `dovecot -F -c <conf>` in the
foreground as a child process; nothing outside the given directory is touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support import free_port

DOVECOT = "/usr/sbin/dovecot"
PASSWORD = "secret-test-password"
USERS = 200
MAIL_UID = MAIL_GID = 65534  # nobody / nogroup

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{mail}/%u
default_login_user = dovenull
default_internal_user = dovecot
login_trusted_networks =
mail_max_userip_connections = 100
imap_idle_notify_interval = 1 secs
{oauth2}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={mail}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
"""

OAUTH2 = """\
auth_mechanisms = plain login xoauth2
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {root}/oauth2.conf
}}
"""


def available() -> bool:
    return Path(DOVECOT).exists()


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1, made by the openssl command."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


class Dovecot:
    """One Dovecot instance under `root`; `port` speaks plain IMAP (and STARTTLS with a cert)."""

    def __init__(self, *, tls: bool = False, oauth2_introspection_url: str | None = None) -> None:
        # Dovecot's own processes (auth as dovecot, mail as nobody) must reach these files,
        # so they live in a fresh world-traversable directory rather than pytest's private tmp.
        self.root = root = Path(tempfile.mkdtemp(prefix="mdreg-dovecot-"))
        root.chmod(0o755)
        self.port = free_port()
        self.tls_port = free_port() if tls else 0
        self.cert: Path | None = None
        self.process: subprocess.Popen | None = None
        self._next_user = 0
        self.mail = root / "mail"
        self.mail.mkdir()
        os.chown(self.mail, MAIL_UID, MAIL_GID)
        # Users are written up front: Dovecot then never has to notice the passwd-file change.
        (root / "passwd").write_text("".join(f"{_user(n)}:{{PLAIN}}{PASSWORD}::::::\n" for n in range(USERS)))
        ssl = "ssl = no"
        if tls:
            self.cert, key = self_signed_cert(root)
            ssl = f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{key}"
        oauth2 = ""
        if oauth2_introspection_url:  # XOAUTH2 tokens are checked by POSTing them to this URL
            (root / "oauth2.conf").write_text(
                f"introspection_mode = post\nintrospection_url = {oauth2_introspection_url}\n"
                "username_attribute = username\nactive_attribute = active\nactive_value = true\n")
            oauth2 = OAUTH2.format(root=root)
        self.config = root / "dovecot.conf"
        self.config.write_text(CONFIG.format(root=root, mail=self.mail, port=self.port, tls_port=self.tls_port,
                                             ssl=ssl, oauth2=oauth2))

    def new_user(self) -> str:
        """A user whose mailbox nobody has used yet."""
        self._next_user += 1
        if self._next_user >= USERS:
            raise RuntimeError("out of test users")
        return _user(self._next_user)

    def maildir(self, user: str) -> Path:
        return self.mail / user

    def start(self, timeout: float = 15.0) -> None:
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode(errors="replace")
                self.process.stderr.close()
                raise RuntimeError(f"dovecot exited ({self.process.returncode}): {err}\n{self.log()}")
            if _listening(self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not listen on {self.port}\n{self.log()}")

    def stop(self) -> None:
        if self.process is None:
            return
        # The whole process group: imap processes outlive the master otherwise, and a server
        # restart should drop every client connection, as a real one does.
        _signal_group(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            _signal_group(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process.stderr.close()
        self.process = None
        deadline = time.monotonic() + 10
        while _listening(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _user(n: int) -> str:
    return f"user{n:03d}"


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
