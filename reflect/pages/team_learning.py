"""Team learning: short, de-identified notes colleagues chose to share from their reflections."""

import streamlit as st

from reflect.services import journeys
from reflect.services.access import Permission
from reflect.ui import context
from reflect.ui.safe import md

actor = context.require(Permission.READ_TEAM_LEARNING)

st.title("Team learning")
st.caption(
    "Notes colleagues wrote from their own reflections and chose to share, without names. "
    "Nothing else from anyone's reflections is ever shown here."
)
teams = journeys.my_teams(by=actor)
if not teams:
    st.write("You're not in a team yet. Your admin can add you to one.")
for team_id, team_name in teams:
    st.subheader(md(team_name))
    notes, total = journeys.team_notes(team_id=team_id, by=actor)
    if not notes:
        st.write("No learning notes yet. When you reflect after sharing, you can offer one.")
    for note in notes:
        with st.container(border=True):
            st.markdown(md(note.body))
            st.caption(note.approved_at.astimezone().strftime("%d %b %Y") + (" · yours" if note.is_mine else ""))
            if note.is_mine and st.button("Take this note back", key=f"withdraw:{note.id}"):
                journeys.withdraw_learning_note(note_id=note.id, by=actor)
                st.rerun()
