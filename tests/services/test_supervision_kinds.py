"""Supervision that fits its kind: a pair's kinds set by the admin and seen by both members,
the personal prompts held back in line management until the supervisee turns them on, and,
note by note, the writer's choice of who sees it ("just me" or both of us) and whether it goes
in the summary PDF. A "just me" note is unreadable to the other member through every read."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from reflect.models import MeetingNotes, PrivateNotes, Role, SupervisionPair
from reflect.services import erasure, errors, my_data, pairs, practice_roles, supervision
from tests import factories, leak_world
from tests.supervision_world import build

PERSONAL = {"wellbeing", "triggered", "emotional_labour", "wellness_plan"}
SECRET = "justmesealednote"
BOTH = "bothofusnote"


@pytest.fixture
def world(org):
    return build(org)


def _kinds(rt, pair_id: int, kinds: str) -> None:
    with rt.db.write() as session:
        session.get(SupervisionPair, pair_id).kinds = kinds


def _meeting(world, **extra) -> int:
    return supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor, **extra)


def _offered(meeting_id: int, by) -> set[str]:
    return {q.id for q in supervision.meeting(meeting_id=meeting_id, by=by).supervisee_notes.questions.questions()}


def test_the_admin_sets_a_pairs_kinds_and_both_members_see_them(rt, org):
    admin = factories.make_person(org, roles=(Role.ADMIN,))
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), email="sup@example.org")
    supervisee = factories.make_person(org, email="sub@example.org")

    pair_id = pairs.add(supervisor_email="sup@example.org", supervisee_email="sub@example.org", kinds=["practice", "clinical"], by=admin)

    for by in (supervisor, supervisee):
        view = supervision.pair(pair_id=pair_id, by=by)
        assert view.kinds == ("clinical", "practice")  # in the set's order
        assert view.kind_labels == ("Clinical supervision", "Practice (peer) supervision")
    rows, _ = pairs.list_pairs(by=admin)
    assert rows[0].kinds == ("clinical", "practice")
    pairs.change(pair_id=pair_id, kinds=["line_management"], by=admin)
    assert supervision.pair(pair_id=pair_id, by=supervisee).kinds == ("line_management",)
    with pytest.raises(errors.PeopleError):
        pairs.change(pair_id=pair_id, kinds=["coaching"], by=admin)


def test_line_management_holds_back_the_personal_prompts_until_the_supervisee_turns_them_on(rt, world):
    meeting_id = _meeting(world, kind="line_management")
    assert not _offered(meeting_id, world.sam) & PERSONAL
    with pytest.raises(supervision.AnswerRejected):
        supervision.save_notes(meeting_id=meeting_id, question_id="triggered", value="A hard week", by=world.sam)
    with pytest.raises(supervision.NotFound):  # only the supervisee turns them on
        supervision.set_personal_prompts(meeting_id=meeting_id, on=True, by=world.north_supervisor)

    supervision.set_personal_prompts(meeting_id=meeting_id, on=True, by=world.sam)

    assert PERSONAL <= _offered(meeting_id, world.sam)
    supervision.save_notes(meeting_id=meeting_id, question_id="triggered", value="A hard week", by=world.sam)
    assert supervision.meeting(meeting_id=meeting_id, by=world.sam).personal_prompts_on


def test_a_pair_that_only_line_manages_holds_them_back_in_a_session_of_no_stated_kind(rt, world):
    _kinds(rt, world.north_pair, "line_management")
    assert not _offered(_meeting(world), world.sam) & PERSONAL
    _kinds(rt, world.north_pair, "line_management,practice")
    assert PERSONAL <= _offered(_meeting(world), world.sam)
    assert PERSONAL <= _offered(_meeting(world, kind="clinical"), world.sam)


def test_peer_workers_are_asked_about_their_peer_identity_and_coercive_tasks_and_everyone_about_friendship(rt, world):
    meeting_id = _meeting(world, kind="practice")
    practice_roles.set_mine(by=world.sam, role="professional", profession="nurse")
    assert "peer_or_friend" in _offered(meeting_id, world.sam)
    assert not {"peer_identity", "coercive_tasks"} & _offered(meeting_id, world.sam)
    practice_roles.set_mine(by=world.sam, role="peer_worker")
    assert {"peer_or_friend", "peer_identity", "coercive_tasks"} <= _offered(meeting_id, world.sam)


def _everything_the_supervisor_reads(world, meeting_id: int) -> str:
    return leak_world.flatten([
        supervision.meeting(meeting_id=meeting_id, by=world.north_supervisor),
        supervision.meetings(pair_id=world.north_pair, by=world.north_supervisor, per_page=50),
        supervision.summary_pdf(pair_id=world.north_pair, since=date.today() - timedelta(days=1), until=date.today(), by=world.north_supervisor),
        my_data.export(by=world.north_supervisor),
        my_data.export_pdf(by=world.north_supervisor),
    ])


def test_a_just_me_note_is_unreadable_to_the_other_member_through_every_read(rt, world):
    meeting_id = _meeting(world, kind="practice")
    supervision.set_choice(meeting_id=meeting_id, question_id="triggered", just_me=True, in_pdf=True, by=world.sam)
    supervision.save_notes(meeting_id=meeting_id, question_id="triggered", value=SECRET, by=world.sam)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=BOTH, by=world.sam)

    seen = _everything_the_supervisor_reads(world, meeting_id)

    assert SECRET not in seen
    assert BOTH in seen
    own = supervision.meeting(meeting_id=meeting_id, by=world.sam).supervisee_notes
    assert own.answers["triggered"] == SECRET and own.just_me == {"triggered"}
    assert not own.in_pdf("triggered")  # "just me" never goes in the PDF, whatever was asked
    assert SECRET in leak_world.flatten(my_data.export_pdf(by=world.sam))
    with rt.db.read() as session:
        shared = session.get(MeetingNotes, (meeting_id, world.sam.person_id))
        private = session.get(PrivateNotes, (meeting_id, world.sam.person_id))
    assert private.answers.owner_id == world.sam.person_id  # sealed with the writer's own key
    assert shared.answers.blob != private.answers.blob


def test_choosing_just_me_later_moves_the_note_out_of_the_other_members_reach_and_back(rt, world):
    meeting_id = _meeting(world)
    supervision.save_notes(meeting_id=meeting_id, question_id="what_brought", value=SECRET, by=world.sam)
    assert SECRET in _everything_the_supervisor_reads(world, meeting_id)

    supervision.set_choice(meeting_id=meeting_id, question_id="what_brought", just_me=True, in_pdf=False, by=world.sam)
    assert SECRET not in _everything_the_supervisor_reads(world, meeting_id)

    supervision.set_choice(meeting_id=meeting_id, question_id="what_brought", just_me=False, in_pdf=True, by=world.sam)
    assert SECRET in _everything_the_supervisor_reads(world, meeting_id)


def test_personal_notes_stay_out_of_the_pdf_unless_their_writer_puts_them_in(rt, world):
    meeting_id = _meeting(world, kind="clinical")
    supervision.save_notes(meeting_id=meeting_id, question_id="emotional_labour", value="tiring walkhomehelps", by=world.sam)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=BOTH, by=world.sam)
    pdf = lambda: leak_world.flatten(supervision.summary_pdf(pair_id=world.north_pair, since=date.today(), until=date.today(), by=world.sam))  # noqa: E731

    assert BOTH in pdf() and "walkhomehelps" not in pdf()
    supervision.set_choice(meeting_id=meeting_id, question_id="emotional_labour", just_me=False, in_pdf=True, by=world.sam)
    assert "walkhomehelps" in pdf()
    supervision.set_choice(meeting_id=meeting_id, question_id="learned", just_me=False, in_pdf=False, by=world.sam)
    assert BOTH not in pdf()
    # Out of the PDF is not out of sight: the supervisor still reads it on the record.
    assert BOTH in leak_world.flatten(supervision.meeting(meeting_id=meeting_id, by=world.north_supervisor))


def test_a_choice_is_only_for_a_prompt_of_my_own_notes(rt, world):
    meeting_id = _meeting(world)
    with pytest.raises(supervision.AnswerRejected):
        supervision.set_choice(meeting_id=meeting_id, question_id="supervisor_example", just_me=True, in_pdf=False, by=world.sam)
    with pytest.raises(supervision.NotFound):
        supervision.set_choice(meeting_id=meeting_id, question_id="learned", just_me=True, in_pdf=False, by=world.tomasz)


def test_erasing_the_writer_removes_their_just_me_notes(rt, world):
    meeting_id = _meeting(world)
    supervision.set_choice(meeting_id=meeting_id, question_id="learned", just_me=True, in_pdf=False, by=world.sam)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=SECRET, by=world.sam)

    erasure.erase(person_id=world.sam.person_id, by=world.admin)

    with rt.db.read() as session:
        assert session.scalars(select(PrivateNotes)).all() == []


CHOICES = st.lists(
    st.tuples(st.sampled_from(["what_brought", "learned", "differently", "emotional_labour"]), st.booleans(), st.booleans(), st.booleans()),
    min_size=1, max_size=6,
)


@pytest.fixture
def sqlite_world(sqlite_rt):
    return build(factories.make_organisation())


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(steps=CHOICES)
def test_whatever_the_order_of_choices_the_other_member_reads_exactly_the_notes_for_both(sqlite_world, steps):
    """Any sequence of saving notes and choosing who sees them and whether they go in the PDF:
    the supervisor reads exactly the latest answers not kept "just me", the PDF holds exactly
    those its writer left in, and the writer always reads all of their own."""
    world = sqlite_world
    meeting_id = _meeting(world, kind="practice")
    expected: dict[str, tuple[str, bool, bool]] = {}  # prompt: (text, just me, in PDF)
    for n, (question_id, write, just_me, in_pdf) in enumerate(steps):
        text, was_just_me, was_in_pdf = expected.get(question_id, (None, False, question_id != "emotional_labour"))
        if write:
            text = f"note{meeting_id}x{n}x{question_id}"
            supervision.save_notes(meeting_id=meeting_id, question_id=question_id, value=text, by=world.sam)
            expected[question_id] = (text, was_just_me, was_in_pdf)
        else:
            supervision.set_choice(meeting_id=meeting_id, question_id=question_id, just_me=just_me, in_pdf=in_pdf, by=world.sam)
            expected[question_id] = (text, just_me, in_pdf and not just_me)

    supervisor = leak_world.flatten(supervision.meeting(meeting_id=meeting_id, by=world.north_supervisor))
    pdf = leak_world.flatten(supervision.summary_pdf(pair_id=world.north_pair, since=date.today(), until=date.today(), by=world.north_supervisor))
    own = supervision.meeting(meeting_id=meeting_id, by=world.sam).supervisee_notes.answers
    for question_id, (text, just_me, in_pdf) in expected.items():
        if text is None:
            continue
        assert (text in supervisor) is not just_me, question_id
        assert (text in pdf) is (in_pdf and not just_me), question_id
        assert own[question_id] == text
