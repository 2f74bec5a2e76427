"""No page says the same sentence twice: each page, as each demo role first sees it."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from reflect import navigation
from reflect.services import demo
from reflect.services.access import SYSTEM
from tests.pages.apptest import new_app, sign_in

ROLES = ["practitioner@example.org", "supervisor@example.org", "lead@example.org", "admin@example.org"]


def _sentences(at) -> list[str]:
    """Every whole sentence the page says in its prose: titles, text, captions and alerts.
    Short phrases ("Seen by my team") and the labels of a form repeated for each entry may
    fairly repeat. The page itself, not the sidebar: a phone shows the same menu from a
    button instead."""
    at = at.main
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)]
    parts += [e.value for e in (*at.info, *at.warning, *at.error, *at.success)]
    found = []
    for part in parts:
        plain = " ".join(re.sub(r"[*_`\\]|:material/[a-z_]+:", "", str(part)).split())
        found += [s for s in re.split(r"(?<=[.!?])\s+", plain) if len(s.split()) >= 5 and s.endswith((".", "!", "?"))]
    return found


@pytest.fixture(scope="module")
def demo_org(tmp_path_factory):
    from reflect import runtime
    from tests.conftest import settings_for

    runtime.start(settings_for(tmp_path_factory.mktemp("said-once")))
    demo.load(by=SYSTEM)
    yield
    runtime.stop()


@pytest.mark.parametrize("email", ROLES)
def test_no_page_says_the_same_sentence_twice(demo_org, email):
    at = sign_in(new_app(), email, demo.DEMO_PASSWORD)
    actor = at.session_state["reflect_actor"]
    repeated = {}
    for spec in navigation.pages_for(actor):
        at.switch_page(str(spec.path))
        at.run()
        assert not at.exception, (spec.title, at.exception)
        twice = [s for s, n in Counter(_sentences(at)).items() if n > 1]
        if twice:
            repeated[spec.title] = twice
    assert repeated == {}, repeated


# Said twice in other words before (a caption echoing the question set's own description):
# each now once on its page.
ONCE = {"Quick check": "not in front of the person", "My sharing profile": "whenever things change"}


@pytest.mark.parametrize("title", sorted(ONCE))
def test_a_page_says_its_reminder_once(demo_org, title):
    at = sign_in(new_app(), "practitioner@example.org", demo.DEMO_PASSWORD)
    spec = next(s for s in navigation.PAGES if s.title == title)
    at.switch_page(str(spec.path))
    at.run()
    assert not at.exception, at.exception
    assert " ".join(_sentences(at)).lower().count(ONCE[title]) == 1
