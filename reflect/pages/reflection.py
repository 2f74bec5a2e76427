"""Reflect after sharing: what happened, how it went, and what I'm taking away."""

import streamlit as st

from reflect.domain import Stage
from reflect.services import journeys, supervision
from reflect.services.access import Permission
from reflect.ui import context, forms, places
from reflect.ui.safe import md

actor = context.require(Permission.KEEP_OWN_REFLECTIONS)
FINISHED = "reflection_finished"

st.title("Reflect after sharing")

finished_id = st.session_state.get(FINISHED)
if finished_id:
    done = journeys.get(entry_id=finished_id, by=actor)
    st.success("Your reflection is saved. It's private to you unless you choose to share it.")
    if done.felt_exposed:
        places.show(actor, moment="exposed")
    note = done.answers.get("learning_note")
    teams = journeys.my_teams(by=actor)
    if done.answers.get("team_learning") == "yes" and note and teams:
        with st.container(border=True):
            st.subheader("Your learning note for the team")
            st.caption("This is exactly what your team will see, without your name. Nothing else from your reflection is shared.")
            st.markdown(md(note))
            team_id = st.selectbox("Share with", [t for t, _ in teams], format_func=dict(teams).get)
            if st.button("Approve and share with my team", type="primary"):
                try:
                    journeys.offer_learning_note(entry_id=done.id, team_id=team_id, body=note, by=actor)
                    st.success("Shared with your team. You can take it back from *Team learning* at any time.")
                except journeys.AnswerRejected as exc:
                    st.error(str(exc))
    if st.button("Write another reflection"):
        st.session_state.pop(FINISHED)
        st.rerun()
    st.stop()

entry = journeys.latest_draft(stage=Stage.AFTER_SHARING, by=actor) or journeys.start(stage=Stage.AFTER_SHARING, by=actor)
if entry.questions.description:
    st.caption(entry.questions.description)
if entry.episode_id:
    st.info("This reflection follows on from your quick check; *My reflections* shows them together.")
    shared_with = supervision.shared_episode_with(entry_ids=[entry.id], by=actor)
    if shared_with:
        names = md(" and ".join(shared_with))
        st.caption(
            f"You share that episode with {names}, but only what it held when you shared it. "
            "This reflection stays private to you until you share it yourself."
        )
else:
    checks, _ = journeys.list_mine(by=actor, filters=journeys.Filters(stage=Stage.IN_THE_MOMENT), per_page=10, with_total=False)
    if checks:
        choice = st.selectbox(
            "Is this about a quick check you did? (optional)",
            [c.id for c in checks],
            format_func=lambda i: next(
                f"Quick check, {c.completed_at.astimezone():%d %b %H:%M}" + (f" · {c.summary.label}" if c.summary else "")
                for c in checks
                if c.id == i
            ),
            index=None,
            placeholder="Not linked",
        )
        shared_with = supervision.shared_episode_with(entry_ids=[choice], by=actor) if choice is not None else []
        if shared_with:
            names = md(" and ".join(shared_with))
            st.warning(
                f"That quick check is part of an episode you share with {names}. Linking this reflection to it "
                f"does not share the reflection: {names} sees only what the episode held when you shared it.",
                icon=":material/lock:",
            )
        if choice is not None and st.button("Link them"):
            journeys.link(entry_ids=[choice, entry.id], by=actor)
            st.rerun()


@st.fragment
def reflection_form() -> None:
    forms.render(forms.live(lambda: journeys.get(entry_id=entry.id, by=actor), entry))
    forms.saved_note(entry)


reflection_form()

if st.button("Save my reflection", type="primary"):
    try:
        journeys.complete(entry_id=entry.id, by=actor)
        st.session_state[FINISHED] = entry.id
        st.rerun()
    except journeys.NotReady as exc:
        lines = [f"- {entry.questions.question(q).text}" for q in exc.missing]
        lines += [f"- Details that could identify someone in: {entry.questions.question(q.rpartition('.')[2]).text}" for q in exc.identifying]
        st.warning(str(exc) + "\n" + "\n".join(lines))
