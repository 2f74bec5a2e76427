"""A refusal a page doesn't catch itself is caught once, by the page runner: the person reads
its calm message, never the error page."""

import pytest

from reflect.domain import Role
from reflect.services import errors, teams
from tests import factories
from tests.pages.apptest import choose_tab, open_page, texts


@pytest.fixture
def admin(sqlite_rt):
    org = factories.make_organisation()
    factories.make_person(org, email="admin@example.org", name="Alex Admin", roles=(Role.ADMIN,))


@pytest.mark.parametrize("refusal", [errors.Refused, errors.NotFound, errors.PeopleError])
def test_a_refusal_no_page_catches_shows_its_message(admin, monkeypatch, refusal):
    at = open_page("admin@example.org", "admin_people.py")

    def refuses(**_kwargs):
        raise refusal("The teams can't be listed just now: please try again in a minute.")

    monkeypatch.setattr(teams, "list_teams", refuses)
    choose_tab(at, "admin_section", "Teams")  # the Teams tab lists teams, and doesn't catch this
    assert not at.exception, at.exception
    assert "be listed just now" in texts(at)  # escaped as Markdown, like any text shown
    assert any("please try again" in w.value for w in at.warning)


def test_an_error_that_is_not_a_refusal_still_reaches_the_error_page(admin, monkeypatch):
    at = open_page("admin@example.org", "admin_people.py")

    def breaks(**_kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr(teams, "list_teams", breaks)
    at.session_state["admin_section"] = "Teams"
    at.run()
    assert at.exception  # the app's error page, with its error number, takes it from here
