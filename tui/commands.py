"""The command palette: every key-bound action of the current screen, and the app's own."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class StaffCommands(Provider):
    """Offers each binding with a description (screen first, then app) as a palette command."""

    def _commands(self) -> list[tuple[str, str, object]]:
        screen = self.screen
        out, seen = [], set()
        for owner in (screen, *screen.query("*").results(), self.app):
            # The node's own bindings, as localized (tui/texts.py), not the class's keys.
            bound = getattr(owner, "_bindings", None)
            for binding in [b for items in (bound.key_to_bindings.values() if bound else ()) for b in items]:
                action = getattr(binding, "action", None)
                description = getattr(binding, "description", "")
                if not action or not description or description in seen:
                    continue
                if owner is not screen and owner is not self.app and not getattr(owner, "has_focus", False):
                    continue  # a widget's keys apply where it has the focus
                seen.add(description)
                target = self.app if action.startswith("app.") or owner is self.app else owner
                shown_key = self.app.get_key_display(binding)
                out.append((description, self.app.texts("key", "palette_key", key=shown_key), partial(target.run_action,
                                                                        action.removeprefix("app."))))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
