"""`mdreg serve`'s workers in child processes: the edge and the sender stay in the parent, each
worker gets an interpreter (and an interpreter lock) of its own, so the two cores both work.

The parent owns its children's lifetime (mailbot/runners/worker_child.py is the child's side):
  - it rings them: the edges' `inbound` bell is this object; its ring writes a byte down each
    child's pipe (never blocking: a full pipe already holds rings enough);
  - it hears them: a child's note up its pipe rings the sender's `outbox` Doorbell, or counts a
    processed message in the metrics, from the event loop;
  - it restarts one that died (logged); the new child's worker releases the dead one's claims at
    start (store/leases.py: holder ids carry host and PID), as after any crash;
  - it kills, and so restarts, one that stopped beating (("alive",) up its pipe every second) for
    longer than the lease: stopped (SIGSTOP) or hung, it works no more, and its claims lapse anyway.
    systemd's watchdog (serve.py) goes by progressing(): the watcher runs and no child is silent
    for longer than it may be, so WATCHDOG=1 still means the workers make progress;
  - it stops them by closing the pipes down: each finishes the message in hand and exits. A parent
    killed outright closes them too (the kernel does), so no child runs on without it.
Settings are built once by the entry point and handed to each child as they are; each child builds
its own engine.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time

from mailbot.runners.edge_first import EdgeActivity
from mailbot.runners.wakeup import Doorbell
from mailbot.settings import Settings

log = logging.getLogger("mdreg.serve")

WATCH_SECONDS = 0.2  # how often the parent looks for a child that died
RESTART_DELAY_SECONDS = 1.0  # a child that dies at once is not restarted in a tight loop
STOP_WAIT_SECONDS = 60.0  # a child still working after this long is killed (its claims lapse)
STARTUP_SECONDS = 60.0  # a fresh interpreter importing intake on a loaded machine: its first beat
MIN_SILENCE_SECONDS = 5.0  # the least silence taken for a hang, however short the lease


class _Child:
    """One worker child as the parent sees it: the process and the two pipe ends kept here."""

    def __init__(self, *, number: int, settings: Settings, edge: EdgeActivity, on_note) -> None:
        from mailbot.runners.worker_child import child_main

        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no engine, lock or thread inherited
        down_child, self.down = context.Pipe(duplex=False)
        self.up, up_child = context.Pipe(duplex=False)
        self.process = context.Process(
            target=child_main, name=f"mdreg-worker-{number}",
            kwargs={"settings_data": settings.to_child(), "edge": edge, "down": down_child, "up": up_child,
                    "parent_pid": os.getpid()})
        self.process.start()  # not daemonic: the child has intake children of its own
        down_child.close()
        up_child.close()
        os.set_blocking(self.down.fileno(), False)
        self._on_note = on_note
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(self.up.fileno(), self._read_notes)
        self._listening = True
        self.ended = False  # closed after its process ended
        self.started = time.monotonic()
        self.last_beat: float | None = None  # when the parent last heard from it
        self.killed = False  # for not answering: the watcher restarts it once it is reaped

    def silence(self, *, hung_after: float) -> float:
        """How far past its allowance this child has been silent (> 0: it is stopped or hung)."""
        if self.last_beat is None:
            return time.monotonic() - self.started - max(STARTUP_SECONDS, hung_after)
        return time.monotonic() - self.last_beat - hung_after

    def ring(self) -> None:
        if self.ended:
            return
        try:
            os.write(self.down.fileno(), b"!")
        except BlockingIOError:
            pass  # the pipe is full of rings the child has not read yet: one more adds nothing
        except (OSError, ValueError):
            pass  # the child died or the pipe is closed: the watcher restarts it

    def _read_notes(self) -> None:
        try:
            while self.up.poll():
                note = self.up.recv()
                self.last_beat = time.monotonic()  # any note says it runs
                if note[0] != "alive":
                    self._on_note(note)
        except (EOFError, OSError):
            self._stop_listening()  # the child exited; the watcher sees it

    def _stop_listening(self) -> None:
        if self._listening:
            self._loop.remove_reader(self.up.fileno())
            self._listening = False

    def close_down(self) -> None:
        """Close the pipe down: the child finishes the message in hand and exits."""
        if not self.down.closed:
            self.down.close()

    def close(self) -> None:
        """After the process ended: read its last notes, then close everything."""
        if self.ended:
            return
        self.ended = True
        if self._listening and not self.up.closed:
            self._read_notes()
        self._stop_listening()
        self.close_down()
        self.up.close()
        self.process.join()  # reaped: its PID reads as dead to release_dead_claims
        self.process.close()


class WorkerProcesses:
    """`count` worker children; ring() is the edges' `inbound` bell. Made, watched and stopped
    inside the event loop of `serve` (mailbot/runners/serve.py)."""

    def __init__(self, *, settings: Settings, count: int, edge: EdgeActivity, outbox: Doorbell) -> None:
        self.settings = settings
        self.count = count
        self.edge = edge  # in shared memory (EdgeActivity.shared): the children give way to the edge
        self.outbox = outbox  # the sender's bell in this process
        self._children: list[_Child] = []
        self._stopping = False
        # A child silent for longer than the lease is no longer working: its claims go to others.
        self.hung_after = max(settings.claim_timeout_seconds, MIN_SILENCE_SECONDS)
        self._watch: asyncio.Task | None = None

    def start(self) -> None:
        self._children = [self._start(n) for n in range(self.count)]
        log.info("worker processes started: %s", ", ".join(str(c.process.pid) for c in self._children))
        self._watch = asyncio.get_running_loop().create_task(self._restart_the_dead())
        self._watch.add_done_callback(_report_watcher_end)

    def pids(self) -> list[int]:
        return [child.process.pid for child in self._children if not child.ended]

    def ring(self) -> None:
        """New mail is stored: wake every child's worker (the first to claim it takes it)."""
        for child in self._children:
            child.ring()

    def set(self) -> None:
        self.ring()

    def progressing(self) -> bool:
        """For systemd's watchdog: the watcher runs, and no child has gone unreplaced after a
        silence (a silent child is killed at once and replaced a moment later)."""
        if self._watch is None or self._watch.done():
            return False
        return not any(child.silence(hung_after=self.hung_after) > self.hung_after
                       for child in self._children if not child.ended)

    def close_pipes(self) -> None:
        """Tell every child to stop (it finishes the message in hand); no more restarts."""
        self._stopping = True
        if self._watch is not None:
            self._watch.cancel()
        for child in self._children:
            child.close_down()

    async def stop(self) -> None:
        """Close the pipes down and wait for every child to finish the message in hand."""
        self.close_pipes()
        for child in [child for child in self._children if not child.ended]:
            await asyncio.to_thread(child.process.join, STOP_WAIT_SECONDS)
            if child.process.is_alive():
                log.warning("worker process %s did not stop within %.0f s; killing it", child.process.pid,
                            STOP_WAIT_SECONDS)
                child.process.kill()
            child.close()
        self._children = []

    def _start(self, number: int) -> _Child:
        return _Child(number=number, settings=self.settings, edge=self.edge, on_note=self._on_note)

    def _on_note(self, note: tuple) -> None:
        if note[0] == "outbox":
            self.outbox.set()
        elif note[0] == "processed":
            from mailbot.observe import count_processed

            _, kind, status, seconds = note
            count_processed(kind=kind, status=status, seconds=seconds)

    async def _restart_the_dead(self) -> None:
        while not self._stopping:
            await asyncio.sleep(WATCH_SECONDS)
            for number, child in enumerate(self._children):
                if self._stopping or child.ended:
                    continue
                if child.process.is_alive():
                    self._kill_if_silent(child)
                    continue
                log.warning("worker process %s exited with %s; starting another", child.process.pid,
                            child.process.exitcode)
                child.close()
                await asyncio.sleep(RESTART_DELAY_SECONDS)
                if self._stopping:
                    return
                self._children[number] = self._start(number)
                self._children[number].ring()  # mail stored meanwhile, and the dead one's batch

    def _kill_if_silent(self, child: _Child) -> None:
        """A child silent for longer than the lease is stopped or hung: kill it (SIGKILL ends a
        stopped process too), and the watcher restarts it once it is reaped."""
        if child.killed or child.silence(hung_after=self.hung_after) <= 0:
            return
        log.error("worker process %s has not answered for over %.0f s (stopped or hung); killing it",
                  child.process.pid, self.hung_after)
        child.killed = True
        child.process.kill()


def _report_watcher_end(watch: asyncio.Task) -> None:
    """The watcher failed (a replacement could not be started: no file descriptor or process left):
    say so, since from now on progressing() is False and systemd's watchdog restarts the service."""
    if not watch.cancelled() and watch.exception() is not None:
        log.error("worker processes: no worker process is restarted any more, and the watchdog is no "
                  "longer petted: %r", watch.exception())
