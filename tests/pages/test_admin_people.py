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


def test_add_account_form_starts_afresh_after_an_account_is_added(at):
    widget(at.text_input, "New team name").input("Crisis")
    widget(at.button, "Add team").click()
    at.run()
    widget(at.text_input, "Full name").input("Nia Roberts")
    widget(at.text_input, "E-mail address").input("nia@example.org")
    widget(at.multiselect, "Teams").select("Crisis")
    widget(at.button, "Add account").click()
    at.run()
    assert "Account created" in at.success[0].value
    assert widget(at.multiselect, "Teams").value == []
    assert widget(at.text_input, "Full name").value == ""
