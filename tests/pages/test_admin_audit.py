from reflect.models import Role
from reflect.services import teams
from tests import factories
from tests.pages.apptest import open_page, widget


def test_admin_filters_the_audit_trail_by_kind_and_downloads_csv(sqlite_rt):
    org = factories.make_organisation()
    admin = factories.make_person(org, email="admin@example.org", name="Alex Admin", roles=(Role.ADMIN,))
    teams.add(name="Crisis", by=admin)
    at = open_page("admin@example.org", "admin_audit.py")
    assert set(at.dataframe[0].value["What"]) == {"signed in", "team added"}
    widget(at.selectbox, "Kind of event").set_value("team_added")
    at.run()
    assert list(at.dataframe[0].value["What"]) == ["team added"]
    assert set(at.dataframe[0].value.columns) == {"Event", "When (UTC)", "Who", "What", "About", "Object"}
    widget(at.button, "Prepare a CSV download of these events").click()
    at.run()
    assert not at.exception
    assert [d.proto.label for d in at.get("download_button")] == ["Download CSV"]


def test_the_audit_trail_reads_in_plain_words_with_no_internal_names(sqlite_rt):
    org = factories.make_organisation()
    admin = factories.make_person(org, email="admin@example.org", name="Alex Admin", roles=(Role.ADMIN,))
    supervisor = factories.make_person(org, email="sup@example.org", name="Sue Pervisor", roles=(Role.PRACTITIONER, Role.SUPERVISOR))
    supervisee = factories.make_person(org, email="sam@example.org", name="Sam Okafor")
    teams.add(name="Crisis", by=admin)
    factories.make_pair(supervisor, supervisee)
    at = open_page("admin@example.org", "admin_audit.py")
    shown = at.dataframe[0].value
    cells = [str(value) for column in ("What", "Object") for value in shown[column]]
    assert cells and not [cell for cell in cells if "_" in cell]
