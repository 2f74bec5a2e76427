"""The register pages in the real app (AppTest): the right people see the right entries, and
people's words always show as inert text."""

import pytest

from reflect.models import Role
from reflect.services import register
from tests import factories
from tests.factories import PASSWORD
from tests.pages.apptest import choose_tab, new_app, open_page, page_path, sign_in, texts, widget

XSS = "<script>alert(1)</script> [x](javascript:alert(1))"


@pytest.fixture
def people(sqlite_rt):
    org = factories.make_organisation()
    north, crisis = factories.make_team(org, "North"), factories.make_team(org, "Crisis")
    return {
        "north": north,
        "member": factories.make_person(org, teams=(north,), email="member@example.org", name="Nia North"),
        "north_lead": factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(north,), email="nlead@example.org"),
        "crisis_lead": factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(crisis,), email="clead@example.org"),
        "admin": factories.make_person(org, roles=(Role.ADMIN,), email="admin@example.org"),
    }




def all_text_elements(at) -> list[str]:
    return [t.value for t in at.text]


def register_cells(at) -> str:
    """Every cell of the register's tables, as the person reads them (people's words are
    given to the table with Markdown escaped, so they show exactly as typed)."""
    cells = [str(v) for df in (*at.dataframe, *at.table) for v in df.value.to_numpy().ravel()]
    # The escaping leaves backslashes and an invisible word joiner after a colon, neither shown.
    return "\n".join(cells).replace("\\", "").replace("\u2060", "")


def test_my_talents_adds_an_entry_and_shows_hostile_text_inert(people):
    at = open_page("member@example.org", "my_talents.py")
    assert at.title[0].value == "My talents"
    widget(at.text_area, "Describe it in a few words").input(XSS)
    widget(at.button, "Add to the register").click()
    at.run()
    assert not at.exception, at.exception
    assert "Added." in texts(at)
    assert XSS in all_text_elements(at)  # shown by st.text: plain text, no HTML, no links
    assert all("javascript:" not in m.value and "<script>" not in m.value for m in at.markdown)
    assert [e.description for e in register.my_entries(by=people["member"])] == [XSS]


def test_register_page_shows_a_team_entry_to_the_team_and_not_to_another_lead(people):
    register.add_entry(by=people["member"], entry=register.EntryInput(category="skills", description=XSS, visibility="team"))
    register.add_entry(by=people["member"], entry=register.EntryInput(category="skills", description="Open juggling", visibility="organisation"))

    lead_view = open_page("nlead@example.org", "register.py")
    assert lead_view.title[0].value == "Team register"
    assert XSS in register_cells(lead_view) and "Open juggling" in register_cells(lead_view)
    assert all("javascript:" not in m.value for m in lead_view.markdown)
    assert "Lead tools" in [t.label for t in lead_view.tabs]

    other_view = open_page("clead@example.org", "register.py")
    assert "Open juggling" in register_cells(other_view)
    assert XSS not in register_cells(other_view) and "alert" not in texts(other_view)
    widget(other_view.text_input, "Search words").input("alert")
    other_view.run()
    assert "alert" not in register_cells(other_view) and "0 entries found." in texts(other_view)


def test_team_figures_explain_why_they_are_hidden_below_five_people(people):
    register.add_entry(by=people["member"], entry=register.EntryInput(category="skills", description="Juggling", visibility="team"))
    at = choose_tab(open_page("member@example.org", "register.py"), "register_tab", "Team figures")
    assert "at least 5 people" in texts(at)
    assert "Lead tools" not in [t.label for t in at.tabs]


def test_matching_warns_about_identifying_details(people):
    at = choose_tab(open_page("nlead@example.org", "register.py"), "register_tab", "Find a match")
    widget(at.text_area, "Their interests or background").input("football, lives at 14 Acacia Road")
    widget(at.button, "Find people").click()
    at.run()
    assert any("identifying details" in w.value for w in at.warning)


def test_biography_page_saves_previews_and_approves(people):
    at = open_page("member@example.org", "biography.py")
    widget(at.text_area, "Why you work here.").input("<b>People</b> [x](javascript:alert(1))")
    widget(at.button, "Save draft").click()
    at.run()
    assert "Draft" in texts(at)
    assert "<b>People</b> [x](javascript:alert(1))" in all_text_elements(at)
    widget(at.button, "Approve for the leaflet").click()
    at.run()
    assert "Approved" in texts(at)


def test_admins_do_not_get_the_register_pages(people):
    at = sign_in(new_app(), "admin@example.org", PASSWORD)
    for script in ("register.py", "my_talents.py", "biography.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page_path(script))


def test_personal_experience_in_my_talents_defaults_to_the_team_and_offers_the_download_opt_in(people):
    at = open_page("member@example.org", "my_talents.py")
    widget(at.selectbox, "Category").select("personal_experience")
    at.run()

    assert widget(at.radio, "Who may see it").value == "team"
    opt_in = widget(at.checkbox, "Include this entry when someone downloads the register (CSV or spreadsheet)")
    assert opt_in.value is False
    widget(at.text_area, "Describe it in a few words").input("Caring for my mum")
    widget(at.button, "Add to the register").click()
    at.run()
    assert not at.exception, at.exception
    [mine] = register.my_entries(by=people["member"])
    assert (mine.visibility, mine.export_ok) == ("team", False)
    assert "Left out of downloads" in texts(at)


def test_the_lead_keeps_a_team_review_with_an_owned_action_and_the_team_reads_it(people):
    at = open_page("nlead@example.org", "register.py")
    assert "Team review" in [t.label for t in at.tabs]
    choose_tab(at, "register_tab", "Team review")
    widget(at.text_area, "Looking at the register and its figures, what talents, contacts and experience did we find in the team, "
           "including among people using the service?").input("Two Urdu speakers and a link to the allotment society.")
    widget(at.text_input, "Action 1 agreed (optional)").input("Ask the allotment society about a taster day")
    widget(at.selectbox, "Owner of action 1").select(people["member"].person_id)
    next(b for b in at.button if b.label == "Save the record" and "asset_review" in b.form_id).click()
    at.run()
    assert not at.exception, at.exception

    member = choose_tab(open_page("member@example.org", "register.py"), "register_tab", "Team review")
    shown = "\n".join(all_text_elements(member))
    assert "Two Urdu speakers and a link to the allotment society." in shown
    assert "Ask the allotment society about a taster day" in shown
    assert "Gaps the team might look to fill" not in texts(member)


@pytest.mark.parametrize(("query", "count"), [("", register.COUNT_CAP + 130), ("football", 1_300)])
def test_the_register_pages_past_the_count_cap_to_the_last_entry_and_back(people, query, count):
    from reflect.services.access import SYSTEM

    generated = register.load_synthetic(by=SYSTEM, owners=[(people["member"].person_id, people["north"])], count=count, seed=3)
    wanted = register.words(query)
    matching = {g.entry_id for g in generated if wanted <= register.words(g.description)}
    at = open_page("member@example.org", "register.py")
    if query:
        widget(at.text_input, "Search words").input(query)
        at.run()
    assert len(matching) > register.COUNT_CAP  # the matches run past the count's cap
    seen, pages = [], 0
    while True:
        pages += 1
        shown = at.table[0].value["Description"].tolist()
        first, last = (pages - 1) * 20 + 1, (pages - 1) * 20 + len(shown)
        narrow = "; words or a category narrow them down."
        if query:  # a search counts what it has found so far, and is exact on its last page
            of = f"more than {last}" if last < len(matching) else f"{last}"
            found = f"{len(matching):,} entries found." if last == len(matching) else f"More than {last:,} entries found"
            found += narrow if register.COUNT_CAP <= last < len(matching) else "." if last < len(matching) else ""
        else:  # the listing counts up to the cap
            of, found = f"more than {register.COUNT_CAP}", f"More than {register.COUNT_CAP} entries found{narrow}"
        assert f"{first}–{last} of {of}" in texts(at)
        assert found in texts(at)
        seen += shown
        following = widget(at.button, "Next")
        if following.disabled:
            break
        following.click()
        at.run()
        assert not at.exception, at.exception
    assert len(seen) == len(matching) and pages == -(-len(matching) // 20)
    widget(at.button, "Previous").click()
    at.run()
    assert at.table[0].value["Description"].tolist() == seen[-len(shown) - 20 : -len(shown)]


def test_an_entry_a_restore_held_back_waits_in_my_talents_until_its_owner_publishes_it(people, tmp_path):
    from reflect.services import backup
    from reflect.services.access import SYSTEM

    wide = register.EntryInput(category="skills", description="Open juggling", visibility="organisation")
    entry_id = register.add_entry(by=people["member"], entry=wide)
    backup.backup(path=tmp_path / "before.db", by=SYSTEM)
    register.update_entry(by=people["member"], entry_id=entry_id, entry=register.EntryInput(category="skills", description="Juggling", visibility="team"))
    backup.restore(path=tmp_path / "before.db", by=SYSTEM)

    at = open_page("member@example.org", "my_talents.py")

    assert not at.exception, at.exception
    assert "1 of your entries is waiting for you" in texts(at)
    widget(at.button, "Publish as it is").click()
    at.run()
    assert [e.published for e in register.my_entries(by=people["member"])] == [True]


def _as_read(cell: str) -> str:
    """A `st.table` cell as the person reads it: its Markdown rendered (CommonMark, as the
    browser does) must make no link, emphasis or other tag; the invisible word joiner left out."""
    import html

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").renderInline(cell)
    assert "<" not in rendered, rendered
    return html.unescape(rendered).replace("\u2060", "")


LEAD_ROLE = "Family, friends and carers lead: family work [x](https://example.org) *not bold*"


def test_the_register_tables_show_peoples_words_as_typed_with_no_backslash(people):
    register.add_entry(by=people["north_lead"], entry=register.EntryInput(
        category="expertise_lead_roles", description=LEAD_ROLE, visibility="team",
        willing_to=("offer_to_people_supported", "support_colleagues", "run_group"),
    ))
    register.add_entry(by=people["member"], entry=register.EntryInput(
        category="languages", description="Polish at home", language="Polish", level="conversational", visibility="team",
    ))

    at = open_page("nlead@example.org", "register.py")
    search = {c: [_as_read(v) for v in at.table[0].value[c]] for c in at.table[0].value.columns}
    figures = choose_tab(at, "register_tab", "Team figures")
    lead_roles = figures.table[0].value

    assert not figures.dataframe  # no plain-text grid, where an escape would show as a backslash
    assert [_as_read(v) for v in lead_roles["Description"]] == [LEAD_ROLE]
    assert _as_read(lead_roles["Willing to"].iloc[0]) == (
        "Offer it to people using the service; Support colleagues with it; Run a group or activity"
    )
    assert LEAD_ROLE in search["Description"]
    assert "Languages: Polish (Conversational)" in search["Category"]
