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


def _rerun_fragments_alone(at) -> None:
    """Rerun the page's fragments and nothing else, as a browser does when a widget inside one
    changes: the page's own code above them (its session check included) does not run. AppTest
    reruns whole pages only, so the rerun's request names the fragments, as Streamlit's does."""
    from unittest import mock

    from streamlit.testing.v1 import local_script_runner

    ids = list(at._fragment_storage._fragments)
    assert ids, "the page has no fragment"
    made = local_script_runner.RerunData
    with mock.patch.object(local_script_runner, "RerunData", lambda **kw: made(**kw, fragment_id_queue=ids)):
        at.run()


def _entry_reads_during(run) -> int:
    """How many statements read the entries table while `run` runs."""
    from sqlalchemy import event

    from reflect import runtime

    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if "FROM entries" in statement:
            seen.append(statement)

    engine = runtime.current().db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_a_fragment_rerun_after_sign_out_everywhere_reads_nothing_more(sam):
    """A tab left open elsewhere reads nothing more of what I keep private once I sign out
    everywhere, even where it reruns only the part of the page that holds the form."""
    at = open_page("sam@example.org", "reflection.py")
    assert _entry_reads_during(lambda: _rerun_fragments_alone(at)) > 0  # while the session lasts, the form reads the entry
    assert not at.exception
    auth.sign_out_everywhere(by=auth.sign_in(email="sam@example.org", password=PASSWORD).actor)
    assert _entry_reads_during(lambda: _rerun_fragments_alone(at)) == 0
    assert not at.exception
    assert "sign in again" in " ".join(i.value for i in at.info)
