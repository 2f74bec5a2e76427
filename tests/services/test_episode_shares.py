"""A shared episode covers exactly what it held when it was shared; withdrawing and sharing
again are deliberate, and session records say when they have lost an item."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from reflect.models import ShareKind, Stage
from reflect.services import journeys, supervision
from tests import leak_world, supervision_world
from tests.supervision_world import SHARED, reflection

CHECKED = "Quick check before telling them about my allotment"
LATER_REFLECTION = "Reflected later and kept private: my sister's overdose"
LINKED_LATER = "Linked afterwards and never shared: the funeral in March"


@pytest.fixture
def world(org):
    return supervision_world.build(org)


def quick_check(by, text: str) -> journeys.EntryView:
    """A finished quick check: calm answers, every question its set requires, and `text` as the draft."""
    entry = journeys.start(stage=Stage.IN_THE_MOMENT, by=by)
    leak_world.save_and_complete(entry, leak_world.CALM_CHECK | {"draft": text}, by)
    return journeys.get(entry_id=entry.id, by=by)


def everything_the_supervisor_reads(world) -> str:
    """The list, every opened item and the summary PDF, as the supervisor gets them."""
    items, _ = supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)
    parts = [i.title for i in items]
    for item in items:
        content = supervision.open_shared(shared_item_id=item.id, by=world.north_supervisor)
        parts += [f"{q} {a}" for _, lines in content.sections for q, a in lines]
    today = date.today()
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=today, functions=[], discussed=[i.id for i in items], by=world.north_supervisor
    )
    pdf = supervision.summary_pdf(pair_id=world.north_pair, since=today - timedelta(days=30), until=today, by=world.north_supervisor)
    parts += [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert supervision.meeting(meeting_id=meeting_id, by=world.north_supervisor).discussed
    return " ".join(" ".join(parts).split())


def test_an_entry_started_or_linked_after_sharing_an_episode_stays_private(rt, world):
    sam = world.sam
    check = quick_check(sam, CHECKED)
    episode_id = journeys.link(entry_ids=[check.id], by=sam)
    item_id = supervision.share(pair_id=world.north_pair, kind=ShareKind.EPISODE, target=str(episode_id), by=sam)
    title_before = {i.id: i.title for i in supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)[0]}[item_id]

    # "Reflect on it afterwards": a reflection started within the shared episode.
    later = journeys.start(stage=Stage.AFTER_SHARING, by=sam, episode_id=episode_id)
    journeys.save_answer(entry_id=later.id, question_id="what_shared", value=LATER_REFLECTION, by=sam)
    journeys.save_answer(entry_id=later.id, question_id="audience", value="person_supported", by=sam)
    journeys.complete(entry_id=later.id, by=sam)
    # "Link them": a finished reflection linked to the shared episode later.
    other = reflection(sam, LINKED_LATER)
    assert journeys.link(entry_ids=[check.id, other.id], by=sam) == episode_id

    words = everything_the_supervisor_reads(world)
    assert " ".join(CHECKED.split()) in words
    for private in (LATER_REFLECTION, LINKED_LATER):
        assert " ".join(private.split()) not in words, private
    title_after = {i.id: i.title for i in supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)[0]}[item_id]
    assert title_after == title_before and "1 part" in title_after
    # The pages use this to say so before a reflection is added to a shared episode.
    assert supervision.shared_episode_with(entry_ids=[check.id], by=sam) == ["Priya Shah"]


def test_sharing_the_episode_again_adds_only_what_the_author_chooses(rt, world):
    sam = world.sam
    check = quick_check(sam, CHECKED)
    episode_id = journeys.link(entry_ids=[check.id], by=sam)
    item_id = supervision.share(pair_id=world.north_pair, kind=ShareKind.EPISODE, target=str(episode_id), by=sam)
    other = reflection(sam, LINKED_LATER)
    journeys.link(entry_ids=[check.id, other.id], by=sam)
    offered = {(s.kind, s.target) for s in supervision.shareable(pair_id=world.north_pair, by=sam)}
    assert (ShareKind.EPISODE, str(episode_id)) in offered  # it holds something new
    assert supervision.share(pair_id=world.north_pair, kind=ShareKind.EPISODE, target=str(episode_id), by=sam) == item_id
    content = supervision.open_shared(shared_item_id=item_id, by=world.north_supervisor)
    assert LINKED_LATER in " ".join(a for _, lines in content.sections for _, a in lines)
    offered = {(s.kind, s.target) for s in supervision.shareable(pair_id=world.north_pair, by=sam)}
    assert (ShareKind.EPISODE, str(episode_id)) not in offered


def test_nothing_is_said_about_an_episode_that_is_not_shared(rt, world):
    check = quick_check(world.sam, CHECKED)
    journeys.link(entry_ids=[check.id], by=world.sam)
    assert supervision.shared_episode_with(entry_ids=[check.id], by=world.sam) == []
    # Someone else's entry ids tell them nothing.
    assert supervision.shared_episode_with(entry_ids=[check.id], by=world.tomasz) == []


def test_sharing_again_puts_an_item_back_in_the_session_records(rt, world):
    today = date.today()
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=today, functions=[], discussed=[world.shared_item, world.profile_item], by=world.north_supervisor
    )
    supervision.respond(meeting_id=meeting_id, confirmed=True, by=world.sam)
    supervision.withdraw(shared_item_id=world.shared_item, by=world.sam)
    for reader in (world.sam, world.north_supervisor):
        view = supervision.meeting(meeting_id=meeting_id, by=reader)
        assert [d.id for d in view.discussed] == [world.profile_item]
        assert view.withdrawn_since == 1
    # A correction by the supervisor keeps the withdrawn item's place.
    supervision.update_meeting(meeting_id=meeting_id, held_on=today, functions=[], discussed=[world.profile_item], by=world.north_supervisor)
    again = [s for s in supervision.shareable(pair_id=world.north_pair, by=world.sam) if s.kind == ShareKind.ENTRY]
    shared_entry = next(s for s in again if SHARED[:20] in s.label)
    new_id = supervision.share(pair_id=world.north_pair, kind=ShareKind.ENTRY, target=shared_entry.target, by=world.sam)
    assert new_id != world.shared_item
    for reader in (world.sam, world.north_supervisor):
        view = supervision.meeting(meeting_id=meeting_id, by=reader)
        assert {d.id for d in view.discussed} == {world.profile_item, new_id}
        assert view.withdrawn_since == 0
