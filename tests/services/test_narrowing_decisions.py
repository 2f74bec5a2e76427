"""Every decision that narrows who may read what or who may sign in is in the decision ledger,
by rule: every public service function that writes is classified below as narrowing access
(ledgered, and re-applied by a restore, with a scenario of its own here) or not, with why.
Each scenario runs on SQLite and PostgreSQL: arranged, backed up, narrowed, restored, checked.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import select, update

from reflect import runtime
from reflect.ledger import DecisionKind
from reflect.models import AuthSession, Biography, Entry, LearningNote, OwnKeyWrap, Passkey, Person, Role, ShareKind, SupervisionPair, utcnow
from reflect.models.register import RegisterEntry
from reflect.services import (
    auth, backup, biographies, errors, journeys, my_data, own_keys, pairs, passkeys, persons, register, revalidation, supervision, wellness_plan,
)
from reflect.services.access import SYSTEM
from reflect.services.register import EntryInput
from tests import factories
from tests.factories import PASSWORD
from tests.passkey_authenticator import SoftPasskey, add_passkey, give_passphrase
from tests.services.test_leaks import HELPERS, READS, SAME_AS, public_service_functions
from tests.supervision_world import reflection

NEW_PASSWORD = "a brand new long passphrase"
PASSKEY_ORIGIN = "https://reflect.example.org"

Scenario = Callable[[int], Iterator[None]]
SCENARIOS: dict[str, Scenario] = {}


def scenario(kind: DecisionKind) -> Callable[[Callable], Scenario]:
    """A scenario yields once where the backup is taken, is sent the restore's report where the
    restore happens, and checks that the decision holds and was counted under `kind`."""

    def register_it(steps: Callable) -> Scenario:
        def run(org: int) -> Iterator[None]:
            gen = steps(org)
            next(gen)  # arranged
            yield  # the backup is taken
            next(gen)  # narrowed
            report = yield  # restored
            assert report.reapplied[kind] >= 1, (steps.__name__, report.lines())
            try:
                gen.send(report)
            except StopIteration:
                return
            raise AssertionError(f"{steps.__name__} yields twice only")

        SCENARIOS[steps.__name__] = run
        return steps

    return register_it


def _email(actor) -> str:
    with runtime.current().db.read() as session:
        return session.get(Person, actor.person_id).email


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (31, 95, 139)).save(buffer, format="PNG")
    return buffer.getvalue()


def _biography(person) -> None:
    biographies.save_draft(by=person, answers={"interests_outside_work": "Allotments and choirs"})
    biographies.set_photo(by=person, data=_png())
    biographies.approve(by=person)


def _cannot_sign_in(email: str, password: str = PASSWORD) -> None:
    with pytest.raises(auth.SignInError):
        auth.sign_in(email=email, password=password)


# --- the scenarios: one for each narrowing kind, named in NARROWS below -------------------------


@scenario(DecisionKind.ENTRY_DISCARDED)
def entry_deleted_by_its_author(org):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    supervisee = factories.make_person(org)
    pair = factories.make_pair(supervisor, supervisee)
    entry = reflection(supervisee, "Shared then thought better of it")
    supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(entry.id), by=supervisee)
    yield
    journeys.discard(entry_id=entry.id, by=supervisee)
    yield
    assert supervision.shared_with_me(pair_id=pair, by=supervisor) == ([], 0)
    with runtime.current().db.read() as session:
        assert session.get(Entry, entry.id) is None


@scenario(DecisionKind.LEARNING_NOTE_WITHDRAWN)
def learning_note_withdrawn(org):
    team = factories.make_team(org)
    author, colleague = factories.make_person(org, teams=(team,)), factories.make_person(org, teams=(team,))
    entry = reflection(author, "Something I learned")
    note = journeys.offer_learning_note(entry_id=entry.id, team_id=team, body="Asking first helped", by=author)
    yield
    journeys.withdraw_learning_note(note_id=note, by=author)
    yield
    assert journeys.team_notes(team_id=team, by=colleague) == ([], 0)


@scenario(DecisionKind.REGISTER_ENTRY_DELETED)
def register_entry_deleted(org):
    team = factories.make_team(org)
    owner, colleague = factories.make_person(org, teams=(team,)), factories.make_person(org, teams=(team,))
    entry = register.add_entry(by=owner, entry=EntryInput(category="personal_experience", description="Caring for my dad"))
    yield
    register.delete_entry(by=owner, entry_id=entry)
    yield
    assert register.search(by=colleague, filters=register.RegisterFilters(query="caring")).items == []
    with runtime.current().db.read() as session:
        assert session.get(RegisterEntry, entry) is None


@scenario(DecisionKind.REGISTER_ENTRY_CHANGED)
def register_entry_narrowed_and_download_opt_in_withdrawn(org):
    team, other = factories.make_team(org), factories.make_team(org)
    owner = factories.make_person(org, teams=(team,))
    elsewhere = factories.make_person(org, teams=(other,))
    wide = EntryInput(category="personal_experience", description="Living with diabetes", visibility="organisation", export_ok=True)
    entry = register.add_entry(by=owner, entry=wide)
    assert register.search(by=elsewhere, filters=register.RegisterFilters(query="diabetes")).items
    yield
    register.update_entry(by=owner, entry_id=entry, entry=EntryInput(category="personal_experience", description="Living with diabetes"))
    yield
    assert register.search(by=elsewhere, filters=register.RegisterFilters(query="diabetes")).items == []
    _, rows = register.export_table(by=owner, filters=register.RegisterFilters(category="personal_experience"))
    assert rows == []
    mine = {e.id: e for e in register.my_entries(by=owner)}
    assert not mine[entry].published  # waits for its owner to publish it again
    register.publish_entry(by=owner, entry_id=entry)


@scenario(DecisionKind.BIOGRAPHY_WITHDRAWN)
def biography_withdrawn(org):
    person = factories.make_person(org, teams=(factories.make_team(org),))
    _biography(person)
    yield
    biographies.withdraw(by=person)
    yield
    assert biographies.mine(by=person) is None


@scenario(DecisionKind.BIOGRAPHY_CHANGED)
def biography_changed_leaves_the_leaflet(org):
    person = factories.make_person(org, teams=(factories.make_team(org),))
    _biography(person)
    yield
    biographies.save_draft(by=person, answers={"interests_outside_work": "Choirs"})
    yield
    with runtime.current().db.read() as session:
        row = session.get(Biography, person.person_id)
        assert row.status == "draft" and row.approved_at is None


@scenario(DecisionKind.BIOGRAPHY_CHANGED)
def biography_photo_replaced(org):
    person = factories.make_person(org, teams=(factories.make_team(org),))
    _biography(person)
    yield
    biographies.set_photo(by=person, data=_png())
    yield
    assert biographies.mine(by=person).status == "draft"


@scenario(DecisionKind.BIOGRAPHY_PHOTO_REMOVED)
def biography_photo_removed(org):
    person = factories.make_person(org, teams=(factories.make_team(org),))
    _biography(person)
    yield
    biographies.remove_photo(by=person)
    yield
    assert biographies.my_photo(by=person) is None


@scenario(DecisionKind.PAIR_LAST_DAY_SET)
def pair_ended(org):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    supervisee = factories.make_person(org)
    pair = factories.make_pair(supervisor, supervisee)
    supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(reflection(supervisee, "For supervision").id), by=supervisee)
    yield
    pairs.end(pair_id=pair, by=SYSTEM)
    yield
    with pytest.raises((supervision.NotFound, supervision.AccessDenied)):
        supervision.shared_with_me(pair_id=pair, by=supervisor)


@scenario(DecisionKind.PAIR_LAST_DAY_SET)
def supervisee_moved_to_a_new_supervisor(org):
    old = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    new = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    supervisee = factories.make_person(org)
    pair = factories.make_pair(old, supervisee)
    yield
    pairs.change(pair_id=pair, supervisor_email=_email(new), by=SYSTEM)
    yield
    with pytest.raises((supervision.NotFound, supervision.AccessDenied)):
        supervision.shared_with_me(pair_id=pair, by=old)


@scenario(DecisionKind.PAIR_LAST_DAY_SET)
def pair_last_day_brought_forward(org):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    pair = factories.make_pair(supervisor, factories.make_person(org))
    soon = date.today() + timedelta(days=7)
    yield
    pairs.change(pair_id=pair, ends_on=soon, by=SYSTEM)
    yield
    with runtime.current().db.read() as session:
        assert session.get(SupervisionPair, pair).ends_on == soon


@scenario(DecisionKind.ACCOUNT_DEACTIVATED)
def account_deactivated(org):
    person = factories.make_person(org)
    signed_in = auth.sign_in(email=_email(person), password=PASSWORD)
    yield
    persons.deactivate(person_id=person.person_id, by=SYSTEM)
    yield
    _cannot_sign_in(_email(person))
    assert auth.resume(signed_in.token) is None


@scenario(DecisionKind.ACCOUNT_ACCESS_SET)
def roles_and_teams_taken_away(org):
    team, kept = factories.make_team(org), factories.make_team(org)
    person = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD), teams=(kept,), leads=(team,))
    yield
    with runtime.current().db.read() as session:
        kept_name = next(m.team.name for m in session.get(Person, person.person_id).memberships if m.team_id == kept)
    persons.update(person_id=person.person_id, roles=[Role.PRACTITIONER], teams=[kept_name], lead_of=[], by=SYSTEM)
    yield
    detail = persons.show(person_id=person.person_id, by=SYSTEM)
    assert detail.roles == (Role.PRACTITIONER,) and len(detail.teams) == 1 and detail.leads == ()


@scenario(DecisionKind.PASSWORD_SET)
def password_changed(org):
    person = factories.make_person(org)
    signed_in = auth.sign_in(email=_email(person), password=PASSWORD)
    yield
    auth.change_password(by=signed_in.actor, current_password=PASSWORD, new_password=NEW_PASSWORD)
    report = yield
    _cannot_sign_in(_email(person))
    assert any(_email(person) in warning for warning in report.warnings)
    # The restored wrap of the own key under the older password goes too; the recovery code's
    # stays, so once an admin gives a new password the person's recovery code opens their notes.
    with runtime.current().db.read() as session:
        assert session.get(OwnKeyWrap, (person.person_id, own_keys.PASSWORD)) is None
        assert session.get(OwnKeyWrap, (person.person_id, own_keys.RECOVERY)) is not None


@scenario(DecisionKind.PASSKEY_REMOVED)
def passkey_removed(org):
    rt = runtime.current()
    rt.settings = dataclasses.replace(rt.settings, public_address=PASSKEY_ORIGIN)
    person = factories.make_person(org)
    give_passphrase(person.person_id)
    signed_in = auth.sign_in(email=_email(person), password=PASSWORD)
    passkey = add_passkey(signed_in.actor, SoftPasskey(PASSKEY_ORIGIN))
    yield
    passkeys.remove(by=signed_in.actor, public_id=passkey.public_id)
    yield
    # The restored passkey and its wrap of the own key go again: it opens nothing.
    with runtime.current().db.read() as session:
        assert session.scalars(select(Passkey).where(Passkey.public_id == passkey.public_id)).all() == []
        assert session.scalars(select(OwnKeyWrap.kind).where(OwnKeyWrap.person_id == person.person_id, OwnKeyWrap.kind.like("passkey:%"))).all() == []


@scenario(DecisionKind.PASSWORD_SET)
def password_reset_by_an_admin(org):
    person = factories.make_person(org)
    yield
    persons.reset_password(person_id=person.person_id, by=SYSTEM)
    yield
    _cannot_sign_in(_email(person))


@scenario(DecisionKind.PERSON_ERASED)
def erased_by_an_admin(org):
    person = factories.make_person(org)
    yield
    persons.erase(person_id=person.person_id, confirm_email=_email(person), by=SYSTEM)
    yield
    with runtime.current().db.read() as session:
        assert session.get(Person, person.person_id).erased_at is not None


@scenario(DecisionKind.PERSON_ERASED)
def erased_by_themselves(org):
    person = factories.make_person(org)
    email = _email(person)
    signed_in = auth.sign_in(email=email, password=PASSWORD)
    yield
    my_data.erase_me(confirm_email=email, by=signed_in.actor)
    yield
    _cannot_sign_in(email)


@scenario(DecisionKind.CONSENT_WITHDRAWN)
def register_consent_withdrawn(org):
    team = factories.make_team(org)
    lead = factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(team,))
    contributor = register.record_contributor(
        by=lead, team_id=team, chosen_name="Ana", consent_from="person", consented_at=utcnow(), consent_visibility="team",
        entries=[EntryInput(category="skills", description="Knits for the ward", visibility="team")],
    )
    yield
    register.withdraw_consent(by=lead, contributor_id=contributor)
    yield
    assert register.search(by=lead, filters=register.RegisterFilters(query="knits")).items == []


@scenario(DecisionKind.SHARE_WITHDRAWN)
def share_withdrawn(org):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    supervisee = factories.make_person(org)
    pair = factories.make_pair(supervisor, supervisee)
    item = supervision.share(pair_id=pair, kind=ShareKind.ENTRY, target=str(reflection(supervisee, "Mine").id), by=supervisee)
    yield
    supervision.withdraw(shared_item_id=item, by=supervisee)
    yield
    assert supervision.shared_with_me(pair_id=pair, by=supervisor) == ([], 0)


def _plan_pair(org):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    supervisee = factories.make_person(org)
    return supervisor, supervisee, factories.make_pair(supervisor, supervisee)


@scenario(DecisionKind.WELLNESS_SHARE_WITHDRAWN)
def wellness_plan_share_withdrawn(org):
    supervisor, supervisee, pair = _plan_pair(org)
    wellness_plan.save(keeps_well="Walks at lunch", by=supervisee)
    share = wellness_plan.share(pair_id=pair, by=supervisee)
    yield
    wellness_plan.withdraw(share_id=share, by=supervisee)
    yield
    assert wellness_plan.shared_with_me(pair_id=pair, by=supervisor) is None


@scenario(DecisionKind.WELLNESS_SHARE_WITHDRAWN)
def wellness_plan_shared_anew_in_place_of_an_earlier_version(org):
    supervisor, supervisee, pair = _plan_pair(org)
    wellness_plan.save(keeps_well="The version I later replaced", by=supervisee)
    wellness_plan.share(pair_id=pair, by=supervisee)
    wellness_plan.save(keeps_well="The version I share now", by=supervisee)
    yield
    wellness_plan.share(pair_id=pair, by=supervisee)
    yield
    shared = wellness_plan.shared_with_me(pair_id=pair, by=supervisor)
    assert shared is None or shared.plan.keeps_well == "The version I share now"


@scenario(DecisionKind.REFLECTIVE_ACCOUNT_DELETED)
def reflective_account_deleted_by_its_writer(org):
    writer = factories.make_person(org)
    parts = {"nature": "A talk about my own recovery", "learned": "Less is more", "changed": "I ask first", "code": "Prioritise people"}
    account = revalidation.save_account(
        kind="event", written_on=date.today(), parts=parts, themes=["prioritise_people"], reviewed=True, by=writer
    )
    yield
    revalidation.delete_account(account_id=account, by=writer)
    yield
    assert revalidation.accounts(by=writer) == []


@scenario(DecisionKind.NOTE_KEPT_TO_WRITER)
def note_kept_to_its_writer(org):
    supervisor, supervisee, pair = _plan_pair(org)
    meeting = supervision.record_meeting(pair_id=pair, held_on=date.today(), functions=[], discussed=[], by=supervisor)
    supervision.save_notes(meeting_id=meeting, question_id="learned", value="keptlaterwords", by=supervisee)
    yield
    supervision.set_choice(meeting_id=meeting, question_id="learned", just_me=True, in_pdf=False, by=supervisee)
    yield
    assert "keptlaterwords" not in str(supervision.meeting(meeting_id=meeting, by=supervisor))
    assert supervision.meeting(meeting_id=meeting, by=supervisee).supervisee_notes.answers["learned"] == "keptlaterwords"


def _session_ended_by(end: Callable[[object, str, auth.SignedIn], None]) -> Callable[[int], Iterator[None]]:
    def steps(org):
        person = factories.make_person(org, roles=(Role.PRACTITIONER,))
        signed_in = auth.sign_in(email=_email(person), password=PASSWORD)
        yield
        end(person, _public_id(signed_in), signed_in)
        yield
        assert auth.resume(signed_in.token) is None

    return steps


def _public_id(signed_in: auth.SignedIn) -> str:
    with runtime.current().db.read() as session:
        return session.scalar(select(AuthSession.public_id).where(AuthSession.token_hash == signed_in.actor.session_token_hash))


def _end_one(person, public_id, signed_in):
    assert auth.end_my_session(public_id=public_id, by=signed_in.actor)


def _idle_out(person, public_id, signed_in):
    with runtime.current().db.write(check_session=False) as session:
        session.execute(
            update(AuthSession).where(AuthSession.public_id == public_id).values(last_seen_at=utcnow() - timedelta(hours=1))
        )
    assert auth.resume(signed_in.token) is None


for _name, _end in {
    "signed_out": lambda person, public_id, s: auth.sign_out(by=s.actor),
    "signed_out_by_the_sign_out_route": lambda person, public_id, s: auth.end_token(s.token),
    "signed_out_everywhere": lambda person, public_id, s: auth.sign_out_everywhere(by=s.actor),
    "one_session_ended_from_my_account": _end_one,
    "sessions_ended_by_an_admin": lambda person, public_id, s: auth.end_all_sessions_of(person_id=person.person_id, by=SYSTEM),
    "session_idled_out": _idle_out,
}.items():
    _steps = _session_ended_by(_end)
    _steps.__name__ = _name
    scenario(DecisionKind.SESSION_ENDED)(_steps)


# --- every public write, classified -----------------------------------------------------------

# Narrows who may read what or who may sign in: recorded in the ledger before its commit, and
# re-applied by a restore as the scenario named shows.
NARROWS = {
    "journeys.discard": "entry_deleted_by_its_author",
    "journeys.withdraw_learning_note": "learning_note_withdrawn",
    "revalidation.delete_account": "reflective_account_deleted_by_its_writer",
    "register.delete_entry": "register_entry_deleted",
    "register.update_entry": "register_entry_narrowed_and_download_opt_in_withdrawn",
    "register.withdraw_consent": "register_consent_withdrawn",
    "biographies.withdraw": "biography_withdrawn",
    "biographies.save_draft": "biography_changed_leaves_the_leaflet",
    "biographies.set_photo": "biography_photo_replaced",
    "biographies.remove_photo": "biography_photo_removed",
    "supervision.withdraw": "share_withdrawn",
    "pairs.end": "pair_ended",
    "pairs.change": "supervisee_moved_to_a_new_supervisor",
    "persons.deactivate": "account_deactivated",
    "persons.update": "roles_and_teams_taken_away",
    "persons.reset_password": "password_reset_by_an_admin",
    "persons.erase": "erased_by_an_admin",
    "auth.change_password": "password_changed",
    "auth.record_password_set": "password_changed",
    "auth.sign_out": "signed_out",
    "auth.end_token": "signed_out_by_the_sign_out_route",
    "auth.sign_out_everywhere": "signed_out_everywhere",
    "auth.end_my_session": "one_session_ended_from_my_account",
    "auth.end_all_sessions_of": "sessions_ended_by_an_admin",
    "auth.end_sessions_of": "account_deactivated",
    "auth.resume": "session_idled_out",
    "erasure.erase": "erased_by_an_admin",
    "my_data.erase_me": "erased_by_themselves",
    "wellness_plan.withdraw": "wellness_plan_share_withdrawn",
    "wellness_plan.share": "wellness_plan_shared_anew_in_place_of_an_earlier_version",
    "supervision.set_choice": "note_kept_to_its_writer",
    "passkeys.remove": "passkey_removed",
}

# Writes that take no one's access away, and why.
DOES_NOT = {
    "own_keys.issue_recovery_code": (
        "a new recovery code in place of the last; a restore brings back the wrap of the code the backup held, "
        "which only the person themselves was given"
    ),
    "own_keys.confirm_recovery_saved": "notes that the person saved their code",
    "own_keys.recover": "opens the person's own key for them; the code used and its wrap are replaced",
    "own_keys.unlock_with_passphrase": "opens the person's own key for this session",
    "own_keys.unlock_after_sign_in": "opens the person's own key for this session",
    "own_keys.start_afresh": (
        "a new own key for a person who lost both secrets; their earlier private text stays sealed under a key "
        "nobody can make, in the database and every backup alike, so a restore gives no one access"
    ),
    "own_keys.choose_passphrase": "makes the person's own key, for them alone",
    "passkeys.begin_adding": "a challenge for the person's own session, used once",
    "passkeys.register": "a challenge for the person's own session, used once, with the new passkey's public parts",
    "passkeys.finish_adding": "the person's own key wrapped once more, for a passkey only they hold",
    "passkeys.begin_unlock": "a challenge for the person's own session, used once",
    "passkeys.unlock": "opens the person's own key for this session",
    "own_keys.move_private_text": (
        "seals the owner's rows for them alone; a backup from before holds no own key for them either, so their "
        "next sign-in makes one and moves the rows again"
    ),
    "places_to_turn.save": "the organisation's own support contacts for staff: no one's words or sign-in",
    "places_to_turn.remove": "the organisation's own support contacts for staff: no one's words or sign-in",
    "demo.load_places": "adds the demo organisation's support contacts",
    "persons.reactivate": "widens: recorded in the ledger only so that a deactivation before it is not re-applied",
    "persons.unlock": "widens: lifts a pause after failed sign-ins",
    "auth.sign_in": "opens a session; a pause after failed sign-ins lasts minutes, and a restore ends every session",
    "auth.sign_in_with_identity": "opens a session",
    "audit.record": "appends to the audit trail",
    "audit.record_read": "appends to the audit trail",
    "audit.record_reads_once": "appends to the audit trail",
    "audit.rejoin_journal": "a step of backup.restore: adds back audit events recorded after the backup",
    "backup.backup": "copies the database",
    "backup.restore": "re-applies the ledger, and ends every session",
    "decisions.reapply": "re-applies the ledger",
    "biographies.approve": "widens: puts the biography in the leaflet",
    "demo.load": "set-up",
    "demo.load_register": "set-up",
    "demo.load_journeys": "set-up",
    "demo.load_supervision": "set-up",
    "demo.load_roles_and_team_review": "set-up",
    "scale.build": "set-up for benchmarks",
    "installation.import_legacy_erasures": "carries older erasures into the ledger",
    "installation.open_server_key": "start-up",
    "installation.move_keys_to_keystore": "start-up: each data key wrapped again, the same key, the same access",
    "installation.prune_keystore": "re-applies the ledger's erasures and withdrawals to the keystore",
    "journeys.start": "the author's own draft",
    "journeys.save_answer": "the author's own draft",
    "journeys.complete": "the author's own entry",
    "journeys.link": "episodes shared keep what they held when shared",
    "journeys.offer_learning_note": "widens: shares a note with the team",
    "journeys.remember_set": "stores a question set",
    "organisations.create": "set-up",
    "teams.add": "widens",
    "persons.add": "widens",
    "pairs.add": "widens: a new pair sees only what is shared in it",
    "erasure.apply": "a step of erasure.erase, which records the erasure (and of re-applying it)",
    "register.forget_person": "a step of erasure.erase, which records the erasure",
    "journeys.forget_person": "a step of erasure.erase, which records the erasure",
    "supervision.forget_person": "a step of erasure.erase, which records the erasure",
    "practice_roles.set_mine": "the person's own profile",
    "register.add_entry": "widens",
    "register.publish_entry": "widens: the owner publishes their own entry",
    "register.record_contributor": "widens, with the contributor's consent",
    "register.import_csv": "adds entries that wait for their owners to publish them",
    "register.load_synthetic": "set-up for benchmarks",
    "supervision.share": "widens",
    "supervision.record_meeting": "a record both sides of a live pair read",
    "supervision.update_meeting": "a record both sides of a live pair read",
    "supervision.save_notes": "one side's own notes, which both sides of a live pair read",
    "supervision.respond": "the supervisee's answer on a record both sides read",
    "supervision.add_action": "an action both sides of a live pair read",
    "supervision.set_action_done": "an action both sides of a live pair read",
    "team_records.record": "a team record for the team's members",
    "team_records.mark_done": "a team record for the team's members",
    "teams.archive": "nobody new joins; no one's access to what they read changes",
    "teams.rename": "a name",
    "supervision.set_personal_prompts": "which prompts a session offers the supervisee; no one's words change hands",
    "supervision.add_goal": "a goal both sides of a live pair read",
    "supervision.review_goal": "a goal both sides of a live pair read",
    "supervision.close_goal": "a goal both sides of a live pair read",
    "wellness_plan.save": "the owner's own plan: a share stays on the version it shared",
    "revalidation.save_account": "the writer's own reflective account, which no one else reads",
    "revalidation.forget_person": "a step of erasure.erase, which records the erasure",
    "revalidation_discussion.save_discussion": "the writer's own form; a change asks the partner to confirm again",
    "revalidation_discussion.confirm_discussion": "the partner's confirmation of a date and a name they already see",
    "revalidation_tracker.set_plan": "the owner's own revalidation dates, which no one else reads",
    "revalidation_tracker.add_record": "the owner's own CPD, practice or feedback record, which no one else reads",
    "revalidation_tracker.remove_record": "the owner's own CPD, practice or feedback record (hours and a date), which no one else reads",
    "cpd_profile.save": "the owner's own HCPC profile, which no one else reads",
    "wellness_plan.mark_reviewed": "the owner's own plan",
    "wellness_plan.forget_person": "a step of people.erase, which records the erasure",
    "supervision.keep_to_writer": "a step of decisions.reapply: a note kept to its writer again",
    "shared_copies.give_key_pair": "a person's own key pair for receiving; no one's access changes",
    "shared_copies.settle": "a step of a sign-in: a key pair made, copies from ended pairs deleted (the pair's end narrowed already)",
    "own_keys.settle": "a step of a sign-in: a key pair made, copies from ended pairs deleted (the pair's end narrowed already)",
    "shared_copies.seal_entries": "a step of supervision.share, which widens",
    "shared_copies.seal_profile": "a step of supervision.share, which widens",
    "shared_copies.seal_plan": "a step of wellness_plan.share, which widens",
    "shared_copies.seal_live_shares": "a step of the first sign-in after the upgrade: shares made before it, sealed for their supervisors",
    "shared_copies.forget_items": "a step of supervision.withdraw and decisions.reapply, which ledger the withdrawal",
    "shared_copies.forget_plan_shares": "a step of wellness_plan.withdraw and decisions.reapply, which ledger the withdrawal",
    "shared_copies.forget_pair": "a step of pairs.end and pairs.change, which ledger the last day",
    "shared_copies.forget_ended_pairs": "a step of a sign-in: copies of pairs whose last day is ledgered already",
    "shared_copies.forget_person": "a step of erasure.erase, which records the erasure",
}


def test_every_public_write_is_classified_as_narrowing_access_or_not():
    writes = public_service_functions() - set(READS) - set(SAME_AS) - HELPERS
    unclassified = writes - set(NARROWS) - set(DOES_NOT)
    assert not unclassified, f"classify these in {__file__}: does each narrow who may read what or who may sign in? {sorted(unclassified)}"
    assert not set(NARROWS) & set(DOES_NOT)
    assert not (set(NARROWS) | set(DOES_NOT)) - writes, "classified but no longer a public write"
    missing = {name: test for name, test in NARROWS.items() if test not in SCENARIOS}
    assert not missing, f"each narrowing write needs a re-application scenario: {missing}"


def _backup_narrow_restore_check(folder, scenarios: list[Iterator[None]]) -> None:
    for steps in scenarios:
        next(steps)
    target = folder / "before.db"
    backup.backup(path=target, by=SYSTEM)
    for steps in scenarios:
        next(steps)

    report = backup.restore(path=target, by=SYSTEM)

    for steps in scenarios:
        with pytest.raises(StopIteration):
            steps.send(report)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_restore_applies_the_decision_again(sqlite_rt, tmp_path, name):
    _backup_narrow_restore_check(tmp_path, [SCENARIOS[name](factories.make_organisation())])


def test_one_restore_applies_every_kind_of_decision_again(rt, tmp_path, org):
    """Every scenario in one organisation, one backup and one restore: on PostgreSQL too."""
    _backup_narrow_restore_check(tmp_path, [steps(org) for steps in SCENARIOS.values()])


# --- an ended pair stays ended ----------------------------------------------------------------


def test_an_ended_pair_cannot_be_reopened_with_a_later_last_day(rt, org):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    pair = factories.make_pair(supervisor, factories.make_person(org))
    pairs.end(pair_id=pair, by=SYSTEM)

    with pytest.raises(errors.PeopleError, match="ended pair stays ended"):
        pairs.change(pair_id=pair, ends_on=date.today() + timedelta(days=30), by=SYSTEM)
    with pytest.raises(errors.PeopleError, match="ended pair stays ended"):
        pairs.change(pair_id=pair, supervisor_email=_email(supervisor), by=SYSTEM)

    with runtime.current().db.read() as session:
        assert session.get(SupervisionPair, pair).ends_on == date.today() - timedelta(days=1)
    with pytest.raises((supervision.NotFound, supervision.AccessDenied)):
        supervision.shared_with_me(pair_id=pair, by=supervisor)


def test_the_pair_command_refuses_to_reopen_an_ended_pair(rt, org, capsys):
    from reflect import cli

    pair = factories.make_pair(factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR)), factories.make_person(org))
    pairs.end(pair_id=pair, by=SYSTEM)

    assert cli.main(["pair", "set", str(pair), "--ends", (date.today() + timedelta(days=30)).isoformat()]) == cli.EXIT_FAILED

    assert "ended pair stays ended" in capsys.readouterr().err


def test_a_live_pairs_last_day_can_still_move_and_restore_keeps_the_latest(rt, tmp_path, org):
    pair = factories.make_pair(factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR)), factories.make_person(org))
    soon, later = date.today() + timedelta(days=7), date.today() + timedelta(days=60)
    pairs.change(pair_id=pair, ends_on=soon, by=SYSTEM)
    pairs.change(pair_id=pair, ends_on=later, by=SYSTEM)
    target = tmp_path / "after.db"
    backup.backup(path=target, by=SYSTEM)

    backup.restore(path=target, by=SYSTEM)

    with runtime.current().db.read() as session:
        assert session.get(SupervisionPair, pair).ends_on == later


def test_a_reactivation_after_the_backup_is_not_undone_by_the_deactivation_before_it(rt, tmp_path, org):
    person = factories.make_person(org)
    persons.deactivate(person_id=person.person_id, by=SYSTEM)
    persons.reactivate(person_id=person.person_id, by=SYSTEM)
    target = tmp_path / "after.db"
    backup.backup(path=target, by=SYSTEM)

    backup.restore(path=target, by=SYSTEM)

    assert auth.sign_in(email=_email(person), password=PASSWORD).actor.person_id == person.person_id


def test_the_ledger_holds_no_password_hash_and_no_text(rt, org):
    person = factories.make_person(org)
    signed_in = auth.sign_in(email=_email(person), password=PASSWORD)
    auth.change_password(by=signed_in.actor, current_password=PASSWORD, new_password=NEW_PASSWORD)
    biographies.save_draft(by=person, answers={"interests_outside_work": "Allotments"})

    ledger = runtime.current().ledger.path.read_text()

    with runtime.current().db.read() as session:
        stored = session.get(Person, person.person_id)
        assert stored.password_hash not in ledger and "$argon2" not in ledger
        assert stored.email not in ledger and stored.name not in ledger
    assert NEW_PASSWORD not in ledger and "Allotments" not in ledger


# --- restore warns, and refuses a backup of another installation ------------------------------


def test_restore_names_an_account_that_signed_in_after_its_ledgered_erasure(rt, tmp_path, org, capsys, monkeypatch):
    from reflect import cli

    person = factories.make_person(org, name="Still Here", email="still.here@example.org")
    with runtime.current().db.read() as session:
        public_id = session.get(Person, person.person_id).public_id
    # An erasure whose own transaction failed after its ledger line was written.
    runtime.current().ledger.record(DecisionKind.PERSON_ERASED, [public_id], at=utcnow() - timedelta(minutes=5))
    auth.sign_in(email="still.here@example.org", password=PASSWORD)
    target = tmp_path / "backup.db"
    backup.backup(path=target, by=SYSTEM)

    warnings = backup.erasure_warnings(path=target, by=SYSTEM)
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert cli.main(["restore", str(target)]) == cli.EXIT_FAILED  # it warns before asking

    assert len(warnings) == 1 and "Still Here <still.here@example.org>" in warnings[0]
    out = capsys.readouterr().out
    assert "still.here@example.org" in out and "Nothing was restored." in out
    with runtime.current().db.read() as session:
        assert session.get(Person, person.person_id).erased_at is None


def test_restore_refuses_a_backup_whose_installation_record_was_removed(rt, tmp_path, org):
    import sqlite3

    person = factories.make_person(org, email="kept@example.org")
    target = tmp_path / "other.db"
    backup.backup(path=target, by=SYSTEM)
    connection = sqlite3.connect(target)
    with connection:
        connection.execute("DELETE FROM installation")
    connection.close()

    with pytest.raises(backup.BackupError, match="not a backup of this installation"):
        backup.restore(path=target, by=SYSTEM)

    with runtime.current().db.read() as session:
        assert session.get(Person, person.person_id).email == "kept@example.org"


def test_learning_note_and_entry_rows_carry_random_public_ids(rt, org):
    team = factories.make_team(org)
    author = factories.make_person(org, teams=(team,))
    entry = reflection(author, "Public ids")
    note = journeys.offer_learning_note(entry_id=entry.id, team_id=team, body="A note", by=author)
    with runtime.current().db.read() as session:
        ids = [session.get(LearningNote, note).public_id, session.get(Entry, entry.id).public_id]
    assert all(len(i) == 32 for i in ids) and len(set(ids)) == 2


def test_a_note_given_back_to_both_stays_with_both_after_a_restore(rt, tmp_path, org):
    supervisor, supervisee, pair = _plan_pair(org)
    meeting = supervision.record_meeting(pair_id=pair, held_on=date.today(), functions=[], discussed=[], by=supervisor)
    supervision.save_notes(meeting_id=meeting, question_id="learned", value="givenbackwords", by=supervisee)
    target = tmp_path / "before.db"
    backup.backup(path=target, by=SYSTEM)
    supervision.set_choice(meeting_id=meeting, question_id="learned", just_me=True, in_pdf=False, by=supervisee)
    supervision.set_choice(meeting_id=meeting, question_id="learned", just_me=False, in_pdf=True, by=supervisee)

    backup.restore(path=target, by=SYSTEM)

    assert supervision.meeting(meeting_id=meeting, by=supervisor).supervisee_notes.answers["learned"] == "givenbackwords"
