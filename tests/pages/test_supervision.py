"""Supervision through the real pages: a supervisor sees exactly what is shared with them,
the supervisee sees who opened what, and both keep the session record."""

import pytest

from reflect.services import supervision
from tests import supervision_world
from tests.pages.apptest import choose_tab, open_page, texts, widget
from tests.supervision_world import OTHER_PAIR, PRIVATE, PROFILE_WORDS, SHARED, SUPERVISORS_OWN, WITHDRAWN

NEVER_FOR_PRIYA = (PRIVATE, WITHDRAWN, OTHER_PAIR, SUPERVISORS_OWN)


@pytest.fixture
def world(sqlite_rt):
    from tests import factories

    return supervision_world.build(factories.make_organisation())


def everything(at) -> str:
    """Every word on the page, widget labels and table cells included."""
    parts = [texts(at)]
    parts += [str(e.label) for e in (*at.button, *at.selectbox, *at.checkbox)]
    parts += [str(option) for box in at.selectbox for option in box.options]
    parts += [df.value.to_string() for df in (*at.dataframe, *at.table)]
    return "\n".join(parts).replace("\\", "").replace("\u2060", "")  # people's words are shown escaped


def open_all(at, world) -> str:
    seen = []
    for key in (f"open:{world.shared_item}", f"open:{world.profile_item}"):
        at.button(key=key).click()
        at.run()
        assert not at.exception, at.exception
        seen.append(everything(at))
    return "\n".join(seen)


def test_supervisor_sees_exactly_the_items_shared_with_them(world):
    at = open_page("priya@example.org", "supervisees.py")
    listed = {b.key for b in at.button if (b.key or "").startswith("open:")}
    assert listed == {f"open:{world.shared_item}", f"open:{world.profile_item}"}
    words = open_all(at, world)
    assert SHARED in words and PROFILE_WORDS in words
    for secret in NEVER_FOR_PRIYA:
        assert secret not in words


def test_withdrawal_closes_an_open_item_at_once(world):
    at = open_page("priya@example.org", "supervisees.py")
    at.button(key=f"open:{world.shared_item}").click()
    at.run()
    assert SHARED in everything(at)
    sam = open_page("sam@example.org", "supervision.py")
    sam.button(key=f"withdraw:{world.shared_item}").click()
    sam.run()
    sam.button(key=f"confirm_withdraw:{world.shared_item}").click()
    sam.run()
    assert "Withdrawn." in texts(sam)
    at.run()
    assert SHARED not in everything(at)
    assert "isn't shared with you" in texts(at)
    assert {b.key for b in at.button if (b.key or "").startswith("open:")} == {f"open:{world.profile_item}"}


def test_the_supervisee_sees_who_opened_what(world):
    priya = open_page("priya@example.org", "supervisees.py")
    open_all(priya, world)
    at = open_page("sam@example.org", "supervision.py")
    table = at.table[0].value
    assert set(table["Who"]) == {"Priya Shah"}
    assert len(table) == 2
    assert "No one can change or delete this list" in texts(at)


@pytest.mark.parametrize("email", ["morgan@example.org", "tomasz@example.org", "dee@example.org"])
def test_nobody_else_sees_sams_items_on_any_supervision_page(world, email):
    at = open_page(email, "supervision.py")
    words = everything(at)
    if email == "dee@example.org":
        supervisees = open_page(email, "supervisees.py")
        for pair_id in (world.crisis_pair, world.supervisors_pair):
            widget(supervisees.selectbox, "Supervisee").select(pair_id)
            supervisees.run()
            for button in [b for b in supervisees.button if (b.key or "").startswith("open:")]:
                button.click()
                supervisees.run()
                words += everything(supervisees)
        assert OTHER_PAIR in words and SUPERVISORS_OWN in words  # Dee's own supervisees' items
    for secret in (SHARED, PROFILE_WORDS, PRIVATE, WITHDRAWN):
        assert secret not in words


@pytest.mark.parametrize("email", ["morgan@example.org", "alex@example.org", "sam@example.org"])
def test_people_who_supervise_no_one_have_no_supervisees_page(world, email):
    from tests.pages.apptest import new_app, page_path, sign_in
    from tests.factories import PASSWORD

    at = sign_in(new_app(), email, PASSWORD)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(page_path("supervisees.py"))


def test_sharing_from_the_page_reaches_the_supervisor(world):
    at = open_page("sam@example.org", "supervision.py")
    box = widget(at.selectbox, "Choose something to share with Priya Shah")
    # Nothing is shared by default: the private reflection is offered, and its opening words tell it apart.
    assert any(PRIVATE[:30] in option for option in box.options)
    box.select(f"entry:{world.private_entry}")
    at.run()
    widget(at.button, "Share with Priya Shah").click()
    at.run()
    assert "Shared with Priya Shah" in texts(at)
    priya = open_page("priya@example.org", "supervisees.py")
    assert PRIVATE in open_all(priya, world) + "".join(
        everything(priya.button(key=b.key).click().run()) for b in list(priya.button) if (b.key or "").startswith("open:")
    )


def test_a_session_is_recorded_noted_confirmed_and_summarised(world):
    at = choose_tab(open_page("priya@example.org", "supervisees.py"), "my_supervisees_tab", "Sessions")
    widget(at.multiselect, "What Sam Okafor shared that you discussed").select(world.shared_item)
    widget(at.multiselect, "What the session covered").select("formative")
    widget(at.button, "Record this session").click()
    at.run()
    assert "Session recorded" in texts(at)
    widget(at.text_area, "What went well, and what would you keep doing? (optional)").input("Handing it back to them").run()
    assert not at.exception, at.exception

    sam = choose_tab(open_page("sam@example.org", "supervision.py"), "my_supervision_tab", "Sessions")
    assert "Handing it back to them" in texts(sam)
    assert "Not yet confirmed by Sam Okafor." in texts(sam)
    widget(sam.button, "Confirm this record").click()
    sam.run()
    assert "Sam Okafor confirmed this record" in texts(sam)
    choose_tab(sam, "my_supervision_tab", "Summary PDF")
    widget(sam.button, "Make the summary").click()
    sam.run()
    download = sam.get("download_button")[0]
    assert download.proto.label == "Download the summary (PDF)"


def test_an_action_is_added_and_marked_done(world):
    at = choose_tab(open_page("sam@example.org", "supervision.py"), "my_supervision_tab", "Actions")
    widget(at.text_input, "Action").input("Read the boundaries policy")
    widget(at.button, "Add action").click()
    at.run()
    assert "Action added" in texts(at)
    box = next(c for c in at.checkbox if c.label.startswith("Read the boundaries policy"))
    box.check().run()
    assert not any(c.label.startswith("Read the boundaries policy") for c in at.checkbox)


def test_a_person_with_no_supervisor_is_told_calmly(world):
    at = open_page("morgan@example.org", "supervision.py")
    assert "You don't have a supervisor in Reflect yet" in texts(at)


def test_the_supervisor_corrects_a_record(world):
    from datetime import date

    supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=["formative"], discussed=[], by=world.north_supervisor)
    at = choose_tab(open_page("priya@example.org", "supervisees.py"), "my_supervisees_tab", "Sessions")
    widget(at.multiselect, "Covered").select("normative")
    widget(at.button, "Save the corrected record").click()
    at.run()
    assert "Record updated." in texts(at)
    assert "Normative" in texts(at)


def test_after_a_restore_the_supervisee_still_sees_every_opening(world, tmp_path):
    """Openings recorded after the backup are added back from the audit journal by the restore."""
    from reflect.services import backup
    from reflect.services.access import SYSTEM

    supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)
    backup.backup(path=tmp_path / "before.db", by=SYSTEM)
    open_all(open_page("priya@example.org", "supervisees.py"), world)
    backup.restore(path=tmp_path / "before.db", by=SYSTEM)
    sam = open_page("sam@example.org", "supervision.py")
    assert "Who has opened what" in texts(sam)
    rows = sam.table[0].value
    assert list(rows["Who"]) == ["Priya Shah"] * 2
    assert sorted(rows["What"].str.split(",").str[0]) == ["An experience from the sharing profile", "Reflection"]


def test_a_supervisor_without_a_key_yet_is_explained_kindly_and_the_choice_stays(world, sqlite_rt):
    from sqlalchemy import delete

    from reflect.models import RecipientKey

    with sqlite_rt.db.write() as session:
        session.execute(delete(RecipientKey).where(RecipientKey.person_id == world.north_supervisor.person_id))
    at = open_page("sam@example.org", "supervision.py")
    assert "the key for that is made the next time Priya Shah signs in" in texts(at)
    widget(at.selectbox, "Choose something to share with Priya Shah").select(f"entry:{world.private_entry}")
    at.run()
    widget(at.button, "Share with Priya Shah").click()
    at.run()
    assert not at.exception, at.exception
    assert "next time they sign in" in texts(at)
    # What Sam chose is still chosen, ready for once Priya has signed in.
    assert widget(at.selectbox, "Choose something to share with Priya Shah").value == f"entry:{world.private_entry}"
