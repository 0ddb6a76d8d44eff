"""A TCP proxy on 127.0.0.1 between mdreg and Dovecot that a test can cut or slow down."""

from __future__ import annotations

import socket
import threading
import time
from typing import Callable


class CutProxy:
    """Forwards 127.0.0.1:port to 127.0.0.1:target; can cut every link once N bytes have come back."""

    def __init__(self, target_port: int, *, delay: float = 0.0, chunk: int = 65536) -> None:
        self.target_port = target_port
        self.delay = delay  # seconds to wait after each server->client chunk (throttling)
        self.chunk = chunk
        self.cuts = 0
        self.downstream_bytes = 0
        self._cut_at: int | None = None
        self._on_cut: Callable[[], None] | None = None
        self._links: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]

    def start(self) -> CutProxy:
        self._spawn(self._accept_loop)
        return self

    def cut_after(self, nbytes: int, on_cut: Callable[[], None] | None = None) -> None:
        """Once `nbytes` more bytes have gone server->client, cut every link (one shot)."""
        with self._lock:
            self._cut_at = self.downstream_bytes + nbytes
            self._on_cut = on_cut

    def cut(self) -> None:
        with self._lock:
            links, self._links = self._links, []
            self.cuts += 1
        for sock in links:
            _close(sock)

    def stop(self) -> None:
        self._stopping.set()
        self.cut()
        for thread in self._threads:
            thread.join(5)
        self._listener.close()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            server.settimeout(None)
            with self._lock:
                self._links += [client, server]
            self._spawn(self._pump, client, server, False)
            self._spawn(self._pump, server, client, True)

    def _pump(self, source: socket.socket, sink: socket.socket, downstream: bool) -> None:
        try:
            while True:
                data = source.recv(self.chunk)
                if not data:
                    break
                sink.sendall(data)
                if downstream:
                    self._count(len(data))
                    if self.delay:
                        time.sleep(self.delay)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)

    def _count(self, nbytes: int) -> None:
        with self._lock:
            self.downstream_bytes += nbytes
            due = self._cut_at is not None and self.downstream_bytes >= self._cut_at
            on_cut = self._on_cut if due else None
            if due:
                self._cut_at = None
        if due:
            if on_cut:
                on_cut()
            self.cut()


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
