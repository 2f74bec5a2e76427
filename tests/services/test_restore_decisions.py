"""A restore never undoes a privacy decision: every decision that narrows who may read what or
who may sign in is applied again from the decision ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import os
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import func, select

from reflect import cli
from reflect.models import Biography, Entry, LearningNote, Person, PersonKey, Role, ShareKind, SharedItem, SupervisionPair
from reflect.models.register import RegisterContributor, RegisterEntry
from reflect.services import auth, backup, biographies, erasure, journeys, pairs, persons, register, supervision
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

    assert register.search(by=member, filters=register.RegisterFilters(query="apps")).items == []
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
    erasure.erase(person_id=leaver.person_id, by=SYSTEM)
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
    erasure.erase(person_id=person.person_id, by=SYSTEM)

    assert cli.main(["restore", str(target), "--yes"]) == 0

    out = capsys.readouterr().out
    assert "Accounts erased again: 1" in out and "Sign-in sessions ended by the restore" in out


# --- property: whatever the order of decisions and backups, no restore undoes one -----------------

STAFF = 3
DECISIONS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["erase", "deactivate", "reactivate", "leave_team"]), st.integers(0, STAFF - 1)),
        st.tuples(st.sampled_from(["sign_out", "change_password", "reset_password"]), st.integers(1, STAFF - 1)),
        st.tuples(st.sampled_from(["withdraw_consent", "withdraw_share", "discard_entry", "delete_talent", "narrow_talent"]), st.integers(0, 1)),
        st.tuples(st.sampled_from(["withdraw_note", "withdraw_bio", "change_bio", "remove_photo", "end_pair", "move_pair"]), st.just(0)),
        st.tuples(st.just("backup"), st.just(0)),
    ),
    min_size=1,
    max_size=10,
)


class Org:
    """One generated organisation: a lead who supervises, three staff, and something of every
    kind a decision can narrow."""

    def __init__(self, rt):
        org = factories.make_organisation()
        self.team = factories.make_team(org)
        self.lead = factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD, Role.SUPERVISOR), leads=(self.team,))
        # The organisation's own admin: the command acts for the first organisation in the database.
        self.admin = factories.make_person(org, roles=(Role.ADMIN,))
        self.second_supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
        self.staff = [factories.make_person(org, teams=(self.team,)) for _ in range(STAFF)]
        self.emails = [_email(rt, person) for person in self.staff]
        self.pair = factories.make_pair(self.lead, self.staff[0])
        self.contributors = [_contributor(self.lead, self.team, f"Talent number {n}") for n in range(2)]
        self.entries = [reflection(self.staff[0], f"Reflection {n}").id for n in range(2)]
        self.shares = [supervision.share(pair_id=self.pair, kind=ShareKind.ENTRY, target=str(e), by=self.staff[0]) for e in self.entries]
        self.note = journeys.offer_learning_note(entry_id=self.entries[0], team_id=self.team, body="Asking first helped", by=self.staff[0])
        wide = EntryInput(category="personal_experience", description="Living with diabetes", visibility="organisation", export_ok=True)
        self.talents = [register.add_entry(by=self.staff[1], entry=wide) for _ in range(2)]
        biographies.save_draft(by=self.staff[2], answers={"interests_outside_work": "Allotments"})
        biographies.set_photo(by=self.staff[2], data=_png())
        biographies.approve(by=self.staff[2])
        self.sessions = {i: auth.sign_in(email=self.emails[i], password=PASSWORD) for i in range(1, STAFF)}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (31, 95, 139)).save(buffer, format="PNG")
    return buffer.getvalue()


@settings(max_examples=int(os.environ.get('REFLECT_RESTORE_EXAMPLES', '6')), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=DECISIONS, which=st.integers(0, 10))
def test_no_restore_ever_undoes_a_privacy_decision(rt, tmp_path_factory, steps, which):
    folder = tmp_path_factory.mktemp("backups")
    o = Org(rt)
    backups = [folder / "start.db"]
    backup.backup(path=backups[0], by=SYSTEM)

    done: dict[str, set[int]] = {}
    erased: set[int] = set()
    active = {"deactivated": set(), "bio": None, "photo_removed": False, "pair": True}
    passwords: dict[int, str | None] = {}
    for n, (action, i) in enumerate(steps):
        if action == "backup":
            backups.append(folder / f"step-{n}.db")
            backup.backup(path=backups[-1], by=SYSTEM)
            continue
        if i in erased and action in ("erase", "deactivate", "reactivate", "leave_team", "sign_out", "change_password", "reset_password"):
            continue
        if 0 in erased and action in ("withdraw_share", "discard_entry", "withdraw_note", "end_pair", "move_pair"):
            continue
        if (1 in erased and action in ("delete_talent", "narrow_talent")) or (2 in erased and "bio" in action or 2 in erased and action == "remove_photo"):
            continue
        if action == "erase":
            erasure.erase(person_id=o.staff[i].person_id, by=SYSTEM)
            erased.add(i)
        elif action == "deactivate" and i not in active["deactivated"]:
            persons.deactivate(person_id=o.staff[i].person_id, by=o.admin)
            active["deactivated"].add(i)
        elif action == "reactivate" and i in active["deactivated"]:
            persons.reactivate(person_id=o.staff[i].person_id, by=o.admin)
            active["deactivated"].discard(i)
        elif action == "leave_team":
            persons.update(person_id=o.staff[i].person_id, teams=[], by=o.admin)
        elif action == "sign_out" and i not in active["deactivated"]:
            auth.sign_out(by=o.sessions[i].actor)
        elif action == "change_password" and not {i} & (active["deactivated"] | done.get("change_password", set()) | done.get("reset_password", set())):
            if auth.resume(o.sessions[i].token) is not None:
                auth.change_password(by=o.sessions[i].actor, current_password=PASSWORD, new_password=f"new passphrase number {i}")
        elif action == "reset_password":
            persons.reset_password(person_id=o.staff[i].person_id, by=o.admin)
        elif action == "withdraw_consent" and i not in done.get("withdraw_consent", set()):
            register.withdraw_consent(by=o.lead, contributor_id=o.contributors[i])
        elif action == "withdraw_share" and o.entries[i] not in done.get("discard_entry", set()):
            supervision.withdraw(shared_item_id=o.shares[i], by=o.staff[0])
        elif action == "discard_entry" and o.entries[i] not in done.get("discard_entry", set()):
            journeys.discard(entry_id=o.entries[i], by=o.staff[0])
            done.setdefault("discard_entry", set()).add(o.entries[i])
            continue
        elif action == "delete_talent" and o.talents[i] not in done.get("delete_talent", set()):
            register.delete_entry(by=o.staff[1], entry_id=o.talents[i])
            done.setdefault("delete_talent", set()).add(o.talents[i])
            continue
        elif action == "narrow_talent" and o.talents[i] not in done.get("delete_talent", set()):
            register.update_entry(by=o.staff[1], entry_id=o.talents[i], entry=EntryInput(category="personal_experience", description="Diabetes"))
        elif action == "withdraw_note" and "withdraw_note" not in done:
            journeys.withdraw_learning_note(note_id=o.note, by=o.staff[0])
        elif action == "withdraw_bio":
            biographies.withdraw(by=o.staff[2])
            active["bio"], active["photo_removed"] = "withdrawn", False
        elif action == "change_bio":
            biographies.save_draft(by=o.staff[2], answers={"interests_outside_work": "Choirs"})
            active["bio"] = "changed"
        elif action == "remove_photo" and active["bio"] != "withdrawn":
            biographies.remove_photo(by=o.staff[2])
            active["photo_removed"] = True
        elif action in ("end_pair", "move_pair") and active["pair"]:
            if action == "end_pair":
                pairs.end(pair_id=o.pair, by=o.admin)
            else:
                pairs.change(pair_id=o.pair, supervisor_email=_email(rt, o.second_supervisor), by=o.admin)
            active["pair"] = False
        else:
            continue
        done.setdefault(action, set()).add(i)
    with rt.db.read() as session:
        for i in set(range(STAFF)) - erased:
            passwords[i] = session.get(Person, o.staff[i].person_id).password_hash

    backup.restore(path=backups[which % len(backups)], by=SYSTEM)

    with rt.db.read() as session:
        for i in erased:
            person = session.get(Person, o.staff[i].person_id)
            assert person.erased_at is not None and person.email is None
            assert session.get(PersonKey, o.staff[i].person_id) is None
        for i in set(range(STAFF)) - erased:
            person = session.get(Person, o.staff[i].person_id)
            assert person.erased_at is None
            if i in active["deactivated"]:
                assert person.deactivated_at is not None
            if i in done.get("leave_team", set()):
                assert person.memberships == []
            if i in done.get("change_password", set()) | done.get("reset_password", set()):
                assert person.password_hash in (None, passwords[i])  # never a hash given up
        for i in done.get("withdraw_consent", set()):
            assert session.get(RegisterContributor, o.contributors[i]) is None
        for i in done.get("withdraw_share", set()):
            item = session.get(SharedItem, o.shares[i])
            assert item is None or item.withdrawn_at is not None
        for entry_id in done.get("discard_entry", set()):
            assert session.get(Entry, entry_id) is None
            assert not session.scalars(select(SharedItem).where(SharedItem.entry_id == entry_id)).all()
        if "withdraw_note" in done:
            assert session.get(LearningNote, o.note) is None
        for talent in done.get("delete_talent", set()):
            assert session.get(RegisterEntry, talent) is None
        for i in done.get("narrow_talent", set()):
            row = session.get(RegisterEntry, o.talents[i])
            assert row is None or not row.exportable and not (row.published and row.visibility == "organisation")
        bio = session.get(Biography, o.staff[2].person_id)
        if active["bio"] == "withdrawn":
            assert bio is None
        elif active["bio"] == "changed":
            assert bio is None or bio.approved_at is None
        if active["photo_removed"]:
            assert bio is None or bio.photo is None
        if not active["pair"]:
            assert not session.get(SupervisionPair, o.pair).is_active(date.today())
    for i in done.get("sign_out", set()):
        assert auth.resume(o.sessions[i].token) is None
