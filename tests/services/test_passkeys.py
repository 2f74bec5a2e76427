"""A passkey with WebAuthn's PRF extension opens a person's own key beside their passphrase:
checked by py_webauthn against a software passkey (ES256, attestation "none")."""

from __future__ import annotations

import dataclasses
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import func, select, update

from reflect import logs, runtime
from reflect.ledger import Decision, DecisionKind
from reflect.models import AuditEvent, AuthSession, OwnKeyWrap, Passkey, PasskeyChallenge, Role, utcnow
from reflect.models.base import Base
from reflect.services import auth, decisions, erasure, my_data, own_keys, passkeys, persons
from reflect.services.errors import PrivateLocked
from reflect.services.own_keys import LockState
from tests.passkey_authenticator import SoftPasskey, add_passkey, b64url
from tests.services.test_audit_failure import audit_writes_fail
from tests.services.test_own_keys import PRIVATE, what_shared, write_private

ORIGIN = "https://reflect.example.org"
PASSPHRASE = "a passphrase only I know"


@pytest.fixture
def passkey_rt(rt):
    """`rt`, reached by people at ORIGIN, so passkeys are offered."""
    rt.settings = dataclasses.replace(rt.settings, public_address=ORIGIN)
    return rt


def _sign_in(email: str):
    """A single sign-on session, as the sign-in route opens one: the own key locked."""
    return auth.resume(auth.sign_in_with_identity(email=email, issued_at=utcnow()).token)


@pytest.fixture
def sso_person(passkey_rt, admin):
    """A person who signs in with their organisation: passphrase chosen, a private entry written,
    signed in afresh (locked). Returns their e-mail and the id of the private entry."""
    email = "sam@example.org"
    persons.add(name="Sam Person", email=email, roles=[Role.PRACTITIONER], password="a long and private password", by=admin)
    first = _sign_in(email)
    own_keys.choose_passphrase(by=first, passphrase=PASSPHRASE)
    entry_id = write_private(_reopen(first))
    return email, entry_id


def _reopen(actor):
    """The actor of this session again, with the own key it now holds."""
    with runtime.current().db.read() as session:
        row = session.get(AuthSession, actor.session_token_hash)
        key = own_keys.open_session_wrap(actor.session_key, row.own_key_wrap)
    return dataclasses.replace(actor, own_key=key)


def unlocked_session_with_passkey(email: str, passkey: SoftPasskey):
    """A new, locked session; the passkey added there after the passphrase opened it; then a
    second new session, locked, for the test to unlock."""
    first = _sign_in(email)
    own_keys.unlock_with_passphrase(by=first, passphrase=PASSPHRASE)
    add_passkey(_reopen(first), passkey)
    return _sign_in(email)


def answer_to_unlock(email: str, passkey: SoftPasskey):
    """A locked session as `unlocked_session_with_passkey` leaves it, the unlock ceremony begun
    there, and the passkey's answer to it: (session, ceremony, credential, PRF output)."""
    locked = unlocked_session_with_passkey(email, passkey)
    step = passkeys.begin_unlock(by=locked)
    credential, prf = passkey.get(step.options)
    return locked, step, credential, prf


def test_a_passkey_opens_the_own_key_in_a_new_single_sign_on_session(sso_person):
    email, entry_id = sso_person
    passkey = SoftPasskey(ORIGIN)
    locked = unlocked_session_with_passkey(email, passkey)
    assert own_keys.state(by=locked) == LockState.ENTER_PASSPHRASE
    assert passkeys.has_passkeys(by=locked)

    step = passkeys.begin_unlock(by=locked)
    credential, prf = passkey.get(step.options)
    passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)

    opened = _reopen(locked)
    assert opened.own_key is not None
    assert what_shared(entry_id, opened) == PRIVATE
    assert own_keys.state(by=opened) != LockState.ENTER_PASSPHRASE
    with runtime.current().db.read() as session:
        actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == locked.person_id)))
        assert {"passkey_added", "passkey_unlocked"} <= actions
        # The PRF output is in no table: not as it is, nor in any column's value.
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                assert not any(isinstance(v, bytes) and prf in v for v in row), table.name


def test_each_passkey_gets_its_own_salt_and_a_wrap_beside_the_passphrase(sso_person):
    email, _ = sso_person
    opened = _sign_in(email)
    own_keys.unlock_with_passphrase(by=opened, passphrase=PASSPHRASE)
    opened = _reopen(opened)
    first, second = add_passkey(opened, SoftPasskey(ORIGIN), "Phone"), add_passkey(opened, SoftPasskey(ORIGIN), "Laptop")

    assert [(p.name, p.public_id) for p in passkeys.mine(by=opened)] == [("Phone", first.public_id), ("Laptop", second.public_id)]
    with runtime.current().db.read() as session:
        rows = session.scalars(select(Passkey).where(Passkey.person_id == opened.person_id)).all()
        kinds = set(session.scalars(select(OwnKeyWrap.kind).where(OwnKeyWrap.person_id == opened.person_id)))
    assert rows[0].prf_salt != rows[1].prf_salt
    assert kinds == {own_keys.PASSPHRASE, f"passkey:{rows[0].id}", f"passkey:{rows[1].id}"}


def test_adding_a_passkey_needs_the_own_key_open(sso_person):
    email, _ = sso_person
    with pytest.raises(PrivateLocked):
        passkeys.begin_adding(by=_sign_in(email), name="Work laptop")


def test_adding_a_passkey_needs_the_passphrase_not_only_an_open_session(sso_person):
    """Someone at my open session (a stolen cookie, a screen left unlocked) can't add a passkey
    of their own: it would open my private notes in later sessions, long after this one ended."""
    email, entry_id = sso_person
    opened = _sign_in(email)
    own_keys.unlock_with_passphrase(by=opened, passphrase=PASSPHRASE)
    opened = _reopen(opened)
    for given in ("", "not my passphrase", "a long and private password"):
        with pytest.raises(passkeys.PasskeyRefused, match="passphrase"):
            passkeys.begin_adding(by=opened, name="Their laptop", passphrase=given)
    with runtime.current().db.read() as session:
        assert session.scalars(select(PasskeyChallenge).where(PasskeyChallenge.token_hash == opened.session_token_hash)).all() == []
    add_passkey(opened, SoftPasskey(ORIGIN), passphrase=PASSPHRASE)  # with it, as the page asks
    assert [p.name for p in passkeys.mine(by=opened)] == ["Work laptop"]


def test_a_replayed_answer_is_refused_and_the_key_stays_locked(sso_person):
    email, _ = sso_person
    passkey = SoftPasskey(ORIGIN)
    locked, step, credential, prf = answer_to_unlock(email, passkey)
    passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
    later = _sign_in(email)

    with pytest.raises(passkeys.PasskeyRefused, match="expired or was already used"):
        passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
    with pytest.raises(passkeys.PasskeyRefused, match="expired or was already used"):
        passkeys.unlock(by=later, ceremony=step.id, credential=credential, prf_output=prf)
    assert _reopen(later).own_key is None


def test_a_challenge_is_for_its_own_session_only_and_for_five_minutes(sso_person):
    email, _ = sso_person
    passkey = SoftPasskey(ORIGIN)
    locked = unlocked_session_with_passkey(email, passkey)
    other = _sign_in(email)
    step = passkeys.begin_unlock(by=locked)
    credential, prf = passkey.get(step.options)
    with pytest.raises(passkeys.PasskeyRefused, match="expired or was already used"):
        passkeys.unlock(by=other, ceremony=step.id, credential=credential, prf_output=prf)

    step = passkeys.begin_unlock(by=locked)
    credential, prf = passkey.get(step.options)
    with runtime.current().db.write(check_session=False) as session:
        session.execute(update(PasskeyChallenge).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(passkeys.PasskeyRefused, match="expired or was already used"):
        passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
    assert _reopen(locked).own_key is None
    with runtime.current().db.read() as session:
        assert session.scalar(select(PasskeyChallenge).where(PasskeyChallenge.public_id == step.id)) is None


def test_an_answer_made_on_another_site_is_refused(sso_person):
    email, _ = sso_person
    passkey = SoftPasskey(ORIGIN)
    locked = unlocked_session_with_passkey(email, passkey)
    step = passkeys.begin_unlock(by=locked)
    passkey.origin = "https://reflect.example.org.evil.example"
    credential, prf = passkey.get(step.options)

    with pytest.raises(passkeys.PasskeyRefused, match="couldn't be checked"):
        passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
    assert _reopen(locked).own_key is None


def test_adding_a_passkey_made_for_another_site_is_refused(sso_person):
    email, _ = sso_person
    opened = _sign_in(email)
    own_keys.unlock_with_passphrase(by=opened, passphrase=PASSPHRASE)
    with pytest.raises(passkeys.PasskeyRefused, match="couldn't be checked"):
        add_passkey(_reopen(opened), SoftPasskey(ORIGIN, rp_id="evil.example"))
    assert passkeys.mine(by=opened) == []


def test_the_use_count_moves_on_and_a_count_gone_back_is_refused(sso_person):
    email, _ = sso_person
    passkey = SoftPasskey(ORIGIN)
    locked, step, credential, prf = answer_to_unlock(email, passkey)
    passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
    with runtime.current().db.read() as session:
        assert session.scalar(select(Passkey.sign_count)) == passkey.sign_count == 2

    again = _sign_in(email)
    passkey.sign_count = 0  # a copy of the passkey, its count behind the original's
    step = passkeys.begin_unlock(by=again)
    credential, prf = passkey.get(step.options)
    with pytest.raises(passkeys.PasskeyRefused, match="went backwards"):
        passkeys.unlock(by=again, ceremony=step.id, credential=credential, prf_output=prf)
    assert _reopen(again).own_key is None


def test_a_prf_output_that_is_not_the_passkeys_does_not_open(sso_person):
    email, _ = sso_person
    passkey = SoftPasskey(ORIGIN)
    locked, step, credential, _prf = answer_to_unlock(email, passkey)
    with pytest.raises(passkeys.PasskeyRefused, match="didn't open"):
        passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=bytes(32))
    assert _reopen(locked).own_key is None
    # The passphrase still opens it.
    own_keys.unlock_with_passphrase(by=locked, passphrase=PASSPHRASE)
    assert _reopen(locked).own_key is not None


def test_a_removed_passkey_cannot_unlock_and_its_wrap_is_gone(sso_person):
    email, _ = sso_person
    kept, removed = SoftPasskey(ORIGIN), SoftPasskey(ORIGIN)
    opened = _sign_in(email)
    own_keys.unlock_with_passphrase(by=opened, passphrase=PASSPHRASE)
    opened = _reopen(opened)
    add_passkey(opened, kept, "Phone")
    gone = add_passkey(opened, removed, "Old laptop")
    locked = _sign_in(email)
    step = passkeys.begin_unlock(by=locked)  # both passkeys allowed, as the browser was told

    assert passkeys.remove(by=opened, public_id=gone.public_id)
    credential, prf = removed.get(step.options)
    with pytest.raises(passkeys.PasskeyRefused, match="didn't open"):
        passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
    assert _reopen(locked).own_key is None
    assert [p.name for p in passkeys.mine(by=opened)] == ["Phone"]
    assert not passkeys.remove(by=opened, public_id=gone.public_id)
    with runtime.current().db.read() as session:
        assert len(session.scalars(select(OwnKeyWrap).where(OwnKeyWrap.kind.like("passkey:%"))).all()) == 1
        assert "passkey_removed" in set(session.scalars(select(AuditEvent.action)))
    assert [d.public_id for d in runtime.current().ledger.decisions() if d.kind is DecisionKind.PASSKEY_REMOVED] == [gone.public_id]


def test_a_restore_removes_a_removed_passkey_again(sso_person):
    email, _ = sso_person
    opened = _sign_in(email)
    own_keys.unlock_with_passphrase(by=opened, passphrase=PASSPHRASE)
    gone = add_passkey(_reopen(opened), SoftPasskey(ORIGIN))
    decision = Decision(kind=DecisionKind.PASSKEY_REMOVED, public_id=gone.public_id, at=utcnow())

    with runtime.current().db.write(check_session=False) as session:
        applied = decisions.reapply(session, [decision])
    assert applied.counts[DecisionKind.PASSKEY_REMOVED] == 1
    assert passkeys.mine(by=opened) == []
    with runtime.current().db.read() as session:
        assert session.scalars(select(OwnKeyWrap.kind).where(OwnKeyWrap.kind.like("passkey:%"))).all() == []


def test_erasure_and_starting_afresh_take_the_passkeys_with_the_key(sso_person, admin):
    email, _ = sso_person
    opened = _sign_in(email)
    own_keys.unlock_with_passphrase(by=opened, passphrase=PASSPHRASE)
    add_passkey(_reopen(opened), SoftPasskey(ORIGIN))
    own_keys.start_afresh(by=opened, secret="a new passphrase of mine")
    assert passkeys.mine(by=opened) == []

    add_passkey(_reopen(opened), SoftPasskey(ORIGIN), passphrase="a new passphrase of mine")
    erasure.erase(person_id=opened.person_id, by=admin)
    with runtime.current().db.read() as session:
        assert session.scalars(select(Passkey)).all() == []
        assert session.scalars(select(OwnKeyWrap).where(OwnKeyWrap.person_id == opened.person_id)).all() == []


def test_a_person_whose_password_opens_their_notes_is_not_offered_a_passkey(passkey_rt, admin):
    persons.add(name="Pat Password", email="pat@example.org", roles=[Role.PRACTITIONER], password="a long and private password", by=admin)
    signed_in = auth.sign_in(email="pat@example.org", password="a long and private password")
    assert not passkeys.offered_to(by=signed_in.actor)
    with pytest.raises(passkeys.PasskeyRefused, match="Your Reflect password opens them already"):
        passkeys.begin_adding(by=signed_in.actor, name="Work laptop")


def test_without_a_public_address_passkeys_are_not_offered(rt, practitioner):
    assert not passkeys.offered()
    assert not passkeys.offered_to(by=practitioner)
    assert not passkeys.has_passkeys(by=practitioner)
    with pytest.raises(passkeys.PasskeyRefused, match="aren't set up"):
        passkeys.begin_unlock(by=practitioner)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
# Every part the check rests on (the user handle is not one: the credential id names the passkey).
PARTS = ("id", "rawId", "type", "clientDataJSON", "authenticatorData", "signature")


def test_any_answer_but_the_passkeys_own_is_refused_calmly_and_opens_nothing(sso_person):
    email, _ = sso_person
    passkey = SoftPasskey(ORIGIN)
    locked = unlocked_session_with_passkey(email, passkey)

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    @given(part=st.sampled_from(PARTS), junk=JSON)
    def check(part, junk):
        step = passkeys.begin_unlock(by=locked)
        credential, prf = passkey.get(step.options)
        if part in credential:
            credential[part] = junk
        else:
            credential["response"][part] = junk
        with pytest.raises(passkeys.PasskeyRefused):
            passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
        assert _reopen(locked).own_key is None

    check()


def test_the_log_holds_no_prf_output_nor_salt(sso_person, caplog):
    email, _ = sso_person
    passkey = SoftPasskey(ORIGIN)
    # Reflect's logger does not propagate to the root, and a logging set-up run earlier in the
    # same process (a library's dictConfig) may have switched it off: listen on it, switched on.
    was_disabled = logs._LOGGER.disabled
    logs._LOGGER.disabled = False
    logs._LOGGER.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG, logger=logs._LOGGER.name):
            locked, step, credential, prf = answer_to_unlock(email, passkey)
            passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
    finally:
        logs._LOGGER.removeHandler(caplog.handler)
        logs._LOGGER.disabled = was_disabled
    logged = caplog.text
    assert "passkey.added" in logged and "own_key.unlocked" in logged
    salt = next(iter(step.options["extensions"]["prf"]["evalByCredential"].values()))["first"]
    for secret in (prf.hex(), b64url(prf), salt, credential["response"]["signature"]):
        assert secret not in logged


def _passkeys_and_wraps() -> tuple[list, list]:
    with runtime.current().db.read() as session:
        return (
            sorted(session.scalars(select(Passkey.public_id))),
            sorted(session.scalars(select(OwnKeyWrap.kind))),
        )


def test_adding_or_removing_a_passkey_whose_audit_record_fails_changes_nothing(sso_person):
    email, _ = sso_person
    opened = _sign_in(email)
    own_keys.unlock_with_passphrase(by=opened, passphrase=PASSPHRASE)
    opened = _reopen(opened)
    kept = add_passkey(opened, SoftPasskey(ORIGIN))
    before = _passkeys_and_wraps()
    with audit_writes_fail():
        with pytest.raises(Exception, match="the audit is down"):
            add_passkey(opened, SoftPasskey(ORIGIN))
        with pytest.raises(Exception, match="the audit is down"):
            passkeys.remove(by=opened, public_id=kept.public_id)
    assert _passkeys_and_wraps() == before


def test_my_data_lists_my_passkeys_by_name_and_date_and_holds_no_key(sso_person):
    email, _ = sso_person
    opened = _sign_in(email)
    own_keys.unlock_with_passphrase(by=opened, passphrase=PASSPHRASE)
    opened = _reopen(opened)
    add_passkey(opened, SoftPasskey(ORIGIN), "Work laptop")

    exported = my_data.export(by=opened)["passkeys"]
    assert [(p["name"], bool(p["added_at"])) for p in exported] == [("Work laptop", True)]
    assert set(exported[0]) == {"name", "added_at", "last_used_at"}
    pdf = my_data.export_pdf(by=opened)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Passkeys that open my private notes" in text and "Work laptop" in text


def test_one_answer_sent_twice_at_once_opens_the_key_once(sso_person):
    email, _ = sso_person
    passkey = SoftPasskey(ORIGIN)
    locked, step, credential, prf = answer_to_unlock(email, passkey)

    def attempt(_):
        try:
            passkeys.unlock(by=locked, ceremony=step.id, credential=credential, prf_output=prf)
            return "opened"
        except passkeys.PasskeyRefused:
            return "refused"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(attempt, range(2)))
    assert outcomes == ["opened", "refused"]
    with runtime.current().db.read() as session:
        opened = session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "passkey_unlocked"))
    assert opened == 1
