"""My sharing profile: what I bring, who I'd share it with, and what I keep to myself."""

import streamlit as st

from reflect.domain import Stage
from reflect.questions.schema import ComfortGridQuestion
from reflect.questions import PRACTICE_ROLES
from reflect.services import journeys, practice_roles
from reflect.services.access import Permission
from reflect.ui import context, forms
from reflect.ui.feedback import flash_and_rerun, show_flash

actor = context.require(Permission.KEEP_OWN_REFLECTIONS)
entry = journeys.profile(by=actor)

st.title("My sharing profile")
if entry.questions.description:
    st.write(entry.questions.description)
if not entry.questions.description:
    st.caption("Private to you. It's a living document: come back and change it whenever things change.")
show_flash()

role = practice_roles.mine(by=actor)
with st.expander(f"My role: {role.label}", expanded=role.role is None):
    st.caption(
        "Peer support workers share their lived experience as the heart of their role; for other "
        "professionals it adds to their professional expertise; students and trainees talk it through "
        "with their practice assessor first. A few questions differ accordingly."
    )
    roles = list(PRACTICE_ROLES)
    chosen = st.radio(
        "Which describes you?", roles, format_func=PRACTICE_ROLES.get,
        index=roles.index(role.role) if role.role in roles else None,
    )
    professions = list(practice_roles.PROFESSIONS)
    profession = None
    if chosen in practice_roles.PROFESSION_ROLES:
        profession = st.selectbox(
            "Your profession" if chosen == "professional" else "The profession you're training for (optional)", professions, format_func=practice_roles.PROFESSIONS.get,
            index=professions.index(role.profession) if role.profession in professions else None,
            placeholder="Choose your profession",
        )
    if st.button("Save my role", disabled=chosen is None):
        practice_roles.set_mine(by=actor, role=chosen, profession=profession)
        flash_and_rerun("Saved. Your questions now fit your role.")


@st.fragment
def profile_form() -> None:
    forms.render(forms.live(lambda: journeys.get(entry_id=entry.id, by=actor), entry))
    forms.saved_note(entry)


profile_form()

if st.button("Save this version", type="primary", help="Keeps a copy in your profile's history."):
    journeys.complete(entry_id=entry.id, by=actor)
    # Said here, beside the button the person is looking at, not at the top of a long page.
    st.success("Saved this version. It's in *Earlier versions* below.", icon=":material/check_circle:")

grid = next((q for q in entry.questions.questions() if isinstance(q, ComfortGridQuestion)), None)
if grid is not None:
    st.subheader("Thinking of sharing one of these?")
    item = st.selectbox(
        "Experience",
        [row.id for row in grid.rows],
        format_func={row.id: row.label for row in grid.rows}.get,
        index=None,
        placeholder="Choose an experience",
    )
    if st.button("Start a quick check about it", disabled=item is None):
        journeys.start(stage=Stage.IN_THE_MOMENT, by=actor, profile_item=item)
        st.switch_page(str(context.page_path("quick_check.py")))

with st.expander("Earlier versions"):
    versions = journeys.history(entry_id=entry.id, by=actor)
    if not versions:
        st.write("No saved versions yet. Use *Save this version* to keep one.")
    for revision in versions:
        st.markdown(f"**{revision.saved_at.astimezone().strftime('%d %b %Y, %H:%M')}**")
        forms.show_answers(
            journeys.EntryView(
                id=entry.id, stage=entry.stage, questions=entry.questions, status="complete", answers=revision.answers,
                created_at=revision.saved_at, updated_at=revision.saved_at, completed_at=revision.saved_at, episode_id=None,
            )
        )
        st.divider()
