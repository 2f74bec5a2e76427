"""What a rerun does not do again (README, "What keeps pages flat"): analyse words it already
checked, parse a stored question set it already parsed, run a tab nobody chose, read every team
where no form offers them, or load Altair; and what the process keeps for good is frozen out of
full garbage collections."""

from __future__ import annotations

import os
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


def test_the_list_of_teams_is_read_only_where_a_form_offers_it(member, monkeypatch):
    from reflect.services import teams

    reads: list[bool] = []
    real = teams.list_teams

    def counted(**kwargs):
        reads.append(True)
        return real(**kwargs)

    monkeypatch.setattr(teams, "list_teams", counted)
    at = open_page("admin@example.org", "admin_people.py")
    at.run()
    assert reads == [] and at.dataframe  # the people are listed without reading every team
    choose_tab(at, "admin_section", "Add an account")
    assert reads and widget(at.multiselect, "Teams").options == ["North"]


def test_what_the_app_process_keeps_for_good_is_frozen_out_of_full_collections(tmp_path):
    script = f"""
import gc, sys
sys.path.insert(0, {str(CHECKOUT)!r})
from reflect import guard, runtime
before = gc.get_freeze_count()
runtime.current()  # the app server's first request starts the runtime this way
assert guard._analyzer is not None  # the language model is loaded with the phrasing guide
print(before, gc.get_freeze_count(), len(gc.get_objects()))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")} | {"REFLECT_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], cwd=CHECKOUT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    before, frozen, walked = map(int, done.stdout.split())
    assert before == 0 and walked < frozen / 100  # a full collection walks almost none of it


def test_pages_load_neither_altair_nor_the_passkey_and_workbook_libraries(tmp_path):
    """Altair (charts are written as Vega-Lite), py_webauthn (loaded by a passkey ceremony, not
    by the account page listing passkeys) and openpyxl (loaded by a workbook download) stay
    out of the app process until something needs them."""
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
account = open_page(scale.HEAVY_USER, "account.py", password=demo.DEMO_PASSWORD)
assert not account.exception and account.title
print(sorted(name for name in ("altair", "webauthn", "openpyxl") if name in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=CHECKOUT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
