import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from reflect import config, runtime
from reflect.models import AuditEvent, Role, Stage
from reflect.services import erasure, journeys
from reflect.services.access import SYSTEM, AccessDenied
from reflect.text import BIDI_CONTROLS, ZERO_WIDTH, clean_text
from tests import factories
from tests.disk import raw_files_after_backup

PRIVATE = "When my mum was unwell I learned to ask for help early"
CALM_CHECK = {
    "with_whom": "person_supported",
    "purpose": "help_them",
    "benefit": "yes",
    "wishes": "welcome",
    "ok_with_me": "yes",
    "timing": ["relationship_ready", "ready_to_hear", "time_and_space"],
    "how_much": "short_with_coping",
    "motivations": ["hope"],
    "warning_signs": ["none"],
}


def fill(entry, answers, by):
    for question_id, value in answers.items():
        journeys.save_answer(entry_id=entry.id, question_id=question_id, value=value, by=by)


def reflection(by, **extra):
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=by)
    fill(entry, {"what_shared": PRIVATE, "audience": "person_supported"} | extra, by)
    return journeys.complete(entry_id=entry.id, by=by)


@pytest.fixture
def other(org, team):
    return factories.make_person(org, teams=(team,))


def test_quick_check_completes_with_a_calm_summary(rt, practitioner):
    entry = journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner)
    fill(entry, CALM_CHECK, practitioner)
    done = journeys.complete(entry_id=entry.id, by=practitioner)
    assert done.status == "complete"
    assert done.summary.label == "You've said why, and nothing gave you pause"
    assert "Offer hope that things can change" in done.summary.for_sharing


@pytest.mark.parametrize(
    ("change", "verdict"),
    [({"ok_with_me": "not_today"}, "You said today isn't the day"), ({"warning_signs": ["competing"]}, "You ticked some things to think over")],
)
def test_quick_check_summary_lists_the_reasons_for_a_pause(rt, practitioner, change, verdict):
    entry = journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner)
    fill(entry, CALM_CHECK | change, practitioner)
    done = journeys.complete(entry_id=entry.id, by=practitioner)
    assert done.summary.label == verdict and done.summary.to_pause


def test_quick_check_needs_at_most_eight_taps(rt):
    qset = journeys.current_set(Stage.IN_THE_MOMENT)
    required = [qset.question(q) for q in qset.required_ids()]
    assert len(required) + 1 <= 8  # one tap per required question, one to finish
    assert all(q.type in {"single_choice", "multiple_choice"} for q in required)


def test_complete_reports_missing_answers(rt, practitioner):
    entry = journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner)
    fill(entry, {"with_whom": "colleague"}, practitioner)
    with pytest.raises(journeys.NotReady) as caught:
        journeys.complete(entry_id=entry.id, by=practitioner)
    assert "benefit" in caught.value.missing and "with_whom" not in caught.value.missing


@pytest.mark.parametrize(
    "detail",
    ["I told Mrs Jones on the ward", "his NHS number is 943 476 5919", "she lives at 12 Acacia Road", "call 07700 900123"],
)
def test_reflection_with_identifying_details_is_not_saved(rt, practitioner, detail):
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=practitioner)
    fill(entry, {"what_shared": detail, "audience": "person_supported"}, practitioner)
    with pytest.raises(journeys.NotReady) as caught:
        journeys.complete(entry_id=entry.id, by=practitioner)
    assert "what_shared" in caught.value.identifying
    assert journeys.get(entry_id=entry.id, by=practitioner).status == "draft"


def test_answers_that_do_not_fit_are_refused(rt, practitioner):
    entry = journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner)
    for question_id, value in [("benefit", "perhaps"), ("timing", "early_days"), ("nope", "x"), ("draft", "x" * 100_001)]:
        with pytest.raises(journeys.AnswerRejected):
            journeys.save_answer(entry_id=entry.id, question_id=question_id, value=value, by=practitioner)
    assert journeys.get(entry_id=entry.id, by=practitioner).answers == {}


def test_draft_is_resumed_where_it_was_left(rt, practitioner):
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=practitioner)
    fill(entry, {"what_shared": PRIVATE}, practitioner)
    draft = journeys.latest_draft(stage=Stage.AFTER_SHARING, by=practitioner)
    assert draft.id == entry.id and draft.answers == {"what_shared": PRIVATE}


def test_another_practitioner_cannot_reach_my_entries(rt, practitioner, other):
    mine = reflection(practitioner)
    episode = journeys.link(entry_ids=[mine.id], by=practitioner)
    with pytest.raises(journeys.NotFound):
        journeys.get(entry_id=mine.id, by=other)
    with pytest.raises(journeys.NotFound):
        journeys.save_answer(entry_id=mine.id, question_id="learned", value="x", by=other)
    with pytest.raises(journeys.NotFound):
        journeys.complete(entry_id=mine.id, by=other)
    with pytest.raises(journeys.NotFound):
        journeys.story(episode_id=episode, by=other)
    with pytest.raises(journeys.NotFound):
        journeys.link(entry_ids=[mine.id], by=other)
    with pytest.raises(journeys.NotFound):
        journeys.discard(entry_id=mine.id, by=other)
    assert journeys.list_mine(by=other) == ([], 0)
    assert journeys.latest_draft(stage=Stage.AFTER_SHARING, by=other) is None


def test_admin_and_team_lead_cannot_read_a_reflection(rt, org, team, practitioner):
    mine = reflection(practitioner)
    lead = factories.make_person(org, roles=(Role.TEAM_LEAD,), leads=(team,))
    admin = factories.make_person(org, roles=(Role.ADMIN,))
    with pytest.raises(journeys.NotFound):
        journeys.get(entry_id=mine.id, by=lead)
    with pytest.raises(AccessDenied):
        journeys.get(entry_id=mine.id, by=admin)


def test_filters_and_search_find_my_own_words(rt, practitioner):
    reflection(practitioner)
    reflection(practitioner, what_shared="I mentioned I love allotment gardening", audience="colleague")
    check = journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner)
    fill(check, CALM_CHECK, practitioner)
    journeys.complete(entry_id=check.id, by=practitioner)
    found, total = journeys.list_mine(by=practitioner, filters=journeys.Filters(search="ALLOTMENT"))
    assert total == 1 and "allotment" in found[0].answers["what_shared"]
    _, colleagues = journeys.list_mine(by=practitioner, filters=journeys.Filters(audience="colleague"))
    assert colleagues == 1
    _, supported = journeys.list_mine(by=practitioner, filters=journeys.Filters(audience="person_supported"))
    assert supported == 2  # one reflection and the quick check
    _, checks = journeys.list_mine(by=practitioner, filters=journeys.Filters(stage=Stage.IN_THE_MOMENT))
    assert checks == 1
    assert len(journeys.timeline(by=practitioner)) == 3


def test_timeline_version_changes_when_an_entry_is_saved_or_removed(rt, practitioner):
    from datetime import date, timedelta

    year_from = date.today() - timedelta(days=365)
    empty = journeys.timeline_version(by=practitioner, since=year_from)
    mine = reflection(practitioner)
    added = journeys.timeline_version(by=practitioner, since=year_from)
    journeys.discard(entry_id=mine.id, by=practitioner)
    assert empty == (0, None) and added[0] == 1 and added[1] is not None
    assert journeys.timeline_version(by=practitioner, since=year_from) == empty


def test_list_paginates(rt, practitioner):
    for _ in range(5):
        reflection(practitioner)
    first, total = journeys.list_mine(by=practitioner, page=1, per_page=2)
    third, _ = journeys.list_mine(by=practitioner, page=3, per_page=2)
    assert total == 5 and len(first) == 2 and len(third) == 1


def test_episode_reads_as_one_story(rt, practitioner):
    check = journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner, profile_item="hobbies_skills")
    fill(check, CALM_CHECK, practitioner)
    journeys.complete(entry_id=check.id, by=practitioner)
    after = journeys.start(stage=Stage.AFTER_SHARING, by=practitioner, episode_id=check.episode_id)
    story = journeys.story(episode_id=check.episode_id, by=practitioner)
    assert [e.stage for e in story] == [Stage.IN_THE_MOMENT, Stage.AFTER_SHARING]
    assert story[0].answers[journeys.PROFILE_ITEM] == "hobbies_skills" and story[1].id == after.id


def test_a_reflection_that_follows_a_quick_check_starts_with_who_and_what_kind(rt, practitioner, other):
    check = journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner)
    fill(check, CALM_CHECK | {"with_whom": "colleague", "what": "interest_skill"}, practitioner)
    journeys.complete(entry_id=check.id, by=practitioner)

    after = journeys.start(stage=Stage.AFTER_SHARING, by=practitioner, episode_id=journeys.link(entry_ids=[check.id], by=practitioner), follows=check.id)

    assert after.answers == {"audience": "colleague", "experience_kind": "interest_skill"}
    with pytest.raises(journeys.NotFound):  # only one's own quick check is followed
        journeys.start(stage=Stage.AFTER_SHARING, by=other, follows=check.id)


def test_one_missing_answer_is_said_in_the_singular(rt, practitioner):
    after = journeys.start(stage=Stage.AFTER_SHARING, by=practitioner)
    fill(after, {"what_shared": "That I grow vegetables"}, practitioner)
    with pytest.raises(journeys.NotReady, match="1 question still needs an answer"):
        journeys.complete(entry_id=after.id, by=practitioner)


def test_profile_keeps_its_history(rt, practitioner):
    profile = journeys.profile(by=practitioner)
    assert journeys.profile(by=practitioner).id == profile.id  # one living document
    fill(profile, {"not_sharing": "My divorce"}, practitioner)
    journeys.complete(entry_id=profile.id, by=practitioner)
    fill(profile, {"not_sharing": "My divorce, and my brother's illness"}, practitioner)
    journeys.complete(entry_id=profile.id, by=practitioner)
    versions = journeys.history(entry_id=profile.id, by=practitioner)
    assert [v.answers["not_sharing"] for v in versions] == ["My divorce, and my brother's illness", "My divorce"]


def test_comfort_grid_is_validated(rt, practitioner):
    profile = journeys.profile(by=practitioner)
    grid = profile.questions.question("comfort")
    row, column = grid.rows[0].id, grid.columns[0].id
    journeys.save_answer(entry_id=profile.id, question_id="comfort", value={row: {column: "with_care"}}, by=practitioner)
    assert journeys.get(entry_id=profile.id, by=practitioner).answers["comfort"] == {row: {column: "with_care"}}
    with pytest.raises(journeys.AnswerRejected):
        journeys.save_answer(entry_id=profile.id, question_id="comfort", value={row: {column: "shout_it"}}, by=practitioner)
    journeys.save_answer(entry_id=profile.id, question_id=f"{row}.framing", value="How I coped", by=practitioner)


def test_learning_note_reaches_the_team_and_nothing_else(rt, org, team, practitioner, other):
    mine = reflection(practitioner)
    outsider = factories.make_person(org, teams=(factories.make_team(org),))
    journeys.offer_learning_note(entry_id=mine.id, team_id=team, body="Keeping it short helped.", by=practitioner)
    notes, total = journeys.team_notes(team_id=team, by=other)
    assert total == 1 and notes[0].body == "Keeping it short helped." and not notes[0].is_mine
    with pytest.raises(AccessDenied):
        journeys.team_notes(team_id=team, by=outsider)
    with rt.db.read() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == other.person_id)).all()
    assert actions == ["learning_note_read"]


def test_learning_note_with_identifying_details_is_refused(rt, team, practitioner):
    mine = reflection(practitioner)
    with pytest.raises(journeys.AnswerRejected, match="identify"):
        journeys.offer_learning_note(entry_id=mine.id, team_id=team, body="Mr Patel on Ward 3 liked it", by=practitioner)


def test_withdrawn_note_disappears(rt, team, practitioner, other):
    mine = reflection(practitioner)
    note_id = journeys.offer_learning_note(entry_id=mine.id, team_id=team, body="Pausing first helped.", by=practitioner)
    journeys.withdraw_learning_note(note_id=note_id, by=practitioner)
    assert journeys.team_notes(team_id=team, by=other) == ([], 0)


def test_erased_author_content_is_unreadable(rt, practitioner, other, team):
    mine = reflection(practitioner)
    journeys.offer_learning_note(entry_id=mine.id, team_id=team, body="Pausing first helped.", by=practitioner)
    erasure.erase(person_id=practitioner.person_id, by=SYSTEM)
    notes, _ = journeys.team_notes(team_id=team, by=other)
    assert notes == []


def test_old_entries_read_with_their_own_version_of_the_questions(rt, tmp_path, practitioner):
    done = reflection(practitioner)
    own = tmp_path / "our-prompts"
    own.mkdir()
    text = (config.SHIPPED_PROMPTS_DIR / "after_sharing.yaml").read_text()
    changed = text.replace("version: 3", "version: 4", 1).replace('"What did you share?"', '"What did you tell them?"')
    (own / "after_sharing.yaml").write_text(changed)
    settings = config.load({"REFLECT_DATA_DIR": str(rt.settings.data_dir), "REFLECT_DATABASE_URL": rt.settings.database_url.render_as_string(hide_password=False), "REFLECT_PROMPTS_DIR": str(own)})
    runtime.start(settings)
    assert journeys.current_set(Stage.AFTER_SHARING).version == 4
    old = journeys.get(entry_id=done.id, by=practitioner)
    assert old.questions.version == 3 and old.questions.question("what_shared").text == "What did you share?"
    new = journeys.start(stage=Stage.AFTER_SHARING, by=practitioner)
    assert new.questions.question("what_shared").text == "What did you tell them?"
    shutil.rmtree(own)


def test_reflection_text_is_not_in_the_database_file_or_a_backup(sqlite_rt, tmp_path):
    org = factories.make_organisation()
    person = factories.make_person(org)
    reflection(person)
    for raw in raw_files_after_backup(sqlite_rt, tmp_path):
        assert b"allotment" not in raw and PRIVATE.encode() not in raw and b"unwell" not in raw
        assert b"\"audience\": \"person_supported\"" not in raw  # even the chosen options are encrypted


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(max_size=6000)
    | st.sampled_from(
        ["<script>alert(1)</script>", "[x](javascript:alert(1))", "مرحبا بك", "\x00\x1b[31m", "🙂" * 500,
         "I told \u202eher\u202c about it", "an\u200bxious", "می\u200cخواهم", "👩\u200d⚕️ my nurse"]
    )
)
def test_any_text_is_saved_cleaned_or_kindly_refused(sqlite_rt, text):
    org = factories.make_organisation(name="Hypothesis Trust")
    person = factories.make_person(org)
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=person)
    try:
        journeys.save_answer(entry_id=entry.id, question_id="what_shared", value=text, by=person)
    except journeys.AnswerRejected as exc:
        assert "shorten" in str(exc)
        return
    saved = journeys.get(entry_id=entry.id, by=person).answers.get("what_shared", "")
    assert saved == (clean_text(text) or "")
    assert not any(mark in saved for mark in BIDI_CONTROLS + ZERO_WIDTH)
