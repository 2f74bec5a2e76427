"""What people write renders inert on every page: a Markdown image or link, HTML, an icon or
colour directive in a name, team name, action, note, comment, description, biography, team
record or shared item shows as typed, to its author and to everyone else who may see it."""

import pytest

from reflect.services import auth
from tests import leak_world as L
from tests.pages.apptest import signed_in_as, visit_every_page
from tests.pages.scan import HOSTILE, everything, live_markup

# Every kind of text a person writes, shared wherever it can be.
SCRIPT = [
    L.Pair(0, 2), L.Pair(1, 0), L.QuickCheck(2), L.Reflection(2, 0, True), L.Share(0, "episode", 0), L.Reflection(2, 0, True),
    L.Share(0, "entry", 1), L.Profile(2), L.Share(0, "profile", 0), L.Reflection(0, None, True), L.Share(1, "entry", 0),
    L.Meeting(0), L.Meeting(1), L.Talent(1, False, True), L.Talent(2, True, False), L.Talent(0, False, False), L.Contributor(False),
    L.LearningNote(2, False), L.LearningNote(3, False), L.Biography(0), L.Biography(1), L.TeamRecordStep(True, 1), L.TeamRecordStep(False, 0),
]


@pytest.fixture
def hostile_world(sqlite_rt):
    world = L.run(SCRIPT, tail=HOSTILE)
    world.shares[0].id  # the script shares things: the pages below have something to show
    return world


@pytest.mark.parametrize("reader", range(L.STAFF + 1))
def test_nothing_anyone_wrote_renders_live_on_any_page(hostile_world, reader):
    world = hostile_world
    at = signed_in_as(world.person(reader).person_id)
    shown = []
    for page, at in visit_every_page(at, world.person(reader)):
        live = live_markup(at)
        assert not live, f"{page} as person {reader}: {live}"
        shown.append(everything(at))
    words = "\n".join(shown)
    # The hostile text did reach the pages (as plain text), so the check above had something to find.
    assert "evil" in words and "alarm" in words
    assert not [leak for text in [words.replace("\\", "").replace("\u2060", "")] for leak in world.leaks(reader, text, "pages")]


def test_the_scan_finds_live_markup_when_text_is_not_escaped(hostile_world):
    """The checker itself: the same page with the escaping left out is caught."""
    from reflect.ui import safe

    original = safe.md
    safe.md = lambda text: str(text)
    try:
        at = signed_in_as(hostile_world.person(0).person_id)
        found = [live for _, page in visit_every_page(at, hostile_world.person(0)) for live in live_markup(page)]
    finally:
        safe.md = original
    assert found
    assert auth  # signed in through a real server-side session
