"""Supervision through the service layer: a supervisor sees exactly what is shared with
them, openings are audited for the supervisee, and session records are mutual."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text, update

from reflect import runtime
from reflect.models import AuditEvent, MeetingNotes, ShareKind
from reflect.services import audit, erasure, practice_roles, supervision
from reflect.services.access import AccessDenied
from tests import supervision_world
from tests.supervision_world import OTHER_PAIR, PRIVATE, PROFILE_WORDS, SHARED, SUPERVISORS_OWN, WITHDRAWN


@pytest.fixture
def world(org):
    return supervision_world.build(org)


def everything_readable(content: supervision.SharedContent) -> str:
    return "\n".join(f"{q} {a}" for _, lines in content.sections for q, a in lines)


def test_supervisor_sees_exactly_what_is_shared_with_them(rt, world):
    items, total = supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)
    assert {i.id for i in items} == {world.shared_item, world.profile_item}
    assert total == 2
    opened = [everything_readable(supervision.open_shared(shared_item_id=i.id, by=world.north_supervisor)) for i in items]
    words = "\n".join(opened)
    assert SHARED in words and PROFILE_WORDS in words
    for secret in (PRIVATE, WITHDRAWN, OTHER_PAIR, SUPERVISORS_OWN):
        assert secret not in words


def test_the_list_opens_nothing_and_is_newest_first(rt, world):
    items, _ = supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)
    assert [i.id for i in items] == [world.profile_item, world.shared_item]
    assert all(i.is_new for i in items)
    assert "allotment" not in " ".join(i.title for i in items)
    with runtime.current().db.read() as session:
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == supervision.ITEM_OPENED)) is None


@pytest.mark.parametrize("item", ["withdrawn_item", "tomasz_item"])
def test_withdrawn_and_other_pairs_items_cannot_be_opened(rt, world, item):
    with pytest.raises(supervision.NotFound):
        supervision.open_shared(shared_item_id=getattr(world, item), by=world.north_supervisor)


@pytest.mark.parametrize("who", ["lead", "admin", "tomasz", "crisis_supervisor"])
def test_nobody_outside_the_pair_sees_anything(rt, world, who):
    actor = getattr(world, who)
    for item in (world.shared_item, world.profile_item):
        with pytest.raises((supervision.NotFound, AccessDenied)):
            supervision.open_shared(shared_item_id=item, by=actor)
    with pytest.raises((supervision.NotFound, AccessDenied)):
        supervision.shared_with_me(pair_id=world.north_pair, by=actor)
    with pytest.raises((supervision.NotFound, AccessDenied)):
        supervision.meetings(pair_id=world.north_pair, by=actor)
    with pytest.raises((supervision.NotFound, AccessDenied)):
        supervision.summary_pdf(pair_id=world.north_pair, since=date.today() - timedelta(days=30), until=date.today(), by=actor)


def test_team_lead_and_admin_have_no_supervisees(rt, world):
    with pytest.raises(AccessDenied):
        supervision.my_supervisees(by=world.lead)
    with pytest.raises(AccessDenied):
        supervision.my_supervisees(by=world.admin)


def test_withdrawal_takes_effect_at_once(rt, world):
    supervision.withdraw(shared_item_id=world.shared_item, by=world.sam)
    items, _ = supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)
    assert [i.id for i in items] == [world.profile_item]
    with pytest.raises(supervision.NotFound):
        supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)


def test_only_the_owner_can_withdraw(rt, world):
    with pytest.raises(supervision.NotFound):
        supervision.withdraw(shared_item_id=world.shared_item, by=world.north_supervisor)


def test_sharing_the_same_item_twice_keeps_one_share(rt, world):
    offered = supervision.shareable(pair_id=world.north_pair, by=world.sam)
    assert (ShareKind.ENTRY, str(world.private_entry)) in {(s.kind, s.target) for s in offered}
    assert (ShareKind.PROFILE_ITEM, "hobbies_skills_interests") not in {(s.kind, s.target) for s in offered}  # already shared
    first = supervision.share(pair_id=world.north_pair, kind=ShareKind.ENTRY, target=str(world.private_entry), by=world.sam)
    assert supervision.share(pair_id=world.north_pair, kind=ShareKind.ENTRY, target=str(world.private_entry), by=world.sam) == first
    assert (ShareKind.ENTRY, str(world.private_entry)) not in {(s.kind, s.target) for s in supervision.shareable(pair_id=world.north_pair, by=world.sam)}


def test_cannot_share_someone_elses_item_or_into_another_pair(rt, world):
    tomasz_entry = supervision_world.reflection(world.tomasz, "Something of Tomasz's")
    with pytest.raises(supervision.NotFound):
        supervision.share(pair_id=world.north_pair, kind=ShareKind.ENTRY, target=str(tomasz_entry.id), by=world.sam)
    with pytest.raises(supervision.NotFound):
        supervision.share(pair_id=world.crisis_pair, kind=ShareKind.ENTRY, target=str(world.private_entry), by=world.sam)
    with pytest.raises(supervision.NotFound):
        supervision.share(pair_id=world.north_pair, kind=ShareKind.PROFILE_ITEM, target="no_such_row", by=world.sam)


def test_a_supervisor_shares_their_own_reflections_with_their_own_supervisor(rt, world):
    items, _ = supervision.shared_with_me(pair_id=world.supervisors_pair, by=world.crisis_supervisor)
    assert [i.id for i in items] == [world.supervisors_item]
    assert SUPERVISORS_OWN in everything_readable(supervision.open_shared(shared_item_id=world.supervisors_item, by=world.crisis_supervisor))
    with pytest.raises(supervision.NotFound):
        supervision.shared_with_me(pair_id=world.supervisors_pair, by=world.north_supervisor)


def test_an_ended_pair_closes_the_supervisors_view(rt, world):
    with runtime.current().db.write() as session:
        session.execute(text("UPDATE supervision_pairs SET ends_on = :d WHERE id = :p"), {"d": date.today() - timedelta(days=1), "p": world.north_pair})
    with pytest.raises(supervision.NotFound):
        supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)
    assert supervision.meetings(pair_id=world.north_pair, by=world.sam) == ([], 0)


def test_openings_are_visible_to_the_supervisee(rt, world):
    supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)
    supervision.open_shared(shared_item_id=world.shared_item, by=world.sam)  # my own: not recorded
    seen, total = supervision.openings(by=world.sam)
    assert total == 1
    assert seen[0].who == "Priya Shah" and seen[0].item_title.startswith("Reflection, ") and seen[0].still_shared
    entries, _ = audit.about_me(by=world.sam)
    assert any(e.action == supervision.ITEM_OPENED and e.actor_name == "Priya Shah" for e in entries)


def test_the_audit_of_openings_cannot_be_changed_or_deleted(rt, world):
    supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)
    for statement in (update(AuditEvent).values(actor_id=None), delete(AuditEvent)):
        with pytest.raises(Exception, match="(?i)append-only|audit"):
            with runtime.current().db.write() as session:
                session.execute(statement.where(AuditEvent.action == supervision.ITEM_OPENED))
    assert supervision.openings(by=world.sam)[1] == 1


def test_a_session_record_is_mutual_and_confirmed_by_the_supervisee(rt, world):
    today = date.today()
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=today, functions=["formative", "restorative"], discussed=[world.shared_item], next_on=today + timedelta(weeks=4), by=world.north_supervisor
    )
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value="Less is more", by=world.sam)
    supervision.save_notes(meeting_id=meeting_id, question_id="supervisor_example", value="When I told a client about my dad", by=world.north_supervisor)
    with pytest.raises(supervision.AnswerRejected):
        supervision.save_notes(meeting_id=meeting_id, question_id="supervisor_example", value="Not mine to write", by=world.sam)
    with pytest.raises(supervision.NotFound):  # only the supervisee confirms; to anyone else it isn't there
        supervision.respond(meeting_id=meeting_id, confirmed=True, by=world.north_supervisor)
    supervision.respond(meeting_id=meeting_id, confirmed=True, by=world.sam)
    for reader in (world.sam, world.north_supervisor):
        view = supervision.meeting(meeting_id=meeting_id, by=reader)
        assert view.supervisee_notes.answers["learned"] == "Less is more"
        assert view.supervisor_experience == "When I told a client about my dad"
        assert view.confirmed_at is not None
        assert [d.id for d in view.discussed] == [world.shared_item]
    with pytest.raises(supervision.AnswerRejected, match="confirmed this record"):
        supervision.save_notes(meeting_id=meeting_id, question_id="learned", value="Changed by the supervisor", by=world.north_supervisor)
    assert supervision.meeting(meeting_id=meeting_id, by=world.sam).confirmed_at is not None
    items, _ = supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)
    assert not any(i.is_new for i in items)


def test_a_session_records_its_kind_and_whether_the_supervisor_brings_lived_experience(rt, world):
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=date.today(), functions=["restorative"], discussed=[],
        kind="practice", supervisor_lived_experience="yes", by=world.north_supervisor,
    )
    with pytest.raises(supervision.AnswerRejected):
        supervision.record_meeting(
            pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], kind="coaching", by=world.north_supervisor
        )

    view = supervision.meeting(meeting_id=meeting_id, by=world.sam)

    assert (view.kind, view.kind_label) == ("practice", "Practice (peer) supervision")
    assert view.supervisor_lived_experience == "yes"
    assert "session_kind" not in {q.id for q in view.supervisee_notes.questions.questions()}


def test_the_supervisees_wellness_plan_is_their_own_text_and_shared_like_their_notes(rt, world):
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=date.today(), functions=["restorative"], discussed=[], kind="line_management", by=world.north_supervisor
    )
    supervision.set_personal_prompts(meeting_id=meeting_id, on=True, by=world.sam)  # line management: the supervisee's choice
    supervision.save_notes(meeting_id=meeting_id, question_id="wellness_plan", value="Fridays off for my yoga class", by=world.sam)
    with pytest.raises(supervision.AnswerRejected):
        supervision.save_notes(meeting_id=meeting_id, question_id="wellness_plan", value="Not the supervisor's to write", by=world.north_supervisor)

    view = supervision.meeting(meeting_id=meeting_id, by=world.north_supervisor)

    assert view.supervisee_notes.answers["wellness_plan"] == "Fridays off for my yoga class"
    with rt.db.read() as session:
        notes = session.get(MeetingNotes, (meeting_id, world.sam.person_id))
    assert notes.answers.owner_id == world.sam.person_id


def test_the_peer_identity_prompt_is_for_peer_worker_supervisees(sqlite_world):
    world = sqlite_world  # which prompts show is decided in Python; one backend is enough
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    asked = lambda: {q.id for q in supervision.meeting(meeting_id=meeting_id, by=world.sam).supervisee_notes.questions.questions()}  # noqa: E731
    assert "peer_identity" in asked()  # role not said: every prompt

    practice_roles.set_mine(by=world.sam, role="professional", profession="nurse")
    assert "peer_identity" not in asked()
    assert "peer_or_friend" in asked()  # friendship or intimacy: for everyone
    practice_roles.set_mine(by=world.sam, role="peer_worker")
    assert "peer_identity" in asked()


def test_seeing_it_differently_needs_a_comment(rt, world):
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    with pytest.raises(supervision.AnswerRejected):
        supervision.respond(meeting_id=meeting_id, confirmed=False, comment=" ", by=world.sam)
    supervision.respond(meeting_id=meeting_id, confirmed=False, comment="We also talked about my workload", by=world.sam)
    view = supervision.meeting(meeting_id=meeting_id, by=world.north_supervisor)
    assert view.confirmed_at is None and view.supervisee_comment == "We also talked about my workload"


def test_a_session_cannot_discuss_a_withdrawn_or_foreign_item(rt, world):
    for item in (world.withdrawn_item, world.tomasz_item):
        with pytest.raises(supervision.AnswerRejected):
            supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[item], by=world.north_supervisor)


def test_session_dates_are_checked(rt, world):
    with pytest.raises(supervision.AnswerRejected, match="future"):
        supervision.record_meeting(pair_id=world.north_pair, held_on=date.today() + timedelta(days=1), functions=[], discussed=[], by=world.north_supervisor)
    with pytest.raises(supervision.AnswerRejected, match="after this one"):
        supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), next_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)


def test_supervisee_cannot_record_a_session(rt, world):
    with pytest.raises((supervision.NotFound, AccessDenied)):
        supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.sam)
    with pytest.raises(supervision.NotFound):  # a supervisor, but of another pair
        supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.crisis_supervisor)


def test_actions_carry_over_until_done(rt, world):
    first = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today() - timedelta(days=28), functions=[], discussed=[], by=world.north_supervisor)
    action = supervision.add_action(pair_id=world.north_pair, text="Read the boundaries policy", owner_id=world.sam.person_id, due_on=date.today() - timedelta(days=1), meeting_id=first, by=world.north_supervisor)
    supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    open_actions = supervision.actions(pair_id=world.north_pair, by=world.sam)
    assert [(a.id, a.overdue, a.owner_name) for a in open_actions] == [(action, True, "Sam Okafor")]
    supervision.set_action_done(action_id=action, done=True, by=world.sam)
    assert supervision.actions(pair_id=world.north_pair, by=world.north_supervisor) == []
    assert supervision.actions(pair_id=world.north_pair, by=world.north_supervisor, include_done=True)[0].done_at is not None
    with pytest.raises(supervision.AnswerRejected):
        supervision.add_action(pair_id=world.north_pair, text="Someone else's job", owner_id=world.tomasz.person_id, by=world.sam)
    with pytest.raises(supervision.NotFound):
        supervision.set_action_done(action_id=action, done=False, by=world.tomasz)


def test_overdue_against_the_agreed_frequency_is_shown_to_both(rt, world):
    supervision.record_meeting(pair_id=world.north_pair, held_on=date.today() - timedelta(weeks=5), functions=[], discussed=[], by=world.north_supervisor)
    as_supervisee = supervision.my_supervisors(by=world.sam)[0]
    as_supervisor = next(p for p in supervision.my_supervisees(by=world.north_supervisor) if p.id == world.north_pair)
    assert as_supervisee.overdue and as_supervisor.overdue
    assert as_supervisee.days_overdue == 7
    supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    assert not supervision.my_supervisors(by=world.sam)[0].overdue


def test_reading_the_other_sides_notes_is_audited(rt, world):
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    supervision.save_notes(meeting_id=meeting_id, question_id="what_brought", value="My allotment story", by=world.sam)
    supervision.meeting(meeting_id=meeting_id, by=world.north_supervisor)
    entries, _ = audit.about_me(by=world.sam)
    assert any(e.action == "supervision_notes_read" and e.actor_name == "Priya Shah" for e in entries)


def test_reading_the_other_sides_goals_actions_and_comment_is_audited_once(rt, world):
    """Every read of another person's words is recorded for them: the goals and actions the
    other side wrote, and the supervisee's comment where they see a session differently, as
    the notes are. One's own words read back are not."""
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    supervision.respond(meeting_id=meeting_id, confirmed=False, comment="We also talked about my workload", by=world.sam)
    supervision.add_goal(pair_id=world.north_pair, text="Use the two-sentence framing", review_on=date.today() + timedelta(days=30), by=world.sam)
    supervision.add_action(pair_id=world.north_pair, text="Bring the framing back next time", owner_id=world.sam.person_id, by=world.sam)
    supervision.add_action(pair_id=world.north_pair, text="Send the policy link", owner_id=world.north_supervisor.person_id, by=world.north_supervisor)

    for _ in range(2):  # shown again: the same reading
        supervision.meeting(meeting_id=meeting_id, by=world.north_supervisor)
        supervision.my_goals(pair_id=world.north_pair, by=world.north_supervisor)
        supervision.actions(pair_id=world.north_pair, by=world.north_supervisor)
        supervision.actions(pair_id=world.north_pair, by=world.sam)

    about_sam = [e.action for e in audit.about_me(by=world.sam)[0] if e.actor_name == "Priya Shah" and e.action.endswith("_read")]
    assert sorted(about_sam) == ["supervision_action_read", "supervision_goal_read", "supervision_notes_read"]
    about_priya = [e.action for e in audit.about_me(by=world.north_supervisor)[0] if e.action.endswith("_read")]
    assert about_priya == ["supervision_action_read"]  # Sam read the action Priya wrote


def test_erasing_a_supervisee_removes_what_they_shared(rt, world):
    erasure.erase(person_id=world.sam.person_id, by=world.sam)
    assert supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor) == ([], 0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    who=st.sampled_from(["north_supervisor", "sam", "crisis_supervisor", "tomasz", "lead", "admin"]),
    item=st.sampled_from(["shared_item", "withdrawn_item", "profile_item", "tomasz_item", "supervisors_item"]),
)
def test_access_rule_for_opening_any_item(sqlite_world, who, item):
    """Someone may open an item exactly when it is live and they are its owner or the
    supervisor of its active pair."""
    world = sqlite_world
    allowed = {
        "shared_item": {"north_supervisor", "sam"},
        "profile_item": {"north_supervisor", "sam"},
        "withdrawn_item": set(),
        "tomasz_item": {"crisis_supervisor", "tomasz"},
        "supervisors_item": {"crisis_supervisor", "north_supervisor"},
    }[item]
    try:
        supervision.open_shared(shared_item_id=getattr(world, item), by=getattr(world, who))
        opened = True
    except (supervision.NotFound, AccessDenied):
        opened = False
    assert opened == (who in allowed)


@pytest.fixture
def sqlite_world(sqlite_rt):
    from tests import factories

    return supervision_world.build(factories.make_organisation())


def pdf_pages(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_summary_pdf_holds_only_what_is_still_shared(rt, world):
    today = date.today()
    # Shared, discussed, then withdrawn after the session: the summary must leave it out.
    later = supervision_world.reflection(world.sam, "Discussed but withdrawn later: my father's drinking")
    later_item = supervision.share(pair_id=world.north_pair, kind=ShareKind.ENTRY, target=str(later.id), by=world.sam)
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=today, functions=["formative"], discussed=[world.shared_item, world.profile_item, later_item], by=world.north_supervisor
    )
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value="Keep it short and hand back", by=world.sam)
    supervision.add_action(pair_id=world.north_pair, text="Try the two-sentence framing", owner_id=world.sam.person_id, meeting_id=meeting_id, by=world.north_supervisor)
    supervision.respond(meeting_id=meeting_id, confirmed=True, by=world.sam)
    supervision.withdraw(shared_item_id=later_item, by=world.sam)
    for maker in (world.sam, world.north_supervisor):
        pages = pdf_pages(supervision.summary_pdf(pair_id=world.north_pair, since=today - timedelta(days=90), until=today, by=maker))
        content = "\n".join(pages)
        flat = " ".join(content.split())
        for shown in (SHARED, PROFILE_WORDS, "Keep it short and hand back", "Try the two-sentence framing", "Formative"):
            assert " ".join(shown.split()) in flat, shown
        for hidden in (PRIVATE, WITHDRAWN, OTHER_PAIR, SUPERVISORS_OWN, "my father's drinking"):
            assert " ".join(hidden.split()) not in flat, hidden
        assert "Confirmed by Sam Okafor" in flat
        assert all("CONFIDENTIAL" in page for page in pages)
    entries, _ = audit.about_me(by=world.sam)
    assert any(e.action == "supervision_summary_made" and e.actor_name == "Priya Shah" for e in entries)


def test_summary_period_is_checked(rt, world):
    with pytest.raises(supervision.AnswerRejected):
        supervision.summary_pdf(pair_id=world.north_pair, since=date.today(), until=date.today() - timedelta(days=1), by=world.sam)


def test_my_own_list_names_my_profile_experience(rt, world):
    titles = {s.id: s.title for s in supervision.my_shares(pair_id=world.north_pair, by=world.sam)}
    assert titles[world.profile_item] == "Profile: Hobbies, skills and interests"
    supervisor_titles = {s.id: s.title for s in supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)[0]}
    assert supervisor_titles[world.profile_item] == "An experience from the sharing profile"


def test_supervision_text_is_not_in_the_database_file_or_a_backup(sqlite_world, sqlite_rt, tmp_path):
    from tests.disk import raw_files_after_backup

    world = sqlite_world
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    supervision.save_notes(meeting_id=meeting_id, question_id="supervisor_example", value="My own story of the greenhouse", by=world.north_supervisor)
    supervision.add_action(pair_id=world.north_pair, text="Practise the wheelbarrow framing", owner_id=world.sam.person_id, by=world.sam)
    supervision.respond(meeting_id=meeting_id, confirmed=False, comment="I recall the marigolds differently", by=world.sam)
    for raw in raw_files_after_backup(sqlite_rt, tmp_path):
        # Profile row ids also appear in the stored question sets, so they are not searched for here.
        for words in (b"greenhouse", b"wheelbarrow", b"marigolds", b"allotment"):
            assert words not in raw, words


def test_correcting_a_record_asks_for_confirmation_again(rt, world):
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=["normative"], discussed=[world.shared_item], by=world.north_supervisor)
    supervision.respond(meeting_id=meeting_id, confirmed=True, by=world.sam)
    supervision.update_meeting(meeting_id=meeting_id, held_on=date.today() - timedelta(days=1), functions=["restorative"], discussed=[world.profile_item], by=world.north_supervisor)
    view = supervision.meeting(meeting_id=meeting_id, by=world.sam)
    assert view.confirmed_at is None
    assert view.functions == ("restorative",) and [d.id for d in view.discussed] == [world.profile_item]
    with pytest.raises((supervision.NotFound, AccessDenied)):
        supervision.update_meeting(meeting_id=meeting_id, held_on=date.today(), functions=[], discussed=[], by=world.sam)


def test_notes_on_a_confirmed_record_never_undo_the_confirmation(rt, world):
    earlier = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today() - timedelta(days=28), functions=[], discussed=[], by=world.north_supervisor)
    supervision.save_notes(meeting_id=earlier, question_id="learned", value="Start small", by=world.north_supervisor)
    supervision.respond(meeting_id=earlier, confirmed=True, by=world.sam)
    confirmed = supervision.meeting(meeting_id=earlier, by=world.sam)
    later = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)

    with pytest.raises(supervision.AnswerRejected, match="Sam Okafor confirmed this record"):
        supervision.save_notes(meeting_id=earlier, question_id="learned", value="Added afterwards", by=world.north_supervisor)
    supervision.save_notes(meeting_id=later, question_id="learned", value="Added afterwards", by=world.north_supervisor)
    supervision.save_notes(meeting_id=earlier, question_id="learned", value="My own words, after confirming", by=world.sam)

    after = supervision.meeting(meeting_id=earlier, by=world.sam)
    assert after.confirmed_at == confirmed.confirmed_at
    assert after.supervisor_notes.answers == confirmed.supervisor_notes.answers == {"learned": "Start small"}
    assert supervision.meeting(meeting_id=later, by=world.sam).supervisor_notes.answers == {"learned": "Added afterwards"}


@pytest.mark.parametrize("named", ["Sam", "sam okafor", "OKAFOR", "Priya", "Priya Shah", "shah"])
def test_the_pairs_own_names_may_be_written_in_notes_and_actions(sqlite_world, named):
    world = sqlite_world  # the names passed to the guard are decided in Python; one backend is enough
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    words = f"{named} kept the disclosure brief and checked in afterwards."

    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=words, by=world.north_supervisor)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=words, by=world.sam)
    supervision.add_action(pair_id=world.north_pair, text=f"{named} to try the framing again", owner_id=world.sam.person_id, by=world.sam)

    view = supervision.meeting(meeting_id=meeting_id, by=world.sam)
    assert view.supervisor_notes.answers["learned"] == view.supervisee_notes.answers["learned"] == words
    assert "Okafor" in view.allow_names and "Priya Shah" in view.supervisee_notes.allow_names


@pytest.mark.parametrize("named", ["Tomasz", "Tomasz Nowak", "Dee Williams"])
def test_anyone_elses_name_is_still_refused_in_notes_and_actions(sqlite_world, named):
    world = sqlite_world
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)

    with pytest.raises(supervision.AnswerRejected, match="identify"):
        supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=f"Sam and {named} talked it through.", by=world.north_supervisor)
    with pytest.raises(supervision.AnswerRejected, match="identify"):
        supervision.add_action(pair_id=world.north_pair, text=f"Ask {named} about it", owner_id=world.sam.person_id, by=world.sam)
    assert supervision.meeting(meeting_id=meeting_id, by=world.sam).supervisor_notes.answers == {}


SESSION_CALLS = {
    "meetings": lambda w, m, a, by: supervision.meetings(pair_id=w.north_pair, by=by),
    "meeting": lambda w, m, a, by: supervision.meeting(meeting_id=m, by=by),
    "save_notes": lambda w, m, a, by: supervision.save_notes(meeting_id=m, question_id="learned", value="x", by=by),
    "respond": lambda w, m, a, by: supervision.respond(meeting_id=m, confirmed=True, by=by),
    "add_action": lambda w, m, a, by: supervision.add_action(pair_id=w.north_pair, text="x", owner_id=w.sam.person_id, by=by),
    "set_action_done": lambda w, m, a, by: supervision.set_action_done(action_id=a, done=True, by=by),
    "actions": lambda w, m, a, by: supervision.actions(pair_id=w.north_pair, by=by),
    "record_meeting": lambda w, m, a, by: supervision.record_meeting(pair_id=w.north_pair, held_on=date.today(), functions=[], discussed=[], by=by),
    "update_meeting": lambda w, m, a, by: supervision.update_meeting(meeting_id=m, held_on=date.today(), functions=[], discussed=[], by=by),
}


@pytest.mark.parametrize("call", sorted(SESSION_CALLS))
def test_every_session_function_refuses_outside_the_pair_the_same_way(sqlite_world, call):
    world = sqlite_world
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    action_id = supervision.add_action(pair_id=world.north_pair, text="Read the policy", owner_id=world.sam.person_id, by=world.sam)

    with pytest.raises(AccessDenied):  # checked first: an account that can be in no pair
        SESSION_CALLS[call](world, meeting_id, action_id, world.admin)
    for outsider in (world.tomasz, world.crisis_supervisor, world.lead):  # in no pair of this one
        with pytest.raises((supervision.NotFound, AccessDenied)) as refused:
            SESSION_CALLS[call](world, meeting_id, action_id, outsider)
        # A supervisor-only write tells a non-supervisor so; everything else isn't there.
        assert refused.type is supervision.NotFound or (call in ("record_meeting", "update_meeting") and outsider is not world.crisis_supervisor)


def test_session_writes_are_audited_for_the_supervisee(rt, world):
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value="Start small", by=world.north_supervisor)
    action_id = supervision.add_action(pair_id=world.north_pair, text="Read the policy", owner_id=world.sam.person_id, by=world.north_supervisor)
    supervision.set_action_done(action_id=action_id, done=True, by=world.sam)
    supervision.set_action_done(action_id=action_id, done=True, by=world.sam)  # a second click changes nothing
    supervision.respond(meeting_id=meeting_id, confirmed=True, by=world.sam)
    supervision.update_meeting(meeting_id=meeting_id, held_on=date.today(), functions=["formative"], discussed=[], by=world.north_supervisor)

    entries, _ = audit.about_me(by=world.sam)
    actions = [e.action for e in reversed(entries) if e.action.startswith("supervision_") and e.action != "supervision_notes_read"]
    assert actions == [
        "supervision_session_recorded", "supervision_notes_saved", "supervision_action_agreed", "supervision_action_done",
        "supervision_session_confirmed", "supervision_session_corrected",
    ]
