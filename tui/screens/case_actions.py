"""The case screen's staff actions that ask first (tui/screens/case.py binds the keys): each opens
its dialog and, on an answer, runs the store function through the screen's `_run` (a thread, then
a notice and a reload). What needs the database before asking is loaded by the screen's workers,
which call the `ask_…` functions here with what they found."""

from __future__ import annotations

from intake.replies.render import render
from intake.states import ReplyTemplate
from store import case_detail as case_view
from store import staff
from tui import format as fmt


def ask_accept(screen, preview, lines: tuple[str, ...] = ()) -> None:
    """Refuse at once what cannot be accepted; otherwise say who receives what, then ask."""
    from tui.screens.confirm_dialog import ConfirmDialog

    t = screen.texts
    refusal = {
        "kind": lambda: t("dialog", "accept_refused_kind", kind=t.kind(preview.kind)),
        "finished": lambda: t("dialog", "accept_refused_finished", state=t.state(preview.status)),
        "fields": lambda: t("dialog", "accept_refused", fields=", ".join(t.field_name(k) for k in preview.problems)),
    }.get(preview.refusal or "")
    if refusal is None and preview.new_login and not preview.recipient:
        refusal = lambda: t("dialog", "accept_refused_contact")  # noqa: E731
    if refusal is not None:
        screen.notify(refusal(), title=t("key", "accept"), severity="warning", timeout=8)
        return
    sender = screen.detail.sender if screen.detail else "?"
    effect = (t("dialog", "accept_effect", contact=preview.recipient, sender=sender)
              if preview.new_login else t("dialog", "accept_effect_update", organisation=preview.organisation))

    def done(yes: bool | None) -> None:
        if yes:
            screen._run(t("key", "accept"), staff.accept, mailbox=screen.app.settings.mailbox)

    question = t("dialog", "accept_question", reference=screen.reference, organisation=preview.organisation or "?")
    screen.app.push_screen(ConfirmDialog(question, "\n".join([effect, *lines]), texts=t), done)


def ask_request_missing(screen) -> None:
    """The request for what is missing, written from the template, to edit and send."""
    from tui.screens.compose_dialog import ComposeDialog

    detail = screen.detail
    if detail is None:
        return
    text = render(ReplyTemplate.REQUEST_MISSING, language=detail.language, reference=screen.reference,
                  fields=detail.fields)

    def done(body: str | None) -> None:
        if body:
            screen._run(screen.texts("key", "request_missing"), staff.request_missing,
                        mailbox=screen.app.settings.mailbox, message_text=body)

    screen.app.push_screen(ComposeDialog(screen.texts("dialog", "request_title", to=detail.sender), text,
                                         texts=screen.texts), done)


def ask_reject(screen) -> None:
    from tui.screens.reject_dialog import RejectDialog

    if screen.detail is None:
        return

    def done(answer: tuple[str, str] | None) -> None:
        if answer:
            code, body = answer
            screen._run(screen.texts("key", "reject"), staff.reject_case, reason_code=code,
                        mailbox=screen.app.settings.mailbox, message_text=body)

    screen.app.push_screen(RejectDialog(screen.reference, screen.detail.language, texts=screen.texts), done)


def ask_duplicate(screen, candidates) -> None:
    from tui.screens.duplicate_dialog import DuplicateDialog

    def done(answer: tuple[str, bool] | None) -> None:
        if answer:
            other, merge = answer
            screen._run(screen.texts("key", "duplicate"), staff.mark_duplicate, of_reference=other, merge=merge)

    screen.app.push_screen(DuplicateDialog(screen.reference, candidates, texts=screen.texts), done)


def ask_note(screen) -> None:
    from tui.screens.compose_dialog import ComposeDialog

    def done(text: str | None) -> None:
        if text:
            screen._run(screen.texts("key", "note"), staff.add_note, text=text)

    screen.app.push_screen(ComposeDialog(screen.texts("dialog", "note_title"), "", texts=screen.texts, saving=True),
                           done)


def ask_reply(screen) -> None:
    from tui.screens.compose_dialog import ComposeDialog

    if screen.detail is None:
        return

    def done(body: str | None) -> None:
        if body:
            screen._run(screen.texts("key", "reply"), staff.reply, mailbox=screen.app.settings.mailbox,
                        message_text=body)

    start = staff.reply_frame(language=screen.detail.language)  # greeting, the cursor's line, signature
    screen.app.push_screen(ComposeDialog(screen.texts("dialog", "reply_title", to=screen.detail.sender), start,
                                         texts=screen.texts, cursor_line=2), done)


def ask_edit_field(screen, key: str) -> None:
    from tui.screens.edit_field_dialog import EditFieldDialog

    current = screen.detail.fields.get(key)
    name = screen.texts.field_name(key)

    def done(value: str | None) -> None:
        if value is not None:
            screen._run(screen.texts("case", "edit_title", name=name), staff.edit_field, key=key, value=value)

    screen.app.push_screen(EditFieldDialog(screen.texts("case", "edit_title", name=name),
                                           current.value if current else "",
                                           screen.texts.reason(current.reason) if current else "",
                                           texts=screen.texts), done)


def ask_history(screen, key: str, past) -> None:
    """Earlier values of a field; choosing one sets it back (an undo of an edit)."""
    from tui.screens.pick_dialog import PickDialog

    t = screen.texts
    name = t.field_name(key)
    if not past:
        screen.notify(t("case", "history_empty", name=name))
        return
    items = [t("case", "history_item", when=fmt.when(p.at), actor=p.actor,
               value=p.value or t("case", "empty_value"), state=t("field_state", p.state)) for p in past]

    def done(index: int | None) -> None:
        if index is not None:
            value = past[index].value or ""
            screen._run(t("case", "edit_undone", name=name, value=value or t("case", "empty_value")),
                        staff.edit_field, key=key, value=value)

    screen.app.push_screen(PickDialog(t("case", "history_title", name=name), items, texts=t), done)


def ask_attachment(screen, chips: list[tuple[int | None, case_view.AttachmentChip]]) -> None:
    """Open the one attachment, or ask which of several."""
    if len(chips) == 1:
        open_attachment(screen, *chips[0])
        return
    from tui.screens.pick_dialog import PickDialog

    def done(index: int | None) -> None:
        if index is not None:
            open_attachment(screen, *chips[index])

    screen.app.push_screen(PickDialog(screen.texts("case", "open_attachment"), [c.filename for _, c in chips],
                                      texts=screen.texts), done)


def open_attachment(screen, inbound_id: int | None, chip: case_view.AttachmentChip) -> None:
    from tui.screens.attachment import AttachmentScreen

    if inbound_id is None:
        screen.notify(screen.texts("case", "only_received"))
        return
    screen.app.push_screen(AttachmentScreen(inbound_id, chip))
