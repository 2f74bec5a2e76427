import pytest

from reflect.models import Role
from reflect.services import pairs, teams
from tests import factories
from tests.factories import PASSWORD
from tests.pages.apptest import choose_tab, new_app, page_path, sign_in, texts, widget


@pytest.fixture
def at(sqlite_rt):
    org = factories.make_organisation()
    factories.make_person(org, email="admin@example.org", name="Alex Admin", roles=(Role.ADMIN,))
    app = sign_in(new_app(), "admin@example.org", PASSWORD)
    app.switch_page(page_path("admin_people.py"))
    app.run()
    return app


def _tab(at, label: str):
    """Choose one of the page's tabs (People, Teams, Supervision pairs): only that one runs."""
    return choose_tab(at, "admin_section", label)


def test_admin_adds_a_team_and_an_account(at):
    _tab(at, "Teams")
    widget(at.text_input, "New team name").input("Crisis")
    widget(at.button, "Add team").click()
    at.run()
    assert "Team added." in texts(at)
    _tab(at, "Add an account")
    widget(at.text_input, "Full name").input("Nia Roberts")
    widget(at.text_input, "E-mail address").input("nia@example.org")
    widget(at.multiselect, "Teams").select("Crisis")
    widget(at.button, "Add account").click()
    at.run()
    assert "Account created" in at.success[0].value
    _tab(at, "People")
    assert "Nia Roberts" in list(at.dataframe[0].value["Name"])


def test_admin_sees_a_clear_error_for_a_duplicate_team(at):
    _tab(at, "Teams")
    for _ in range(2):
        widget(at.text_input, "New team name").input("Crisis")
        widget(at.button, "Add team").click()
        at.run()
    assert "already a team called 'Crisis'" in at.error[0].value


def test_admin_page_shows_no_content_columns(at):
    columns = set(at.dataframe[0].value.columns)
    assert columns == {"Name", "E-mail", "Roles", "Teams", "Status", "Demo"}


def test_admin_pair_form_reports_unknown_people(at):
    _tab(at, "Supervision pairs")
    widget(at.text_input, "Supervisor's e-mail").input("ghost@example.org")
    widget(at.text_input, "Supervisee's e-mail").input("admin@example.org")
    widget(at.button, "Add pair").click()
    at.run()
    assert "no account for the supervisor" in at.error[0].value


@pytest.fixture
def with_sam(at):
    org = at.session_state["reflect_actor"].organisation_id
    sup = factories.make_person(org, email="priya@example.org", name="Priya Shah", roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    sam = factories.make_person(org, email="sam@example.org", name="Sam Okafor")
    pair_id = factories.make_pair(sup, sam)
    at.run()
    return at, sam, pair_id


def test_admin_deactivates_and_reactivates_an_account(with_sam):
    at, sam, _ = with_sam
    widget(at.selectbox, "Account").set_value(sam.person_id)
    at.run()
    widget(at.button, "Deactivate").click()
    at.run()
    assert "Account deactivated" not in texts(at) and "Deactivate Sam Okafor?" in texts(at)  # it asks first
    widget(at.button, "No, leave it").click()
    at.run()
    assert "Deactivate Sam Okafor?" not in texts(at) and "Active" in list(at.dataframe[0].value["Status"])
    widget(at.button, "Deactivate").click()
    at.run()
    widget(at.button, "Yes, deactivate").click()
    at.run()
    assert "Account deactivated" in texts(at)
    assert "Deactivated" in list(at.dataframe[0].value["Status"])
    widget(at.button, "Reactivate").click()
    at.run()
    assert "Account reactivated" in texts(at)


def test_admin_resets_a_password_and_sees_it_once(with_sam):
    at, sam, _ = with_sam
    widget(at.selectbox, "Account").set_value(sam.person_id)
    at.run()
    widget(at.button, "Reset password").click()
    at.run()
    assert "one-time password is shown once" not in texts(at)  # it asks first
    widget(at.button, "Yes, reset the password").click()
    at.run()
    assert "one-time password is shown once" in texts(at)
    at.run()
    assert "one-time password is shown once" not in texts(at)


def test_erase_needs_the_email_typed(with_sam):
    at, sam, _ = with_sam
    widget(at.selectbox, "Account").set_value(sam.person_id)
    at.run()
    widget(at.text_input, "Type their e-mail address to confirm").input("wrong@example.org")
    widget(at.button, "Erase for good").click()
    at.run()
    assert "doesn't match" in at.error[0].value
    widget(at.text_input, "Type their e-mail address to confirm").input("sam@example.org")
    widget(at.button, "Erase for good").click()
    at.run()
    assert "Account erased" in texts(at)
    assert "Sam Okafor" not in list(at.dataframe[0].value["Name"])


def test_admin_ends_a_pair(with_sam):
    at, _, pair_id = with_sam
    _tab(at, "Supervision pairs")
    widget(at.selectbox, "Pair to change").set_value(pair_id)
    at.run()
    widget(at.button, "End this pair now").click()
    at.run()
    assert "Pair ended" in texts(at)
    assert list(at.dataframe[0].value["Active"]) == ["No"]


def test_ending_a_pair_or_archiving_a_team_a_second_time_is_said_calmly(with_sam):
    at, _, pair_id = with_sam
    admin = at.session_state["reflect_actor"]
    _tab(at, "Supervision pairs")
    widget(at.selectbox, "Pair to change").set_value(pair_id)
    at.run()
    pairs.end(pair_id=pair_id, by=admin)  # the first click (or another admin) ended it already
    widget(at.button, "End this pair now").click()
    at.run()
    assert not at.exception and "Pair ended" not in texts(at)
    assert list(at.dataframe[0].value["Active"]) == ["No"]

    _tab(at, "Teams")
    widget(at.text_input, "New team name").input("Outreach")
    widget(at.button, "Add team").click()
    at.run()
    team_id = teams.find(name="Outreach", by=admin)
    widget(at.selectbox, "Team to change").set_value(team_id)
    at.run()
    teams.archive(team_id=team_id, by=admin)
    widget(at.button, "Archive team").click()
    at.run()
    assert not at.exception and "Team archived." not in texts(at)


def test_admin_renames_and_archives_a_team(at):
    _tab(at, "Teams")
    widget(at.text_input, "New team name").input("Crisis")
    widget(at.button, "Add team").click()
    at.run()
    team_id = teams.find(name="Crisis", by=at.session_state["reflect_actor"])
    widget(at.selectbox, "Team to change").set_value(team_id)
    at.run()
    widget(at.text_input, "New name for this team").input("Crisis Resolution")
    widget(at.button, "Rename team").click()
    at.run()
    assert "Team renamed." in texts(at)
    widget(at.selectbox, "Team to change").set_value(team_id)
    at.run()
    widget(at.button, "Archive team").click()
    at.run()
    assert "Team archived." in texts(at)
    teams_table = at.dataframe[0].value
    assert list(teams_table["Team"]) == ["Crisis Resolution"] and list(teams_table["Archived"]) != [""]

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
    at.run()
    widget(at.button, "End all their sessions").click()
    at.run()
    assert "2 session(s) ended" in texts(at)
    assert auth.resume(phone.token) is None and auth.resume(laptop.token) is None
    assert at.session_state["reflect_actor"] is not None  # the admin stays signed in


def test_add_account_form_starts_afresh_after_an_account_is_added(at):
    _tab(at, "Teams")
    widget(at.text_input, "New team name").input("Crisis")
    widget(at.button, "Add team").click()
    at.run()
    _tab(at, "Add an account")
    widget(at.text_input, "Full name").input("Nia Roberts")
    widget(at.text_input, "E-mail address").input("nia@example.org")
    widget(at.multiselect, "Teams").select("Crisis")
    widget(at.button, "Add account").click()
    at.run()
    assert "Account created" in at.success[0].value
    assert widget(at.multiselect, "Teams").value == []
    assert widget(at.text_input, "Full name").value == ""


def test_a_refused_team_name_stays_in_the_form_to_correct_and_every_name_field_has_its_limit(at):
    from reflect.text import EMAIL_LIMIT, NAME_LIMIT

    _tab(at, "Teams")
    widget(at.text_input, "New team name").input("Crisis")
    widget(at.button, "Add team").click()
    at.run()
    assert widget(at.text_input, "New team name").value == ""  # a fresh form after success
    widget(at.text_input, "New team name").input("Crisis")
    widget(at.button, "Add team").click()
    at.run()
    assert "already a team" in at.error[0].value
    assert widget(at.text_input, "New team name").value == "Crisis"  # kept to correct
    assert widget(at.text_input, "New team name").proto.max_chars == NAME_LIMIT
    _tab(at, "Add an account")
    assert widget(at.text_input, "Full name").proto.max_chars == NAME_LIMIT
    assert widget(at.text_input, "E-mail address").proto.max_chars == EMAIL_LIMIT
    _tab(at, "Supervision pairs")
    assert widget(at.text_input, "Supervisor's e-mail").proto.max_chars == EMAIL_LIMIT
