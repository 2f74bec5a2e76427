from datetime import timedelta

import pytest
from sqlalchemy import update

from reflect.models import AuthSession, utcnow
from reflect.services import demo
from tests import factories
from tests.factories import PASSWORD
from tests.pages.apptest import new_app, sign_in, texts


@pytest.fixture
def person(sqlite_rt):
    org = factories.make_organisation()
    return factories.make_person(org, email="sam@example.org", name="Sam Okafor")


def test_signed_out_visitor_is_pointed_to_the_sign_in_form_and_sees_nothing_else(person):
    at = new_app()
    assert [b.label for b in at.get("link_button")] == ["Sign in"]
    assert "Hello" not in texts(at)
    assert not at.text_input and not at.text_area


def test_sign_in_shows_the_home_page_with_a_greeting(person):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    assert "Hello, Sam" in texts(at)


def test_idle_session_returns_to_sign_in_and_says_work_is_kept(sqlite_rt, person):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    with sqlite_rt.db.write() as session:
        session.execute(update(AuthSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    at.run()
    assert "Everything you saved is kept" in texts(at)
    assert "Hello" not in texts(at)


def test_demo_banner_shows_while_demo_accounts_exist(demo_rt):
    at = new_app()
    assert "demo organisation" in at.warning[0].value
    sign_in(at, "practitioner@example.org", demo.DEMO_PASSWORD)
    assert "demo organisation" in at.warning[0].value


def test_the_demo_banner_is_decided_once_per_browser_session_not_on_every_rerun(demo_rt):
    from reflect.models import Person

    at = new_app()
    assert "demo organisation" in at.warning[0].value
    with demo_rt.db.write() as session:  # as if the demo accounts had gone
        session.execute(update(Person).values(is_demo=False))
    at.run()
    assert at.warning and "demo organisation" in at.warning[0].value  # this session asked already
    assert not new_app().warning  # a new session asks again


def test_no_banner_for_a_real_organisation(person):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    assert not at.warning
