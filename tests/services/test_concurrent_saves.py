"""Two saves of different answers to the same sealed document at the same moment (two app
servers, or two threads of one) both arrive. Each save opens the document, changes one answer
and seals it again: without a lock on the row, the second to commit would write back the
document as it read it, without the first one's answer (PostgreSQL's READ COMMITTED lets both
read before either writes; on SQLite writers already take turns). The same holds for text moving
under its owner's own key at the first sign-in after the upgrade, and for a restore giving a
supervision note back to its writer alone, each while another answer is saved."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest

from reflect.models import Entry, Person, Role, Stage, SupervisionMeeting
from reflect.services import journeys, own_keys, supervision
from reflect.services.supervision import note_choices
from reflect.services.vault import Vault
from tests import factories

# How long the first save, holding the document it read, waits for the other to read it too.
# With the row locked the other can't, so this is how long each test waits in all.
OVERLAP_S = 0.75


@pytest.fixture
def overlapping(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Run the given saves in threads of their own, each held just before it seals the changed
    document until every one has read it (or OVERLAP_S has passed: another is waiting for the
    row), so that without a lock each would write back what it read."""
    read_all = threading.Barrier(2, timeout=OVERLAP_S)
    held = threading.local()  # set in the saves' own threads: a save made before them is not held

    def when_all_have_read(seal: Callable[..., object]) -> Callable[..., object]:
        def seal_when_all_have_read(self, *args):
            if getattr(held, "waiting", False):
                held.waiting = False
                try:
                    read_all.wait()
                except threading.BrokenBarrierError:
                    pass  # the other save is waiting for this one's row: it reads after this commits
            return seal(self, *args)

        return seal_when_all_have_read

    for name in ("seal", "seal_private", "seal_like"):  # the first seal a save makes holds it
        monkeypatch.setattr(Vault, name, when_all_have_read(getattr(Vault, name)))

    def run(*saves: Callable[[], object]) -> None:
        start = threading.Barrier(len(saves))
        failures: list[BaseException] = []

        def save(work: Callable[[], object]) -> None:
            held.waiting = True
            start.wait()
            try:
                work()
            except BaseException as exc:  # raised again in the test's own thread
                failures.append(exc)

        threads = [threading.Thread(target=save, args=(work,)) for work in saves]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]

    return run


def test_two_answers_saved_at_once_to_one_entry_are_both_kept(rt, practitioner, overlapping):
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=practitioner)
    journeys.save_answer(entry_id=entry.id, question_id="audience", value="person_supported", by=practitioner)
    overlapping(
        lambda: journeys.save_answer(entry_id=entry.id, question_id="what_shared", value="Said on one server", by=practitioner),
        lambda: journeys.save_answer(entry_id=entry.id, question_id="role_description", value="Said on the other", by=practitioner),
    )
    assert journeys.get(entry_id=entry.id, by=practitioner).answers == {
        "audience": "person_supported", "what_shared": "Said on one server", "role_description": "Said on the other",
    }


def _meeting_with_a_note(org):
    """A supervision meeting recorded by the supervisor, with one note of the supervisee's saved."""
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), name="Priya Shah")
    supervisee = factories.make_person(org, name="Sam Okafor")
    pair = factories.make_pair(supervisor, supervisee)
    meeting = supervision.record_meeting(pair_id=pair, held_on=date.today(), functions=[], discussed=[], by=supervisor)
    supervision.save_notes(meeting_id=meeting, question_id="what_brought", value="A hard week", by=supervisee)
    return meeting, supervisee


def test_two_notes_saved_at_once_to_one_session_record_are_both_kept(rt, org, overlapping):
    meeting, supervisee = _meeting_with_a_note(org)
    overlapping(
        lambda: supervision.save_notes(meeting_id=meeting, question_id="learned", value="Start small", by=supervisee),
        lambda: supervision.save_notes(meeting_id=meeting, question_id="what_went_well", value="Pacing", by=supervisee),
    )
    notes = supervision.my_notes(supervision.meeting(meeting_id=meeting, by=supervisee), supervisee)
    assert {k: notes.answers.get(k) for k in ("what_brought", "learned", "what_went_well")} == {
        "what_brought": "A hard week", "learned": "Start small", "what_went_well": "Pacing",
    }


def test_a_profile_opened_for_the_first_time_in_two_places_at_once_is_made_once(rt, practitioner, monkeypatch):
    from reflect.services.journeys import entries

    both_looked = threading.Barrier(2, timeout=OVERLAP_S)
    new_entry = entries._new_entry

    def make_when_both_have_looked(*args, **kwargs):
        try:
            both_looked.wait()  # without a lock, both found none and both make one
        except threading.BrokenBarrierError:
            pass  # the other is waiting for this one to finish
        return new_entry(*args, **kwargs)

    monkeypatch.setattr(entries, "_new_entry", make_when_both_have_looked)
    made: list[int] = []
    start = threading.Barrier(2)

    def open_profile() -> None:
        start.wait()
        made.append(journeys.profile(by=practitioner).id)

    threads = [threading.Thread(target=open_profile) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 2 and made[0] == made[1] == journeys.profile(by=practitioner).id


def test_a_note_kept_to_its_writer_while_another_is_saved_keeps_both(rt, org, overlapping):
    meeting, supervisee = _meeting_with_a_note(org)
    overlapping(
        lambda: supervision.set_choice(meeting_id=meeting, question_id="what_brought", just_me=True, in_pdf=False, by=supervisee),
        lambda: supervision.save_notes(meeting_id=meeting, question_id="learned", value="Start small", by=supervisee),
    )
    notes = supervision.my_notes(supervision.meeting(meeting_id=meeting, by=supervisee), supervisee)
    assert {k: notes.answers.get(k) for k in ("what_brought", "learned")} == {"what_brought": "A hard week", "learned": "Start small"}
    assert "what_brought" in notes.just_me


def test_text_moving_under_the_own_key_while_an_answer_is_saved_keeps_both(rt, practitioner, overlapping):
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=practitioner)
    journeys.save_answer(entry_id=entry.id, question_id="what_shared", value="From before the upgrade", by=practitioner)
    with rt.db.write() as session:  # as the server sealed it before own keys: team text
        row = session.get(Entry, entry.id)
        vault = Vault(session, rt.server_key, by=practitioner)
        row.answers = vault.seal(practitioner.person_id, vault.open(row.answers))
    overlapping(
        lambda: own_keys.move_private_text(by=practitioner),
        lambda: journeys.save_answer(entry_id=entry.id, question_id="role_description", value="Typed on the phone", by=practitioner),
    )
    assert journeys.get(entry_id=entry.id, by=practitioner).answers == {
        "what_shared": "From before the upgrade", "role_description": "Typed on the phone",
    }
    with rt.db.read() as session:
        assert session.get(Entry, entry.id).answers.is_private


def test_a_restore_keeping_a_note_to_its_writer_while_another_is_saved_keeps_both(rt, org, overlapping):
    meeting, supervisee = _meeting_with_a_note(org)
    with rt.db.read() as session:
        decision_id = note_choices.ledger_id(
            session.get(SupervisionMeeting, meeting).public_id, session.get(Person, supervisee.person_id).public_id, "what_brought"
        )

    def keep_to_writer() -> None:
        with rt.db.write() as session:
            assert note_choices.keep_to_writer(session, Vault(session, rt.server_key), decision_id)

    overlapping(
        keep_to_writer,
        lambda: supervision.save_notes(meeting_id=meeting, question_id="learned", value="Start small", by=supervisee),
    )
    notes = supervision.my_notes(supervision.meeting(meeting_id=meeting, by=supervisee), supervisee)
    assert {k: notes.answers.get(k) for k in ("what_brought", "learned")} == {"what_brought": "A hard week", "learned": "Start small"}
    assert "what_brought" in notes.just_me
