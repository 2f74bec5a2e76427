"""What is shared with a supervisor is sealed for the supervisor alone: with the database, a
backup, the server key, the keystore and the ledger, and no session, it does not open; the
supervisor, signed in, opens it with their own private key; withdrawal, a restore from before
the withdrawal, erasure and the end of the pair leave no readable copy. On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import delete, func, select

from reflect import recipient_seal, runtime
from reflect.models import Entry, RecipientKey, RegisterEntry, Role, SharedCopy, SharedItem, ShareKind, Stage
from reflect.services import auth, backup, erasure, journeys, pairs, register, shared_copies, supervision, wellness_plan
from reflect.services.access import SYSTEM
from reflect.services.vault import Vault
from tests import factories
from tests.factories import PASSWORD
from tests.supervision_world import reflection

SHARED = "Telling the family I support about my own recovery helped them trust me"
LATER = "Added to the episode afterwards: the week my father was unwell"
PLAN = "Walking the dog before a late shift keeps me well"
TEAM = "Plays the fiddle at team away days"


@pytest.fixture
def people(rt, org):
    team = factories.make_team(org)
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(team,), email="priya@example.org")
    supervisee = factories.make_person(org, teams=(team,), email="sam@example.org")
    admin = factories.make_person(org, roles=(Role.ADMIN,))
    return supervisor, supervisee, admin, factories.make_pair(supervisor, supervisee)


def copies_count(rt, **where) -> int:
    with rt.db.read() as session:
        query = select(func.count()).select_from(SharedCopy)
        for column, value in where.items():
            query = query.where(getattr(SharedCopy, column) == value)
        return session.scalar(query)


def nothing_opens_without_the_supervisor(rt, supervisor, supervisee, admin) -> None:
    """Everything the server, a database administrator and a backup holder have together (rows,
    server key, keystore) and every account but the supervisor's own signed-in session."""
    with rt.db.read() as session:
        rows = session.scalars(select(SharedCopy)).all()
        assert rows
        for by in (None, admin, supervisee, replace(supervisor, own_key=None)):
            vault = Vault(session, rt.server_key, by=by)
            for person_id in (supervisor.person_id, supervisee.person_id):
                # The private key itself is sealed under the supervisor's own key.
                assert shared_copies.private_key(session, vault, person_id) is None or by is supervisee
                sealed = session.get(RecipientKey, person_id).private_key
                assert sealed.is_private and vault.open(sealed) is None or (by is supervisee and person_id == supervisee.person_id)
            copies = shared_copies.Copies(session, vault, supervisor.person_id)
            assert copies.entries(list({r.shared_item_id for r in rows if r.shared_item_id})) == {}
            assert all(copies.plan(r.wellness_share_id) is None for r in rows if r.wellness_share_id)
            assert all(SHARED.encode() not in r.sealed and PLAN.encode() not in r.sealed for r in rows)
        # The supervisee's own text stays private: sharing did not make it team text.
        assert all(e.answers.is_private for e in session.scalars(select(Entry).where(Entry.owner_id == supervisee.person_id)))


def test_shared_items_open_only_with_the_supervisors_key_even_from_a_backup(rt, people, tmp_path):
    supervisor, supervisee, admin, pair = people
    entry = reflection(supervisee, SHARED)
    episode_id = journeys.link(entry_ids=[entry.id], by=supervisee)
    item = supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(entry.id), by=supervisee)
    episode_item = supervision.share(pair_id=pair, kind=ShareKind.EPISODE, target=str(episode_id), by=supervisee)
    wellness_plan.save(keeps_well=PLAN, by=supervisee)
    plan_share = wellness_plan.share(pair_id=pair, by=supervisee)
    register.add_entry(by=supervisee, entry=register.EntryInput(category="skills", description=TEAM, visibility="organisation"))

    # A share of an episode that grows seals the new entry too, and only then.
    later = journeys.start(stage=Stage.AFTER_SHARING, by=supervisee, episode_id=episode_id)
    journeys.save_answer(entry_id=later.id, question_id="what_shared", value=LATER, by=supervisee)
    journeys.save_answer(entry_id=later.id, question_id="audience", value="person_supported", by=supervisee)
    journeys.complete(entry_id=later.id, by=supervisee)
    assert copies_count(rt, shared_item_id=episode_item) == 1
    assert supervision.share(pair_id=pair, kind=ShareKind.EPISODE, target=str(episode_id), by=supervisee) == episode_item
    assert copies_count(rt, shared_item_id=episode_item) == 2

    backup.backup(path=tmp_path / "backup.db", by=SYSTEM)
    backup.restore(path=tmp_path / "backup.db", by=SYSTEM)  # the database as a backup holds it
    nothing_opens_without_the_supervisor(rt, supervisor, supervisee, admin)

    # The supervisor, signed in, opens each with their own key.
    signed_in = auth.sign_in(email="priya@example.org", password=PASSWORD).actor
    opened = supervision.open_shared(shared_item_id=item, by=signed_in)
    assert SHARED in str(opened.sections)
    assert LATER in str(supervision.open_shared(shared_item_id=episode_item, by=signed_in).sections)
    assert wellness_plan.shared_with_me(pair_id=pair, by=signed_in).plan.keeps_well == PLAN
    # Without their own key in the session, they read nothing of it.
    locked = replace(signed_in, own_key=None)
    assert SHARED not in str(supervision.open_shared(shared_item_id=item, by=locked).sections)
    assert wellness_plan.shared_with_me(pair_id=pair, by=locked) is None
    # Team content still serves the team without its author, with no session at all.
    with rt.db.read() as session:
        team = session.scalars(select(RegisterEntry.description)).all()
        assert [Vault(session, rt.server_key).open(v) for v in team] == [TEAM]
    assert plan_share


def test_withdrawal_deletes_the_copy_and_a_restore_from_before_does_not_bring_it_back(rt, people, tmp_path):
    supervisor, supervisee, _, pair = people
    entry = reflection(supervisee, SHARED)
    item = supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(entry.id), by=supervisee)
    wellness_plan.save(keeps_well=PLAN, by=supervisee)
    plan_share = wellness_plan.share(pair_id=pair, by=supervisee)
    assert copies_count(rt, shared_item_id=item) == 1 and copies_count(rt, wellness_share_id=plan_share) == 1
    backup.backup(path=tmp_path / "before.db", by=SYSTEM)

    supervision.withdraw(shared_item_id=item, by=supervisee)
    wellness_plan.withdraw(share_id=plan_share, by=supervisee)
    assert copies_count(rt) == 0

    backup.restore(path=tmp_path / "before.db", by=SYSTEM)
    assert copies_count(rt) == 0
    with rt.db.read() as session:
        assert session.get(SharedItem, item).withdrawn_at is not None
    with pytest.raises(supervision.NotFound):
        supervision.open_shared(shared_item_id=item, by=supervisor)
    assert wellness_plan.shared_with_me(pair_id=pair, by=supervisor) is None


def test_a_supervisor_without_a_key_pair_yet_is_told_kindly_and_gets_one_at_sign_in(rt, people):
    supervisor, supervisee, _, pair = people
    with rt.db.write() as session:
        session.execute(delete(RecipientKey).where(RecipientKey.person_id == supervisor.person_id))
    entry = reflection(supervisee, SHARED)
    assert not supervision.can_receive(pair_id=pair, by=supervisee)
    with pytest.raises(shared_copies.NoKeyYet, match="next time they sign in"):
        supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(entry.id), by=supervisee)
    wellness_plan.save(keeps_well=PLAN, by=supervisee)
    with pytest.raises(shared_copies.NoKeyYet):
        wellness_plan.share(pair_id=pair, by=supervisee)
    with rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SharedItem)) == 0
    assert journeys.get(entry_id=entry.id, by=supervisee).answers["what_shared"] == SHARED  # nothing lost

    signed_in = auth.sign_in(email="priya@example.org", password=PASSWORD).actor
    assert supervision.can_receive(pair_id=pair, by=supervisee)
    item = supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(entry.id), by=supervisee)
    assert SHARED in str(supervision.open_shared(shared_item_id=item, by=signed_in).sections)
    with rt.db.read() as session:
        key = session.get(RecipientKey, supervisor.person_id)
        private = shared_copies.private_key(session, Vault(session, rt.server_key, by=signed_in), supervisor.person_id)
    assert recipient_seal.public_of(private) == key.public_key


def test_erasure_of_either_person_and_the_end_of_the_pair_delete_the_copies(rt, people, org):
    supervisor, supervisee, admin, pair = people
    supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(reflection(supervisee, SHARED).id), by=supervisee)
    other = factories.make_person(org)
    other_pair = factories.make_pair(supervisor, other)
    supervision.share(pair_id=other_pair, kind=ShareKind.ENTRY, target=str(reflection(other, SHARED).id), by=other)
    assert copies_count(rt) == 2

    pairs.end(pair_id=pair, by=admin)
    assert copies_count(rt, pair_id=pair) == 0 and copies_count(rt) == 1

    erasure.erase(person_id=supervisor.person_id, by=admin)
    assert copies_count(rt) == 0
    with rt.db.read() as session:
        assert session.get(RecipientKey, supervisor.person_id) is None
    assert runtime.current() is rt


def test_a_share_from_before_the_upgrade_is_sealed_for_its_supervisor_once_both_have_signed_in(rt, people):
    supervisor, supervisee, _, pair = people
    entry = reflection(supervisee, SHARED)
    item = supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(entry.id), by=supervisee)
    with rt.db.write() as session:  # as it was before: no sealed copy, the entry team text, no key pair yet
        session.execute(delete(SharedCopy))
        session.execute(delete(RecipientKey).where(RecipientKey.person_id == supervisor.person_id))
        row = session.get(Entry, entry.id)
        vault = Vault(session, rt.server_key, by=supervisee)
        row.answers = vault.seal(supervisee.person_id, vault.open(row.answers))

    auth.sign_in(email="sam@example.org", password=PASSWORD)
    with rt.db.read() as session:
        assert not session.get(Entry, entry.id).answers.is_private  # the supervisor still reads it, as before
    assert SHARED in str(supervision.open_shared(shared_item_id=item, by=supervisor).sections)

    priya = auth.sign_in(email="priya@example.org", password=PASSWORD).actor
    auth.sign_in(email="sam@example.org", password=PASSWORD)
    with rt.db.read() as session:
        assert session.get(Entry, entry.id).answers.is_private
    assert copies_count(rt, shared_item_id=item) == 1
    assert SHARED in str(supervision.open_shared(shared_item_id=item, by=priya).sections)
