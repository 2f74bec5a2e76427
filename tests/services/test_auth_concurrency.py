"""Sign-in with many attempts at once: the password check runs outside any write transaction,
a bounded few at a time, and the pause after five failures holds however many arrive together."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from reflect.models import Person
from reflect.services import auth
from tests import factories
from tests.factories import PASSWORD

ATTEMPTS = 12


def _email(rt, actor) -> str:
    with rt.db.read() as session:
        return session.get(Person, actor.person_id).email


class CountingChecks:
    """Wraps the real password check, counting checks and the most running at once."""

    def __init__(self, real):
        self.real = real
        self.lock = threading.Lock()
        self.checks = 0
        self.running = 0
        self.most_at_once = 0

    def __call__(self, password_hash, typed):
        with self.lock:
            self.checks += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            return self.real(password_hash, typed)
        finally:
            with self.lock:
                self.running -= 1


def _together(count: int, attempt) -> list[str]:
    """Run `attempt` on `count` threads released at the same moment; each one's outcome."""
    start = threading.Barrier(count)

    def one(n: int) -> str:
        start.wait()
        try:
            attempt(n)
            return "ok"
        except auth.SignInError as refused:
            return str(refused)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


@pytest.mark.parametrize("known", [True, False], ids=["account", "no-account"])
def test_many_wrong_passwords_at_once_get_no_more_checks_than_the_pause_allows(rt, practitioner, monkeypatch, known):
    email = _email(rt, practitioner) if known else "nobody-here@example.org"
    counting = CountingChecks(auth.passwords.check)
    monkeypatch.setattr(auth.passwords, "check", counting)

    outcomes = _together(ATTEMPTS, lambda n: auth.sign_in(email=email, password=f"wrong password {n}"))

    assert counting.checks <= auth.LOCK_AFTER_FAILURES
    assert "ok" not in outcomes
    assert sum("paused" in outcome for outcome in outcomes) >= ATTEMPTS - auth.LOCK_AFTER_FAILURES
    with pytest.raises(auth.SignInError, match="paused"):
        auth.sign_in(email=email, password=PASSWORD)
    assert counting.checks <= auth.LOCK_AFTER_FAILURES


def test_a_crowd_signing_in_at_once_all_get_in_with_a_bounded_number_of_checks_at_once(rt, org, monkeypatch):
    people = [factories.make_person(org) for _ in range(8)]
    emails = [_email(rt, person) for person in people]
    counting = CountingChecks(auth.passwords.check)
    monkeypatch.setattr(auth.passwords, "check", counting)

    outcomes = _together(len(emails), lambda n: auth.sign_in(email=emails[n], password=PASSWORD))

    assert outcomes == ["ok"] * len(emails)
    assert counting.checks == len(emails)
    assert counting.most_at_once <= rt.settings.password_checks


def test_other_saves_go_ahead_while_a_password_is_being_checked(rt, practitioner, org, monkeypatch):
    email = _email(rt, practitioner)
    real = auth.passwords.check
    checking, saved = threading.Event(), threading.Event()
    released_by_the_save = []

    def slow_check(password_hash, typed):
        checking.set()
        released_by_the_save.append(saved.wait(timeout=60))
        return real(password_hash, typed)

    monkeypatch.setattr(auth.passwords, "check", slow_check)
    with ThreadPoolExecutor(1) as pool:
        signing_in = pool.submit(auth.sign_in, email=email, password=PASSWORD)
        assert checking.wait(timeout=60)
        factories.make_person(org)  # a write, while the check is under way
        saved.set()
        signed_in = signing_in.result()

    assert released_by_the_save == [True]
    assert signed_in.actor.person_id == practitioner.person_id


def test_a_password_changed_during_the_check_does_not_let_the_old_one_in(rt, practitioner, monkeypatch):
    email = _email(rt, practitioner)
    real = auth.passwords.check

    def check_then_change(password_hash, typed):
        result = real(password_hash, typed)
        with rt.db.write(check_session=False) as session:
            session.get(Person, practitioner.person_id).password_hash = auth.passwords.hash_password("another long password")
        return result

    monkeypatch.setattr(auth.passwords, "check", check_then_change)
    with pytest.raises(auth.SignInError, match="don't match"):
        auth.sign_in(email=email, password=PASSWORD)
