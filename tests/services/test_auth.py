from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from reflect.models import AuthSession, Person, Role, utcnow
from reflect.services import audit, auth, passwords
from reflect.services.passwords import PasswordRejected
from tests import factories
from tests.factories import PASSWORD


def _email(rt, actor):
    with rt.db.read() as session:
        return session.get(Person, actor.person_id).email


def test_sign_in_opens_a_session_that_resumes(rt, practitioner):
    signed_in = auth.sign_in(email=_email(rt, practitioner).upper(), password=PASSWORD)
    assert signed_in.actor.person_id == practitioner.person_id
    resumed = auth.resume(signed_in.token)
    assert resumed is not None and resumed.person_id == practitioner.person_id


def test_only_the_token_hash_is_stored(rt, practitioner):
    signed_in = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    with rt.db.read() as session:
        hashes = session.scalars(select(AuthSession.token_hash)).all()
    assert signed_in.token not in hashes and len(hashes) == 1


def test_each_sign_in_makes_a_new_session(rt, practitioner):
    first = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    second = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    assert first.token != second.token
    assert auth.resume(first.token) is not None


@pytest.mark.parametrize("email", ["nobody@example.org", ""])
def test_unknown_email_gets_the_same_message_as_a_wrong_password(rt, practitioner, email):
    with pytest.raises(auth.SignInError) as unknown:
        auth.sign_in(email=email, password=PASSWORD)
    with pytest.raises(auth.SignInError) as wrong:
        auth.sign_in(email=_email(rt, practitioner), password="wrong password")
    assert str(unknown.value) == str(wrong.value) == auth.WRONG_DETAILS


def test_five_failures_lock_the_account_even_for_the_right_password(rt, practitioner):
    email = _email(rt, practitioner)
    for _ in range(4):
        with pytest.raises(auth.SignInError, match="don't match"):
            auth.sign_in(email=email, password="wrong password")
    with pytest.raises(auth.SignInError, match="paused"):
        auth.sign_in(email=email, password="wrong password")
    with pytest.raises(auth.SignInError, match="try again in 15 minutes"):
        auth.sign_in(email=email, password=PASSWORD)


def test_lock_lifts_after_fifteen_minutes(rt, practitioner):
    email = _email(rt, practitioner)
    for _ in range(5):
        with pytest.raises(auth.SignInError):
            auth.sign_in(email=email, password="wrong password")
    with rt.db.write() as session:
        session.execute(update(Person).values(locked_until=utcnow() - timedelta(seconds=1)))
    assert auth.sign_in(email=email, password=PASSWORD).actor.person_id == practitioner.person_id


def test_failures_older_than_the_window_do_not_count(rt, practitioner):
    from reflect.models import SignInFailure

    email = _email(rt, practitioner)
    for _ in range(4):
        with pytest.raises(auth.SignInError):
            auth.sign_in(email=email, password="wrong password")
    with rt.db.write() as session:
        session.execute(update(SignInFailure).values(at=utcnow() - timedelta(minutes=16)))
    with pytest.raises(auth.SignInError, match="don't match"):
        auth.sign_in(email=email, password="wrong password")


@pytest.mark.parametrize(
    ("column", "age"),
    [("last_seen_at", timedelta(minutes=31)), ("created_at", timedelta(hours=12, minutes=1))],
)
def test_idle_and_absolute_limits_end_the_session(rt, practitioner, column, age):
    signed_in = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    with rt.db.write() as session:
        session.execute(update(AuthSession).values({column: utcnow() - age}))
    assert auth.resume(signed_in.token) is None
    with rt.db.read() as session:
        assert session.scalar(select(AuthSession.end_reason)) in {"idle", "expired"}


def test_sign_out_ends_only_this_session(rt, practitioner):
    email = _email(rt, practitioner)
    here = auth.sign_in(email=email, password=PASSWORD)
    there = auth.sign_in(email=email, password=PASSWORD)
    auth.sign_out(by=here.actor)
    assert auth.resume(here.token) is None
    assert auth.resume(there.token) is not None


def test_sign_out_everywhere_ends_every_session(rt, practitioner):
    email = _email(rt, practitioner)
    here = auth.sign_in(email=email, password=PASSWORD)
    there = auth.sign_in(email=email, password=PASSWORD)
    assert auth.sign_out_everywhere(by=here.actor) == 2
    assert auth.resume(here.token) is None and auth.resume(there.token) is None


def test_password_change_ends_every_other_session(rt, practitioner):
    email = _email(rt, practitioner)
    here = auth.sign_in(email=email, password=PASSWORD)
    there = auth.sign_in(email=email, password=PASSWORD)
    ended = auth.change_password(by=here.actor, current_password=PASSWORD, new_password="a much newer secret")
    assert ended == 1
    assert auth.resume(here.token) is not None
    assert auth.resume(there.token) is None
    assert auth.sign_in(email=email, password="a much newer secret")


def test_password_change_needs_the_current_password_and_a_long_new_one(rt, practitioner):
    here = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    with pytest.raises(auth.SignInError):
        auth.change_password(by=here.actor, current_password="wrong", new_password="a much newer secret")
    with pytest.raises(PasswordRejected, match="at least 10"):
        auth.change_password(by=here.actor, current_password=PASSWORD, new_password="short")


def test_password_change_works_on_both_passwords_outside_any_write_transaction(rt, practitioner, monkeypatch):
    """Argon2id takes a while and a lot of memory: while it runs no write transaction is open,
    so no one's save waits behind a password change (as at sign-in)."""
    seen: list[tuple[str, bool]] = []

    def watched(name, real):
        def call(*args):
            seen.append((name, getattr(rt.db._turns, "depth", 0) > 0))
            return real(*args)
        return call

    here = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    monkeypatch.setattr(passwords, "verify", watched("verify", passwords.verify))
    monkeypatch.setattr(passwords, "make", watched("make", passwords.make))
    auth.change_password(by=here.actor, current_password=PASSWORD, new_password="a much newer secret")
    assert seen == [("verify", False), ("make", False)]
    assert auth.sign_in(email=_email(rt, practitioner), password="a much newer secret")


def test_a_password_changed_meanwhile_is_not_overwritten(rt, practitioner, monkeypatch):
    """Between the check of the current password and the save, another change (another tab, an
    admin's reset) wins: the later one is refused, not saved over it."""
    here = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    real = passwords.make
    other_tab = passwords.hash_password("changed in another tab")

    def meanwhile(new_password):
        with rt.db.write(check_session=False) as session:
            session.get(Person, practitioner.person_id).password_hash = other_tab
        return real(new_password)

    monkeypatch.setattr(passwords, "make", meanwhile)
    with pytest.raises(auth.SignInError, match="changed a moment ago"):
        auth.change_password(by=here.actor, current_password=PASSWORD, new_password="a much newer secret")
    monkeypatch.setattr(passwords, "make", real)
    assert auth.sign_in(email=_email(rt, practitioner), password="changed in another tab")


def test_single_sign_on_matches_an_existing_person(rt, practitioner):
    signed_in = auth.sign_in_with_identity(email=_email(rt, practitioner).upper(), issued_at=utcnow())
    assert signed_in.actor.person_id == practitioner.person_id


def test_single_sign_on_never_creates_an_account(rt, org):
    with pytest.raises(auth.SignInError, match="no Reflect account"):
        auth.sign_in_with_identity(email="stranger@example.org", issued_at=utcnow())
    with rt.db.read() as session:
        assert session.scalar(select(Person).where(Person.email == "stranger@example.org")) is None


def test_single_sign_on_identity_from_before_sign_out_everywhere_is_refused(rt, practitioner):
    email = _email(rt, practitioner)
    here = auth.sign_in_with_identity(email=email, issued_at=utcnow() - timedelta(minutes=1))
    auth.sign_out_everywhere(by=here.actor)
    with pytest.raises(auth.StaleIdentity):
        auth.sign_in_with_identity(email=email, issued_at=utcnow() - timedelta(seconds=30))


def test_sign_in_is_audited_for_the_person(rt, practitioner):
    signed_in = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    entries, total = audit.about_me(by=signed_in.actor)
    assert total == 1 and entries[0].action == "signed_in"


def _attempts(email: str, password: str, monkeypatch) -> list[tuple[str, int]]:
    """Six sign-ins: each one's message, and how many password checks it ran."""
    checks = []
    real_check = auth.passwords.check

    def counting_check(password_hash, typed):
        checks.append(1)
        return real_check(password_hash, typed)

    monkeypatch.setattr(auth.passwords, "check", counting_check)
    seen = []
    for _ in range(6):
        before = len(checks)
        with pytest.raises(auth.SignInError) as refused:
            auth.sign_in(email=email, password=password)
        seen.append((str(refused.value), len(checks) - before))
    monkeypatch.undo()
    return seen


def test_the_pause_after_five_failures_does_not_reveal_which_addresses_have_accounts(rt, practitioner, monkeypatch):
    known = _attempts(_email(rt, practitioner), "wrong password", monkeypatch)
    unknown = _attempts("nobody-here@example.org", "wrong password", monkeypatch)
    assert unknown == known
    assert [checks for _, checks in known] == [1, 1, 1, 1, 1, 0]  # a paused address is not checked at all
    assert "paused" in known[-1][0] and "paused" in known[4][0]
    assert known[0][0] == auth.WRONG_DETAILS


def test_a_hash_made_with_older_settings_is_made_again_at_sign_in_and_the_password_still_works(rt, practitioner):
    older = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4).hash(PASSWORD)
    with rt.db.write(check_session=False) as session:
        person = session.get(Person, practitioner.person_id)
        person.password_hash = older
        set_at = person.password_set_at
    assert passwords.needs_rehash(older)

    auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)

    with rt.db.read() as session:
        person = session.get(Person, practitioner.person_id)
        assert person.password_hash != older and not passwords.needs_rehash(person.password_hash)
        assert person.password_set_at == set_at  # the same password: a restore's ledger sees no change
    assert auth.sign_in(email=_email(rt, practitioner), password=PASSWORD).actor.person_id == practitioner.person_id


def test_a_wrong_password_leaves_an_older_hash_as_it_was(rt, practitioner):
    older = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4).hash(PASSWORD)
    with rt.db.write(check_session=False) as session:
        session.get(Person, practitioner.person_id).password_hash = older
    with pytest.raises(auth.SignInError):
        auth.sign_in(email=_email(rt, practitioner), password=PASSWORD + "x")
    with rt.db.read() as session:
        assert session.get(Person, practitioner.person_id).password_hash == older


def test_a_password_hash_is_checked_with_one_key_and_anything_unreadable_is_refused():
    made = passwords.make("a long password here")
    checked = passwords.check(made.password_hash, "a long password here")
    assert checked.matched and checked.made.key == made.key and made.key.hex() not in made.password_hash
    assert not passwords.verify(made.password_hash, "a long password herE")
    for unreadable in (None, "", made.password_hash[:-6], made.password_hash.replace("t=2", "t=x"), "$argon2id$nonsense"):
        assert passwords.check(unreadable, "a long password here") == passwords.Check(False)


@pytest.mark.parametrize(("roles", "teams", "leads"), [((Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD), 3, 2), ((Role.ADMIN,), 0, 0)])
def test_a_resumed_session_has_every_role_and_team_the_person_signed_in_with(rt, org, roles, teams, leads):
    # Each rerun reads the session, roles and teams in one statement of joined rows: several
    # roles times several teams must come back as each set once, and no team must mean none.
    team_ids = tuple(factories.make_team(org) for _ in range(teams))
    person = factories.make_person(org, roles=roles, teams=team_ids, leads=team_ids[:leads])
    signed_in = auth.sign_in(email=_email(rt, person), password=PASSWORD)
    resumed = auth.resume(signed_in.token)
    assert resumed == signed_in.actor
    assert (resumed.roles, resumed.team_ids, resumed.lead_team_ids) == (frozenset(roles), frozenset(team_ids), frozenset(team_ids[:leads]))
    assert resumed.own_key == signed_in.actor.own_key and resumed.own_key is not None
    assert resumed.session_key == signed_in.actor.session_key and resumed.recovery_saved
