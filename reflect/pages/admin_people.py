"""People and teams: accounts, teams and supervision pairs. Admins never see content."""

import streamlit as st

from reflect.models import Role
from reflect.services import people
from reflect.services.access import Permission
from reflect.services.passwords import PasswordRejected
from reflect.ui import context
from reflect.ui.feedback import flash_and_rerun, show_flash

actor = context.require(Permission.ADMINISTER)
PER_PAGE = 50

st.title("People and teams")
st.caption("You can manage accounts here. Reflections and notes are never shown to admins.")
show_flash()

people_tab, teams_tab, pairs_tab = st.tabs(["People", "Teams", "Supervision pairs"])

with people_tab:
    search = st.text_input("Search by name or e-mail")
    page = st.number_input("Page", min_value=1, value=1, step=1)
    found, total = people.list_people(by=actor, search=search, page=int(page), per_page=PER_PAGE)
    st.dataframe(
        [
            {
                "Name": p.name,
                "E-mail": p.email,
                "Roles": ", ".join(r.label for r in p.roles),
                "Teams": ", ".join(p.teams),
                "Demo": "Yes" if p.is_demo else "",
            }
            for p in found
        ],
        hide_index=True,
    )
    st.caption(f"{total} account(s).")

    teams = people.list_teams(by=actor)
    with st.form("add_person", clear_on_submit=False):
        st.markdown("**Add an account**")
        name = st.text_input("Full name")
        email = st.text_input("E-mail address")
        roles = st.multiselect("Roles", list(Role), format_func=lambda r: r.label, default=[Role.PRACTITIONER])
        member_of = st.multiselect("Teams", [t.name for t in teams])
        lead_of = st.multiselect("Leads these teams", [t.name for t in teams])
        if st.form_submit_button("Add account"):
            try:
                _, generated = people.add_person(
                    name=name, email=email, roles=roles, teams=member_of, lead_of=lead_of, by=actor
                )
                flash_and_rerun(f"Account created. Their first password is shown once: `{generated}`")
            except (people.PeopleError, PasswordRejected) as exc:
                st.error(str(exc))

with teams_tab:
    st.dataframe([{"Team": t.name, "Members": t.members} for t in people.list_teams(by=actor)], hide_index=True)
    with st.form("add_team", clear_on_submit=True):
        team_name = st.text_input("New team name")
        if st.form_submit_button("Add team"):
            try:
                people.add_team(name=team_name, by=actor)
                flash_and_rerun("Team added.")
            except people.PeopleError as exc:
                st.error(str(exc))

with pairs_tab:
    pair_page = st.number_input("Page of pairs", min_value=1, value=1, step=1)
    pairs, pair_total = people.list_pairs(by=actor, page=int(pair_page), per_page=PER_PAGE)
    st.dataframe(
        [
            {
                "Supervisor": p.supervisor,
                "Supervisee": p.supervisee,
                "From": p.starts_on.isoformat(),
                "To": p.ends_on.isoformat() if p.ends_on else "",
                "Every (weeks)": p.frequency_weeks,
            }
            for p in pairs
        ],
        hide_index=True,
    )
    st.caption(f"{pair_total:,} pair(s), newest first.")
    with st.form("add_pair", clear_on_submit=True):
        supervisor = st.text_input("Supervisor's e-mail")
        supervisee = st.text_input("Supervisee's e-mail")
        weeks = st.number_input("Meet every (weeks)", min_value=1, max_value=26, value=4)
        if st.form_submit_button("Add pair"):
            try:
                people.add_pair(supervisor_email=supervisor, supervisee_email=supervisee, frequency_weeks=int(weeks), by=actor)
                flash_and_rerun("Supervision pair added.")
            except people.PeopleError as exc:
                st.error(str(exc))
