"""A restore never undoes a privacy decision: erasures, withdrawn consent, withdrawn shares
and ended sessions are applied again from the decision ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from reflect import cli
from reflect.models import Person, PersonKey, Role, ShareKind, SharedItem
from reflect.models.register import RegisterContributor, RegisterEntry
from reflect.services import auth, backup, people, register, supervision
from reflect.services.access import SYSTEM
from reflect.services.register import EntryInput
from tests import factories
from tests.factories import PASSWORD
from tests.supervision_world import reflection


def _contributor(lead, team_id: int, words: str = "Builds apps for phones") -> int:
    return register.record_contributor(
        by=lead,
        team_id=team_id,
        chosen_name="Ana",
        consent_from="person",
        consented_at=datetime(2026, 1, 5, tzinfo=UTC),
        consent_visibility="team",
        entries=[EntryInput(category="skills", description=words, visibility="team")],
    )


def _email(rt, actor) -> str:
    with rt.db.read() as session:
        return session.get(Person, actor.person_id).email


def test_restore_does_not_bring_back_entries_whose_consent_was_withdrawn(rt, tmp_path, org):
    team = factories.make_team(org, "North")
    lead = factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(team,))
    member = factories.make_person(org, teams=(team,))
    contributor_id = _contributor(lead, team)
    target = tmp_path / "before-withdrawal.db"
    backup.backup(path=target, by=SYSTEM)
    register.withdraw_consent(by=lead, contributor_id=contributor_id)

    report = backup.restore(path=target, by=SYSTEM)

    assert register.search(by=member, query="apps").items == []
    with rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(RegisterContributor)) == 0
        assert session.scalar(select(func.count()).select_from(RegisterEntry)) == 0
    assert report.consents_withdrawn == 1


def test_restore_does_not_bring_back_a_withdrawn_share(rt, tmp_path, org):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    supervisee = factories.make_person(org)
    pair = factories.make_pair(supervisor, supervisee)
    entry = reflection(supervisee, "Talking about my allotment helped us connect")
    item = supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(entry.id), by=supervisee)
    target = tmp_path / "before-withdrawal.db"
    backup.backup(path=target, by=SYSTEM)
    supervision.withdraw(shared_item_id=item, by=supervisee)

    report = backup.restore(path=target, by=SYSTEM)

    items, total = supervision.shared_with_me(pair_id=pair, by=supervisor)
    assert (items, total) == ([], 0)
    with rt.db.read() as session:
        assert session.get(SharedItem, item).withdrawn_at is not None
    assert report.shares_withdrawn == 1


def test_restore_does_not_accept_an_ended_session_again(rt, tmp_path, practitioner):
    signed_in = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    target = tmp_path / "while-signed-in.db"
    backup.backup(path=target, by=SYSTEM)
    auth.sign_out(by=signed_in.actor)

    report = backup.restore(path=target, by=SYSTEM)

    assert auth.resume(signed_in.token) is None
    assert report.sessions_from_ledger == 1


def test_restore_ends_every_session_even_one_still_live(rt, tmp_path, practitioner):
    target = tmp_path / "before-sign-in.db"
    signed_in = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    backup.backup(path=target, by=SYSTEM)

    report = backup.restore(path=target, by=SYSTEM)

    assert auth.resume(signed_in.token) is None
    assert report.sessions_ended == 1


def test_replaying_an_erasure_never_erases_a_later_account_given_the_same_number(rt, tmp_path, org):
    factories.make_person(org, email="kept@example.org")
    first = tmp_path / "first.db"
    backup.backup(path=first, by=SYSTEM)
    leaver = factories.make_person(org, email="leaver@example.org")
    people.erase(person_id=leaver.person_id, by=SYSTEM)
    backup.restore(path=first, by=SYSTEM)
    newcomer = factories.make_person(org, email="newcomer@example.org")
    assert newcomer.person_id == leaver.person_id  # the database handed the number out again
    second = tmp_path / "second.db"
    backup.backup(path=second, by=SYSTEM)

    report = backup.restore(path=second, by=SYSTEM)

    with rt.db.read() as session:
        person = session.get(Person, newcomer.person_id)
        assert person.email == "newcomer@example.org" and person.erased_at is None
        assert session.get(PersonKey, newcomer.person_id) is not None
    assert report.erasures == 0


def test_restore_command_names_the_database_and_stops_without_a_yes(rt, tmp_path, org, monkeypatch, capsys):
    target = tmp_path / "backup.db"
    backup.backup(path=target, by=SYSTEM)
    factories.make_person(org, email="after-backup@example.org")
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))

    assert cli.main(["restore", str(target)]) == cli.EXIT_FAILED

    out = capsys.readouterr().out
    assert backup.describe_database() in out and str(target) in out and "Nothing was restored." in out
    with rt.db.read() as session:
        assert session.scalar(select(Person.id).where(Person.email == "after-backup@example.org")) is not None


def test_restore_command_with_yes_says_what_it_applied_again(rt, tmp_path, org, capsys):
    person = factories.make_person(org, email="gone@example.org")
    target = tmp_path / "backup.db"
    backup.backup(path=target, by=SYSTEM)
    people.erase(person_id=person.person_id, by=SYSTEM)

    assert cli.main(["restore", str(target), "--yes"]) == 0

    out = capsys.readouterr().out
    assert "Accounts erased again: 1" in out and "Sign-in sessions ended by the restore" in out


# --- property: whatever the order of decisions and backups, no restore undoes one -----------------

DECISIONS = st.lists(
    st.one_of(
        st.tuples(st.just("erase"), st.integers(0, 2)),
        st.tuples(st.just("withdraw_consent"), st.integers(0, 1)),
        st.tuples(st.just("withdraw_share"), st.integers(0, 1)),
        st.tuples(st.just("sign_out"), st.integers(0, 2)),
        st.tuples(st.just("backup"), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=DECISIONS, which=st.integers(0, 10))
def test_no_restore_ever_undoes_a_privacy_decision(rt, tmp_path_factory, steps, which):
    folder = tmp_path_factory.mktemp("backups")
    org = factories.make_organisation()
    team = factories.make_team(org)
    lead = factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD, Role.SUPERVISOR), leads=(team,))
    staff = [factories.make_person(org, teams=(team,)) for _ in range(3)]
    pair = factories.make_pair(lead, staff[0])
    contributors = [_contributor(lead, team, f"Talent number {n}") for n in range(2)]
    shares = [
        supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(reflection(staff[0], f"Reflection {n}").id), by=staff[0])
        for n in range(2)
    ]
    sessions = [auth.sign_in(email=_email(rt, person), password=PASSWORD) for person in staff]
    backups = [folder / "start.db"]
    backup.backup(path=backups[0], by=SYSTEM)

    erased, withdrawn, unshared, ended = set(), set(), set(), set()
    for n, (action, index) in enumerate(steps):
        if action == "erase" and index not in erased:
            people.erase(person_id=staff[index].person_id, by=SYSTEM)
            erased.add(index)
        elif action == "withdraw_consent" and index not in withdrawn:
            register.withdraw_consent(by=lead, contributor_id=contributors[index])
            withdrawn.add(index)
        elif action == "withdraw_share" and 0 not in erased:
            supervision.withdraw(shared_item_id=shares[index], by=staff[0])
            unshared.add(index)
        elif action == "sign_out" and index not in erased:
            auth.sign_out(by=sessions[index].actor)
            ended.add(index)
        elif action == "backup":
            backups.append(folder / f"step-{n}.db")
            backup.backup(path=backups[-1], by=SYSTEM)

    backup.restore(path=backups[which % len(backups)], by=SYSTEM)

    with rt.db.read() as session:
        for index in erased:
            person = session.get(Person, staff[index].person_id)
            assert person.erased_at is not None and person.email is None
            assert session.get(PersonKey, staff[index].person_id) is None
        for index in set(range(3)) - erased:
            assert session.get(Person, staff[index].person_id).erased_at is None
        for index in withdrawn:
            assert session.get(RegisterContributor, contributors[index]) is None
        for index in unshared:
            item = session.get(SharedItem, shares[index])
            assert item is None or item.withdrawn_at is not None
    for index in ended:
        assert auth.resume(sessions[index].token) is None
