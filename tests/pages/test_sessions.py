"""Pages after a session ends: an answer typed into an open form is not saved, and the
person is told to sign in again."""

import pytest

from reflect.models import Stage
from reflect.services import auth, journeys
from tests import factories
from tests.factories import PASSWORD
from tests.pages.apptest import open_page

LATE = "words typed after signing out everywhere"


@pytest.fixture
def sam(sqlite_rt):
    org = factories.make_organisation()
    return factories.make_person(org, email="sam@example.org", name="Sam Okafor", teams=(factories.make_team(org),))


def test_an_answer_typed_after_sign_out_everywhere_is_not_saved_and_asks_to_sign_in_again(sam):
    at = open_page("sam@example.org", "reflection.py")
    draft = journeys.latest_draft(stage=Stage.AFTER_SHARING, by=sam)
    # Signing out everywhere from another device ends this page's session too.
    auth.sign_out_everywhere(by=auth.sign_in(email="sam@example.org", password=PASSWORD).actor)
    at.text_area[0].input(LATE).run()
    assert journeys.get(entry_id=draft.id, by=sam).answers.get("what_shared") is None
    assert "sign in again" in at.session_state[f"error:answer:{draft.id}:what_shared"]
