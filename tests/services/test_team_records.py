"""Team records: the team's asset reviews with actions and owners, and culture notes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from reflect.models import AuditEvent, Role
from reflect.services import team_records
from reflect.services.access import AccessDenied
from reflect.services.team_records import ActionInput, TeamRecordError
from tests import factories


@pytest.fixture
def team_people(org, team):
    other = factories.make_team(org, "Elsewhere")
    return {
        "team": team,
        "lead": factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(team,), name="Lee Lead"),
        "member": factories.make_person(org, teams=(team,), name="Nia North"),
        "outsider": factories.make_person(org, teams=(other,), name="Cal Crisis"),
    }


REVIEW = {"what_we_found": "Three Polish speakers and a walking football contact.", "not_yet_used": "Nobody offers music yet."}


def test_lead_keeps_an_asset_review_with_actions_owned_by_team_members(rt, team_people):
    lead, member = team_people["lead"], team_people["member"]
    record_id = team_records.record(
        by=lead, team_id=team_people["team"], kind="asset_review", held_on=date(2026, 10, 1), answers=REVIEW,
        actions=[ActionInput("Ask the library about a music group", owner_id=member.person_id, due_on=date(2026, 12, 1))],
    )

    [seen] = team_records.records(by=member, team_id=team_people["team"], kind="asset_review")

    assert seen.id == record_id and seen.author == "Lee Lead"
    assert ("Looking at the register and its figures, what talents, contacts and experience did we find in the team, "
            "including among people using the service?", REVIEW["what_we_found"]) in seen.answers
    assert [(a.text, a.owner, a.done_at) for a in seen.actions] == [("Ask the library about a music group", "Nia North", None)]
    with rt.db.read() as session:
        raw = session.execute(text("SELECT answers FROM team_records")).scalar()
        actions = session.scalars(select(AuditEvent.action)).all()
    assert b"Polish" not in bytes(raw)
    assert "team_record_kept" in actions


def test_action_owner_marks_it_done(rt, team_people):
    lead, member = team_people["lead"], team_people["member"]
    team_records.record(
        by=lead, team_id=team_people["team"], kind="asset_review", held_on=date(2026, 10, 1), answers=REVIEW,
        actions=[ActionInput("Book a reflective practice session", owner_id=member.person_id)],
    )
    [action] = team_records.records(by=member, team_id=team_people["team"], kind="asset_review")[0].actions

    team_records.mark_done(by=member, action_id=action.id)

    assert team_records.records(by=lead, team_id=team_people["team"], kind="asset_review")[0].actions[0].done_at is not None



def test_the_lead_may_mark_an_action_done_and_another_member_may_not(rt, team_people):
    lead, member, outsider = team_people["lead"], team_people["member"], team_people["outsider"]
    team_records.record(
        by=lead, team_id=team_people["team"], kind="asset_review", held_on=date(2026, 10, 1), answers=REVIEW,
        actions=[ActionInput("Ask the library about a music group", owner_id=member.person_id)],
    )
    [action] = team_records.records(by=member, team_id=team_people["team"], kind="asset_review")[0].actions
    with pytest.raises(AccessDenied):
        team_records.mark_done(by=outsider, action_id=action.id)
    with pytest.raises(team_records.TeamRecordError):
        team_records.mark_done(by=member, action_id=action.id + 1000)

    team_records.mark_done(by=lead, action_id=action.id)

    assert team_records.records(by=member, team_id=team_people["team"], kind="asset_review")[0].actions[0].done_at is not None

def test_only_the_teams_lead_keeps_records_and_only_the_team_reads_them(rt, team_people):
    team_records.record(by=team_people["lead"], team_id=team_people["team"], kind="culture", held_on=date(2026, 10, 2),
                        answers={"celebrating": "Friday 'little miracles' round with tea."})
    with pytest.raises(AccessDenied):
        team_records.record(by=team_people["member"], team_id=team_people["team"], kind="culture", held_on=date(2026, 10, 2),
                            answers={"celebrating": "Cake"})
    with pytest.raises(AccessDenied):
        team_records.records(by=team_people["outsider"], team_id=team_people["team"], kind="culture")


REFUSED = [
    ("culture", {"modelling": "   "}, [], "at least one prompt"),
    ("culture", {"modelling": "Jo Bloggs, 07700 900123, was brilliant"}, [], "identify someone"),
    ("culture", {"not_a_prompt": "x"}, [], "isn't one of the prompts"),
    ("culture", {"modelling": "Leads shared first"}, ["member"], "Actions belong"),
    ("asset_review", REVIEW, ["outsider"], "owner from the team"),
    ("judgement", REVIEW, [], "Please choose"),
]


def test_team_records_refuse_what_does_not_belong_with_a_reason(sqlite_rt):
    # Checked before anything is written, so one backend is enough.
    org = factories.make_organisation()
    team, other = factories.make_team(org, "North"), factories.make_team(org, "Elsewhere")
    people = {
        "lead": factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(team,)),
        "member": factories.make_person(org, teams=(team,)),
        "outsider": factories.make_person(org, teams=(other,)),
    }
    for kind, answers, owners, message in REFUSED:
        with pytest.raises(TeamRecordError, match=message):
            team_records.record(
                by=people["lead"], team_id=team, kind=kind, held_on=date(2026, 10, 2), answers=answers,
                actions=[ActionInput("Start a band", owner_id=people[who].person_id) for who in owners],
            )
    assert team_records.records(by=people["member"], team_id=team, kind="culture") == []
