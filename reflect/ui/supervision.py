"""Pieces both sides of a supervision pair see: the rhythm notice, session records, each
side's notes, actions, and the summary PDF."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

import streamlit as st

from reflect.dates import day
from reflect.services import supervision
from reflect.services.access import Actor
from reflect.ui import forms
from reflect.ui import supervision_records as records
from reflect.ui.feedback import flash_and_rerun
from reflect.ui.safe import md

PER_PAGE = 5


def rhythm(pair: supervision.PairView, actor: Actor) -> None:
    """Whether supervision is due, against the pair's agreed frequency: shown to both."""
    records.kinds(pair)
    other = pair.other(actor.person_id)
    every = "every week" if pair.frequency_weeks == 1 else f"every {pair.frequency_weeks} weeks"
    last = f"Your last session was on {day(pair.last_held_on)}." if pair.last_held_on else "No sessions are recorded yet."
    if pair.overdue:
        st.warning(
            f"{last} You agreed to meet {every}, so a session was due on {day(pair.due_on)}. "
            f"It may be worth finding a time with {md(other)} soon.",
            icon=":material/event_busy:",
        )
    else:
        agreed = f" You agreed {day(pair.next_on)} for the next one." if pair.next_on and pair.next_on >= pair.today else ""
        st.caption(f"{last} You meet {every}; the next session is due by {day(pair.due_on)}.{agreed}")


def shared_item_dialog(content: supervision.SharedContent, open_key: str) -> None:
    """An opened shared item in a dialog over the list, its title as the dialog's heading."""

    def close() -> None:
        st.session_state.pop(open_key, None)

    def body() -> None:
        labels = " · ".join(content.categories + content.audiences)
        st.caption(f"Shared {day(content.shared_at)}" + (f" · {md(labels)}" if labels else ""))
        for heading, lines in content.sections:
            if len(content.sections) > 1:  # one part alone is what the dialog's heading names
                st.markdown(f"**{md(heading)}**")
            for question, answer in lines:
                st.markdown(f"*{md(question)}*  \n{md(answer)}")
        if st.button("Close this item", key="close_item"):
            close()
            st.rerun()

    st.dialog(content.title, width="large", on_dismiss=close)(body)()


def _notes_saver(meeting_id: int):
    def save(_entry_id: Any, question_id: str, value: Any, by: Actor) -> datetime:
        return supervision.save_notes(meeting_id=meeting_id, question_id=question_id, value=value, by=by)

    return save


def _notes_on_screen(view: supervision.MeetingView, actor: Actor) -> supervision.MeetingView:
    """The session record with my notes as this tab's widgets hold them, and no others'."""
    mine = forms.on_screen(supervision.my_notes(view, actor))
    side = "supervisor_notes" if mine.author_id == view.supervisor_notes.author_id else "supervisee_notes"
    return dataclasses.replace(view, **{side: mine})


def show_meeting(view: supervision.MeetingView, pair: supervision.PairView) -> None:
    """One session record as both people read it."""
    if view.confirmed_at:
        st.success(f"{md(pair.supervisee_name)} confirmed this record on {day(view.confirmed_at)}.", icon=":material/check_circle:")
    else:
        st.caption(f"Not yet confirmed by {md(pair.supervisee_name)}.")
    if view.withdrawn_since:
        count = "an item" if view.withdrawn_since == 1 else f"{view.withdrawn_since} items"
        st.info(
            f"{md(pair.supervisee_name)} has since withdrawn {count} discussed in this session, so this record no longer shows "
            + ("it. " if view.withdrawn_since == 1 else "them. ")
            + ("It was confirmed with what was shared at the time." if view.confirmed_at else ""),
            icon=":material/visibility_off:",
        )
    if view.supervisee_comment:
        st.info(f"**{md(pair.supervisee_name)} sees it differently:**  \n{md(view.supervisee_comment)}")
    if view.function_labels:
        st.markdown("**Covered:** " + "; ".join(md(label) for label in view.function_labels))
    if view.kind_label:
        st.markdown(f"**Kind of supervision:** {md(view.kind_label)}")
    if view.supervisor_lived_experience_label:
        st.markdown(f"**Supervisor brings lived experience:** {md(view.supervisor_lived_experience_label)}")
    if view.discussed:
        st.markdown("**Discussed:**\n" + "\n".join(f"- {md(item.title)}" for item in view.discussed))
    for notes, skip in ((view.supervisee_notes, None), (view.supervisor_notes, "supervisor_experience")):
        lines = notes.lines(skip_tag=skip)
        if lines:
            st.markdown(f"**Notes from {md(notes.author_name)}**")
            sealed = {q.text for q in notes.questions.questions() if q.id in notes.just_me}
            for question, answer in lines:
                mark = " (just me)" if question in sealed else ""
                st.markdown(f"*{md(question)}*{mark}  \n{md(answer)}")
    if view.supervisor_experience:
        st.markdown(f"**{md(pair.supervisor_name)}'s own experience**  \n{md(view.supervisor_experience)}")
    if view.next_on:
        st.caption(f"Next session agreed for {day(view.next_on)}.")


def notes_editor(view: supervision.MeetingView, actor: Actor, pair: supervision.PairView) -> None:
    """My own notes for one session, saved as I go. A record the supervisee has confirmed keeps
    the supervisor's notes as they were confirmed (the service refuses a change too)."""
    mine = supervision.my_notes(view, actor)
    if view.confirmed_at and actor.person_id == pair.supervisor_id:
        st.info(
            f"{md(pair.supervisee_name)} confirmed this record on {day(view.confirmed_at)}, so your notes on it stay as they "
            "confirmed them. Anything to add can go in your notes for your next session together.",
            icon=":material/lock:",
        )
        return
    st.caption(
        "Your notes, saved as you go. Both of you read both sets of notes, except any you keep to \"just me\". "
        "Answer any prompts that help; none is required."
    )
    records.personal_switch(view, actor, pair)
    forms.render(mine, saver=_notes_saver(view.id), heading=lambda title: st.markdown(f"**{md(title)}**"))
    records.note_choices(view, actor, pair)


def respond(view: supervision.MeetingView, actor: Actor) -> None:
    """The supervisee confirms the record, or says where they see it differently."""
    if view.confirmed_at:
        return
    with st.form(f"respond:{view.id}", border=True):
        st.markdown("**Is this a fair record of the session?**")
        comment = st.text_area("Anything you see differently (optional when confirming)", max_chars=supervision.COMMENT_LIMIT, key=f"comment:{view.id}")
        left, right = st.columns(2)
        confirm = left.form_submit_button("Confirm this record", type="primary")
        differ = right.form_submit_button("I see it differently")
    if confirm or differ:
        try:
            supervision.respond(meeting_id=view.id, confirmed=bool(confirm), comment=comment, by=actor)
            flash_and_rerun("Thank you. Your response is saved and shown with the record.")
        except supervision.AnswerRejected as exc:
            st.error(str(exc))


def _notes_key(pair: supervision.PairView) -> str:
    return f"notes_for:{pair.id}"


def choose_notes_for(pair: supervision.PairView, meeting_id: int) -> None:
    """After recording a session: the notes selector opens on that session on the next run."""
    st.session_state[_notes_key(pair)] = meeting_id
    st.session_state[f"sessions_page:{pair.id}"] = 1


def sessions(pair: supervision.PairView, actor: Actor) -> list[supervision.MeetingView]:
    """The pair's session records, newest first, with my notes for one of them. Returns the
    page of records shown."""
    page = st.session_state.get(f"sessions_page:{pair.id}", 1)
    views, total = supervision.meetings(pair_id=pair.id, by=actor, page=int(page), per_page=PER_PAGE)
    if total > PER_PAGE:
        pages = -(-total // PER_PAGE)
        st.number_input(f"Page of sessions (of {pages}), newest first", min_value=1, max_value=pages, step=1, key=f"sessions_page:{pair.id}")
    if not views:
        if actor.person_id == pair.supervisor_id:
            st.write("No sessions recorded yet. Record one above once you have met.")
        else:
            st.write(f"No sessions recorded yet. {md(pair.supervisor_name)} records each session, and you can add your notes to it.")
        return views
    st.caption(f"{total} session{'s' if total != 1 else ''} recorded.")
    for view in views:
        with st.expander(f"Session on {day(view.held_on)}" + (" · confirmed" if view.confirmed_at else " · not yet confirmed"), expanded=view is views[0]):
            show_meeting(view, pair)
            if actor.person_id == pair.supervisee_id:
                respond(view, actor)
    if st.session_state.get(_notes_key(pair)) not in {v.id for v in views}:
        st.session_state.pop(_notes_key(pair), None)
    choice = st.selectbox(
        "Add or change my notes for",
        [v.id for v in views],
        format_func=lambda meeting_id: f"Session on {day(next(v.held_on for v in views if v.id == meeting_id))}"
        + ("" if next(v.confirmed_at for v in views if v.id == meeting_id) is None else " (confirmed)"),
        key=_notes_key(pair),
    )
    chosen = next(v for v in views if v.id == choice)
    with st.container(border=True):
        st.markdown(f"**My notes for the session on {day(chosen.held_on)}**")
        prompts = supervision.prompts()
        if prompts.description:
            st.caption(prompts.description)

        # The whole page has just read this session; a rerun of the editor alone reads it afresh.
        fresh_key = f"notes_view:{choice}"
        st.session_state[fresh_key] = chosen

        @st.fragment
        def editor() -> None:
            view = st.session_state.pop(fresh_key, None) or forms.live(
                lambda: supervision.meeting(meeting_id=choice, by=actor), chosen, as_on_screen=lambda shown: _notes_on_screen(shown, actor)
            )
            notes_editor(view, actor, pair)

        editor()
    return views


def actions(pair: supervision.PairView, actor: Actor, meeting_id: int | None = None) -> None:
    """Agreed actions: open ones carry over until someone marks them done."""
    show_done = st.toggle("Show done actions too", key=f"show_done:{pair.id}")
    items = supervision.actions(pair_id=pair.id, by=actor, include_done=show_done)
    if not items:
        st.write("No open actions. Anything you agree in a session can go here.")
    for item in items:
        status = f"done {day(item.done_at)}" if item.done_at else ("overdue, " if item.overdue else "") + (f"due {day(item.due_on)}" if item.due_on else "no due date")
        done = st.checkbox(
            f"{md(item.text)} · {md(item.owner_name)} · {status}",
            value=item.done_at is not None,
            key=f"action:{item.id}:{item.done_at is not None}",
        )
        if done != (item.done_at is not None):
            supervision.set_action_done(action_id=item.id, done=done, by=actor)
            st.rerun()
    with st.form(f"new_action:{pair.id}", clear_on_submit=True):
        st.markdown("**Add an agreed action**")
        text = st.text_input("Action", max_chars=supervision.ACTION_LIMIT)
        owners = {pair.supervisee_id: pair.supervisee_name, pair.supervisor_id: pair.supervisor_name}
        owner = st.selectbox("Who will do it", list(owners), format_func=owners.get)
        due = st.date_input("Due by (optional)", value=None, min_value=date.today() - timedelta(days=365), format="DD/MM/YYYY")
        if st.form_submit_button("Add action"):
            try:
                supervision.add_action(pair_id=pair.id, text=text, owner_id=owner, due_on=due, meeting_id=meeting_id, by=actor)
                flash_and_rerun("Action added. It stays on the list until one of you marks it done.")
            except supervision.AnswerRejected as exc:
                st.error(str(exc))


def summary(pair: supervision.PairView, actor: Actor) -> None:
    """Make and download the supervision summary PDF for a chosen period."""
    st.caption(
        "A PDF of your sessions for a period: what you discussed, learning, actions and the functions covered. "
        f"It holds only what {md(pair.supervisee_name)} still shares, and is marked confidential on every page. "
        "Only the two of you can make it."
    )
    today = date.today()
    period = st.date_input("Period", value=(today - timedelta(days=90), today), max_value=today, format="DD/MM/YYYY", key=f"period:{pair.id}")
    since, until = (tuple(period) + (None, None))[:2] if isinstance(period, (tuple, list)) else (period, None)
    if since is None or until is None:
        st.info("Please choose the first and last day of the period.")
        return
    if st.button("Make the summary", key=f"make_summary:{pair.id}"):
        try:
            data = supervision.summary_pdf(pair_id=pair.id, since=since, until=until, by=actor)
        except supervision.AnswerRejected as exc:
            st.error(str(exc))
            return
        st.download_button(
            "Download the summary (PDF)",
            data=data,
            file_name=f"supervision-summary-{since:%Y%m%d}-{until:%Y%m%d}.pdf",
            mime="application/pdf",
            type="primary",
            key=f"download_summary:{pair.id}",
            on_click="ignore",  # the page stays as it is after the download
        )
