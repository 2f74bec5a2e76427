"""The organisation's own places to turn: occupational health, employee assistance, Freedom to
Speak Up and urgent help. An admin sets them; every signed-in person sees them, calmly, after a
support check, after a reflection that felt exposing, and when a draft says they are not coping.
Nothing is shown where none are set.

They are the organisation's information, not anyone's words, so they are kept plain.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from reflect import runtime
from reflect.logs import event
from reflect.models import PlaceToTurn, utcnow
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.errors import PeopleError
from reflect.text import NAME_LIMIT, clean_line, too_long

# The kinds of place, in the order they are shown, with what each is for in a sentence.
KINDS: dict[str, tuple[str, str]] = {
    "occupational_health": ("Occupational health", "Support with your health at work, and adjustments that could help."),
    "employee_assistance": ("Employee assistance", "Free, confidential support and counselling for staff."),
    "freedom_to_speak_up": ("Freedom to Speak Up", "Someone to talk to in confidence if something at work worries you."),
    "urgent_help": ("Urgent help", "If you feel unsafe or in crisis, right now."),
}
NAME_MAX, REACH_MAX = NAME_LIMIT, 500


class PlacesError(PeopleError):
    """A place to turn can't be saved as given; the message says why, kindly."""


@dataclass(frozen=True)
class Place:
    kind: str
    label: str
    about: str
    name: str
    how_to_reach: str


def shown(*, by: Actor) -> list[Place]:
    """The places to turn set for the person's organisation, in the usual order (empty when
    none are set)."""
    ensure(by, Permission.USE_APP)
    with runtime.current().db.read() as session:
        rows = session.scalars(select(PlaceToTurn).where(PlaceToTurn.organisation_id == by.organisation_id)).all()
    found = {row.kind: row for row in rows}
    return [
        Place(kind, label, about, found[kind].name, found[kind].how_to_reach)
        for kind, (label, about) in KINDS.items()
        if kind in found
    ]


def save(*, by: Actor, kind: str, name: str, how_to_reach: str) -> None:
    """Set one of the organisation's places to turn (replacing what it said before).

    Raises:
        AccessDenied: the person is not an admin.
        PlacesError: an unknown kind, or a name or way to reach it that is empty or too long.
    """
    ensure(by, Permission.ADMINISTER)
    name, how_to_reach = clean_line(name), clean_line(how_to_reach)
    if kind not in KINDS:
        raise PlacesError("Please choose one of the listed kinds of support.")
    if not name or not how_to_reach:
        raise PlacesError("Please give both its name and how to reach it.")
    refusal = too_long(name, field="The name", limit=NAME_MAX) or too_long(how_to_reach, field="How to reach it", limit=REACH_MAX)
    if refusal:
        raise PlacesError(refusal)
    with runtime.current().db.write(by=by) as session:
        row = session.scalar(select(PlaceToTurn).where(PlaceToTurn.organisation_id == by.organisation_id, PlaceToTurn.kind == kind))
        if row is None:
            row = PlaceToTurn(organisation_id=by.organisation_id, kind=kind, name=name, how_to_reach=how_to_reach)
            session.add(row)
        row.name, row.how_to_reach, row.updated_at = name, how_to_reach, utcnow()
        session.flush()
        audit.record(session, by=by, action="place_to_turn_set", object_type="place_to_turn", object_id=row.id)
    event("places_to_turn.set")


def remove(*, by: Actor, kind: str) -> None:
    """Stop showing one of the organisation's places to turn (nothing happens if it isn't set).

    Raises:
        AccessDenied: the person is not an admin.
    """
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.write(by=by) as session:
        row = session.scalar(select(PlaceToTurn).where(PlaceToTurn.organisation_id == by.organisation_id, PlaceToTurn.kind == kind))
        if row is None:
            return
        audit.record(session, by=by, action="place_to_turn_removed", object_type="place_to_turn", object_id=row.id)
        session.delete(row)
    event("places_to_turn.removed")
