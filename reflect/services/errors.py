"""The refusals every service raises.

A `Refused` is a request turned down for a reason the person can act on: its message is calm,
plain and safe to show them as it is. `NotFound` is the refusal for something that isn't
there for this person (which is also what something they may not see looks like). Each
service's own refusal (`PeopleError`, `RegisterError`, `AnswerRejected` and the others) is one
of these, so a page or the `reflect` command that doesn't catch it itself still shows the
message: the page runner (reflect/navigation.py) and the command's entry point
(reflect/cli.py) catch every `Refused` in one place, never showing the error page for one.
"""

from __future__ import annotations


class Refused(Exception):
    """A request the person can act on was turned down; the message says why, kindly."""


class NotFound(Refused):
    """No such thing for this person (also what something they may not see looks like)."""


class PeopleError(Refused, ValueError):
    """A request about the organisation, accounts, teams or supervision pairs could not be
    carried out; the message says why."""


class PrivateLocked(Refused):
    """Private text can't be opened or saved in this session: the person's own key is locked."""

    def __init__(self) -> None:
        super().__init__(
            "Your private notes are locked in this session, so nothing private can be opened or saved just now. "
            "Nothing you have written is lost: once you unlock them with your recovery code (or your passphrase), "
            "everything is here as you left it."
        )
