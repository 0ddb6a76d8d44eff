"""`mdreg accept` and `mdreg credentials reissue|revoke|verify`: staff actions on the register.

`verify` is for the login service: it reads the password from standard input (one line) and
answers with its exit code alone: 0 valid, 1 not (wrong, expired, revoked, unknown user).
"""

from __future__ import annotations

import argparse
import sys


from mailbot.cli.command import Command


def _accept_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reference")


def _credentials_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("reissue", "revoke", "verify", "show"))
    parser.add_argument("username")


def cmd_accept(args, settings, engine) -> int:
    from mailbot.cli.texts import say_for
    from store.accept_check import credential_destination
    from store.errors import StoreError, text
    from store.operators import accept_case

    say = say_for(settings)

    try:
        destination = credential_destination(engine=engine, reference=args.reference, language=say.language)
        for line in destination.lines:  # where the credentials go, and why that address is trusted
            print(line)
        outcome = accept_case(engine=engine, reference=args.reference, actor=settings.staff_actor,
                              mailbox=settings.mailbox)
    except StoreError as exc:
        print(f"mdreg accept: {text(exc, say.language)}", file=sys.stderr)
        return 1
    changes = ", ".join(say.field(key) for key in outcome.changed) or say("accept", "no_changes")
    record = say("accept", "created") if outcome.created else say("accept", "updated", changes=changes)
    sending = (say("accept", "credentials_queued", address=outcome.contact_email) if outcome.credentials_outbox_id
               else say("accept", "login_kept"))
    print(say("accept", "accepted", reference=outcome.reference, username=outcome.username, record=record,
              sending=sending))
    return 0


def cmd_credentials(args, settings, engine) -> int:
    from mailbot.cli.report import oslo
    from mailbot.cli.texts import say_for
    from store import credentials
    from store.errors import StoreError, text

    say = say_for(settings)

    if args.action == "verify":
        password = sys.stdin.readline().rstrip("\r\n")
        result = credentials.verify(engine=engine, username=args.username, password=password)
        del password
        return 0 if result.valid else 1
    try:
        if args.action == "show":
            state = credentials.state_of(engine=engine, username=args.username)
            print(say("credentials", "show", username=state.username, state=say("credential_state", state.state),
                      issued=oslo(state.issued_at) if state.issued_at else "-",
                      expires=oslo(state.expires_at) if state.expires_at else "-",
                      must_change=say("credentials", "yes" if state.must_change else "no")))
            return 0
        action = credentials.reissue if args.action == "reissue" else credentials.revoke
        outcome = action(engine=engine, username=args.username, actor=settings.staff_actor)
    except StoreError as exc:
        print(f"mdreg credentials: {text(exc, say.language)}", file=sys.stderr)
        return 1
    print(f"{outcome.username}: {say('credential_action', outcome.action)}")
    return 0


COMMANDS = (
    Command("accept", cmd_accept, _accept_arguments),
    Command("credentials", cmd_credentials,
            _credentials_arguments),
)
