import pytest

from reflect.models import Role
from tests import factories
from tests.factories import PASSWORD
from tests.pages.apptest import new_app, page_path, sign_in, texts, widget


@pytest.fixture
def at(sqlite_rt):
    org = factories.make_organisation()
    factories.make_person(org, email="admin@example.org", name="Alex Admin", roles=(Role.ADMIN,))
    app = sign_in(new_app(), "admin@example.org", PASSWORD)
    app.switch_page(page_path("admin_people.py"))
    app.run()
    return app


def test_admin_adds_a_team_and_an_account(at):
    widget(at.text_input, "New team name").input("Crisis")
    widget(at.button, "Add team").click()
    at.run()
    assert "Team added." in texts(at)
    widget(at.text_input, "Full name").input("Nia Roberts")
    widget(at.text_input, "E-mail address").input("nia@example.org")
    widget(at.multiselect, "Teams").select("Crisis")
    widget(at.button, "Add account").click()
    at.run()
    assert "Account created" in at.success[0].value
    assert "Nia Roberts" in list(at.dataframe[0].value["Name"])


def test_admin_sees_a_clear_error_for_a_duplicate_team(at):
    for _ in range(2):
        widget(at.text_input, "New team name").input("Crisis")
        widget(at.button, "Add team").click()
        at.run()
    assert "already a team called 'Crisis'" in at.error[0].value


def test_admin_page_shows_no_content_columns(at):
    columns = set(at.dataframe[0].value.columns)
    assert columns == {"Name", "E-mail", "Roles", "Teams", "Demo"}


def test_admin_pair_form_reports_unknown_people(at):
    widget(at.text_input, "Supervisor's e-mail").input("ghost@example.org")
    widget(at.text_input, "Supervisee's e-mail").input("admin@example.org")
    widget(at.button, "Add pair").click()
    at.run()
    assert "no account for the supervisor" in at.error[0].value



def test_admin_ends_all_of_a_persons_sessions_from_the_people_page(sqlite_rt):
    from reflect.services import auth

    org = factories.make_organisation()
    factories.make_person(org, email="admin@example.org", name="Alex Admin", roles=(Role.ADMIN,))
    sam = factories.make_person(org, email="sam@example.org", name="Sam Okafor")
    phone = auth.sign_in(email="sam@example.org", password=PASSWORD)
    laptop = auth.sign_in(email="sam@example.org", password=PASSWORD)
    at = sign_in(new_app(), "admin@example.org", PASSWORD)
    at.switch_page(page_path("admin_people.py"))
    at.run()
    widget(at.selectbox, "Account").set_value(sam.person_id)
    widget(at.button, "End all their sessions").click()
    at.run()
    assert "2 session(s) ended" in texts(at)
    assert auth.resume(phone.token) is None and auth.resume(laptop.token) is None
    assert at.session_state["reflect_actor"] is not None  # the admin stays signed in
