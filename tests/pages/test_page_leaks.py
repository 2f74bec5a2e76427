"""Nobody sees on any page what they may not: generated organisations (tests/leak_world.py),
then every page each person may use, opened as that person with AppTest, with every item
shared with them opened too. The text written carries Markdown and HTML, so the same pass
checks that nothing anyone wrote renders live."""

import os

from hypothesis import HealthCheck, given, settings

from tests import leak_world
from tests.pages.apptest import signed_in_as, visit_every_page
from tests.pages.scan import HOSTILE, everything, live_markup

# Each organisation opens every page as every person; raise it for a deeper run
# (REFLECT_LEAK_PAGE_EXAMPLES=300 make test).
EXAMPLES = int(os.environ.get("REFLECT_LEAK_PAGE_EXAMPLES", "30"))


def check_pages(world: leak_world.Model) -> None:
    problems = []
    for reader in range(len(world.actors)):
        if not world.alive(reader):
            continue
        at = signed_in_as(world.person(reader).person_id)
        for page, at in visit_every_page(at, world.person(reader)):
            problems += world.leaks(reader, everything(at).replace("\\", "").replace("\u2060", ""), page)
            problems += [f"{page} as person {reader} renders live: {live}" for live in live_markup(at)]
    assert not problems, "\n".join(sorted(set(problems)))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(script=leak_world.SCRIPTS)
def _check_script(script):
    check_pages(leak_world.run(script, tail=HOSTILE))


def test_nobody_sees_on_any_page_what_they_may_not(sqlite_rt):
    _check_script()
