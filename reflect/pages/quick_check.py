"""Quick check: a minute, a few taps, before sharing something personal."""

import streamlit as st

from reflect.domain import Stage
from reflect.services import journeys, supervision
from reflect.services.access import Permission
from reflect.ui import context, forms, places, summary
from reflect.ui.safe import md

actor = context.require(Permission.KEEP_OWN_REFLECTIONS)
FINISHED = "quick_check_finished"

st.title("Quick check")

finished_id = st.session_state.get(FINISHED)
if finished_id:
    done = journeys.get(entry_id=finished_id, by=actor)
    summary.show(done)
    if done.summary and done.summary.points_to_support:
        places.show(actor, moment="support")
    st.caption("Afterwards, a short reflection helps the learning stick.")
    shared_with = supervision.shared_episode_with(entry_ids=[done.id], by=actor)
    if shared_with:
        names = md(" and ".join(shared_with))
        st.info(
            f"This quick check is part of an episode you share with {names}. A reflection you write now stays private to you: "
            f"{names} sees only what the episode held when you shared it. You can share the reflection yourself from *My supervision*.",
            icon=":material/lock:",
        )
    left, right = st.columns(2)
    if left.button("Reflect on it afterwards", width="stretch"):
        episode_id = done.episode_id or journeys.link(entry_ids=[done.id], by=actor)
        journeys.start(stage=Stage.AFTER_SHARING, by=actor, episode_id=episode_id, follows=done.id)
        st.session_state.pop(FINISHED)
        st.switch_page(context.page_path("reflection.py"))
    if right.button("Start another check", width="stretch"):
        st.session_state.pop(FINISHED)
        st.rerun()
    st.stop()

entry = journeys.latest_draft(stage=Stage.IN_THE_MOMENT, by=actor) or journeys.start(stage=Stage.IN_THE_MOMENT, by=actor)
# The question set's own description says "not in front of the person": said once.
st.caption(entry.questions.description or "For the minute before a conversation, not in front of the person.")
item = entry.answers.get(journeys.PROFILE_ITEM)
if item:
    st.info("Started from your sharing profile. Your notes about this experience are in *My sharing profile*.")


# The entry as just read, for this run of the page; the form's own reruns (a fragment) read it
# again, since an answer saved there changes what it asks next.
just_read = [entry]


@st.fragment
def check_form() -> None:
    current = just_read.pop() if just_read else forms.live(lambda: journeys.get(entry_id=entry.id, by=actor), entry)
    forms.render(current, compact=True)
    for said in journeys.profile_said(current):  # once the audience is chosen
        st.info(md(said), icon=":material/person_book:")
    forms.saved_note(entry)


check_form()

if st.button("See my summary", type="primary", width="stretch"):
    try:
        journeys.complete(entry_id=entry.id, by=actor)
        st.session_state[FINISHED] = entry.id
        st.rerun()
    except journeys.NotReady as exc:
        texts = [entry.questions.question(q).text for q in exc.missing]
        st.warning(str(exc) + "\n" + "\n".join(f"- {t}" for t in texts))
