"""Private means private: what a person keeps to themselves opens only with their own key,
which only they (their password, passphrase or recovery code) and their live sessions hold."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from reflect import metrics, own_key, runtime
from reflect.crypto import SealedText
from reflect.models import AuthSession, Entry, EntryRevision, OwnKeyWrap, Person, Role, Stage, utcnow
from reflect.models.base import Base, EncryptedText
from reflect.services import auth, erasure, journeys, own_keys, passwords, persons, register, wellness_plan
from reflect.services.errors import PrivateLocked
from reflect.services.private_text import PRIVATE_COLUMNS
from reflect.services.vault import Vault
from tests import factories

PASSWORD = "a long and private password"
PRIVATE = "When my brother was in hospital I found it hard to come to work"
TEAM = "Plays the fiddle at team away days"


def new_person(admin, email: str = "sam@example.org") -> int:
    person_id, _ = persons.add(name="Sam Person", email=email, roles=[Role.PRACTITIONER], password=PASSWORD, by=admin)
    return person_id


def write_private(by) -> int:
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=by)
    journeys.save_answer(entry_id=entry.id, question_id="what_shared", value=PRIVATE, by=by)
    wellness_plan.save(keeps_well=PRIVATE, by=by)
    return entry.id


def what_shared(entry_id: int, by) -> str | None:
    return journeys.get(entry_id=entry_id, by=by).answers.get("what_shared")


def sealed_values() -> list[tuple[str, str, SealedText]]:
    """Every sealed value in the database: (table, column, value)."""
    found = []
    with runtime.current().db.read() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, EncryptedText):
                    found += [(table.name, column.name, v) for v in session.scalars(select(column)) if v is not None]
    return found


def private_columns() -> set[tuple[str, str]]:
    return {(model.__tablename__, attr) for model, attr, _ in PRIVATE_COLUMNS} | {(EntryRevision.__tablename__, "answers")}


def test_sign_in_makes_an_own_key_and_private_text_opens_only_in_a_session(rt, admin):
    person_id = new_person(admin)
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    assert signed.actor.own_key is not None and signed.created_own_key
    entry_id = write_private(signed.actor)
    # Any replica serves the session from the cookie's token alone.
    resumed = auth.resume(signed.token)
    assert resumed.own_key == signed.actor.own_key
    assert what_shared(entry_id, resumed) == PRIVATE
    with rt.db.read() as session:
        row = session.scalar(select(AuthSession).where(AuthSession.person_id == person_id))
        wraps = session.scalars(select(OwnKeyWrap).where(OwnKeyWrap.person_id == person_id)).all()
    assert row.token_hash != signed.token and signed.token.encode() not in row.own_key_wrap
    assert signed.actor.own_key not in row.own_key_wrap and all(signed.actor.own_key not in w.wrapped for w in wraps)
    # Signing out drops the session's wrap: the token no longer opens anything.
    auth.sign_out(by=resumed)
    with rt.db.read() as session:
        assert session.get(AuthSession, row.token_hash).own_key_wrap is None
    assert auth.resume(signed.token) is None


def test_with_the_database_server_key_and_keystore_but_no_session_no_private_text_opens(rt, admin):
    new_person(admin, "sam@example.org")
    new_person(admin, "alex@example.org")
    sam = auth.sign_in(email="sam@example.org", password=PASSWORD).actor
    alex = auth.sign_in(email="alex@example.org", password=PASSWORD).actor
    write_private(sam)
    write_private(alex)
    register.add_entry(by=sam, entry=register.EntryInput(category="skills", description=TEAM, visibility="organisation"))
    values = sealed_values()
    private = [v for table, column, v in values if (table, column) in private_columns()]
    assert len(private) >= 4 and all(v.is_private for v in private)
    with rt.db.read() as session:
        # Everything a database administrator, a backup holder and the server hold together:
        # the rows, the server key and the keystore; and admin accounts, and the other person.
        for by in (None, admin, replace(sam, own_key=None), alex):
            vault = Vault(session, rt.server_key, by=by)
            assert all(vault.open(v) is None for v in private if by is None or v.owner_id != by.person_id)
        # Team text still serves the team without its author.
        team = [v for table, _, v in values if table == "register_entries"]
        assert [Vault(session, rt.server_key).open(v) for v in team] == [TEAM]


def argon2_runs() -> float:
    """Every argon2id run so far, whatever its settings (an older form's check included)."""
    return sum(s.value for m in metrics.OWN_KEY_DERIVATIONS.collect() for s in m.samples if s.name.endswith("_total"))


def runs_of(email: str, password: str) -> int:
    """How many argon2id runs one sign-in attempt made, whether or not it got in."""
    before = argon2_runs()
    try:
        auth.sign_in(email=email, password=password)
    except auth.SignInError:
        pass
    return round(argon2_runs() - before)


def test_one_sign_in_attempt_runs_argon2id_once_right_or_wrong_account_or_not(rt, admin):
    person_id = new_person(admin)
    new_person(admin, "no-password@example.org")
    with rt.db.write() as session:
        session.scalar(select(Person).where(Person.email == "no-password@example.org")).password_hash = None
    attempts = (
        ("sam@example.org", PASSWORD),  # the first: makes the own key
        ("sam@example.org", PASSWORD),
        ("sam@example.org", "not the password"),
        ("nobody@example.org", PASSWORD),
        ("no-password@example.org", PASSWORD),
    )
    assert [runs_of(email, password) for email, password in attempts] == [1] * len(attempts)
    assert auth.sign_in(email="sam@example.org", password=PASSWORD).actor.own_key is not None
    with rt.db.read() as session:
        person = session.get(Person, person_id)
        stored, context = person.password_hash, own_key.wrap_context(own_keys.PASSWORD, person.public_id)
        wrap = session.get(OwnKeyWrap, (person_id, own_keys.PASSWORD))
    # The password's one key, at full strength, opens the wrap; what the hash stores is a
    # verifier made from that key, never the key, and it opens nothing.
    assert wrap.derivation == own_key.STANDARD.label and wrap.derivation in stored
    key = own_key.derive(PASSWORD, wrap.salt, own_key.STANDARD)
    assert own_key.unwrap(key, wrap.wrapped, context) is not None
    verifier = base64.b64decode(stored.rsplit("$", 1)[1] + "==")
    assert verifier != key and own_key.unwrap(verifier, wrap.wrapped, context) is None


def test_an_account_with_the_older_hash_form_signs_in_and_moves_to_the_new_one(rt, admin):
    person_id = new_person(admin)
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    entry_id = write_private(signed.actor)
    older = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1).hash(PASSWORD)  # argon2's own form
    with rt.db.write() as session:
        person = session.get(Person, person_id)
        person.password_hash, set_at = older, person.password_set_at
        wrap_before = session.get(OwnKeyWrap, (person_id, own_keys.PASSWORD)).wrapped
    # A wrong password: one run, and the older hash stays as it was.
    assert runs_of("sam@example.org", "not the password") == 1
    with rt.db.read() as session:
        assert session.get(Person, person_id).password_hash == older
    # The right one: the older check and, this once, the run that opens the own key.
    before = argon2_runs()
    moved = auth.sign_in(email="sam@example.org", password=PASSWORD)
    assert argon2_runs() - before == 2
    assert moved.actor.own_key == signed.actor.own_key and what_shared(entry_id, moved.actor) == PRIVATE
    with rt.db.read() as session:
        person = session.get(Person, person_id)
        assert person.password_hash != older and not passwords.needs_rehash(person.password_hash)
        assert person.password_set_at == set_at  # the same password: a restore's ledger sees no change
        assert session.get(OwnKeyWrap, (person_id, own_keys.PASSWORD)).wrapped == wrap_before
    # From now on, one run.
    assert runs_of("sam@example.org", PASSWORD) == 1


def test_a_wrap_with_the_demo_only_settings_moves_to_full_strength_at_sign_in(rt, admin, practitioner):
    with rt.db.read() as session:
        email = session.get(Person, practitioner.person_id).email
        assert session.get(OwnKeyWrap, (practitioner.person_id, own_keys.PASSWORD)).derivation == own_key.DEMO_ONLY.label
    assert auth.sign_in(email=email, password=factories.PASSWORD).actor.own_key == practitioner.own_key
    with rt.db.read() as session:
        assert session.get(OwnKeyWrap, (practitioner.person_id, own_keys.PASSWORD)).derivation == own_key.STANDARD.label
    before = metrics.REGISTRY.get_sample_value("reflect_own_key_derivations_total", {"settings": "standard"}) or 0.0
    assert runs_of(email, factories.PASSWORD) == 1
    assert metrics.REGISTRY.get_sample_value("reflect_own_key_derivations_total", {"settings": "standard"}) - before == 1


def test_a_password_change_keeps_everything_readable(rt, admin):
    person_id = new_person(admin)
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    entry_id = write_private(signed.actor)
    with rt.db.read() as session:
        before = session.get(Entry, entry_id).answers.blob
    auth.change_password(by=auth.resume(signed.token), current_password=PASSWORD, new_password="another long password")
    with rt.db.read() as session:
        assert session.get(Entry, entry_id).answers.blob == before  # re-wrapped, not re-encrypted
        assert session.get(OwnKeyWrap, (person_id, own_keys.PASSWORD)) is not None
    before = argon2_runs()
    again = auth.sign_in(email="sam@example.org", password="another long password")
    assert what_shared(entry_id, again.actor) == PRIVATE and argon2_runs() - before == 1


def test_an_admin_reset_locks_private_text_until_the_recovery_code_which_works_once(rt, admin):
    person_id = new_person(admin)
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    assert own_keys.state(by=signed.actor) == own_keys.LockState.SAVE_RECOVERY_CODE
    code = own_keys.issue_recovery_code(by=signed.actor)
    own_keys.confirm_recovery_saved(by=signed.actor)
    entry_id = write_private(signed.actor)
    one_time = persons.reset_password(person_id=person_id, by=admin)
    after_reset = auth.sign_in(email="sam@example.org", password=one_time)
    auth.change_password(by=after_reset.actor, current_password=one_time, new_password="my new long password")
    locked = auth.resume(after_reset.token)
    assert locked.own_key is None and own_keys.state(by=locked) == own_keys.LockState.ENTER_RECOVERY_CODE
    assert what_shared(entry_id, locked) is None
    with pytest.raises(PrivateLocked):
        journeys.save_answer(entry_id=entry_id, question_id="what_shared", value="typed while locked", by=locked)
    with pytest.raises(own_keys.OwnKeyRefused):
        own_keys.recover(by=locked, code="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", secret="my new long password")
    new_code = own_keys.recover(by=locked, code=code.lower().replace("-", " "), secret="my new long password")
    assert new_code != code
    unlocked = auth.resume(after_reset.token)
    assert what_shared(entry_id, unlocked) == PRIVATE  # nothing lost, nothing overwritten
    # The used code works no more; the new one does, and the new password opens the key too.
    with pytest.raises(own_keys.OwnKeyRefused):
        own_keys.recover(by=unlocked, code=code, secret="my new long password")
    before = argon2_runs()
    assert what_shared(entry_id, auth.sign_in(email="sam@example.org", password="my new long password").actor) == PRIVATE
    assert argon2_runs() - before == 1  # the recovered wrap is under the password hash's salt


def test_text_from_before_own_keys_moves_under_the_own_key_at_first_sign_in(rt, admin):
    person_id = new_person(admin)
    with rt.db.read() as session:
        before_upgrade = replace(auth.actor_for(session.get(Person, person_id)), own_key=bytes(32))
    entry_id = write_private(before_upgrade)
    with rt.db.write() as session:  # as the server sealed it before own keys: team text
        row = session.get(Entry, entry_id)
        vault = Vault(session, rt.server_key, by=before_upgrade)
        row.answers = vault.seal(person_id, vault.open(row.answers))
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    assert signed.created_own_key
    with rt.db.read() as session:
        assert session.get(Entry, entry_id).answers.is_private
    assert what_shared(entry_id, signed.actor) == PRIVATE


def test_erasure_destroys_every_wrap(rt, admin):
    person_id = new_person(admin)
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    write_private(signed.actor)
    erasure.erase(person_id=person_id, by=admin)
    with rt.db.read() as session:
        assert session.scalars(select(OwnKeyWrap).where(OwnKeyWrap.person_id == person_id)).all() == []
        assert all(r.own_key_wrap is None for r in session.scalars(select(AuthSession).where(AuthSession.person_id == person_id)))


def test_factory_people_open_their_own_private_text(rt, practitioner):
    entry_id = write_private(practitioner)
    assert what_shared(entry_id, practitioner) == PRIVATE
    other = factories.make_person(practitioner.organisation_id)
    with pytest.raises(journeys.NotFound):
        journeys.get(entry_id=entry_id, by=other)


def test_two_first_sign_ins_at_once_both_open_the_one_own_key(rt, admin):
    new_person(admin)
    with ThreadPoolExecutor(2) as pool:
        signed = list(pool.map(lambda _: auth.sign_in(email="sam@example.org", password=PASSWORD), range(2)))
    assert signed[0].actor.own_key is not None and signed[0].actor.own_key == signed[1].actor.own_key
    assert [auth.resume(s.token).own_key for s in signed] == [signed[0].actor.own_key] * 2


def test_with_both_the_password_and_the_recovery_code_lost_a_person_can_start_afresh(rt, admin):
    person_id = new_person(admin)
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    own_keys.issue_recovery_code(by=signed.actor)
    entry_id = write_private(signed.actor)
    one_time = persons.reset_password(person_id=person_id, by=admin)
    after_reset = auth.sign_in(email="sam@example.org", password=one_time)
    with pytest.raises(own_keys.OwnKeyRefused):
        own_keys.start_afresh(by=after_reset.actor, secret="not my password")
    own_keys.start_afresh(by=after_reset.actor, secret=one_time)
    fresh = auth.resume(after_reset.token)
    assert fresh.own_key is not None and fresh.own_key != signed.actor.own_key
    assert own_keys.state(by=fresh) == own_keys.LockState.SAVE_RECOVERY_CODE
    assert what_shared(entry_id, fresh) is None  # gone for good, shown as empty
    assert what_shared(write_private(fresh), fresh) == PRIVATE


def test_a_saved_recovery_code_is_replaced_only_with_the_password(rt, admin):
    """Someone at my open session (a stolen cookie, a screen left unlocked) can't mint a recovery
    code of their own: it would open my private notes after I change my password, sign out
    everywhere, or have my password reset by an admin."""
    person_id = new_person(admin)
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    mine = own_keys.issue_recovery_code(by=signed.actor)  # the first, at first sign-in: nothing to replace
    own_keys.confirm_recovery_saved(by=signed.actor)
    entry_id = write_private(signed.actor)
    for attempt in (None, "", "not my password"):
        with pytest.raises(own_keys.OwnKeyRefused):
            own_keys.issue_recovery_code(by=signed.actor, secret=attempt)
    # Nothing changed: my saved code still opens my notes after an admin's reset.
    one_time = persons.reset_password(person_id=person_id, by=admin)
    after_reset = auth.sign_in(email="sam@example.org", password=one_time)
    own_keys.recover(by=after_reset.actor, code=mine, secret=one_time)
    unlocked = auth.resume(after_reset.token)
    assert what_shared(entry_id, unlocked) == PRIVATE
    own_keys.confirm_recovery_saved(by=unlocked)
    replaced = own_keys.issue_recovery_code(by=unlocked, secret=one_time)
    assert replaced != mine and own_keys.state(by=auth.resume(after_reset.token)) == own_keys.LockState.SAVE_RECOVERY_CODE


def test_with_single_sign_on_a_saved_recovery_code_is_replaced_only_with_the_passphrase(rt, admin):
    new_person(admin)
    token = auth.sign_in_with_identity(email="sam@example.org", issued_at=utcnow()).token
    own_keys.choose_passphrase(by=auth.resume(token), passphrase="a passphrase only I know")
    actor = auth.resume(token)
    own_keys.issue_recovery_code(by=actor)
    own_keys.confirm_recovery_saved(by=actor)
    assert own_keys.unlocks_with_passphrase(by=actor)
    with pytest.raises(own_keys.OwnKeyRefused):
        own_keys.issue_recovery_code(by=actor, secret=PASSWORD)  # the Reflect password opens nothing here
    assert own_keys.issue_recovery_code(by=actor, secret="a passphrase only I know")


def test_an_open_session_gets_five_tries_at_the_passphrase_then_a_pause(rt, admin):
    """Whoever holds a session (a stolen cookie; the organisation's sign-in used by someone who
    can reset it) can't guess at the passphrase that alone guards the private notes: five tries
    that don't match pause it for a quarter of an hour, as sign-in is paused."""
    new_person(admin)
    token = auth.sign_in_with_identity(email="sam@example.org", issued_at=utcnow()).token
    own_keys.choose_passphrase(by=auth.resume(token), passphrase="a passphrase only I know")
    locked = auth.resume(auth.sign_in_with_identity(email="sam@example.org", issued_at=utcnow()).token)
    for n in range(5):
        with pytest.raises(own_keys.OwnKeyRefused):
            own_keys.unlock_with_passphrase(by=locked, passphrase=f"guess number {n}")
    with pytest.raises(own_keys.OwnKeyRefused, match="try again in 15 minutes"):
        own_keys.unlock_with_passphrase(by=locked, passphrase="a passphrase only I know")  # even the right one, for now
    assert locked.own_key is None and own_keys.state(by=locked) == own_keys.LockState.ENTER_PASSPHRASE


def test_an_open_session_gets_five_tries_at_the_password_then_a_pause(rt, admin):
    """The same for the password a session is asked for (to change it, to make a recovery code):
    a session is no way round the sign-in lockout."""
    new_person(admin)
    signed = auth.sign_in(email="sam@example.org", password=PASSWORD)
    for n in range(3):
        with pytest.raises(auth.SignInError):
            auth.change_password(by=signed.actor, current_password=f"guess number {n}", new_password="a brand new long password")
    for n in range(2):
        with pytest.raises(own_keys.OwnKeyRefused):
            own_keys.recover(by=signed.actor, code="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", secret=f"another guess {n}")
    with pytest.raises(auth.SignInError, match="try again in 15 minutes"):
        auth.change_password(by=signed.actor, current_password=PASSWORD, new_password="a brand new long password")
    assert auth.sign_in(email="sam@example.org", password=PASSWORD)  # the password is unchanged
