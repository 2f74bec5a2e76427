"""Each role sees its own pages and no others; every page renders for every role that has it."""

import pytest

from reflect import navigation
from reflect.services import demo
from reflect.services.access import SYSTEM
from tests.pages.apptest import new_app, sign_in, texts

STAFF_PAGES = {
    "Home",
    "Quick check",
    "Reflect after sharing",
    "My reflections",
    "My sharing profile",
    "My supervision",
    "My Wellness at Work plan",
    "Team learning",
    "My talents",
    "My biography",
    "Team register",
    "Revalidation",
    "My account",
    "My data",
}

# The demo accounts, one per role, and the page titles each must see: no more, no fewer.
EXPECTED = {
    "practitioner@example.org": STAFF_PAGES,
    "supervisor@example.org": STAFF_PAGES | {"My supervisees"},
    "lead@example.org": STAFF_PAGES,
    "admin@example.org": {"Home", "My account", "My data", "People and teams", "Places to turn", "Audit trail"},
}


@pytest.fixture
def demo_org(demo_rt):
    """The demo organisation, loaded as by `demo.load(by=SYSTEM)` (a copy of one loaded once)."""


@pytest.mark.parametrize("email", sorted(EXPECTED))
def test_each_demo_role_sees_exactly_its_pages(demo_org, email):
    at = sign_in(new_app(), email, demo.DEMO_PASSWORD)
    actor = at.session_state["reflect_actor"]
    offered = {spec.title for spec in navigation.pages_for(actor)}
    assert offered == EXPECTED[email]
    for spec in navigation.PAGES:
        if spec.title in offered:
            at.switch_page(str(spec.path))
            at.run()
            assert not at.exception, (spec.title, at.exception)
            assert at.title[0].value, spec.title
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(str(spec.path))


def test_every_page_in_the_menu_exists_on_disk():
    for spec in (*navigation.PAGES, navigation.SIGN_IN, navigation.NEW_PASSWORD):
        assert spec.path.is_file(), spec.script


def test_home_lists_only_the_pages_this_person_may_use(demo_org):
    at = sign_in(new_app(), "practitioner@example.org", demo.DEMO_PASSWORD)
    titles = {spec.title for spec in navigation.PAGES}
    links = {link.label for link in at.get("page_link")}
    assert links & titles == STAFF_PAGES
    assert "Start a quick check" in links
    assert "People and teams" not in texts(at)


def test_menu_is_grouped_by_what_people_do(demo_org):
    at = sign_in(new_app(), "supervisor@example.org", demo.DEMO_PASSWORD)
    headings = [m.value for m in at.sidebar.markdown]
    assert headings[:4] == ["**Prepare, check, reflect**", "**Supervision**", "**My team**", "**Me**"]
    groups = navigation.grouped(navigation.pages_for(at.session_state["reflect_actor"]))
    assert list(groups) == ["", "Prepare, check, reflect", "Supervision", "My team", "Me"]
    assert [spec.title for spec in groups["Supervision"]] == ["My supervision", "My Wellness at Work plan", "My supervisees"]


def test_signed_out_visitor_is_offered_only_sign_in():
    assert navigation.pages_for(None) == [navigation.SIGN_IN]


def test_the_menu_is_drawn_once_a_rerun_and_the_phone_menu_only_while_it_is_open(demo_org):
    # Each menu link is an element sent on every rerun: the sidebar's are, the phone's popover
    # (closed unless opened) holds none until it is opened.
    at = sign_in(new_app(), "practitioner@example.org", demo.DEMO_PASSWORD)
    at.switch_page(str(navigation.spec_for("quick_check.py").path))
    at.run()
    titles = [spec.title for spec in navigation.pages_for(at.session_state["reflect_actor"])]
    in_menus = [link.label for link in at.get("page_link") if link.label in titles]
    assert sorted(in_menus) == sorted(titles)
    assert [link.label for link in at.sidebar.get("page_link")] == titles
    visit = at.session_state[f"{navigation.MENU_KEY}:visit"]
    assert at.session_state[f"{navigation.MENU_KEY}:{visit[1]}"] is False  # the popover is there, closed
