"""What a rerun does not do again (README, "What keeps pages flat"): analyse words it already
checked, parse a stored question set it already parsed, run a tab nobody chose, or load
Altair."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reflect.models import Role, Stage
from reflect.services import journeys, register
from tests import factories
from tests.conftest import CHECKOUT
from tests.pages.apptest import choose_tab, open_page, widget


@pytest.fixture
def member(sqlite_rt):
    org = factories.make_organisation()
    team = factories.make_team(org, "North")
    factories.make_person(org, roles=(Role.ADMIN,), email="admin@example.org")
    return factories.make_person(org, teams=(team,), email="sam@example.org", name="Sam Okafor")


def test_words_already_checked_are_not_analysed_again_on_a_rerun(member, monkeypatch):
    for n in range(3):
        register.add_entry(by=member, entry=register.EntryInput(category="skills", description=f"Juggling lesson {n}", visibility="team"))
    analysed: list[str] = []
    real = journeys.identifying

    def counted(text, **kwargs):
        analysed.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(journeys, "identifying", counted)
    at = open_page("sam@example.org", "my_talents.py")
    first = len(analysed)
    assert first >= 3  # each entry's words were checked once
    at.run()
    at.run()
    assert len(analysed) == first
    widget(at.text_area, "Describe it in a few words").input("Mentoring Sam Patel")
    at.run()
    assert analysed[first:] == ["Mentoring Sam Patel"]  # new words are checked at once


def test_a_stored_question_set_is_parsed_once_for_every_reader(member):
    entry = journeys.start(stage=Stage.IN_THE_MOMENT, by=member)
    journeys.save_answer(entry_id=entry.id, question_id="with_whom", value="colleague", by=member)
    journeys.list_mine(by=member)
    parsed = journeys.parsed_set.cache_info().misses
    for _ in range(3):
        journeys.list_mine(by=member)
        journeys.get(entry_id=entry.id, by=member)
    assert journeys.parsed_set.cache_info().misses == parsed


def test_people_and_teams_runs_only_the_chosen_tab(member):
    at = open_page("admin@example.org", "admin_people.py")
    labels = {w.label for w in at.text_input}
    assert "Search by name or e-mail" in labels and "New team name" not in labels
    choose_tab(at, "admin_section", "Teams")
    labels = {w.label for w in at.text_input}
    assert "New team name" in labels and "Search by name or e-mail" not in labels


def test_the_charts_do_not_load_altair_into_the_app_process(tmp_path):
    script = f"""
import sys
sys.path.insert(0, {str(CHECKOUT)!r})
from pathlib import Path
from reflect import runtime
from reflect.services import demo, scale
from reflect.services.access import SYSTEM
from tests.conftest import settings_for
from tests.pages.apptest import choose_tab, open_page
runtime.start(settings_for(Path({str(tmp_path)!r})))
scale.build(by=SYSTEM, factor=0.004)
mine = open_page(scale.HEAVY_USER, "my_reflections.py", password=demo.DEMO_PASSWORD)
assert mine.get("vega_lite_chart"), "no chart drawn"
choose_tab(open_page(scale.TEAM_LEAD, "register.py", password=demo.DEMO_PASSWORD), "register_tab", "Team figures")
print("altair" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=CHECKOUT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"
