"""Run the intake pipeline where a time and memory limit can stop it without stopping the worker.

Messages go to a small pool of long-lived child processes (forkserver context, intake preloaded)
over a pipe. A child has RLIMIT_AS set to Limits.memory_mb; a message that overruns
Limits.parse_seconds gets its child killed and replaced. Either way the caller gets an
Understanding, `unreadable` saying why (and, read from the header section alone, who sent it).
Machine-mail classification runs in the child too, on the same parse. Spawning a process per message costs ~40x a pipe round
trip (bench/extraction.py measures both), hence the reuse.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import threading

from intake.model import Envelope, Limits, Understanding
from intake.understand import understand, unreadable

POOL_SIZE = max(1, min(2, os.cpu_count() or 1))


def understand_bounded(raw: bytes, *, limits: Limits, envelope: Envelope | None = None,
                       isolate: bool = True) -> Understanding:
    """understand(raw) in a child process with limits; `isolate=False` runs it here (tests)."""
    envelope = envelope or Envelope()
    if not isolate:
        return _guarded(raw, limits, envelope)
    slot = _pool().get()
    try:
        return slot.run(raw, limits, envelope)
    finally:
        _pool().put(slot)


def _guarded(raw: bytes, limits: Limits, envelope: Envelope) -> Understanding:
    """The pipeline with every failure turned into an unreadable reason (runs in the child)."""
    try:
        return understand(raw, limits=limits, envelope=envelope)
    except MemoryError:
        reason = f"reading the message needed more than {limits.memory_mb} MB of memory"
    except RecursionError:
        reason = "the message is nested too deeply to read"
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop the worker
        reason = f"reading the message failed ({type(exc).__name__})"
    return unreadable(reason, raw=raw, envelope=envelope)


class _Slot:
    """One reusable child process, started on first use and replaced after a timeout or crash."""

    def __init__(self) -> None:
        self.proc = None
        self.conn = None
        self.memory_mb: int | None = None

    def run(self, raw: bytes, limits: Limits, envelope: Envelope) -> Understanding:
        if self.proc is None or not self.proc.is_alive() or self.memory_mb != limits.memory_mb:
            self.start(limits.memory_mb)
        try:
            self.conn.send((raw, limits, envelope))
            if not self.conn.poll(limits.parse_seconds):
                self.stop()
                reason = f"reading the message took longer than {limits.parse_seconds:g} s"
                return unreadable(reason, raw=raw, envelope=envelope)  # the header block only: bounded
            status, value = self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            code = self.proc.exitcode if self.proc is not None else None
            self.stop()
            return unreadable(f"the process reading the message stopped (exit code {code})", raw=raw,
                              envelope=envelope)
        if status != "ok":
            self.stop()  # after MemoryError the child's heap is suspect: start afresh
            return unreadable(value, raw=raw, envelope=envelope)
        return value

    def start(self, memory_mb: int) -> None:
        self.stop()
        ctx = _context()
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, memory_mb), daemon=True, name="mdreg-intake")
        self.proc.start()
        child.close()
        self.conn, self.memory_mb = parent, memory_mb

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join(5)
            self.proc.close()
        if self.conn is not None:
            self.conn.close()
        self.proc = self.conn = None


def _serve(conn, memory_mb: int) -> None:
    """Child loop: limit the address space once, then read messages until the pipe closes."""
    _limit_memory(memory_mb)
    while True:
        try:
            raw, limits, envelope = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = understand(raw, limits=limits, envelope=envelope)
            conn.send(("ok", result))
        except MemoryError:
            conn.send(("memory", f"reading the message needed more than {memory_mb} MB of memory"))
            return
        except Exception as exc:  # noqa: BLE001 - reported to the parent as an unreadable reason
            conn.send(("ok", _guarded_failure(exc, raw, envelope)))


def _guarded_failure(exc: BaseException, raw: bytes, envelope: Envelope) -> Understanding:
    if isinstance(exc, RecursionError):
        return unreadable("the message is nested too deeply to read", raw=raw, envelope=envelope)
    return unreadable(f"reading the message failed ({type(exc).__name__})", raw=raw, envelope=envelope)


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the wall-time limit still holds


_lock = threading.Lock()
_slots: queue.Queue[_Slot] | None = None
_all: list[_Slot] = []


def _context():
    ctx = multiprocessing.get_context("forkserver")
    # Children fork from a server that already imported the pipeline: no import cost per child.
    ctx.set_forkserver_preload(["intake.understand", "intake.bounded"])
    return ctx


def _pool() -> queue.Queue[_Slot]:
    global _slots
    with _lock:
        if _slots is None:
            _slots = queue.Queue()
            for _ in range(POOL_SIZE):
                slot = _Slot()
                _all.append(slot)
                _slots.put(slot)
        return _slots


@atexit.register
def shutdown() -> None:
    """Stop every child (also useful between tests)."""
    for slot in _all:
        slot.stop()
