"""Withdrawing from the page is deliberate (it asks first), and a session record that has
lost an item since says so to both people."""

from datetime import date

import pytest

from reflect.services import supervision
from tests import factories, supervision_world
from tests.pages.apptest import choose_tab, open_page, texts
from tests.supervision_world import SHARED


@pytest.fixture
def world(sqlite_rt):
    return supervision_world.build(factories.make_organisation())


def test_withdrawing_asks_first_and_can_be_called_off(world):
    sam = open_page("sam@example.org", "supervision.py")
    sam.button(key=f"withdraw:{world.shared_item}").click()
    sam.run()
    assert "will no longer see it" in texts(sam).replace("\\", "").replace("\u2060", "")
    assert {s.id for s in supervision.my_shares(pair_id=world.north_pair, by=world.sam)} >= {world.shared_item}
    sam.button(key=f"keep_sharing:{world.shared_item}").click()
    sam.run()
    assert not [b for b in sam.button if (b.key or "").startswith("confirm_withdraw:")]
    assert world.shared_item in {s.id for s in supervision.my_shares(pair_id=world.north_pair, by=world.sam)}
    sam.button(key=f"withdraw:{world.shared_item}").click()
    sam.run()
    sam.button(key=f"confirm_withdraw:{world.shared_item}").click()
    sam.run()
    assert not sam.exception
    assert world.shared_item not in {s.id for s in supervision.my_shares(pair_id=world.north_pair, by=world.sam)}


@pytest.mark.parametrize(
    ("email", "script", "tab"), [("sam@example.org", "supervision.py", "my_supervision_tab"), ("priya@example.org", "supervisees.py", "my_supervisees_tab")]
)
def test_a_confirmed_record_that_lost_an_item_says_so_to_both(world, email, script, tab):
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[world.shared_item, world.profile_item], by=world.north_supervisor
    )
    supervision.respond(meeting_id=meeting_id, confirmed=True, by=world.sam)
    supervision.withdraw(shared_item_id=world.shared_item, by=world.sam)
    at = choose_tab(open_page(email, script), tab, "Sessions")
    words = texts(at).replace("\\", "").replace("\u2060", "")
    assert "has since withdrawn an item discussed in this session" in words
    assert "confirmed with what was shared at the time" in words
    assert SHARED not in words


def test_linking_to_a_shared_episode_says_it_stays_private(world):
    from reflect.models import ShareKind
    from reflect.services import journeys
    from tests.pages.apptest import widget
    from tests.services.test_episode_shares import quick_check

    check = quick_check(world.sam, "Checked before mentioning the allotment")
    episode_id = journeys.link(entry_ids=[check.id], by=world.sam)
    supervision.share(pair_id=world.north_pair, kind=ShareKind.EPISODE, target=str(episode_id), by=world.sam)
    at = open_page("sam@example.org", "reflection.py")
    widget(at.selectbox, "Is this about a quick check you did? (optional)").select(check.id)
    at.run()
    words = texts(at).replace("\\", "").replace("\u2060", "")
    assert "part of an episode you share with Priya Shah" in words and "does not share the reflection" in words
    widget(at.button, "Link them").click()
    at.run()
    assert "stays private to you until you share it yourself" in texts(at).replace("\\", "").replace("\u2060", "")
    items, _ = supervision.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)
    episode_item = next(i for i in items if i.kind == ShareKind.EPISODE)
    assert "1 part" in episode_item.title


def test_reflecting_afterwards_on_a_shared_episode_says_it_stays_private(world):
    from reflect.models import ShareKind
    from reflect.services import journeys
    from tests.services.test_episode_shares import quick_check

    check = quick_check(world.sam, "Checked before mentioning the allotment")
    episode_id = journeys.link(entry_ids=[check.id], by=world.sam)
    supervision.share(pair_id=world.north_pair, kind=ShareKind.EPISODE, target=str(episode_id), by=world.sam)
    at = open_page("sam@example.org", "quick_check.py")
    at.session_state["quick_check_finished"] = check.id
    at.run()
    words = texts(at).replace("\\", "").replace("\u2060", "")
    assert "part of an episode you share with Priya Shah" in words
    assert "A reflection you write now stays private to you" in words
