"""Everything an admin or the `reflect` command sets has a length limit: a longer value is
refused with one calm sentence naming the field and the limit, and nothing is stored; what is
stored is cleaned of bidirectional controls and zero-width characters."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from reflect import runtime
from reflect.models import Person, Role, Team
from reflect.services import errors, pairs, persons, teams
from reflect.text import BIDI_CONTROLS, EMAIL_LIMIT, NAME_LIMIT, ZERO_WIDTH, clean_line
from tests import factories

LENGTHS = [1, 40, NAME_LIMIT - 1, NAME_LIMIT, NAME_LIMIT + 1, EMAIL_LIMIT, EMAIL_LIMIT + 1, 5_000, 1_048_576]


def _of_length(seed: str, length: int) -> str:
    return (seed * (length // len(seed) + 1))[:length]


names = st.one_of(
    st.text(max_size=30),
    st.builds(_of_length, st.text(min_size=1, max_size=4).filter(str.strip), st.sampled_from(LENGTHS)),
    st.builds(lambda a, mark, b: f"{a}{mark}{b}", st.text(max_size=10), st.sampled_from(BIDI_CONTROLS + ZERO_WIDTH), st.text(max_size=10)),
)
emails = st.one_of(
    st.builds(lambda n: f"{'x' * n}@example.org", st.sampled_from([1, 200, EMAIL_LIMIT - 12, EMAIL_LIMIT - 11, 1_000, 1_048_576])),
    st.builds(lambda a, mark: f"{a}{mark}@example.org", st.from_regex(r"[a-z]{1,8}", fullmatch=True), st.sampled_from(BIDI_CONTROLS + ZERO_WIDTH)),
)
CHANGES = ["add person", "change name", "change e-mail", "add team", "rename team", "find team", "find account", "add pair", "move pair"]


def _counts() -> tuple[int, int]:
    with runtime.current().db.read() as session:
        return session.scalar(select(func.count(Person.id))), session.scalar(select(func.count(Team.id)))


def _attempt(change: str, name: str, email: str, world: dict) -> None:
    by = world["admin"]
    if change == "add person":
        persons.add(name=name, email=email, roles=[Role.PRACTITIONER], by=by)
    elif change == "change name":
        persons.update(person_id=world["person"].person_id, name=name, by=by)
    elif change == "change e-mail":
        persons.update(person_id=world["person"].person_id, email=email, by=by)
    elif change == "add team":
        teams.add(name=name, by=by)
    elif change == "rename team":
        teams.rename(team_id=world["team"], name=name, by=by)
    elif change == "find team":
        teams.find(name=name, by=by)
    elif change == "find account":
        persons.find(email=email, by=by)
    elif change == "add pair":
        pairs.add(supervisor_email=email, supervisee_email="supervisee@example.org", by=by)
    else:
        pairs.change(pair_id=world["pair"], supervisor_email=email, by=by)


@pytest.fixture
def world(rt, org, team):
    admin = factories.make_person(org, roles=(Role.ADMIN,))
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    person = factories.make_person(org, teams=(team,), email="supervisee@example.org")
    pair = factories.make_pair(supervisor, person)
    return {"admin": admin, "person": person, "team": team, "pair": pair}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=st.sampled_from(CHANGES), name=names, email=emails)
def test_every_admin_field_is_limited_calmly_and_stored_clean(world, change, name, email):
    uses_email = change in {"change e-mail", "find account", "add pair", "move pair"} or change == "add person"
    over_name = len(clean_line(name)) > NAME_LIMIT and "e-mail" not in change and change not in {"find account", "add pair", "move pair"}
    over_email = uses_email and len(email.strip()) > EMAIL_LIMIT
    before = _counts()
    try:
        _attempt(change, name, email, world)
    except errors.PeopleError as refused:
        message = str(refused)
        if over_name or over_email:
            limit = NAME_LIMIT if over_name else EMAIL_LIMIT
            assert f"up to {limit:,} characters" in message
            assert ("name" if over_name else "e-mail address") in message
            assert len(message) < 200 and "\n" not in message
            assert _counts() == before
        else:
            assert "characters" not in message
        return
    assert not (over_name or over_email)
    with runtime.current().db.read() as session:
        stored = [*session.scalars(select(Person.name)), *session.scalars(select(Person.email)), *session.scalars(select(Team.name))]
    assert all(len(value) <= EMAIL_LIMIT for value in stored if value)
    assert not any(mark in value for value in stored if value for mark in BIDI_CONTROLS + ZERO_WIDTH)


def test_the_refusal_names_the_field_and_the_limit(rt, org, admin):
    with pytest.raises(errors.PeopleError) as refused:
        teams.add(name="n" * 1_048_576, by=admin)
    assert str(refused.value) == (
        f"A team's name can be up to {NAME_LIMIT} characters, and this one has 1,048,576. "
        "Please shorten it; nothing has been changed yet."
    )
    with pytest.raises(errors.PeopleError, match=r"^An e-mail address can be up to 254 characters"):
        persons.add(name="Sam", email="x" * 1_048_576 + "@example.org", roles=[Role.PRACTITIONER], by=admin)


def test_a_name_is_stored_without_bidirectional_or_zero_width_characters(rt, org, admin):
    person_id, _ = persons.add(name="Sam\u202e Okafor\u200b", email="s\u200bam@example.org", roles=[Role.PRACTITIONER], by=admin)
    team_id = teams.add(name="\u2066North\u2069 team", by=admin)
    with runtime.current().db.read() as session:
        person = session.get(Person, person_id)
        assert (person.name, person.email, session.get(Team, team_id).name) == ("Sam Okafor", "sam@example.org", "North team")
