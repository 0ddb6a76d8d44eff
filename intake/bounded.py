"""Run the intake pipeline where a time and memory limit can stop it without stopping the worker.

Messages go to a small pool of long-lived child processes (forkserver context, intake preloaded)
over a pipe. A child has RLIMIT_AS set to Limits.memory_mb; a message that overruns
Limits.parse_seconds gets its child killed and replaced. Either way the caller gets an
Understanding, `unreadable` saying why (and, read from the header section alone, who sent it).
Machine-mail classification runs in the child too, on the same parse. Spawning a process per
message costs ~40x a pipe round trip (bench/extraction.py measures both), hence the reuse.

The pool is an object (IntakePool) that whoever runs workers builds, passes down and closes
(mailbot/runners/serve.py, roles.py). A batch of messages goes to the pool's children in one send
each, split between them so they read in parallel; each child answers message by message, so
every message keeps its own time limit, and one that kills its child costs only itself: the
rest of that child's share goes to a fresh child.
"""

from __future__ import annotations

import multiprocessing
import os
import queue

from intake.model import Envelope, Limits, Understanding
from intake.understand import understand, unreadable

# A core is left to the worker that records what the children read (and to the edge and the
# sender beside it): on two cores, two children made the worker wait for the slower of the two
# and took turns with it on the cores (bench/smtp_throughput.py end to end 200-203 msg/s with
# two, 213-221 with one).
POOL_SIZE = max(1, min(2, (os.cpu_count() or 2) - 1))


def understand_bounded(raw: bytes, *, limits: Limits, envelope: Envelope | None = None,
                       isolate: bool = True, pool: IntakePool | None = None) -> Understanding:
    """understand(raw) in a child process with limits; `isolate=False` runs it here (tests).
    Without a `pool`, a child is started for this one message and stopped after it."""
    envelope = envelope or Envelope()
    if not isolate:
        return _guarded(raw, limits, envelope)
    if pool is not None:
        return pool.understand_many([(raw, envelope)], limits=limits)[0]
    with IntakePool(size=1) as own:
        return own.understand_many([(raw, envelope)], limits=limits)[0]


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


class IntakePool:
    """A few reusable child processes that read messages under limits. Thread-safe: each call
    takes the children it uses for its duration."""

    def __init__(self, *, size: int = POOL_SIZE) -> None:
        self._all = [_Slot() for _ in range(max(1, size))]
        self._free: queue.Queue[_Slot] = queue.Queue()
        for slot in self._all:
            self._free.put(slot)

    def __enter__(self) -> IntakePool:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def understand_many(self, items: list[tuple[bytes, Envelope]], *, limits: Limits) -> list[Understanding]:
        """Each (raw, envelope) understood in a child, in order; one send per child used."""
        if not items:
            return []
        slots = [self._free.get()]
        while len(slots) < min(len(items), len(self._all)):  # more children only if free now
            try:
                slots.append(self._free.get_nowait())
            except queue.Empty:
                break
        try:
            shares = [items[n::len(slots)] for n in range(len(slots))]
            for slot, share in zip(slots, shares):
                slot.send(share, limits)
            results = [slot.collect(share, limits) for slot, share in zip(slots, shares)]
        finally:
            for slot in slots:
                self._free.put(slot)
        out: list[Understanding] = [None] * len(items)  # type: ignore[list-item]
        for n, found in enumerate(results):
            out[n::len(slots)] = found
        return out

    def start(self, *, memory_mb: int) -> None:
        """Start the children now, not at the first message: starting one (and, the first time,
        the server that forks them, which imports the pipeline) takes most of a second. Only the
        children free now: one in use by another thread has started already."""
        taken: list[_Slot] = []
        try:
            while True:
                taken.append(self._free.get_nowait())
        except queue.Empty:
            pass
        try:
            for slot in taken:
                slot.ensure(memory_mb)
        finally:
            for slot in taken:
                self._free.put(slot)

    def close(self) -> None:
        """Stop every child (a later call starts them again)."""
        for slot in self._all:
            slot.stop()


class _Slot:
    """One reusable child process, started on first use and replaced after a timeout or crash."""

    def __init__(self) -> None:
        self.proc = None
        self.conn = None
        self.memory_mb: int | None = None
        self.sent = False  # whether the last send reached the child

    def send(self, share: list[tuple[bytes, Envelope]], limits: Limits) -> None:
        self.ensure(limits.memory_mb)
        try:
            self.conn.send((share, limits))
            self.sent = True
        except (OSError, BrokenPipeError):
            self.sent = False

    def collect(self, share: list[tuple[bytes, Envelope]], limits: Limits) -> list[Understanding]:
        """The child's answers to `share`, one by one, each within the time limit. After a child
        is lost, the rest of the share goes to a fresh one."""
        out: list[Understanding] = []
        while len(out) < len(share):
            raw, envelope = share[len(out)]
            out.append(self._next(raw, envelope, limits))
            if self.proc is None and len(out) < len(share):  # the child was stopped: a new one
                self.send(share[len(out):], limits)
        return out

    def _next(self, raw: bytes, envelope: Envelope, limits: Limits) -> Understanding:
        try:
            if not self.sent:
                raise BrokenPipeError
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

    def ensure(self, memory_mb: int) -> None:
        """A running child with this memory limit: the one there is, or a new one."""
        if self.proc is None or not self.proc.is_alive() or self.memory_mb != memory_mb:
            self.start(memory_mb)

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
        self.sent = False


def _serve(conn, memory_mb: int) -> None:
    """Child loop: limit the address space once, then read batches until the pipe closes,
    answering each message as soon as it is read."""
    _limit_memory(memory_mb)
    while True:
        try:
            share, limits = conn.recv()
        except (EOFError, OSError):
            return
        for raw, envelope in share:
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


def _context():
    ctx = multiprocessing.get_context("forkserver")
    # Children fork from a server that already imported the pipeline: no import cost per child.
    ctx.set_forkserver_preload(["intake.understand", "intake.bounded"])
    return ctx
