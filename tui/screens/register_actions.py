"""The register's staff actions, each asked first and audited by the store function it calls:
adopt Enhetsregisteret's proposed address (on a case), retire a device and end a mandate (on the
register screen). Kept here so the case and register screens only bind keys to them."""

from __future__ import annotations

from typing import Any

from store.errors import StoreError
from store.errors import text as error_text
from tui.screens.confirm_dialog import ConfirmDialog
from tui.widgets.register_texts import text


def _t(screen, key: str, **values: object) -> str:
    return text("actions", key, language=screen.app.texts.language, **values)


def ask_adopt_proposal(screen) -> None:
    """On the case screen: say what Enhetsregisteret proposes and where it goes, then adopt it."""
    from store.register_actions import adopt_proposals, proposals_of

    detail = screen.detail
    if detail is None:
        return
    try:
        proposed = proposals_of(engine=screen.app.engine, reference=screen.reference)
    except StoreError as exc:
        screen.notify(error_text(exc, screen.app.texts.language), severity="error")
        return
    if not proposed:
        screen.notify(_t(screen, "adopt_nothing"), severity="warning")
        return
    texts = screen.app.texts
    target = (_t(screen, "adopt_target_operator", organisation=detail.organisation or detail.org_number or "?")
              if detail.status == "accepted" else _t(screen, "adopt_target_case", reference=screen.reference))
    values = "\n".join(f"{texts.field_name(k)}: {v}" for k, v in proposed.items())

    def done(yes: bool | None) -> None:
        if yes:
            screen._run(text("key", "adopt_proposal", language=texts.language), adopt_proposals,
                        keys=tuple(proposed))

    screen.app.push_screen(ConfirmDialog(_t(screen, "adopt_question", target=target),
                                         _t(screen, "adopt_effect", values=values), texts=texts), done)


def ask_and_run(screen, *, question: str, effect: str, label: str, function, on_done, **kwargs: Any) -> None:
    """Ask; on yes run `function(engine=…, actor=…, **kwargs)` in a thread, then say how it went."""

    def run() -> None:
        try:
            function(engine=screen.app.engine, actor=screen.app.actor, **kwargs)
        except StoreError as exc:
            screen.app.call_from_thread(screen.notify, error_text(exc, screen.app.texts.language), title=label,
                                        severity="error", timeout=8)
        else:
            screen.app.call_from_thread(screen.notify, _t(screen, "done", label=label))
        screen.app.call_from_thread(on_done)

    def done(yes: bool | None) -> None:
        if yes:
            screen.run_worker(run, thread=True, group="register-action")

    screen.app.push_screen(ConfirmDialog(question, effect, texts=screen.app.texts), done)
