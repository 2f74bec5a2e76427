"""Sessions are checked at the moment of every write; people see and end their sessions;
single sign-on opens a session only for a fresh, verified identity."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from reflect.models import AuditEvent, AuthSession, Person, Role, Stage, utcnow
from reflect.questions.schema import FreeTextQuestion
from reflect.services import auth, journeys, supervision
from reflect.services.access import AccessDenied, SessionEnded
from tests import factories, supervision_world
from tests.factories import PASSWORD

MARK = "a sentence typed after the session ended"
FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)


def _email(rt, actor):
    with rt.db.read() as session:
        return session.get(Person, actor.person_id).email


@pytest.fixture
def signed_in(rt, practitioner):
    return auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)


def _draft(actor):
    return journeys.start(stage=Stage.AFTER_SHARING, by=actor)


def _stored_answer(entry_id, actor):
    return journeys.get(entry_id=entry_id, by=actor).answers.get("what_shared")


HOW_A_SESSION_ENDS = ["sign_out_everywhere", "idle", "absolute", "signed_out"]


def _end(rt, signed_in, how: str) -> None:
    """End the session `signed_in` opened, as `how` says."""
    if how == "sign_out_everywhere":
        auth.sign_out_everywhere(by=auth.sign_in(email=_email(rt, signed_in.actor), password=PASSWORD).actor)
    elif how == "signed_out":
        auth.sign_out(by=signed_in.actor)
    else:
        column = AuthSession.last_seen_at if how == "idle" else AuthSession.created_at
        moved = utcnow() - (timedelta(minutes=31) if how == "idle" else timedelta(hours=12, minutes=1))
        with rt.db.write() as session:
            session.execute(update(AuthSession).values({column: moved}))


@pytest.mark.parametrize("how", HOW_A_SESSION_ENDS)
def test_a_write_after_the_session_ended_is_refused_and_saves_nothing(rt, practitioner, signed_in, how):
    entry = _draft(signed_in.actor)
    _end(rt, signed_in, how)
    with pytest.raises(SessionEnded, match="sign in again"):
        journeys.save_answer(entry_id=entry.id, question_id="what_shared", value=MARK, by=signed_in.actor)
    assert _stored_answer(entry.id, practitioner) is None


def test_a_write_in_a_live_session_saves_and_counts_as_activity(rt, signed_in):
    entry = _draft(signed_in.actor)
    with rt.db.write() as session:
        session.execute(update(AuthSession).values(last_seen_at=utcnow() - timedelta(minutes=20)))
    journeys.save_answer(entry_id=entry.id, question_id="what_shared", value=MARK, by=signed_in.actor)
    assert _stored_answer(entry.id, signed_in.actor) == MARK
    with rt.db.read() as session:
        assert utcnow() - session.scalar(select(AuthSession.last_seen_at)) < timedelta(minutes=1)


def _audit_events(rt) -> int:
    with rt.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def _my_entries(actor) -> list[journeys.EntryView]:
    """A reflection, a quick check and the sharing profile, each holding private words."""
    entries = [_draft(actor), journeys.start(stage=Stage.IN_THE_MOMENT, by=actor), journeys.profile(by=actor)]
    for entry in entries:
        question = next(q.id for q in entry.questions.questions() if isinstance(q, FreeTextQuestion))
        journeys.save_answer(entry_id=entry.id, question_id=question, value=MARK, by=actor)
    return entries


@pytest.mark.parametrize("how", HOW_A_SESSION_ENDS)
def test_a_read_of_my_entries_after_the_session_ended_is_refused_and_opens_nothing(rt, signed_in, how):
    entries = _my_entries(signed_in.actor)
    _end(rt, signed_in, how)
    audited = _audit_events(rt)
    for entry in entries:  # a reflection, a quick check, the sharing profile
        with pytest.raises(SessionEnded):
            journeys.get(entry_id=entry.id, by=signed_in.actor)
    assert _audit_events(rt) == audited


def test_a_read_in_a_live_session_opens_my_words_and_is_no_activity(rt, signed_in):
    entries = _my_entries(signed_in.actor)
    idle_since = utcnow() - timedelta(minutes=20)
    with rt.db.write() as session:
        session.execute(update(AuthSession).values(last_seen_at=idle_since))
    for entry in entries:
        assert MARK in journeys.get(entry_id=entry.id, by=signed_in.actor).answers.values()
    with rt.db.read() as session:  # reading is not activity: the idle limit still counts from the last save
        assert session.scalar(select(AuthSession.last_seen_at)) == idle_since


@pytest.fixture
def world(org):
    return supervision_world.build(org)


def _notes_reads(rt, actor) -> int:
    with rt.db.read() as session:
        return session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == supervision.NOTES_READ, AuditEvent.actor_id == actor.person_id)
        )


@pytest.mark.parametrize("how", HOW_A_SESSION_ENDS)
def test_a_read_of_session_notes_after_the_session_ended_is_refused_and_audits_no_read(rt, world, how):
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=MARK, by=world.sam)
    priya = auth.sign_in(email="priya@example.org", password=PASSWORD)
    _end(rt, priya, how)
    with pytest.raises(SessionEnded):
        supervision.meeting(meeting_id=meeting_id, by=priya.actor)
    assert _notes_reads(rt, priya.actor) == 0


def test_a_read_of_session_notes_in_a_live_session_shows_them_and_audits_the_read(rt, world):
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=MARK, by=world.sam)
    priya = auth.sign_in(email="priya@example.org", password=PASSWORD)
    assert supervision.meeting(meeting_id=meeting_id, by=priya.actor).supervisee_notes.answers["learned"] == MARK
    assert _notes_reads(rt, priya.actor) == 1


def test_each_session_shows_its_browser_and_system_and_can_be_ended_alone(rt, practitioner):
    email = _email(rt, practitioner)
    laptop = auth.sign_in(email=email, password=PASSWORD, user_agent=FIREFOX_ON_WINDOWS)
    phone = auth.sign_in(email=email, password=PASSWORD, user_agent=SAFARI_ON_IPHONE)
    listed = auth.my_sessions(by=laptop.actor)
    assert {(s.browser, s.system, s.is_current) for s in listed} == {("Firefox", "Windows", True), ("Safari", "iPhone", False)}
    other = next(s for s in listed if not s.is_current)
    assert auth.end_my_session(public_id=other.public_id, by=laptop.actor)
    assert auth.resume(phone.token) is None
    assert auth.resume(laptop.token) is not None


def test_nobody_can_end_another_persons_session_by_its_id(rt, org, practitioner):
    mine = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    colleague = factories.make_person(org, email="colleague@example.org")
    theirs = auth.sign_in(email="colleague@example.org", password=PASSWORD)
    their_id = auth.my_sessions(by=theirs.actor)[0].public_id
    assert not auth.end_my_session(public_id=their_id, by=mine.actor)
    assert auth.resume(theirs.token) is not None
    assert colleague.person_id != practitioner.person_id


def test_an_admin_ends_every_session_of_a_person(rt, org, admin, practitioner):
    email = _email(rt, practitioner)
    first = auth.sign_in(email=email, password=PASSWORD)
    second = auth.sign_in(email=email, password=PASSWORD)
    assert auth.end_all_sessions_of(person_id=practitioner.person_id, by=admin) == 2
    assert auth.resume(first.token) is None and auth.resume(second.token) is None


def test_only_an_admin_of_the_same_organisation_ends_someone_elses_sessions(rt, org, practitioner):
    other_org = factories.make_organisation("Elsewhere")
    stranger_admin = factories.make_person(other_org, roles=(Role.ADMIN,))
    live = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    with pytest.raises(AccessDenied):
        auth.end_all_sessions_of(person_id=practitioner.person_id, by=stranger_admin)
    with pytest.raises(AccessDenied):
        auth.end_all_sessions_of(person_id=practitioner.person_id, by=live.actor)
    assert auth.resume(live.token) is not None


def test_single_sign_on_refuses_an_unverified_email(rt, practitioner):
    with pytest.raises(auth.SignInError, match="isn't verified"):
        auth.sign_in_with_identity(email=_email(rt, practitioner), email_verified=False, issued_at=utcnow())


def test_single_sign_on_needs_a_fresh_organisation_sign_in(rt, practitioner):
    with pytest.raises(auth.StaleIdentity):
        auth.sign_in_with_identity(email=_email(rt, practitioner), issued_at=utcnow() - timedelta(days=2))


def test_one_organisation_sign_in_opens_one_reflect_session(rt, practitioner):
    issued = utcnow().replace(microsecond=0)
    first = auth.sign_in_with_identity(email=_email(rt, practitioner), email_verified=True, issued_at=issued)
    auth.sign_out(by=first.actor)
    with pytest.raises(auth.StaleIdentity):
        auth.sign_in_with_identity(email=_email(rt, practitioner), email_verified=True, issued_at=issued)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (FIREFOX_ON_WINDOWS, ("Firefox", "Windows")),
        (SAFARI_ON_IPHONE, ("Safari", "iPhone")),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", ("Chrome", "Linux")),
        ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0", ("Edge", "Windows")),
        ("", (None, None)),
    ],
)
def test_browser_and_system_are_named_from_the_user_agent(header, expected):
    assert auth.describe_user_agent(header) == expected


@given(st.text(max_size=400))
def test_only_known_names_are_kept_from_any_user_agent(header):
    browser, system = auth.describe_user_agent(header)
    assert browser in {None, "Edge", "Opera", "Samsung Internet", "Firefox", "Chrome", "Chromium", "Safari"}
    assert system in {None, "iPhone", "iPad", "Android", "ChromeOS", "Windows", "macOS", "Linux"}
