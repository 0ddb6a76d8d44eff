"""`mdreg serve`'s workers in child processes: the edge and the sender stay in the parent, each
worker gets an interpreter (and an interpreter lock) of its own, so the two cores both work.

The children are started, heard, replaced when they die or go silent, and stopped as
mailbot/runners/supervision.py says (mailbot/runners/worker_child.py is the child's side). Here,
what serve adds:
  - it rings them: the edges' `inbound` bell is this object; its ring writes a byte down each
    child's pipe (never blocking: a full pipe already holds rings enough);
  - it hears them: a child's note up its pipe rings the sender's `outbox` Doorbell, or counts a
    processed message in the metrics, from the event loop;
  - a replacement is rung at once: mail stored meanwhile, and the dead one's batch.
Settings are built once by the entry point and handed to each child as they are; each child builds
its own engine.
"""

from __future__ import annotations

from mailbot.runners.edge_first import EdgeActivity
from mailbot.runners.supervision import Child, ChildProcesses, silence_allowed
from mailbot.runners.wakeup import Doorbell
from mailbot.settings import Settings


class WorkerProcesses(ChildProcesses):
    """`count` worker children; ring() is the edges' `inbound` bell. Made, watched and stopped
    inside the event loop of `serve` (mailbot/runners/serve.py)."""

    def __init__(self, *, settings: Settings, count: int, edge: EdgeActivity, outbox: Doorbell) -> None:
        from mailbot.runners.worker_child import child_main

        # `edge` is in shared memory (EdgeActivity.shared): the children give way to the edge.
        super().__init__(name="mdreg-worker", label="worker process", count=count, target=child_main,
                         kwargs={"settings_data": settings.to_child(), "edge": edge},
                         hung_after=silence_allowed(settings))
        self.settings = settings
        self.outbox = outbox  # the sender's bell in this process

    def ring(self) -> None:
        """New mail is stored: wake every child's worker (the first to claim it takes it)."""
        for child in self.children:
            child.ring()

    def set(self) -> None:
        self.ring()

    def on_note(self, note: tuple) -> None:
        if note[0] == "outbox":
            self.outbox.set()
        elif note[0] == "processed":
            from mailbot.observe import count_processed

            _, kind, status, seconds = note
            count_processed(kind=kind, status=status, seconds=seconds)

    def on_restart(self, child: Child) -> None:
        child.ring()  # mail stored meanwhile, and the dead one's batch
