"""The parsing policy: `policy.default`, with each header's parse remembered for the process.

`policy.default` parses a header from its source every time it is read (`msg.get`,
`get_content_type`, `get_param` …): about forty parses per message, a quarter of intake's time.
A parsed header depends only on its name and source value, and header objects are never changed
after they are made, so the same (name, value) gives the same object. Long values are parsed
as before and not kept, and at most MAX_ENTRIES are kept: a parsed header holds its parse tree,
so the cache, not the mail, sets the memory (8,192 entries grew a worker by ~70 MB over 4,000
distinct mails; 1,024 keep every header a message reads again, and the common ones).
"""

from __future__ import annotations

from functools import cache, lru_cache

from email.headerregistry import HeaderRegistry
from email.policy import EmailPolicy, linesep_splitter

MAX_CACHED_VALUE = 2_000  # characters; Received/DKIM lines are shorter, a pasted essay is not kept
MAX_ENTRIES = 1_024  # a parsed header keeps its parse tree, ~9 KB: 8,192 of them held ~70 MB


class CachedHeaderPolicy(EmailPolicy):
    """EmailPolicy whose header_fetch_parse returns a remembered header object when it has one."""

    def header_fetch_parse(self, name, value):
        if hasattr(value, "name"):
            return value
        if len(value) > MAX_CACHED_VALUE:
            return super().header_fetch_parse(name, value)
        return _parsed(self.header_factory, name, value)


@lru_cache(maxsize=MAX_ENTRIES)
def _parsed(factory, name: str, value: str):
    # Exactly EmailPolicy.header_fetch_parse: line separators removed, then the registry's parse.
    return factory(name, "".join(linesep_splitter.split(value)))


class OneClassPerKind(HeaderRegistry):
    """HeaderRegistry, making each kind's header class once: the stdlib makes a new class (`type()`)
    for every header it parses, the same class each time, at about a tenth of a parse's cost."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[type, type] = {}  # one per class in the registry: bounded, whatever the names

    def __getitem__(self, name):
        kind = self.registry.get(name.lower(), self.default_class)
        made = self._made.get(kind)
        if made is None:
            made = self._made[kind] = super().__getitem__(name)
        return made


@cache
def parsing_policy() -> CachedHeaderPolicy:
    """The policy intake parses with (made on first use)."""
    return CachedHeaderPolicy(header_factory=OneClassPerKind())
