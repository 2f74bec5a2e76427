"""People and teams: accounts, teams and supervision pairs over time. Admins never see content."""

import streamlit as st

from reflect.domain import Role
from reflect.services import auth, errors, pairs, persons, supervision_kinds, teams
from reflect.services.access import Permission
from reflect.text import EMAIL_LIMIT, NAME_LIMIT
from reflect.ui import context
from reflect.ui.feedback import flash_and_rerun, show_flash
from reflect.ui.safe import md

actor = context.require(Permission.ADMINISTER)
PER_PAGE = 25


def _done(message: str, *keys: str) -> None:
    """After a change is saved: a fresh form (the typed values are kept only while a refusal
    asks for a correction), and the message."""
    for key in keys:
        st.session_state.pop(key, None)
    flash_and_rerun(message)


def _paged(fetch, key: str) -> tuple[list, int]:
    """One page of rows and their total, read with one call, and the page control drawn above
    them. The page shown is the one last chosen, or the first once that page no longer exists
    (as the control itself resets)."""
    page = int(st.session_state.get(key) or 1)
    rows, total = fetch(page)
    if page > 1 and page > -(-total // PER_PAGE):
        page = 1
        rows, total = fetch(page)
    pages = max(1, -(-total // PER_PAGE))
    if pages > 1:
        st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1, key=key)
    return rows, total


st.title("People and teams")
st.caption("You can manage accounts here. Reflections and notes are never shown to admins.")
show_flash()
one_time = st.session_state.pop("admin_one_time_password", None)
if one_time:
    st.info(f"The one-time password is shown once. Give it to them privately: `{one_time}`")

people_tab, add_tab, teams_tab, pairs_tab = st.tabs(
    ["People", "Add an account", "Teams", "Supervision pairs"], key="admin_section", on_change="rerun"
)


def _active_teams() -> list[str]:
    """Every open team's name, for choosing teams (read only where a form offers them)."""
    return [t.name for t in teams.list_teams(by=actor, include_archived=False, per_page=1000, with_members=False)[0]]


def _people() -> None:
    """The accounts, a page at a time, and the one chosen to manage."""
    search = st.text_input("Search by name or e-mail", max_chars=EMAIL_LIMIT)
    found, total = _paged(lambda page: persons.list_people(by=actor, search=search, page=page, per_page=PER_PAGE), "people_page")
    st.dataframe(
        [
            {
                "Name": p.name,
                "E-mail": p.email,
                "Roles": ", ".join(r.label for r in p.roles),
                "Teams": ", ".join(p.teams),
                "Status": p.status,
                "Demo": "Yes" if p.is_demo else "",
            }
            for p in found
        ],
        hide_index=True,
    )
    st.caption(f"{total} account(s).")
    if not found:
        return
    st.subheader("Manage an account")
    labels = {p.id: f"{p.name} <{p.email}>" for p in found}
    chosen = st.selectbox("Account", list(labels), format_func=labels.get, index=None, placeholder="Choose an account")
    if chosen is not None:
        _manage_account(chosen)


ASKING = "admin_asking"  # (what, person id): a change that ends someone's sessions waits for a yes
QUESTIONS = {
    "deactivate": ("Deactivate {name}? They can't sign in, and every session of theirs ends at once. Everything they wrote is kept.", "Yes, deactivate"),
    "reset": ("Reset {name}'s password? Every session of theirs ends at once, and they sign in with a one-time password.", "Yes, reset the password"),
}


def _confirm_account_change(chosen: int, name: str) -> None:
    """Ask before an account change that ends someone's sessions; act on a yes."""
    asking = st.session_state.get(ASKING)
    if not asking or asking[1] != chosen:
        return
    question, yes = QUESTIONS[asking[0]]
    with st.container(border=True, key="admin-asking"):
        st.warning(question.format(name=md(name)), icon=":material/help:")
        left, right = st.columns(2)
        if right.button("No, leave it", key="admin_asking_no"):
            st.session_state.pop(ASKING, None)
            st.rerun()
        if left.button(yes, type="primary", key="admin_asking_yes"):
            st.session_state.pop(ASKING, None)
            if asking[0] == "deactivate":
                ended = persons.deactivate(person_id=chosen, by=actor)
                flash_and_rerun(f"Account deactivated; {ended} session(s) ended. Everything they wrote is kept.")
            st.session_state["admin_one_time_password"] = persons.reset_password(person_id=chosen, by=actor)
            flash_and_rerun("Password reset. Their sessions have ended.")


def _manage_account(chosen: int) -> None:
    """One account: its details, its changes, and erasing it."""
    detail = persons.show(person_id=chosen, by=actor)
    st.markdown(
        f"**{md(detail.name)}** · {md(detail.status)} · {detail.live_sessions} live session(s)  \n"
        f"Supervises: {md(', '.join(detail.supervises) or 'nobody')} · "
        f"Supervised by: {md(', '.join(detail.supervised_by) or 'nobody')}"
    )
    with st.form("change_person"):
        new_name = st.text_input("Name", value=detail.name, max_chars=NAME_LIMIT)
        new_email = st.text_input("E-mail", value=detail.email or "", max_chars=EMAIL_LIMIT)
        new_roles = st.multiselect("Roles", list(Role), default=list(detail.roles), format_func=lambda r: r.label)
        choices = sorted(set(_active_teams()) | set(detail.teams))
        new_teams = st.multiselect("Member of", choices, default=list(detail.teams))
        new_leads = st.multiselect("Leads", choices, default=list(detail.leads))
        if st.form_submit_button("Save changes"):
            try:
                persons.update(
                    person_id=chosen, name=new_name, email=new_email, roles=new_roles, teams=new_teams, lead_of=new_leads, by=actor
                )
                flash_and_rerun("Account updated.")
            except errors.Refused as exc:
                st.error(str(exc))
    columns = st.columns(4)
    try:
        if detail.deactivated_at is None:
            if columns[0].button("Deactivate", help="Sign-in is refused and every session ends at once. Their content is kept."):
                st.session_state[ASKING] = ("deactivate", chosen)
        elif columns[0].button("Reactivate"):
            persons.reactivate(person_id=chosen, by=actor)
            flash_and_rerun("Account reactivated: they can sign in again.")
        if columns[1].button("Reset password", help="A one-time password that they must change when they sign in."):
            st.session_state[ASKING] = ("reset", chosen)
        _confirm_account_change(chosen, detail.name)
        if columns[2].button("Unlock", help="Lift the pause after several failed sign-ins."):
            lifted = persons.unlock(person_id=chosen, by=actor)
            flash_and_rerun("Pause lifted: they can sign in now." if lifted else "This account wasn't paused.")
        if columns[3].button("End all their sessions", help="For a lost phone or a shared computer. They can sign in again."):
            ended = auth.end_all_sessions_of(person_id=chosen, by=actor)
            flash_and_rerun(f"Done: {ended} session(s) ended. They will need to sign in again.")
    except errors.Refused as exc:
        st.error(str(exc))
    with st.expander("Erase this account"):
        st.write(
            "Erasing destroys everything this person wrote, for good (backups included), and removes "
            "their name and e-mail. It can't be undone. You won't see any of their content."
        )
        with st.form("erase_person", clear_on_submit=True):
            typed = st.text_input("Type their e-mail address to confirm", max_chars=EMAIL_LIMIT)
            if st.form_submit_button("Erase for good", type="primary"):
                try:
                    persons.erase(person_id=chosen, confirm_email=typed, by=actor)
                    flash_and_rerun("Account erased and recorded in the erasure ledger.")
                except errors.Refused as exc:
                    st.error(str(exc))


with people_tab:
    if people_tab.open:  # only the chosen tab runs
        _people()

with add_tab:
    if add_tab.open:  # only the chosen tab runs
        active_teams = _active_teams()
        with st.form("add_person", clear_on_submit=False):
            name = st.text_input("Full name", key="add_person_name", max_chars=NAME_LIMIT)
            email = st.text_input("E-mail address", key="add_person_email", max_chars=EMAIL_LIMIT)
            roles = st.multiselect("Roles", list(Role), format_func=lambda r: r.label, default=[Role.PRACTITIONER], key="add_person_roles")
            member_of = st.multiselect("Teams", active_teams, key="add_person_teams")
            lead_of = st.multiselect("Leads these teams", active_teams, key="add_person_leads")
            if st.form_submit_button("Add account"):
                try:
                    _, generated = persons.add(
                        name=name, email=email, roles=roles, teams=member_of, lead_of=lead_of, by=actor
                    )
                    # Kept after an error so it can be corrected; a fresh form after success, so the
                    # next account doesn't silently get the last one's teams.
                    for key in ("add_person_name", "add_person_email", "add_person_roles", "add_person_teams", "add_person_leads"):
                        st.session_state.pop(key, None)
                    flash_and_rerun(f"Account created. Their first password is shown once: `{generated}`")
                except errors.Refused as exc:
                    st.error(str(exc))

with teams_tab:
    if teams_tab.open:  # only the chosen tab runs
        team_search = st.text_input("Search teams", max_chars=NAME_LIMIT)
        team_rows, _ = _paged(
            lambda page: teams.list_teams(by=actor, search=team_search, page=page, per_page=PER_PAGE), "teams_page"
        )
        st.dataframe(
            [
                {"Team": t.name, "Members": t.members, "Archived": t.archived_at.strftime("%d %b %Y") if t.archived_at else ""}
                for t in team_rows
            ],
            hide_index=True,
        )
        live_teams = {t.id: t.name for t in team_rows if t.archived_at is None}
        if live_teams:
            team_id = st.selectbox("Team to change", list(live_teams), format_func=live_teams.get, index=None, placeholder="Choose a team")
            if team_id is not None:
                with st.form("rename_team"):
                    new_team_name = st.text_input("New name for this team", max_chars=NAME_LIMIT, key="rename_team_name")
                    if st.form_submit_button("Rename team"):
                        try:
                            teams.rename(team_id=team_id, name=new_team_name, by=actor)
                            _done("Team renamed.", "rename_team_name")
                        except errors.Refused as exc:
                            st.error(str(exc))
                if st.button("Archive team", help="Members and records stay; nobody new can join."):
                    try:
                        teams.archive(team_id=team_id, by=actor)
                        flash_and_rerun("Team archived.")
                    except errors.Refused as exc:  # a second click, after the first archived it
                        st.info(str(exc))
        with st.form("add_team"):
            team_name = st.text_input("New team name", max_chars=NAME_LIMIT, key="add_team_name")
            if st.form_submit_button("Add team"):
                try:
                    teams.add(name=team_name, by=actor)
                    _done("Team added.", "add_team_name")
                except errors.Refused as exc:
                    st.error(str(exc))

with pairs_tab:
    if pairs_tab.open:  # only the chosen tab runs
        kind_options = supervision_kinds.options()
        pair_search = st.text_input("Search pairs by name or e-mail", max_chars=EMAIL_LIMIT)
        active_only = st.toggle("Active pairs only")
        pair_rows, _ = _paged(
            lambda page: pairs.list_pairs(by=actor, search=pair_search, active_only=active_only, page=page, per_page=PER_PAGE),
            "pairs_page",
        )
        st.dataframe(
            [
                {
                    "Supervisor": p.supervisor,
                    "Supervisee": p.supervisee,
                    "From": p.starts_on.isoformat(),
                    "To": p.ends_on.isoformat() if p.ends_on else "",
                    "Every (weeks)": p.frequency_weeks,
                    "Kinds": ", ".join(kind_options.get(k, k) for k in p.kinds),
                    "Active": "Yes" if p.active else "No",
                }
                for p in pair_rows
            ],
            hide_index=True,
        )
        live_pairs = {p.id: f"{p.supervisor} supervising {p.supervisee}" for p in pair_rows if p.active}
        if live_pairs:
            pair_id = st.selectbox("Pair to change", list(live_pairs), format_func=live_pairs.get, index=None, placeholder="Choose a pair")
            if pair_id is not None:
                if st.button(
                    "End this pair now",
                    help="The supervisor loses access to its records at once, their own notes and their My data download "
                    "included; the supervisee keeps all of theirs.",
                ):
                    try:
                        pairs.end(pair_id=pair_id, by=actor)
                        flash_and_rerun("Pair ended. The supervisor no longer sees anything of this supervisee's, nor the pair's records.")
                    except errors.Refused as exc:  # a second click, after the first ended it
                        st.info(str(exc))
                with st.form("change_pair"):
                    every = st.number_input("Meet every (weeks)", min_value=1, max_value=26, value=4, key="change_weeks")
                    current_kinds = next((list(p.kinds) for p in pair_rows if p.id == pair_id), [])
                    new_kinds = st.multiselect(
                        "Kinds of supervision", list(kind_options), default=current_kinds, format_func=kind_options.get, key=f"change_kinds:{pair_id}",
                        help="Both people in the pair see these. In line management, the personal prompts are offered only if the supervisee turns them on.",
                    )
                    new_supervisor = st.text_input(
                        "New supervisor's e-mail (optional: ends this pair and starts a new one today)", max_chars=EMAIL_LIMIT, key="change_pair_supervisor"
                    )
                    if st.form_submit_button("Save pair changes"):
                        try:
                            pairs.change(
                                pair_id=pair_id, frequency_weeks=int(every), supervisor_email=new_supervisor.strip() or None, kinds=new_kinds, by=actor
                            )
                            _done("Pair updated.", "change_weeks", "change_pair_supervisor")
                        except errors.Refused as exc:
                            st.error(str(exc))
        with st.form("add_pair"):
            supervisor = st.text_input("Supervisor's e-mail", max_chars=EMAIL_LIMIT, key="add_pair_supervisor")
            supervisee = st.text_input("Supervisee's e-mail", max_chars=EMAIL_LIMIT, key="add_pair_supervisee")
            weeks = st.number_input("Meet every (weeks)", min_value=1, max_value=26, value=4, key="add_pair_weeks")
            add_kinds = st.multiselect(
                "Kinds of supervision", list(kind_options), format_func=kind_options.get, key="add_pair_kinds",
                help="Clinical, professional, line management or practice (peer): choose any that apply. Both people in the pair see these.",
            )
            if st.form_submit_button("Add pair"):
                try:
                    pairs.add(supervisor_email=supervisor, supervisee_email=supervisee, frequency_weeks=int(weeks), kinds=add_kinds, by=actor)
                    _done("Supervision pair added.", "add_pair_supervisor", "add_pair_supervisee", "add_pair_weeks", "add_pair_kinds")
                except errors.Refused as exc:
                    st.error(str(exc))
