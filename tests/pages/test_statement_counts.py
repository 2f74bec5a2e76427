"""Statement counts of the key pages on a small organisation built like the large one.

Every list here holds more rows than the limit (the heavy user has 2,000 entries, each pair
12 sessions, the register hundreds of entries), so a page that ran a statement per row would
fail. Counts, not timings: timings live in bench/org_scale.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event, func, select
from streamlit.testing.v1 import AppTest

from reflect import navigation, runtime
from reflect.models import AuditEvent
from reflect.services import auth, demo, scale
from reflect.services.access import SYSTEM
from reflect.ui import context
from tests.pages.apptest import APP

MAX_STATEMENTS = 20


@pytest.fixture(scope="module")
def small_org(tmp_path_factory) -> Iterator[runtime.Runtime]:
    from tests.conftest import settings_for

    started = runtime.start(settings_for(tmp_path_factory.mktemp("scale")))
    scale.build(by=SYSTEM, factor=0.004)
    yield started
    runtime.stop()


def _statements_on_rerun(rt: runtime.Runtime, email: str, script: str, tab: tuple[str, str] | None = None) -> int:
    token = auth.sign_in(email=email, password=demo.DEMO_PASSWORD).token
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[context.TOKEN_KEY] = token
    at.run()
    at.switch_page(str(navigation.PAGES_DIR / script))
    if tab:
        at.session_state[tab[0]] = tab[1]
    at.run()
    assert not at.exception, at.exception
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    event.listen(rt.db.engine, "before_cursor_execute", count)
    try:
        at.run()
    finally:
        event.remove(rt.db.engine, "before_cursor_execute", count)
    assert not at.exception, at.exception
    return len(seen)


PRACTITIONER = scale.email(7)
KEY_PAGES = [
    (PRACTITIONER, "home.py", None),
    (PRACTITIONER, "register.py", None),
    (scale.TEAM_LEAD, "register.py", ("register_tab", "Team figures")),
    (PRACTITIONER, "supervision.py", None),
    (PRACTITIONER, "supervision.py", ("my_supervision_tab", "Sessions")),
    (scale.SUPERVISOR, "supervisees.py", None),
    (scale.SUPERVISOR, "supervisees.py", ("my_supervisees_tab", "Sessions")),
    (PRACTITIONER, "team_learning.py", None),
    (scale.HEAVY_USER, "my_reflections.py", None),
    (scale.ADMIN, "admin_people.py", None),
]


@pytest.mark.parametrize(("email", "script", "tab"), KEY_PAGES, ids=[f"{e.split('@')[0]}-{s}-{t[1] if t else ''}" for e, s, t in KEY_PAGES])
def test_key_page_runs_a_bounded_number_of_statements(small_org, email, script, tab):
    statements = _statements_on_rerun(small_org, email, script, tab)
    print(f"{email} {script} {tab}: {statements}")
    assert statements <= MAX_STATEMENTS


def _note_reads(rt: runtime.Runtime) -> int:
    with rt.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "learning_note_read"))


def test_showing_team_learning_again_records_no_new_reading(small_org):
    _statements_on_rerun(small_org, scale.email(8), "team_learning.py")
    first = _note_reads(small_org)
    _statements_on_rerun(small_org, scale.email(8), "team_learning.py")
    assert first > 0 and _note_reads(small_org) == first
