"""NMC revalidation: reflective accounts made from a reflection, a supervision session, a learning
note or a blank form; the guard; the PDF and DOCX read back; the reflective discussion form and
its confirmation by the supervisor who took part."""

import io
from datetime import date, timedelta

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select

from reflect import runtime
from reflect.domain import Role, Stage
from reflect.models import AuditEvent, ReflectiveAccount
from reflect.questions.regulators import nmc
from reflect.services import cpd_profile, erasure, journeys, my_data, revalidation, revalidation_discussion, supervision
from reflect.services import revalidation_tracker as tracker
from reflect.questions.answers import AnswerRejected
from reflect.services.access import AccessDenied
from reflect.services.errors import NotFound
from tests import factories
from tests.services.test_journeys import fill

WHAT = "I told a person I support that I had found group walks helpful when I was low"
LEARNED = "Starting small and handing the conversation back kept the focus on them"
PRIVATE_DETAIL = "my own years of depression after my divorce"
CHANGED = "I now ask first whether someone would like to hear how I coped"
CODE = "It kept the person at the centre and respected their dignity"
THEMES = ["prioritise_people", "practise_effectively", "preserve_safety", "promote_professionalism"]


def text_of_pdf(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def text_of_docx(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text for p in cell.paragraphs]
    return "\n".join(found)


def flat(text: str) -> str:
    return " ".join(text.split())


def a_reflection(by):
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=by)
    fill(entry, {"what_shared": WHAT + ", and " + PRIVATE_DETAIL, "audience": "person_supported", "learned": LEARNED}, by)
    return journeys.complete(entry_id=entry.id, by=by)


def keep(by, parts, *, themes=("prioritise_people",), source="reflection", **more):
    return revalidation.save_account(
        kind="event", written_on=date.today(), parts=parts, themes=list(themes), reviewed=True, source=source, by=by, **more
    )


@pytest.fixture
def other(org, team):
    return factories.make_person(org, teams=(team,))


def test_the_nmc_form_is_data_that_cites_its_documents_by_name_and_version():
    form = nmc()
    assert [p.id for p in form.account.parts] == ["nature", "learned", "changed", "code"]
    assert [t.label for t in form.account.themes] == [
        "Prioritise people", "Practise effectively", "Preserve safety", "Promote professionalism and trust",
    ]
    assert all(s.document and s.version for s in form.sources)
    assert "The Code" in form.cited and "2018" in form.cited


def test_an_account_made_from_a_reflection_is_prefilled_and_kept_only_as_edited(rt, practitioner):
    done = a_reflection(practitioner)
    assert ("reflection", done.id) in {(s.kind, s.id) for s in revalidation.sources(by=practitioner)}
    draft = revalidation.draft_from(source="reflection", source_id=done.id, by=practitioner)
    assert WHAT in draft.parts["nature"] and PRIVATE_DETAIL in draft.parts["nature"]
    assert draft.parts["learned"] == LEARNED
    with rt.db.read() as session:
        assert session.scalars(select(ReflectiveAccount)).all() == []  # a draft keeps nothing

    # Kept only once the person has read it and chosen what it carries.
    edited = {"nature": WHAT, "learned": LEARNED, "changed": CHANGED, "code": CODE}
    with pytest.raises(AnswerRejected, match="tick the box"):
        revalidation.save_account(kind="event", written_on=date.today(), parts=edited, themes=["prioritise_people"], reviewed=False, by=practitioner)
    account_id = keep(practitioner, edited)
    kept = revalidation.account(account_id=account_id, by=practitioner)
    assert kept.parts == edited and kept.source == "reflection"


def test_the_pdf_and_docx_read_like_the_nmc_form_and_hold_nothing_left_out(rt, practitioner):
    done = a_reflection(practitioner)
    draft = revalidation.draft_from(source="reflection", source_id=done.id, by=practitioner)
    edited = dict(draft.parts, nature=WHAT, changed=CHANGED, code=CODE)  # the private detail taken out
    account_id = keep(practitioner, edited, themes=("prioritise_people", "preserve_safety"))
    form = nmc()
    for made in (
        flat(text_of_pdf(revalidation.account_pdf(account_id=account_id, by=practitioner))),
        flat(text_of_docx(revalidation.account_docx(account_id=account_id, by=practitioner))),
    ):
        assert form.account.title in made
        for part in form.account.parts:
            assert flat(part.heading) in made
        for theme in form.account.themes:
            assert theme.label in made
        for words in (WHAT, LEARNED, CHANGED, CODE):
            assert words in made
        assert PRIVATE_DETAIL not in made and "divorce" not in made
    docx_text = text_of_docx(revalidation.account_docx(account_id=account_id, by=practitioner))
    assert "☒ Prioritise people" in docx_text and "☐ Practise effectively" in docx_text and "☒ Preserve safety" in docx_text
    with rt.db.read() as session:
        downloads = session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "reflective_account")).all()
    assert "reflective_account_downloaded_pdf" in downloads and "reflective_account_downloaded_docx" in downloads


@pytest.mark.parametrize("detail", ["I told Dave Wilson about my own recovery", "the man at 14 Acacia Avenue said it helped"])
def test_the_guard_refuses_a_service_users_name_or_address_in_an_account(rt, practitioner, detail):
    parts = {"nature": detail, "learned": LEARNED, "changed": CHANGED, "code": CODE}
    with pytest.raises(AnswerRejected, match="could identify someone"):
        keep(practitioner, parts)
    with rt.db.read() as session:
        assert session.scalars(select(ReflectiveAccount)).all() == []


def test_no_names_at_all_in_an_account_not_even_the_pairs(rt, org, team):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(team,), name="Priya Raman")
    supervisee = factories.make_person(org, teams=(team,), name="Sam Okafor")
    factories.make_pair(supervisor, supervisee)
    parts = {"nature": "In supervision with Priya Raman I talked about sharing", "learned": LEARNED, "changed": CHANGED, "code": CODE}
    with pytest.raises(AnswerRejected, match="could identify someone"):
        keep(supervisee, parts, source="supervision")


def test_an_account_needs_every_part_and_a_theme(rt, practitioner):
    full = {"nature": WHAT, "learned": LEARNED, "changed": CHANGED, "code": CODE}
    with pytest.raises(AnswerRejected, match="Please write something under"):
        keep(practitioner, dict(full, changed="  "))
    with pytest.raises(AnswerRejected, match="Code's themes"):
        keep(practitioner, full, themes=())
    with pytest.raises(AnswerRejected, match="future"):
        revalidation.save_account(kind="event", written_on=date.today() + timedelta(days=1), parts=full, themes=THEMES, reviewed=True, by=practitioner)


def test_a_supervision_session_gives_my_own_notes_only(rt, org, team):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(team,))
    supervisee = factories.make_person(org, teams=(team,))
    pair_id = factories.make_pair(supervisor, supervisee)
    meeting_id = supervision.record_meeting(pair_id=pair_id, held_on=date.today(), functions=["formative"], discussed=[], by=supervisor)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=LEARNED, by=supervisee)
    supervision.save_notes(meeting_id=meeting_id, question_id="supervisor_example", value="When I was a carer I found it hard", by=supervisor)
    draft = revalidation.draft_from(source="supervision", source_id=meeting_id, by=supervisee)
    assert draft.parts["learned"] == LEARNED
    assert "carer" not in " ".join(draft.parts.values())
    assert draft.kind == "feedback"


def test_a_learning_note_or_a_blank_form_can_start_an_account(rt, practitioner, team):
    done = a_reflection(practitioner)
    note_id = journeys.offer_learning_note(entry_id=done.id, team_id=team, body=LEARNED, by=practitioner)
    assert revalidation.draft_from(source="learning_note", source_id=note_id, by=practitioner).parts["nature"] == LEARNED
    blank = revalidation.draft_from(source="new", by=practitioner)
    assert set(blank.parts.values()) == {""}


def test_nobody_else_reaches_my_sources_or_accounts(rt, org, practitioner, other, admin):
    done = a_reflection(practitioner)
    account_id = keep(practitioner, {"nature": WHAT, "learned": LEARNED, "changed": CHANGED, "code": CODE})
    with pytest.raises(NotFound):
        revalidation.draft_from(source="reflection", source_id=done.id, by=other)
    for read in (revalidation.account, revalidation.account_pdf, revalidation.account_docx, revalidation.delete_account):
        with pytest.raises(NotFound):
            read(account_id=account_id, by=other)
        with pytest.raises(AccessDenied):
            read(account_id=account_id, by=admin)
    assert revalidation.accounts(by=other) == []


def test_accounts_are_in_my_data_and_go_with_an_erasure(rt, practitioner, admin):
    account_id = keep(practitioner, {"nature": WHAT, "learned": LEARNED, "changed": CHANGED, "code": CODE})
    exported = my_data.export(by=practitioner)
    assert exported["reflective_accounts"][0]["parts"]["nature"] == WHAT
    assert WHAT in text_of_pdf(my_data.export_pdf(by=practitioner))
    erasure.erase(person_id=practitioner.person_id, by=admin)
    with rt.db.read() as session:
        assert session.get(ReflectiveAccount, account_id) is None


def test_the_account_is_sealed_at_rest(rt, practitioner):
    keep(practitioner, {"nature": WHAT, "learned": LEARNED, "changed": CHANGED, "code": CODE})
    with runtime.current().db.engine.connect() as connection:
        raw = connection.exec_driver_sql("SELECT body FROM reflective_accounts").scalar_one()
    assert WHAT.encode() not in bytes(raw)


# --- the reflective discussion ------------------------------------------------------------

DETAILS = {
    "partner_name": "Priya Raman",
    "partner_pin": "12A3456E",
    "partner_email": "priya.raman@example.org",
    "partner_address": "Community Mental Health Team, 1 Hospital Road, Leeds LS1 3EX",
}


def test_the_discussion_form_reads_back_with_every_field_and_is_confirmed_by_the_supervisor(rt, org, team):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(team,), name="Priya Raman")
    supervisee = factories.make_person(org, teams=(team,), name="Sam Okafor")
    someone = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(team,))
    factories.make_pair(supervisor, supervisee)
    assert revalidation_discussion.partners(by=supervisee) == [(supervisor.person_id, "Priya Raman")]
    on = date.today() - timedelta(days=2)
    discussion_id = revalidation_discussion.save_discussion(discussed_on=on, details=DETAILS, partner_id=supervisor.person_id, by=supervisee)

    asks = revalidation_discussion.to_confirm(by=supervisor)
    assert [(a.id, a.supervisee_name, a.discussed_on) for a in asks] == [(discussion_id, "Sam Okafor", on)]
    assert "12A3456E" not in repr(asks)  # the partner sees who and when, never the form
    assert revalidation_discussion.to_confirm(by=someone) == []
    with pytest.raises(AccessDenied):
        revalidation_discussion.confirm_discussion(discussion_id=discussion_id, by=someone)
    revalidation_discussion.confirm_discussion(discussion_id=discussion_id, by=supervisor)
    assert revalidation_discussion.to_confirm(by=supervisor) == []
    assert revalidation_discussion.discussions(by=supervisee)[0].confirmed_at is not None

    form = nmc().discussion
    for made in (
        flat(text_of_pdf(revalidation_discussion.discussion_pdf(discussion_id=discussion_id, by=supervisee))),
        flat(text_of_docx(revalidation_discussion.discussion_docx(discussion_id=discussion_id, by=supervisee))),
    ):
        assert form.title in made and "Sam Okafor" in made
        for field in form.fields:
            assert field.label in made and DETAILS[field.id] in made
        assert form.date_label in made and f"{on.day} {on:%B %Y}" in made
        assert "Confirmed in Reflect by Priya Raman" in made


def test_a_discussion_partner_must_be_my_supervisor_and_a_change_asks_again(rt, org, team):
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(team,))
    supervisee = factories.make_person(org, teams=(team,))
    stranger = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(team,))
    factories.make_pair(supervisor, supervisee)
    with pytest.raises(AnswerRejected, match="supervisors"):
        revalidation_discussion.save_discussion(discussed_on=date.today(), details=DETAILS, partner_id=stranger.person_id, by=supervisee)
    with pytest.raises(AnswerRejected, match="NMC PIN"):
        revalidation_discussion.save_discussion(discussed_on=date.today(), details=dict(DETAILS, partner_pin=""), by=supervisee)
    discussion_id = revalidation_discussion.save_discussion(discussed_on=date.today(), details=DETAILS, partner_id=supervisor.person_id, by=supervisee)
    revalidation_discussion.confirm_discussion(discussion_id=discussion_id, by=supervisor)
    revalidation_discussion.save_discussion(discussion_id=discussion_id, discussed_on=date.today(), details=DETAILS, partner_id=supervisor.person_id, by=supervisee)
    assert revalidation_discussion.discussions(by=supervisee)[0].confirmed_at is None
    assert [a.id for a in revalidation_discussion.to_confirm(by=supervisor)] == [discussion_id]


# --- the tracker ----------------------------------------------------------------------------


RENEWAL = date.today() + timedelta(days=60)
PERIOD_START = RENEWAL.replace(year=RENEWAL.year - 3) if not (RENEWAL.month == 2 and RENEWAL.day == 29) else RENEWAL.replace(year=RENEWAL.year - 3, day=28)
days_back = st.integers(0, 4 * 365)
a_record = st.tuples(st.sampled_from(["cpd", "feedback", "practice"]), days_back, st.integers(1, 40), st.booleans())


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(made=st.lists(a_record, max_size=8), account_days=st.lists(days_back, max_size=6), discussed=st.none() | days_back, confirmed=st.booleans())
def _check_counts(org, made, account_days, discussed, confirmed):
    person = factories.make_person(org)
    today = date.today()
    tracker.set_plan(body="nmc", renewal_on=RENEWAL, confirmed_on=today if confirmed else None, by=person)
    for kind, back, hours, participatory in made:
        tracker.add_record(kind=kind, done_on=today - timedelta(days=back), hours=hours, participatory=participatory, by=person)
    for back in account_days:
        revalidation.save_account(
            kind="cpd", written_on=today - timedelta(days=back), parts={"nature": WHAT, "learned": LEARNED, "changed": CHANGED, "code": CODE},
            themes=["practise_effectively"], reviewed=True, by=person,
        )
    if discussed is not None:
        revalidation_discussion.save_discussion(discussed_on=today - timedelta(days=discussed), details=DETAILS, by=person)

    inside = [(k, h, p) for k, back, h, p in made if today - timedelta(days=back) >= PERIOD_START]
    found = {line.label: line.have for line in tracker.tracker(by=person).lines}
    assert found == {
        "Written reflective accounts": sum(1 for back in account_days if today - timedelta(days=back) >= PERIOD_START),
        "CPD hours": sum(h for k, h, _ in inside if k == "cpd"),
        "CPD hours that were participatory": sum(h for k, h, p in inside if k == "cpd" and p),
        "Practice hours": sum(h for k, h, _ in inside if k == "practice"),
        "Pieces of practice-related feedback": sum(1 for k, _, _ in inside if k == "feedback"),
        "Reflective discussion": int(discussed is not None and today - timedelta(days=discussed) >= PERIOD_START),
        "Confirmation": int(confirmed),
    }
    due = tracker.due_soon(by=person)
    everything_done = all(line.done for line in tracker.tracker(by=person).lines)
    assert (due is not None) == (not everything_done)


def test_the_trackers_counts_match_generated_records(sqlite_rt):
    _check_counts(factories.make_organisation())


def test_the_tracker_asks_for_what_the_nmc_asks_for(rt, practitioner):
    lines = {line.label: line.need for line in tracker.tracker(by=practitioner).lines}
    assert lines == {
        "Written reflective accounts": 5, "CPD hours": 35, "CPD hours that were participatory": 20, "Practice hours": 450,
        "Pieces of practice-related feedback": 5, "Reflective discussion": 1, "Confirmation": 1,
    }


def test_home_is_told_only_within_90_days_of_renewal(rt, practitioner, admin):
    assert tracker.due_soon(by=practitioner) is None  # no renewal date given
    tracker.set_plan(body="nmc", renewal_on=date.today() + timedelta(days=91), by=practitioner)
    assert tracker.due_soon(by=practitioner) is None
    tracker.set_plan(body="nmc", renewal_on=date.today() + timedelta(days=90), by=practitioner)
    due = tracker.due_soon(by=practitioner)
    assert due is not None and due.days_to_renewal == 90 and len(due.outstanding) == 7
    assert tracker.due_soon(by=admin) is None


def test_a_record_note_is_guarded_sealed_and_mine_alone(rt, practitioner, other):
    with pytest.raises(AnswerRejected, match="identify"):
        tracker.add_record(kind="feedback", done_on=date.today(), note="Thank-you card from Dave Wilson on the ward", by=practitioner)
    record_id = tracker.add_record(kind="feedback", done_on=date.today(), note="A thank-you card from a person I support", by=practitioner)
    assert [r.note for r in tracker.records(by=practitioner)] == ["A thank-you card from a person I support"]
    assert tracker.records(by=other) == []
    with pytest.raises(NotFound):
        tracker.remove_record(record_id=record_id, by=other)
    assert my_data.export(by=practitioner)["revalidation_records"][0]["note"] == "A thank-you card from a person I support"


def test_cpd_gaps_of_three_months_or_more_are_pointed_out(rt, practitioner):
    today = date(2026, 12, 6)
    for day in (date(2025, 1, 10), date(2025, 3, 1), date(2025, 6, 1), date(2025, 6, 20), date(2026, 11, 1)):
        tracker.add_record(kind="cpd", done_on=day, hours=2, by=practitioner)
    tracker.add_record(kind="feedback", done_on=date(2026, 1, 5), by=practitioner)  # feedback is not CPD
    gaps = [(g.after, g.until, g.months) for g in tracker.cpd_gaps(by=practitioner, today=today)]
    assert gaps == [(date(2025, 3, 1), date(2025, 6, 1), 3), (date(2025, 6, 20), date(2026, 11, 1), 16)]
    assert [(g.until, g.ongoing) for g in tracker.cpd_gaps(by=practitioner, today=date(2027, 2, 1))][-1] == (date(2027, 2, 1), True)


def test_the_cpd_log_downloads_as_csv_with_my_cpd_only(rt, practitioner, other):
    tracker.add_record(kind="cpd", done_on=date(2026, 11, 1), hours=3.5, participatory=True, note="Workshop on recovery-focused practice", by=practitioner)
    tracker.add_record(kind="practice", done_on=date(2026, 11, 2), hours=37.5, by=practitioner)
    log = tracker.cpd_log_csv(by=practitioner).decode("utf-8-sig")
    assert "2026-11-01,3.5,yes,Workshop on recovery-focused practice" in log and "37.5" not in log
    assert "Workshop" not in tracker.cpd_log_csv(by=other).decode("utf-8-sig")


# --- the AoMRC template -------------------------------------------------------------------

AOMRC = "aomrc_reflection"


def test_the_aomrc_template_is_a_question_set_kept_read_back_and_guarded(rt, practitioner):
    from reflect.questions.regulators import aomrc

    form = aomrc()
    assert [p.id for p in form.account.parts] == ["what", "so_what", "now_what"] and form.account.themes == ()
    assert "The reflective practitioner" in form.cited and "2018" in form.cited
    done = a_reflection(practitioner)
    draft = revalidation.draft_from(source="reflection", source_id=done.id, form_id=AOMRC, by=practitioner)
    assert draft.form_id == AOMRC and PRIVATE_DETAIL in draft.parts["what"] and LEARNED in draft.parts["so_what"]
    parts = {"what": WHAT, "so_what": LEARNED, "now_what": CHANGED}
    with pytest.raises(AnswerRejected, match="could identify someone"):
        revalidation.save_account(kind="event", written_on=date.today(), parts=dict(parts, what="I told Dave Wilson"), themes=[], reviewed=True, form_id=AOMRC, by=practitioner)
    account_id = revalidation.save_account(kind="event", written_on=date.today(), parts=parts, themes=[], reviewed=True, form_id=AOMRC, by=practitioner)
    kept = revalidation.account(account_id=account_id, by=practitioner)
    assert kept.form_id == AOMRC and kept.parts == parts
    for made in (
        flat(text_of_pdf(revalidation.account_pdf(account_id=account_id, by=practitioner))),
        flat(text_of_docx(revalidation.account_docx(account_id=account_id, by=practitioner))),
    ):
        assert form.account.title in made
        for part in form.account.parts:
            assert flat(part.heading) in made
        assert WHAT in made and LEARNED in made and CHANGED in made
        assert PRIVATE_DETAIL not in made and "Prioritise people" not in made


# --- the HCPC CPD profile ---------------------------------------------------------------


SUMMARY = "I am an occupational therapist in a community mental health team, working with adults"
STANDARD_3 = "The recovery workshop changed how I plan goals with people"
STANDARD_4 = "People I support now set their own first goal"


def test_the_cpd_profile_reads_back_with_its_sections_activities_gaps_and_nothing_else(rt, practitioner, other):
    tracker.add_record(kind="cpd", done_on=date.today() - timedelta(days=300), hours=6, participatory=True, note="Recovery workshop", by=practitioner)
    tracker.add_record(kind="cpd", done_on=date.today() - timedelta(days=20), hours=2, note="Reading on goal setting", by=practitioner)
    with pytest.raises(AnswerRejected, match="identify"):
        cpd_profile.save(summary=SUMMARY, statement={"standard_3": "Dave Wilson said it helped"}, evidence="", by=practitioner)
    with pytest.raises(AnswerRejected, match="about 500 words"):
        cpd_profile.save(summary="word " * 1001, statement={}, evidence="", by=practitioner)
    cpd_profile.save(
        summary=SUMMARY, statement={"standard_3": STANDARD_3, "standard_4": STANDARD_4}, evidence="Workshop certificate (standard 3)", by=practitioner
    )
    form = cpd_profile.form()
    for made in (flat(text_of_pdf(cpd_profile.profile_pdf(by=practitioner))), flat(text_of_docx(cpd_profile.profile_docx(by=practitioner)))):
        for heading in (form.summary.heading, form.activities_heading, form.statement.heading, form.evidence.heading):
            assert heading in made
        for standard in form.standards:
            assert standard.label in made
        for words in (SUMMARY, STANDARD_3, STANDARD_4, "Workshop certificate (standard 3)", "Recovery workshop", "Reading on goal setting"):
            assert words in made
        assert "with no CPD recorded" in made  # the ten months between the two activities
    assert cpd_profile.mine(by=other).summary == ""
    assert SUMMARY not in flat(text_of_pdf(cpd_profile.profile_pdf(by=other)))
    assert my_data.export(by=practitioner)["cpd_profile"][0]["summary"] == SUMMARY
