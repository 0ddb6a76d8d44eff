"""What an attachment says, remembered by its content hash for the life of the process.

The same file is read again and again: a declaration re-attached to every reply in a thread, a
case's messages read again for its devices (store/devices.py), an attachment opened in the staff
app. Reading a PDF costs tens of milliseconds and OCR seconds; the hash is already computed.
Bounded by entries and by characters; results cut short by a deadline are never kept, since a
later read with more time may do better.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

MAX_ENTRIES = 512
MAX_CHARS = 16_000_000  # at most 16-64 MB of text, far above a day of attachments
_TRANSIENT = ("timeout", "time_budget", "MemoryError", "too_much_memory")


class TextCache:
    """A least-recently-used map from a key to (text, flag kinds); safe across threads."""

    def __init__(self, *, max_entries: int = MAX_ENTRIES, max_chars: int = MAX_CHARS) -> None:
        self._items: OrderedDict[Any, tuple[str | None, tuple[str, ...]]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.max_entries, self.max_chars = max_entries, max_chars

    def get(self, key: Any) -> tuple[str | None, list[str]] | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0], list(found[1])

    def put(self, key: Any, text: str | None, kinds: list[str]) -> None:
        size = len(text or "")
        if size > self.max_chars or any(word in kind for kind in kinds for word in _TRANSIENT):
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (text, tuple(kinds))
            self._chars += size
            while len(self._items) > self.max_entries or self._chars > self.max_chars:
                _, (old, _) = self._items.popitem(last=False)
                self._chars -= len(old or "")

    def __len__(self) -> int:
        return len(self._items)


_shared: TextCache | None = None


def shared_cache() -> TextCache:
    """The process's cache, made on first use (nothing is built at import time)."""
    global _shared
    if _shared is None:
        _shared = TextCache()
    return _shared
