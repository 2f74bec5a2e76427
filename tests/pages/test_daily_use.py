"""Daily use through the real pages: the profile's one choice per audience, human labels in
place of ids, the supervisor's inbox, and finding a finished quick check again from home."""

import pytest

from reflect.models import Stage
from reflect.services import journeys
from tests import factories, supervision_world
from tests.pages.apptest import open_page, texts, widget
from tests.services.test_journeys import CALM_CHECK, fill


@pytest.fixture
def world(sqlite_rt):
    return supervision_world.build(factories.make_organisation())


def _labels(at) -> list[str]:
    found = []
    for kind in ("text_area", "text_input", "radio", "pills", "segmented_control", "selectbox", "multiselect"):
        found += [str(w.label) for w in getattr(at, kind)]
    return found


def test_profile_has_one_choice_per_audience_for_each_experience_and_saves_it(world):
    at = open_page("sam@example.org", "my_profile.py")
    entry = journeys.profile(by=world.sam)
    grid = entry.questions.question("comfort")
    controls = at.segmented_control
    assert len(controls) == len(grid.rows) * len(grid.columns)
    assert {c.label for c in controls} == {col.label for col in grid.columns}
    assert all(c.options == [lv.label for lv in grid.levels] for c in controls)

    at.segmented_control(key=f"answer:{entry.id}:comfort:bereavement:colleagues").set_value("with_care").run()
    assert not at.exception, at.exception
    saved = journeys.profile(by=world.sam).answers["comfort"]
    assert saved["bereavement"] == {"colleagues": "with_care"}
    assert saved["hobbies_skills_interests"] == {"supervisor_manager": "share"}  # the earlier choice is kept
    assert "How you'd share: Bereavement" in [e.label for e in at.expander]


def test_optional_is_said_once_in_every_label(world):
    for script in ("reflection.py", "quick_check.py", "my_profile.py"):
        at = open_page("sam@example.org", script)
        assert not [label for label in _labels(at) if label.count("(optional)") > 1], script


def test_share_picker_names_things_in_the_persons_own_words_not_ids(world):
    check = journeys.start(stage=Stage.IN_THE_MOMENT, by=world.sam)
    fill(check, CALM_CHECK, world.sam)
    journeys.complete(entry_id=check.id, by=world.sam)
    at = open_page("sam@example.org", "supervision.py")
    options = widget(at.selectbox, "Choose something to share with Priya Shah").options
    picked = next(o for o in options if o.startswith("Quick check"))
    assert "Someone I support" in picked
    for internal in ("person_supported", "short_with_coping", "ready_to_hear", "_profile_item"):
        assert not any(internal in o for o in options), internal


def test_supervisor_inbox_shows_time_kind_of_experience_and_audience(world):
    at = open_page("priya@example.org", "supervisees.py")
    listed = texts(at).replace("\\", "")
    assert "Reflection, " in listed and " at " in listed
    assert "An interest, hobby or skill · Someone I support" in listed
    assert "Hobbies, skills and interests" in listed  # the shared profile experience


def test_opened_item_shows_its_heading_once(world):
    at = open_page("priya@example.org", "supervisees.py")
    at.button(key=f"open:{world.shared_item}").click()
    at.run()
    assert not at.exception, at.exception
    title = next(i for i in texts(at).splitlines() if i.startswith("**Reflection,"))
    assert texts(at).count(title) == 1


def test_a_finished_quick_check_is_found_again_from_home(world):
    check = journeys.start(stage=Stage.IN_THE_MOMENT, by=world.sam)
    fill(check, CALM_CHECK, world.sam)
    journeys.complete(entry_id=check.id, by=world.sam)
    at = open_page("sam@example.org", "home.py")
    assert "has no reflection yet" in texts(at)
    at.button(key=f"summary:{check.id}").click()
    at.run()
    assert not at.exception, at.exception
    assert "You've said why, and nothing gave you pause" in texts(at)

    home = open_page("sam@example.org", "home.py")
    home.button(key=f"reflect:{check.id}").click()
    home.run()
    assert not home.exception, home.exception
    assert home.title[0].value == "Reflect after sharing"
    assert "has no reflection yet" not in texts(open_page("sam@example.org", "home.py"))


def test_a_finished_quick_check_can_be_reflected_on_from_my_reflections(world):
    check = journeys.start(stage=Stage.IN_THE_MOMENT, by=world.sam)
    fill(check, CALM_CHECK, world.sam)
    journeys.complete(entry_id=check.id, by=world.sam)
    at = open_page("sam@example.org", "my_reflections.py")
    at.button(key=f"reflect_on:{check.id}").click()
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Reflect after sharing"


def test_register_pages_with_previous_and_next_and_says_where_you_are(world):
    from reflect.services import register
    from reflect.services.access import SYSTEM

    team = next(iter(world.sam.team_ids))
    register.load_synthetic(by=SYSTEM, owners=[(world.sam.person_id, team)], count=45)
    at = open_page("sam@example.org", "register.py")
    assert "1–20 of 45" in texts(at)
    widget(at.button, "Next").click()
    at.run()
    assert "21–40 of 45" in texts(at)
    assert len(at.table[0].value) == 20
    widget(at.button, "Next").click()
    at.run()
    assert "41–45 of 45" in texts(at)
    assert widget(at.button, "Next").disabled
    widget(at.button, "Previous").click()
    at.run()
    assert "21–40 of 45" in texts(at)
