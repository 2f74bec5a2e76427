"""The organisation's places to turn: set by an admin, shown to its own staff, audited."""

from __future__ import annotations

import pytest

from reflect.models import Role
from reflect.services import audit, places_to_turn
from reflect.services.access import AccessDenied
from reflect.services.places_to_turn import PlacesError
from tests import factories


def test_nothing_is_shown_when_none_are_set(rt, practitioner):
    assert places_to_turn.shown(by=practitioner) == []


def test_places_an_admin_sets_are_shown_to_staff_in_the_usual_order(rt, admin, practitioner):
    places_to_turn.save(by=admin, kind="urgent_help", name="Crisis line", how_to_reach="Call 0800 000 000, any time")
    places_to_turn.save(by=admin, kind="occupational_health", name="OH service", how_to_reach="Intranet: Occupational health")

    shown = places_to_turn.shown(by=practitioner)

    assert [p.kind for p in shown] == ["occupational_health", "urgent_help"]
    assert shown[1].name == "Crisis line" and shown[1].label == "Urgent help"


def test_saving_again_replaces_and_remove_stops_showing(rt, admin, practitioner):
    places_to_turn.save(by=admin, kind="employee_assistance", name="EAP", how_to_reach="Old number")
    places_to_turn.save(by=admin, kind="employee_assistance", name="EAP", how_to_reach="New number")
    assert [p.how_to_reach for p in places_to_turn.shown(by=practitioner)] == ["New number"]

    places_to_turn.remove(by=admin, kind="employee_assistance")

    assert places_to_turn.shown(by=practitioner) == []


def test_each_change_is_in_the_audit_trail(rt, admin):
    places_to_turn.save(by=admin, kind="freedom_to_speak_up", name="Guardian", how_to_reach="speakup@example.org")
    places_to_turn.remove(by=admin, kind="freedom_to_speak_up")

    rows, _ = audit.search(by=admin)

    assert [r.action for r in rows[:2]] == ["place_to_turn_removed", "place_to_turn_set"]


@pytest.mark.parametrize("roles", [(Role.PRACTITIONER,), (Role.SUPERVISOR,), (Role.TEAM_LEAD,)], ids=["practitioner", "supervisor", "team_lead"])
@pytest.mark.parametrize("change", ["save", "remove"])
def test_change_with_no_permission(sqlite_rt, roles, change):
    person = factories.make_person(factories.make_organisation(), roles=roles)
    with pytest.raises(AccessDenied):
        if change == "save":
            places_to_turn.save(by=person, kind="urgent_help", name="Crisis line", how_to_reach="Call 999")
        else:
            places_to_turn.remove(by=person, kind="urgent_help")


def test_another_organisations_places_are_not_shown(sqlite_rt):
    ours, theirs = factories.make_organisation("Ours"), factories.make_organisation("Theirs")
    admin = factories.make_person(ours, roles=(Role.ADMIN,))
    places_to_turn.save(by=admin, kind="urgent_help", name="Our crisis line", how_to_reach="Call 0800 000 000")

    assert places_to_turn.shown(by=factories.make_person(theirs)) == []


@pytest.mark.parametrize(
    ("kind", "name", "reach"),
    [("spa_day", "Spa", "Somewhere"), ("urgent_help", " ", "Call 999"), ("urgent_help", "Line", ""), ("urgent_help", "x" * 201, "Call")],
    ids=["unknown_kind", "no_name", "no_way_to_reach", "too_long"],
)
def test_a_place_that_does_not_fit_is_refused_and_nothing_changes(sqlite_rt, kind, name, reach):
    org = factories.make_organisation()
    admin = factories.make_person(org, roles=(Role.ADMIN,))
    with pytest.raises(PlacesError):
        places_to_turn.save(by=admin, kind=kind, name=name, how_to_reach=reach)
    assert places_to_turn.shown(by=admin) == []


def test_invisible_characters_are_cleaned_from_what_an_admin_sets(sqlite_rt):
    admin = factories.make_person(factories.make_organisation(), roles=(Role.ADMIN,))

    places_to_turn.save(by=admin, kind="urgent_help", name="Crisis\u202e line\u200b", how_to_reach="Call\u000b 111")

    assert [(p.name, p.how_to_reach) for p in places_to_turn.shown(by=admin)] == [("Crisis line", "Call 111")]
