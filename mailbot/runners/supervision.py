"""Child processes that say they run: the parent starts them, hears their beats, replaces one that
died or went silent, tells systemd's watchdog whether they make progress, and stops them.

Used by `mdreg serve` for its worker children (mailbot/runners/worker_processes.py) and by
`mdreg worker|sender --processes N` (mailbot/runners/roles.py). Each child is spawned (a fresh
interpreter: no engine, lock or thread inherited) as `target(down=, up=, parent_pid=, **kwargs)`
with two pipes (mailbot/runners/worker_child.py has the child's side):
  - down, from the parent: its end of file says "stop" (the parent closed it, or died), and the
    child finishes the message in hand and exits; serve also rings its children down it;
  - up, to the parent: ("alive",) every second while the child's threads run, and other notes
    for `on_note`.
The parent, inside its event loop:
  - restarts a child that died (logged); the new child releases the dead one's claims at start
    (store/leases.py: holder ids carry host and PID), as after any crash;
  - kills, and so restarts, one silent for longer than the lease: stopped (SIGSTOP) or hung, it
    works no more, and its claims lapse anyway;
  - progressing(): the watcher runs, no child stays silent unreplaced, and no slot has gone
    without a beat for longer than a child's start and the lease together: a child that dies at
    every start (a broken deploy) is replaced for ever, but its slot stays silent. systemd's
    watchdog goes by it, so WATCHDOG=1 still means the children make progress;
  - stop(): closes the pipes down and waits for each child. A parent killed outright closes them
    too (the kernel does), so no child runs on without it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
from typing import Callable

from mailbot.settings import Settings

log = logging.getLogger("mdreg.supervision")

WATCH_SECONDS = 0.2  # how often the parent looks for a child that died
RESTART_DELAY_SECONDS = 1.0  # a child that dies at once is not restarted in a tight loop
STOP_WAIT_SECONDS = 60.0  # a child still working after this long is killed (its claims lapse)
STARTUP_SECONDS = 60.0  # a fresh interpreter importing intake on a loaded machine: its first beat
MIN_SILENCE_SECONDS = 5.0  # the least silence taken for a hang, however short the lease


def silence_allowed(settings: Settings) -> float:
    """A child silent for longer than the lease is no longer working: its claims go to others."""
    return max(settings.claim_timeout_seconds, MIN_SILENCE_SECONDS)


class Child:
    """One child as the parent sees it: the process and the two pipe ends kept here."""

    def __init__(self, *, name: str, target: Callable, kwargs: dict, on_note: Callable[[tuple], None],
                 slot_heard: float | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        down_child, self.down = context.Pipe(duplex=False)
        self.up, up_child = context.Pipe(duplex=False)
        self.process = context.Process(target=target, name=name,
                                       kwargs={**kwargs, "down": down_child, "up": up_child, "parent_pid": os.getpid()})
        self.process.start()  # not daemonic: a worker has intake children of its own
        down_child.close()
        up_child.close()
        os.set_blocking(self.down.fileno(), False)
        self._on_note = on_note
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(self.up.fileno(), self._read_notes)
        self._listening = True
        self.ended = False  # closed after its process ended
        self.exitcode: int | None = None
        self.started = time.monotonic()
        self.last_beat: float | None = None  # when the parent last heard from it
        # When its slot was last heard from, by this child or the ones it replaces (or first started):
        # a replacement gets a fresh start allowance for its kill, but its slot does not.
        self.slot_heard = self.started if slot_heard is None else slot_heard
        self.killed = False  # for not answering: the watcher restarts it once it is reaped

    def silence(self, *, hung_after: float) -> float:
        """How far past its allowance this child has been silent (> 0: it is stopped or hung)."""
        if self.last_beat is None:
            return time.monotonic() - self.started - max(STARTUP_SECONDS, hung_after)
        return time.monotonic() - self.last_beat - hung_after

    def slot_silence(self, *, hung_after: float) -> float:
        """How far past a start and a lease its slot has gone without a beat, whatever replaced what."""
        heard = self.last_beat if self.last_beat is not None else self.slot_heard
        return time.monotonic() - heard - max(STARTUP_SECONDS, hung_after) - hung_after

    def ring(self) -> None:
        """One byte down the pipe, never blocking: a full pipe already holds rings enough."""
        if self.ended:
            return
        try:
            os.write(self.down.fileno(), b"!")
        except BlockingIOError:
            pass  # the child has not read the rings before: one more adds nothing
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
        self.exitcode = self.process.exitcode
        self.process.close()


class ChildProcesses:
    """`count` children running `target`, named `name`-N, logged as `label` PID; made, watched and
    stopped inside one event loop. Subclasses may take the notes (on_note) and act on a restart."""

    def __init__(self, *, name: str, label: str, count: int, target: Callable, kwargs: dict,
                 hung_after: float) -> None:
        self.name, self.label, self.count = name, label, count
        self._target, self._kwargs = target, kwargs
        self.hung_after = hung_after
        self.children: list[Child] = []
        self.exitcodes: list[int | None] = []  # of the children stopped by stop()
        self._stopping = False
        self._watch: asyncio.Task | None = None

    def start(self) -> None:
        self.children = [self._start(n) for n in range(self.count)]
        log.info("%ses started: %s", self.label, ", ".join(str(c.process.pid) for c in self.children))
        self._watch = asyncio.get_running_loop().create_task(self._restart_the_dead())
        self._watch.add_done_callback(self._report_watcher_end)

    def pids(self) -> list[int]:
        return [child.process.pid for child in self.children if not child.ended]

    def all_heard(self) -> bool:
        """Every child has beaten at least once: all are up."""
        return all(child.last_beat is not None for child in self.children)

    def progressing(self) -> bool:
        """For systemd's watchdog: the watcher runs, no child has gone unreplaced after a silence
        (a silent child is killed at once and replaced a moment later), and no slot has gone
        unheard through its replacements (children that die at every start)."""
        if self._watch is None or self._watch.done():
            return False
        # A child that ended stays in its slot until its replacement starts: its slot's silence counts.
        if any(child.slot_silence(hung_after=self.hung_after) > 0 for child in self.children):
            return False
        return not any(child.silence(hung_after=self.hung_after) > self.hung_after
                       for child in self.children if not child.ended)

    def close_pipes(self) -> None:
        """Tell every child to stop (it finishes the message in hand); no more restarts."""
        self._stopping = True
        if self._watch is not None:
            self._watch.cancel()
        for child in self.children:
            child.close_down()

    async def stop(self) -> None:
        """Close the pipes down and wait for every child to finish the message in hand."""
        self.close_pipes()
        for child in [child for child in self.children if not child.ended]:
            await asyncio.to_thread(child.process.join, STOP_WAIT_SECONDS)
            if child.process.is_alive():
                log.warning("%s %s did not stop within %.0f s; killing it", self.label, child.process.pid,
                            STOP_WAIT_SECONDS)
                child.process.kill()
            child.close()
            self.exitcodes.append(child.exitcode)
        self.children = []

    def on_note(self, note: tuple) -> None:
        """A child's note other than its beat."""

    def on_restart(self, child: Child) -> None:
        """A replacement was started."""

    def _start(self, number: int, *, slot_heard: float | None = None) -> Child:
        return Child(name=f"{self.name}-{number}", target=self._target, kwargs=self._kwargs, on_note=self.on_note,
                     slot_heard=slot_heard)

    async def _restart_the_dead(self) -> None:
        while not self._stopping:
            await asyncio.sleep(WATCH_SECONDS)
            for number, child in enumerate(self.children):
                if self._stopping or child.ended:
                    continue
                if child.process.is_alive():
                    self._kill_if_silent(child)
                    continue
                log.warning("%s %s exited with %s; starting another", self.label, child.process.pid,
                            child.process.exitcode)
                child.close()
                await asyncio.sleep(RESTART_DELAY_SECONDS)
                if self._stopping:
                    return
                heard = child.last_beat if child.last_beat is not None else child.slot_heard
                self.children[number] = self._start(number, slot_heard=heard)
                self.on_restart(self.children[number])

    def _kill_if_silent(self, child: Child) -> None:
        """A child silent for longer than the lease is stopped or hung: kill it (SIGKILL ends a
        stopped process too), and the watcher restarts it once it is reaped."""
        if child.killed or child.silence(hung_after=self.hung_after) <= 0:
            return
        log.error("%s %s has not answered for over %.0f s (stopped or hung); killing it", self.label,
                  child.process.pid, self.hung_after)
        child.killed = True
        child.process.kill()

    def _report_watcher_end(self, watch: asyncio.Task) -> None:
        """The watcher failed (a replacement could not be started: no file descriptor or process
        left): say so, since progressing() is False from now on and systemd's watchdog restarts
        the service."""
        if not watch.cancelled() and watch.exception() is not None:
            log.error("%ses: no %s is restarted any more, and the watchdog is no longer petted: %r",
                      self.label, self.label, watch.exception())
