"""A private Postfix instance on loopback ports of its own, for tests: its own config, queue and
log directories, no chroot, no DNS, started and stopped by the test (as root, as in CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

POSTFIX = "/usr/sbin/postfix"

MASTER_CF = """\
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
lmtp      unix  - - n - - lmtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
"""

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {root}/spool
data_directory = {root}/data
maillog_file_prefixes = {root}
maillog_file = {root}/maillog
myhostname = mx.test.localhost
mydomain = test.localhost
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
alias_maps =
alias_database =
local_recipient_maps =
biff = no
"""


def available() -> bool:
    return os.path.exists(POSTFIX) and os.geteuid() == 0


@dataclass
class Postfix:
    root: Path
    port: int

    @property
    def log(self) -> str:
        path = self.root / "maillog"
        return path.read_text(errors="replace") if path.exists() else ""

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([POSTFIX, "-c", str(self.root / "etc"), *args], capture_output=True, text=True,
                              timeout=60)

    def stop(self) -> None:
        pid_file = self.root / "spool" / "pid" / "master.pid"
        pid = int(pid_file.read_text().strip() or 0) if pid_file.exists() else 0
        self.run("stop")
        # master.pid stays on disk after Postfix stops (the master locks it, it does not remove it),
        # so the master process itself is waited for.
        deadline = time.monotonic() + 20
        while pid and _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def start_postfix(*, port: int, main_cf_extra: str) -> Postfix:
    """A Postfix listening for SMTP on 127.0.0.1:port, with `main_cf_extra` appended to its main.cf."""
    root = Path(tempfile.mkdtemp(prefix="mdreg-postfix-"))
    os.chmod(root, 0o755)  # the postfix user walks through it to its queue
    (root / "etc").mkdir()
    (root / "etc" / "main.cf").write_text(MAIN_CF.format(root=root) + main_cf_extra)
    (root / "etc" / "master.cf").write_text(MASTER_CF.format(port=port))
    (root / "data").mkdir()
    (root / "spool").mkdir(mode=0o755)  # postfix check makes its subdirectories, owned as they must be
    shutil.chown(root / "data", user="postfix")
    instance = Postfix(root=root, port=port)
    for step in (("check",), ("start",)):
        done = instance.run(*step)
        if done.returncode != 0:
            raise RuntimeError(f"postfix {step[0]} failed: {done.stdout}{done.stderr}{instance.log}")
    return instance
