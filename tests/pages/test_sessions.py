"""Pages after a session ends: an answer typed into an open form is not saved, and the
person is told to sign in again."""

import pytest

from reflect.models import Stage
from reflect.services import auth, journeys
from tests import factories
from tests.factories import PASSWORD
from tests.pages.apptest import open_page, texts

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


# --- A part of the page that reruns on its own (a fragment) ----------------------------------
# A widget inside a fragment reruns only the fragment, so the session check at the top of the
# page does not run: the fragment's own read must find that the session has ended.
EARLY = "words saved while the session lasted"


def _rerun_fragments_alone(at, monkeypatch) -> None:
    """Rerun the page's fragments and nothing else, as a browser does when a widget inside one
    changes. AppTest reruns whole pages only, so its rerun request names the fragments, as
    Streamlit's own request from the browser does; the fragments themselves run for real."""
    from streamlit.testing.v1 import local_script_runner

    ids = list(at._fragment_storage._fragments)
    assert ids, "the page has no fragment"
    made = local_script_runner.RerunData
    with monkeypatch.context() as patch:
        patch.setattr(local_script_runner, "RerunData", lambda **kw: made(**kw, fragment_id_queue=ids))
        at.run()
    assert not at.exception, at.exception


def _statements_reading(table: str, run) -> int:
    """How many statements the database ran on `table` while `run` ran (the page's reads of
    someone's words, as the database saw them)."""
    import re

    from sqlalchemy import event

    from reflect import runtime

    seen: list[str] = []
    pattern = re.compile(rf"\b(FROM|JOIN) {table}\b")

    def count(_conn, _cursor, statement, *_args) -> None:
        if pattern.search(statement):
            seen.append(statement)

    engine = runtime.current().db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _ended_notice(at) -> str:
    return " ".join(i.value for i in at.info if "session has ended" in i.value)


@pytest.mark.parametrize("script", ["reflection.py", "quick_check.py", "my_profile.py"])
def test_after_sign_out_everywhere_the_form_rerun_alone_reads_nothing_more_and_keeps_the_text(sam, script, monkeypatch):
    """A tab left open elsewhere reads nothing more of what I keep private once I sign out
    everywhere, even where only the form reruns; what I typed stays, and nothing is saved."""
    at = open_page("sam@example.org", script)
    box = at.text_area[0]
    key = box.key
    entry_id, question_id = int(key.split(":")[1]), key.split(":", 2)[2]
    box.input(EARLY)
    assert _statements_reading("entries", lambda: _rerun_fragments_alone(at, monkeypatch)) > 0  # while it lasts, the form reads the entry
    assert journeys.get(entry_id=entry_id, by=sam).answers.get(question_id) == EARLY
    auth.sign_out_everywhere(by=auth.sign_in(email="sam@example.org", password=PASSWORD).actor)
    at.text_area(key=key).input(LATE)
    assert _statements_reading("entries", lambda: _rerun_fragments_alone(at, monkeypatch)) == 0
    assert "Your session has ended" in _ended_notice(at)
    assert at.text_area(key=key).value == LATE
    assert journeys.get(entry_id=entry_id, by=sam).answers.get(question_id) == EARLY
    # The next rerun of the whole page asks to sign in, as it always has.
    at.run()
    assert not at.exception, at.exception
    assert "Your session has ended, so please sign in again. Everything you saved is kept." in texts(at)
    assert key not in [b.key for b in at.text_area]


def test_after_sign_out_everywhere_my_session_notes_rerun_alone_read_nothing_more_and_keep_the_text(sqlite_rt, monkeypatch):
    from datetime import date

    from reflect.services import supervision
    from tests import supervision_world
    from tests.pages.apptest import choose_tab

    world = supervision_world.build(factories.make_organisation())
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    supervision.save_notes(meeting_id=meeting_id, question_id="supervisor_example", value="When I told a client about my dad", by=world.north_supervisor)
    at = choose_tab(open_page("sam@example.org", "supervision.py"), "my_supervision_tab", "Sessions")
    box = next(b for b in at.text_area if b.key.endswith(":learned"))
    key = box.key
    box.input(EARLY)
    assert _statements_reading("supervision_notes", lambda: _rerun_fragments_alone(at, monkeypatch)) > 0
    auth.sign_out_everywhere(by=auth.sign_in(email="sam@example.org", password=PASSWORD).actor)
    at.text_area(key=key).input(LATE)
    assert _statements_reading("supervision_notes", lambda: _rerun_fragments_alone(at, monkeypatch)) == 0
    assert "Your session has ended" in _ended_notice(at)
    assert at.text_area(key=key).value == LATE
    assert supervision.my_notes(supervision.meeting(meeting_id=meeting_id, by=world.sam), world.sam).answers.get("learned") == EARLY
