"""Signing in and out: local passwords, single sign-on identities, server-side sessions.

The browser holds only a random session token, in an HttpOnly cookie; the server keeps its
hash and decides on every request, every rerun and every write whether the session is
still live.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session, joinedload, lazyload

from reflect import metrics, own_key, runtime
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import AuthSession, OwnKeyWrap, Person, PersonRole, SignInFailure, TeamMembership, utcnow
from reflect.services import audit, lockout, own_keys, passwords
from reflect.services.lockout import LOCK_AFTER_FAILURES, LOCK_DURATION
from reflect.services.access import AccessDenied, Actor, InOrganisation, Permission, can, ensure
from reflect.text import clean_text
from reflect.services.errors import Refused
from reflect.services.live_session import TOUCH_EVERY, expiry

# A single sign-on identity opens one Reflect session, and only if the organisation issued
# it just now: once a Reflect session ends, the provider's long-lived cookie is not enough.
FRESH_IDENTITY = timedelta(minutes=5)

DEACTIVATED = (
    "This account isn't active at the moment, so it can't be used to sign in. "
    "If you think that's a mistake, please ask your admin."
)
WRONG_DETAILS = "That e-mail address and password don't match our records. Please check them and try again."


class SignInError(Refused):
    """Sign-in did not succeed; the message is safe and kind to show."""


class StaleIdentity(Exception):
    """A single sign-on identity from an earlier sign-in: ask the organisation for a fresh one."""


@dataclass(frozen=True)
class SignedIn:
    token: str
    actor: Actor
    # The own key was made at this sign-in (the first, or the first since own keys came).
    created_own_key: bool = False


@dataclass(frozen=True)
class SessionInfo:
    created_at: datetime
    last_seen_at: datetime
    method: str
    is_current: bool
    public_id: str | None = None
    browser: str | None = None
    system: str | None = None


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"), ("Firefox/", "Firefox"),
             ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("HeadlessChrome/", "Chrome"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"))


def describe_user_agent(user_agent: str | None) -> tuple[str | None, str | None]:
    """The browser and system named by a User-Agent header; only these names are kept."""
    ua = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in ua), None)
    system = next((name for marker, name in _SYSTEMS if marker in ua), None)
    return browser, system


def timestamp(value: object) -> datetime | None:
    """A Unix time from an identity claim, as an aware datetime."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)) or not re.fullmatch(r"\d{1,12}(\.\d+)?", str(value)):
        return None
    return datetime.fromtimestamp(float(value), tz=UTC)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    """An e-mail address as it is kept and looked up: cleaned of invisible characters, trimmed, lower case."""
    return clean_text(email).strip().lower()


def actor_for(
    person: Person, token_hash: str | None = None, *, own: bytes | None = None, session_key: bytes | None = None,
    recovery_saved: bool = True,
) -> Actor:
    """The person as the acting person; `own` is their own key, opened for this request."""
    return Actor(
        person_id=person.id,
        organisation_id=person.organisation_id,
        name=person.name,
        roles=person.role_set,
        team_ids=frozenset(m.team_id for m in person.memberships),
        lead_team_ids=frozenset(m.team_id for m in person.memberships if m.is_lead),
        session_token_hash=token_hash,
        must_change_password=person.must_change_password,
        own_key=own,
        session_key=session_key,
        recovery_saved=recovery_saved or person.is_demo,
    )


def _recovery_saved(session: Session, person_id: int) -> bool:
    row = session.get(OwnKeyWrap, (person_id, own_keys.RECOVERY))
    return row is not None and row.confirmed_at is not None


def _open_session(
    session: Session, person: Person, method: str, user_agent: str | None = None, sso_issued_at: datetime | None = None,
    own: bytes | None = None,
) -> SignedIn:
    """A new session. The own key, when open, is kept wrapped by a key from the new token,
    which only the browser's cookie will hold."""
    token = secrets.token_urlsafe(32)
    token_hash = _hash_token(token)
    session_key = own_key.session_key(token)
    browser, system = describe_user_agent(user_agent)
    session.add(
        AuthSession(
            token_hash=token_hash, person_id=person.id, method=method,
            browser=browser, system=system, sso_issued_at=sso_issued_at,
            own_key_wrap=own_keys.session_wrap(session_key, own) if own is not None else None,
        )
    )
    if own is not None:
        own_keys.settle(session, person, own)
    actor = actor_for(person, token_hash, own=own, session_key=session_key, recovery_saved=_recovery_saved(session, person.id))
    audit.record(session, by=actor, action="signed_in", subject_id=person.id)
    return SignedIn(token=token, actor=actor)


@dataclass(frozen=True)
class _Attempt:
    """What the first short unit of work of a sign-in found: whose hash to check, and the
    failure row that holds this attempt's place in the count; or a refusal without a check."""

    person_id: int | None = None
    password_hash: str | None = None
    place_id: int | None = None
    refusal: str | None = None
    wrapping: own_keys.Wrapping | None = None
    # The settings the person's wraps are made with: full strength, or demo-only for the demo.
    settings: own_key.Derivation = own_key.STANDARD


def sign_in(*, email: str, password: str, user_agent: str | None = None) -> SignedIn:
    """Check a local password and open a new session.

    An address nobody has behaves exactly like an account's: the same message for a wrong
    password, the same pause after five, the same work done each time. So the pause never
    tells anyone which addresses have accounts.

    The password is checked (argon2id: about 25 ms and 19 MiB) outside any write
    transaction, so a crowd signing in together never holds up anyone's save, and only
    `password_checks` at once. That one run also gives the key that opens the own key
    (reflect/services/passwords.py), so an attempt costs one run, right or wrong, account or
    not. A further run is made only after a right password whose hash or wrap is of an older
    form, once: both move to today's form there and then.

    Each attempt first takes its place in the address's count of failures, as if it will
    fail; no more attempts than the pause allows are checked at once, so however many arrive
    together, an address gets no more tries than one at a time would.

    Raises:
        SignInError: wrong details, a paused address, or an account without a password.
    """
    now = utcnow()
    address = normalise_email(email)
    address_hash = runtime.current().server_key.mac("sign-in-address", address)
    attempt = _take_place(address, address_hash, now)
    if attempt.refusal:
        metrics.sign_in("paused")
        raise SignInError(attempt.refusal)
    with passwords.turn(runtime.current().settings.password_checks):
        checked = passwords.check(attempt.password_hash, password)
        opening = _opening(attempt, password, checked) if checked.matched else None
    refusal, outcome, signed_in = _settle(attempt, address_hash, checked.matched, user_agent, opening)
    metrics.sign_in(outcome)
    if refusal:
        raise SignInError(refusal)
    event("sign_in.ok", person=signed_in.actor.person_id)
    if signed_in.created_own_key:
        own_keys.move_private_text(by=signed_in.actor)
    elif signed_in.actor.own_key is None and (own := own_keys.unlock_after_sign_in(by=signed_in.actor, password=password)):
        signed_in = replace(signed_in, actor=replace(signed_in.actor, own_key=own))
    return signed_in


@dataclass(frozen=True)
class _Opening:
    """After a right password: the key that opens (or makes) the password's wrap of the own
    key, with the wrap's salt and settings; and the password's hash made again when it was of
    an older form or other settings, or did not share the wrap's salt (`rewrap`: the wrap then
    goes under the new hash's key too)."""

    key: bytes = field(repr=False)
    wrapping: own_keys.Wrapping
    remade: passwords.Made | None = field(default=None, repr=False)
    rewrap: bool = False


def _opening(attempt: _Attempt, password: str, checked: passwords.Check) -> _Opening:
    """What a right password opens, with as few further runs as can be: none once the hash and
    the wrap share their salt (every account after its first sign-in with this version)."""
    made, found = checked.made, attempt.wrapping
    if made is not None and (not found.exists or found.salt == made.salt):
        # The check's key opens the wrap (or makes it, under the hash's salt).
        opening = _Opening(made.key, own_keys.Wrapping(made.salt, made.derivation, found.exists))
        if made.derivation == passwords.SETTINGS:
            return opening
        return replace(opening, remade=passwords.make(password), rewrap=True)  # older settings: today's, once
    # A hash of the older form, or a wrap under a salt of its own: a run for the wrap.
    opening = _Opening(own_keys.derive(password, found), found)
    if found.derivation == passwords.SETTINGS:
        # The hash is made again from the wrap's key: the two share one salt from now on.
        return replace(opening, remade=passwords.from_key(opening.key, found.salt, found.derivation))
    if found.derivation == attempt.settings and made is not None:
        return opening  # a demo account's demo-only wrap (its run is cheap): kept as it is
    # A hash of the older form, or a wrap weaker than the person's settings: today's, once.
    return replace(opening, remade=passwords.make(password), rewrap=attempt.settings == passwords.SETTINGS)


def _known(session: Session, person_id: int | None, address: str | None = None) -> Person | None:
    """The person signing in, by id or address: None for an address nobody has, or an erased account."""
    if person_id is not None:
        # With roles and teams in the same statement (the new session's actor needs them).
        person = session.get(Person, person_id, options=[joinedload(Person.roles), joinedload(Person.memberships)])
    elif address is not None:
        # Before the check only the account itself is needed: its roles and teams are loaded
        # after it, for a right password (two fewer round trips for every attempt).
        person = session.scalar(
            select(Person).options(lazyload(Person.roles), lazyload(Person.memberships)).where(Person.email == address)
        )
    else:
        return None
    return None if person is None or person.erased_at is not None else person


def _take_place(address: str, address_hash: str, now: datetime) -> _Attempt:
    """The first short unit of work: refuse a paused address, or count this attempt as a
    failure until its check says otherwise."""
    with runtime.current().db.write(check_session=False) as session:
        lockout.hold_address(session, address_hash)
        person = _known(session, None, address)
        paused_until = lockout.paused_until_for(session, person, address_hash)
        if paused_until and paused_until > now:
            event("sign_in.locked", known=person is not None)
            return _Attempt(refusal=lockout.locked_message(paused_until, now))
        if lockout.recent_failures(session, address_hash, now) >= LOCK_AFTER_FAILURES:
            # As many attempts as the pause allows are being checked right now: this one
            # waits its turn as if the address were paused, so it is never an extra try.
            event("sign_in.locked", known=person is not None, at_once=True)
            return _Attempt(refusal=lockout.locked_message(now + LOCK_DURATION, now))
        place = SignInFailure(person_id=person.id if person else None, address_hash=address_hash, at=now)
        session.add(place)
        session.flush()
        return _Attempt(
            person_id=person.id if person else None, password_hash=person.password_hash if person else None, place_id=place.id,
            wrapping=own_keys.wrapping(session, person),
            settings=own_keys.derivation_for(person) if person else own_key.STANDARD,
        )


def _settle(
    attempt: _Attempt, address_hash: str, matched: bool, user_agent: str | None, opening: _Opening | None = None,
) -> tuple[str | None, str, SignedIn | None]:
    """The second short unit of work: record the check's result. It stands only if nothing
    changed while it ran (the same password hash, the account still there and not paused).
    Returns the refusal (or None), the outcome for the metrics and the new session."""
    now = utcnow()
    with runtime.current().db.write(check_session=False) as session:
        lockout.hold_address(session, address_hash)
        person = _known(session, attempt.person_id)
        matched = matched and person is not None and person.password_hash == attempt.password_hash
        place = session.get(SignInFailure, attempt.place_id)
        paused_until = lockout.paused_until_for(session, person, address_hash)
        if paused_until and paused_until > now:
            # Paused meanwhile by other attempts (which cleared the count, this place too).
            event("sign_in.locked", known=person is not None)
            return lockout.locked_message(paused_until, now), "paused", None
        if not matched:
            paused_until = lockout.record_failure(session, address_hash, person, now, counted=place is not None)
            refusal = lockout.locked_message(paused_until, now) if paused_until else WRONG_DETAILS
            return refusal, "paused" if paused_until else "refused", None
        if person.deactivated_at is not None:
            if place is not None:
                session.delete(place)
            # Said only after the right password, so it tells a stranger nothing.
            event("sign_in.deactivated", person=person.id)
            return DEACTIVATED, "refused", None
        # The count starts again (this attempt's place with it), at the address and the account.
        session.execute(
            delete(SignInFailure).where(or_(SignInFailure.address_hash == address_hash, SignInFailure.person_id == person.id))
        )
        person.locked_until = None
        opened = own_keys.open_with_secret(session, person, own_keys.PASSWORD, opening.key, opening.wrapping)
        if opening.remade is not None:
            person.password_hash = opening.remade.password_hash  # not a new password: password_set_at stays
            if opened.key is not None and opening.rewrap:
                own_keys.store_password(session, person, opened.key, opening.remade)
        signed_in = _open_session(session, person, "password", user_agent, own=opened.key)
        return None, "ok", replace(signed_in, created_own_key=opened.created)


def sign_in_with_identity(
    *, email: str | None, issued_at: datetime | None, email_verified: object = None, user_agent: str | None = None
) -> SignedIn:
    """Open a session for a person the organisation's single sign-on vouched for just now.

    Raises:
        SignInError: no e-mail, an e-mail the provider says is not verified, or no matching
            person (none is created).
        StaleIdentity: the identity was issued more than a few minutes ago, before the
            person signed out everywhere, or has already opened a session: the person must
            sign in with their organisation again.
    """
    if not email:
        raise SignInError("Your organisation's sign-in didn't share an e-mail address, so Reflect can't tell who you are.")
    if email_verified is False or (isinstance(email_verified, str) and email_verified.lower() == "false"):
        event("sso.unverified_email")
        raise SignInError(
            "Your organisation's sign-in says this e-mail address isn't verified yet, so Reflect can't use it. "
            "Please ask your admin or IT team to help."
        )
    now = utcnow()
    with runtime.current().db.write(check_session=False) as session:
        person = session.scalar(select(Person).where(Person.email == normalise_email(email)))
        if person is None or person.erased_at is not None:
            event("sso.no_match")
            raise SignInError(
                "There is no Reflect account for this e-mail address. Reflect does not create accounts "
                "automatically: please ask your admin to add you."
            )
        if person.deactivated_at is not None:
            event("sso.deactivated", person=person.id)
            raise SignInError(DEACTIVATED)
        if issued_at is None or not (now - FRESH_IDENTITY <= issued_at <= now + timedelta(minutes=1)):
            event("sso.stale_identity", person=person.id)
            raise StaleIdentity()
        if person.sessions_not_before and issued_at < person.sessions_not_before:
            event("sso.before_sign_out_everywhere", person=person.id)
            raise StaleIdentity()
        used = session.scalar(
            select(func.count()).select_from(AuthSession).where(AuthSession.person_id == person.id, AuthSession.sso_issued_at == issued_at)
        )
        if used:
            event("sso.identity_reused", person=person.id)
            raise StaleIdentity()
        # A demo person's own key opens with the demo's published password; anyone else's
        # with their passphrase, asked for next.
        own = own_keys.open_with(session, person, own_keys.DEMO_PASSWORD) if person.is_demo else None
        signed_in = _open_session(session, person, "single_sign_on", user_agent, sso_issued_at=issued_at, own=own)
    event("sign_in.ok", person=person.id, sso=True)
    return signed_in


def _resume_statement() -> Select:
    """Every rerun's one statement: the session with its person, their roles and teams, and
    whether their recovery code is saved, as plain rows (one per role and team pair). Built
    once, on the tables themselves: loading ORM objects with two joined collections cost more
    than the round trip."""
    sessions, people = AuthSession.__table__.c, Person.__table__.c
    roles, memberships = PersonRole.__table__, TeamMembership.__table__
    recovery = OwnKeyWrap.__table__.alias("recovery")
    return (
        select(
            sessions.ended_at, sessions.created_at, sessions.last_seen_at, sessions.own_key_wrap,
            people.id, people.organisation_id, people.name, people.erased_at, people.deactivated_at,
            people.must_change_password, people.is_demo,
            recovery.c.confirmed_at, roles.c.role, memberships.c.team_id, memberships.c.is_lead,
        )
        .select_from(AuthSession.__table__)
        .join(Person.__table__, people.id == sessions.person_id)
        .outerjoin(recovery, (recovery.c.person_id == people.id) & (recovery.c.kind == own_keys.RECOVERY))
        .outerjoin(roles, roles.c.person_id == people.id)
        .outerjoin(memberships, memberships.c.person_id == people.id)
        .where(sessions.token_hash == bindparam("token_hash"))
    )


_RESUME = _resume_statement()


def resume(token: str | None) -> Actor | None:
    """The actor for a live session token, or None when it has ended, idled out or expired."""
    if not token:
        return None
    now = utcnow()
    token_hash = _hash_token(token)
    with runtime.current().db.read_one() as connection:
        rows = connection.execute(_RESUME, {"token_hash": token_hash}).all()
    if not rows or rows[0].ended_at is not None:
        return None
    row = rows[0]
    expired_reason = expiry(row, now)
    if expired_reason:
        _end(token_hash, expired_reason)
        return None
    if row.erased_at is not None or row.deactivated_at is not None:
        return None
    session_key = own_key.session_key(token)
    teams = {r.team_id: r.is_lead for r in rows if r.team_id is not None}
    actor = Actor(
        person_id=row.id,
        organisation_id=row.organisation_id,
        name=row.name,
        roles=frozenset(r.role for r in rows if r.role is not None),
        team_ids=frozenset(teams),
        lead_team_ids=frozenset(team for team, lead in teams.items() if lead),
        session_token_hash=token_hash,
        must_change_password=row.must_change_password,
        own_key=own_keys.open_session_wrap(session_key, row.own_key_wrap),
        session_key=session_key,
        recovery_saved=row.confirmed_at is not None or row.is_demo,
    )
    if now - row.last_seen_at > TOUCH_EVERY:
        with runtime.current().db.write(check_session=False) as session:
            session.execute(update(AuthSession).where(AuthSession.token_hash == token_hash).values(last_seen_at=now))
    return actor


def _end(token_hash: str, reason: str) -> None:
    with runtime.current().db.write(check_session=False) as session:
        _end_where(session, [AuthSession.token_hash == token_hash], reason)
    event(f"session.{reason}")


def _end_where(session: Session, conditions: list, reason: str) -> int:
    """End the live sessions matching `conditions`, recording each in the decision ledger
    (before the commit) so a restore from an older backup never accepts them again."""
    conditions = [*conditions, AuthSession.ended_at.is_(None)]
    public_ids = session.scalars(select(AuthSession.public_id).where(*conditions)).all()
    if not public_ids:
        return 0
    now = utcnow()
    runtime.current().ledger.record(DecisionKind.SESSION_ENDED, public_ids, at=now)
    return session.execute(
        update(AuthSession).where(*conditions).values(ended_at=now, end_reason=reason, own_key_wrap=None)
    ).rowcount


def sign_out(*, by: Actor) -> None:
    """End the acting person's current session."""
    if by.session_token_hash:
        _end(by.session_token_hash, "signed_out")


def end_token(token: str, reason: str = "signed_out") -> None:
    """End the session this token belongs to, if it is still open (the sign-out route)."""
    if token:
        _end(_hash_token(token), reason)


def _end_sessions(session: Session, person_id: int, *, keep: str | None, reason: str) -> int:
    conditions = [AuthSession.person_id == person_id]
    if keep:
        conditions.append(AuthSession.token_hash != keep)
    return _end_where(session, conditions, reason)


def end_sessions_of(session: Session, person_id: int, *, reason: str) -> int:
    """End every live session of one person inside the caller's unit of work, each recorded in
    the decision ledger. Returns how many ended."""
    return _end_sessions(session, person_id, keep=None, reason=reason)


def sign_out_everywhere(*, by: Actor) -> int:
    """End every session of the acting person, this one included. Returns how many ended."""
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    with runtime.current().db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        person.sessions_not_before = utcnow()
        ended = _end_sessions(session, by.person_id, keep=None, reason="signed_out_everywhere")
        audit.record(session, by=by, action="signed_out_everywhere", subject_id=by.person_id)
    event("session.signed_out_everywhere", person=by.person_id, ended=ended)
    return ended


def record_password_set(person: Person) -> None:
    """Note when a password was set, in the account and in the decision ledger (the time and the
    account's public id; never the hash). A restore then refuses any older hash."""
    person.password_set_at = utcnow()
    runtime.current().ledger.record(DecisionKind.PASSWORD_SET, [person.public_id], at=person.password_set_at)


def change_password(*, by: Actor, current_password: str, new_password: str) -> int:
    """Change the acting person's password and end their other sessions. Returns how many ended.

    Raises:
        SignInError: the current password is wrong.
        PasswordRejected: the new password breaks a rule.
    """
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    rt = runtime.current()
    # Both passwords are worked on (argon2id) before the write transaction, as at sign-in, so
    # no one's save waits behind them; the save then goes ahead only if the password checked
    # is still the one stored.
    with rt.db.read() as session:
        person = session.get(Person, by.person_id)
        checked, email = person.password_hash, person.email or ""
    try:  # counted as the checks of a session are (a session is no way round the sign-in lockout)
        place = lockout.take_secret_turn(by.person_id)
    except lockout.SecretPaused as exc:
        raise SignInError(str(exc)) from None
    with passwords.turn(rt.settings.password_checks):
        matched = passwords.verify(checked, current_password)
    lockout.settle_secret_turn(by.person_id, place, matched=matched)
    if not matched:
        raise SignInError("Your current password doesn't match. Please try again.")
    passwords.check_rules(new_password, email=email)
    with passwords.turn(rt.settings.password_checks):
        # One run: the new hash, and the key that wraps the same own key (nothing is re-encrypted).
        made = passwords.make(new_password)
    with rt.db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        if person.password_hash != checked:
            raise SignInError("Your password was changed a moment ago. Please try again.")
        person.password_hash = made.password_hash
        if by.own_key is not None:
            own_keys.store_password(session, person, by.own_key, made)
        person.must_change_password = False
        record_password_set(person)
        ended = _end_sessions(session, by.person_id, keep=by.session_token_hash, reason="password_changed")
        audit.record(session, by=by, action="password_changed", subject_id=by.person_id)
    event("password.changed", person=by.person_id, ended=ended)
    return ended


def my_sessions(*, by: Actor) -> list[SessionInfo]:
    """The acting person's live sessions, newest first."""
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    with runtime.current().db.read() as session:
        rows = session.scalars(
            select(AuthSession)
            .where(AuthSession.person_id == by.person_id, AuthSession.ended_at.is_(None))
            .order_by(AuthSession.created_at.desc())
            .limit(50)
        ).all()
    now = utcnow()
    return [
        SessionInfo(r.created_at, r.last_seen_at, r.method, r.token_hash == by.session_token_hash, r.public_id, r.browser, r.system)
        for r in rows
        if expiry(r, now) is None
    ]


def end_my_session(*, public_id: str, by: Actor) -> bool:
    """End one of the acting person's own sessions (this one included). Returns whether one ended."""
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    with runtime.current().db.write(by=by) as session:
        ended = _end_where(
            session, [AuthSession.person_id == by.person_id, AuthSession.public_id == public_id], "ended_by_person"
        )
        if ended:
            audit.record(session, by=by, action="session_ended", subject_id=by.person_id)
    event("session.ended_by_person", person=by.person_id, ended=ended)
    return bool(ended)


def end_all_sessions_of(*, person_id: int, by: Actor) -> int:
    """An admin ends every session of one person in their organisation. Returns how many ended.

    Raises:
        AccessDenied: not an admin, or the person is in another organisation.
    """
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.write(by=by) as session:
        person = session.get(Person, person_id)
        if person is None or not can(by, Permission.ADMINISTER, InOrganisation(person.organisation_id)):
            raise AccessDenied("This isn't available to you.")
        person.sessions_not_before = utcnow()
        ended = _end_sessions(session, person_id, keep=None, reason="ended_by_admin")
        audit.record(session, by=by, action="sessions_ended_by_admin", subject_id=person_id)
    event("session.ended_by_admin", person=person_id, ended=ended)
    return ended
