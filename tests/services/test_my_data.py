"""My data: the export holds everything a person wrote and nobody else's words."""

import json
from datetime import date

import pytest
from pypdf import PdfReader
import io

from sqlalchemy import select

from reflect.models import AuditEvent
from reflect.services import auth, biographies, journeys, my_data, pairs, register, supervision
from reflect.services.register import EntryInput
from tests import supervision_world as sw


def _write_everything(world: sw.World, team: int) -> tuple[set[str], set[str]]:
    """Sam and his supervisor each write a marked text in every place they can. Returns
    (Sam's markers, everyone else's markers)."""
    sam, priya = world.sam, world.north_supervisor
    reflection = journeys.get(entry_id=world.private_entry, by=sam)
    journeys.offer_learning_note(entry_id=reflection.id, team_id=team, body="samlearningnote keeping it short helped", by=sam)
    register.add_entry(by=sam, entry=EntryInput(category="skills", description="samregisterdescription cooking", visibility="team", availability="samavailability tuesdays"))
    register.add_entry(by=priya, entry=EntryInput(category="skills", description="priyaregisterdescription knitting", visibility="team"))
    biographies.save_draft(by=sam, answers={"professional_background": "sambiography nurse", "interests_outside_work": "Allotment", "why_i_work_here": "People"})
    biographies.save_draft(by=priya, answers={"professional_background": "priyabiography nurse", "interests_outside_work": "Film", "why_i_work_here": "People"})
    meeting = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[world.shared_item], by=priya)
    supervision.save_notes(meeting_id=meeting, question_id="learned", value="samsupervisionnote less is more", by=sam)
    supervision.save_notes(meeting_id=meeting, question_id="learned", value="priyasupervisionnote pacing", by=priya)
    supervision.respond(meeting_id=meeting, confirmed=False, comment="samsessioncomment we ran short of time", by=sam)
    supervision.add_action(pair_id=world.north_pair, text="samaction read the framework", owner_id=sam.person_id, by=sam)
    supervision.add_action(pair_id=world.north_pair, text="priyaaction book a longer slot", owner_id=sam.person_id, by=priya)
    mine = {
        sw.SHARED, sw.PRIVATE, sw.WITHDRAWN, sw.PROFILE_WORDS, "samlearningnote", "samregisterdescription",
        "samavailability", "sambiography", "samsupervisionnote", "samsessioncomment", "samaction",
    }
    theirs = {
        sw.OTHER_PAIR, sw.SUPERVISORS_OWN, "priyaregisterdescription", "priyabiography", "priyasupervisionnote", "priyaaction",
    }
    return mine, theirs


def test_json_export_holds_every_marked_text_i_wrote_and_none_of_anyone_elses(rt, org):
    world = sw.build(org)
    team = journeys.my_teams(by=world.sam)[0][0]
    mine, theirs = _write_everything(world, team)

    dumped = my_data.export_json(by=world.sam).decode()

    assert [m for m in mine if m not in dumped] == []
    assert [t for t in theirs if t in dumped] == []
    data = json.loads(dumped)
    assert data["format"] == "reflect-my-data" and data["person"]["email"] == "sam@example.org"
    assert {s["kind"] for s in data["shares"]} == {"entry", "profile_item"}
    assert any(e["action"] == "shared_with_supervisor" and e["about_me"] for e in data["audit_events"])
    action_texts = {a["text"] for a in data["supervision_actions"]}
    assert None in action_texts  # the supervisor's action for me is listed, without their words


def test_every_download_is_recorded_for_the_person(rt, org):
    world = sw.build(org)
    my_data.export(by=world.sam)
    pdf = my_data.export_pdf(by=world.sam)
    with rt.db.read() as session:
        kinds = session.scalars(
            select(AuditEvent.object_type).where(AuditEvent.action == "my_data_downloaded", AuditEvent.subject_id == world.sam.person_id)
        ).all()
    assert sorted(kinds) == ["json", "pdf"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "My data in Reflect" in text and "Sam Okafor" in text and "PERSONAL AND CONFIDENTIAL" in text


def test_pdf_export_holds_my_reflection_words(rt, org):
    world = sw.build(org)
    pdf = my_data.export_pdf(by=world.sam)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "talking about my allotment helped us connect" in text
    assert sw.OTHER_PAIR not in text


def test_erasing_my_account_needs_my_own_email(rt, org):
    world = sw.build(org)
    with pytest.raises(my_data.ConfirmationMismatch):
        my_data.erase_me(confirm_email="someone@example.org", by=world.sam)
    assert journeys.get(entry_id=world.private_entry, by=world.sam)
    my_data.erase_me(confirm_email=" SAM@example.org ", by=world.sam)
    with pytest.raises(auth.SignInError):
        auth.sign_in(email="sam@example.org", password="correct horse battery")


def test_a_former_supervisors_download_leaves_out_the_ended_pairs_records_and_the_supervisee_keeps_theirs(rt, org):
    world = sw.build(org)
    team = journeys.my_teams(by=world.sam)[0][0]
    mine, _ = _write_everything(world, team)
    before = my_data.export_json(by=world.north_supervisor).decode()
    assert "priyasupervisionnote" in before and "priyaaction" in before

    pairs.end(pair_id=world.north_pair, by=world.admin)

    theirs = json.loads(my_data.export_json(by=world.north_supervisor))
    dumped = json.dumps(theirs, ensure_ascii=False)
    assert "priyasupervisionnote" not in dumped and "priyaaction" not in dumped
    assert world.north_pair not in {s["pair_id"] for s in theirs["supervision_sessions"]}
    assert world.north_pair not in {a["pair_id"] for a in theirs["supervision_actions"]}
    assert world.north_pair in {p["id"] for p in theirs["supervision_pairs"]}  # that it existed, and when
    pdf = my_data.export_pdf(by=world.north_supervisor)
    assert "priyasupervisionnote" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    sams = my_data.export_json(by=world.sam).decode()
    assert [m for m in mine if m not in sams] == []


def test_bidirectional_and_zero_width_characters_are_removed_from_every_text_on_the_way_in(rt, org):
    from reflect.text import BIDI_CONTROLS, ZERO_WIDTH

    world = sw.build(org)
    sam, priya = world.sam, world.north_supervisor
    team = journeys.my_teams(by=sam)[0][0]
    spoof = "\u202e\u2066\u200b\u2060\ufeff"
    reflection = journeys.get(entry_id=world.private_entry, by=sam)
    journeys.offer_learning_note(entry_id=reflection.id, team_id=team, body=f"note{spoof}one keeping it short helped", by=sam)
    register.add_entry(by=sam, entry=EntryInput(category="skills", description=f"entry{spoof}one cooking", visibility="team", availability=f"avail{spoof}one"))
    biographies.save_draft(by=sam, answers={"professional_background": f"bio{spoof}one nurse", "interests_outside_work": "می\u200cخواهم 👩\u200d⚕️", "why_i_work_here": "People"})
    meeting = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=priya)
    supervision.save_notes(meeting_id=meeting, question_id="learned", value=f"notes{spoof}one less is more", by=sam)
    supervision.respond(meeting_id=meeting, confirmed=False, comment=f"comment{spoof}one ran short", by=sam)
    supervision.add_action(pair_id=world.north_pair, text=f"action{spoof}one read the framework", owner_id=sam.person_id, by=sam)

    dumped = my_data.export_json(by=sam).decode()

    assert not any(mark in dumped for mark in BIDI_CONTROLS + ZERO_WIDTH)
    for word in ("noteone", "entryone", "availone", "bioone", "notesone", "commentone", "actionone"):
        assert word in dumped
    assert "می\u200cخواهم 👩\u200d⚕️" in dumped  # what a language and an emoji need stays
