"""The team's records on the register page: periodic reviews of the team's assets, with the
actions agreed, and notes on the team's culture. About the team, never individuals."""

from datetime import date

import streamlit as st

from reflect.dates import day
from reflect.services import team_records
from reflect.services.access import Actor, Permission, TeamActionRef, can
from reflect.ui.feedback import flash_and_rerun
from reflect.ui.safe import md

_INTRO = {
    "asset_review": (
        "Every so often, look at what the team has together: talents, contacts and experience, among "
        "staff and people using the service. The figures on 'Team figures' are a starting point. Record "
        "what you found and the actions you agreed, each with an owner."
    ),
    "culture": (
        "Notes on how the team works together: sharing by example, reflective practice, celebrating "
        "success, adjustments. They describe the team, never any one person."
    ),
}
ACTION_ROWS = 3


def show(actor: Actor, team_id: int, *, is_lead: bool) -> None:
    for kind, title in team_records.KINDS.items():
        st.subheader(title)
        st.caption(_INTRO[kind])
        if is_lead:
            _form(actor, team_id, kind)
        kept = team_records.records(by=actor, team_id=team_id, kind=kind)
        if not kept:
            st.write("Nothing recorded yet.")
        for record in kept:
            _show_record(actor, team_id, record)


def _show_record(actor: Actor, team_id: int, record: team_records.RecordView) -> None:
    with st.container(border=True):
        st.markdown(f"**{day(record.held_on)}**")
        st.caption(f"Kept by {md(record.author)}")
        for prompt, answer in record.answers:
            st.caption(prompt)
            st.text(answer)
        for action in record.actions:
            due = f", by {day(action.due_on)}" if action.due_on else ""
            status = "done" if action.done_at else "open"
            st.text(f"Action ({status}) for {action.owner}{due}: {action.text}")
            if action.done_at is None and can(actor, Permission.MARK_TEAM_ACTION_DONE, TeamActionRef(action.owner_id, team_id)):
                if st.button("Mark done", key=f"team-action-{action.id}"):
                    team_records.mark_done(by=actor, action_id=action.id)
                    flash_and_rerun("Marked done.")


def _form(actor: Actor, team_id: int, kind: str) -> None:
    with st.expander("Add a record"), st.form(f"team-record-{kind}", clear_on_submit=True):
        held_on = st.date_input("Date", value=date.today(), max_value=date.today(), key=f"{kind}-date", format="DD/MM/YYYY")
        answers = {
            q.id: st.text_area(q.text, max_chars=q.max_length, help=q.help, key=f"{kind}-{q.id}")
            for q in team_records.prompts(kind)
        }
        actions = []
        if kind == "asset_review":
            people = team_records.members(by=actor, team_id=team_id)
            names = dict(people)
            for row in range(ACTION_ROWS):
                text = st.text_input(f"Action {row + 1} agreed (optional)", max_chars=team_records.MAX_ACTION, key=f"{kind}-a{row}")
                owner = st.selectbox(f"Owner of action {row + 1}", list(names), format_func=names.get, key=f"{kind}-o{row}")
                due = st.date_input(f"Due date for action {row + 1} (optional)", value=None, key=f"{kind}-d{row}", format="DD/MM/YYYY")
                if text.strip():
                    actions.append(team_records.ActionInput(text=text, owner_id=owner, due_on=due))
        if st.form_submit_button("Save the record", type="primary"):
            try:
                team_records.record(by=actor, team_id=team_id, kind=kind, held_on=held_on, answers=answers, actions=actions)
            except team_records.TeamRecordError as error:
                st.error(str(error))
            else:
                flash_and_rerun("Saved for the team.")
