"""Pieces of the supervision pages for supervision that fits its kind: the pair's kinds, the
supervisee's switch for the personal prompts in line management, who sees each of my notes
and whether it goes in the PDF, development goals, and a Wellness at Work plan shared with me."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from reflect.dates import day
from reflect.services import supervision, wellness_plan
from reflect.services.access import Actor
from reflect.ui.feedback import flash_and_rerun
from reflect.ui.safe import md

BOTH, JUST_ME = "both", "just_me"
WHO_SEES = {BOTH: "Both of us", JUST_ME: "Just me"}


def kinds(pair: supervision.PairView) -> None:
    """The kinds of supervision the pair holds, as the admin set them: both see this."""
    if pair.kind_labels:
        st.caption("Kinds of supervision you hold together: " + ", ".join(md(label) for label in pair.kind_labels) + ".")


def personal_switch(view: supervision.MeetingView, actor: Actor, pair: supervision.PairView) -> None:
    """In a line-management session, the supervisee alone turns the personal prompts on."""
    if actor.person_id != pair.supervisee_id or (view.personal_offered and not view.personal_prompts_on):
        return
    st.caption(
        "This is a line-management session, so the more personal prompts (how you are, what the work stirred up, your wellness plan) "
        "are left out unless you want them. It is your choice, for this session only."
    )
    on = st.toggle("Include the personal prompts in this session", value=view.personal_prompts_on, key=f"personal:{view.id}")
    if on != view.personal_prompts_on:
        supervision.set_personal_prompts(meeting_id=view.id, on=on, by=actor)
        st.rerun()


def note_choices(view: supervision.MeetingView, actor: Actor, pair: supervision.PairView) -> None:
    """For each of my answered notes: who sees it, and whether it goes in the summary PDF."""
    mine = supervision.my_notes(view, actor)
    answered = [q for q in mine.questions.questions() if mine.answers.get(q.id) not in (None, "", [], {})]
    if not answered:
        return
    other = md(pair.other(actor.person_id))
    with st.expander("Who sees each of my notes"):
        st.caption(
            f"\"Just me\" keeps a note sealed to you alone: {other} never sees it, on any page, in the PDF or in their download. "
            "Notes on how you are, and what the work stirred up, stay out of the summary PDF unless you put them in."
        )
        for q in answered:
            just_me = q.id in mine.just_me
            in_pdf = mine.in_pdf(q.id)
            st.markdown(f"*{md(q.text)}*")
            left, right = st.columns(2)
            who = left.radio("Who sees it", list(WHO_SEES), format_func=WHO_SEES.get, index=1 if just_me else 0, key=f"who:{view.id}:{q.id}", horizontal=True)
            pdf = right.checkbox("In the summary PDF", value=in_pdf, disabled=who == JUST_ME, key=f"pdf:{view.id}:{q.id}:{who}")
            if (who == JUST_ME) != just_me or (who == BOTH and pdf != in_pdf):
                supervision.set_choice(meeting_id=view.id, question_id=q.id, just_me=who == JUST_ME, in_pdf=pdf and who == BOTH, by=actor)
                st.rerun()


def goals(pair: supervision.PairView, actor: Actor) -> None:
    """The supervisee's development goals: open ones carry over from session to session."""
    st.caption("Goals for your development, each with a date to look at it again. An open goal carries over to every session until you mark it met or set it aside.")
    show_closed = st.toggle("Show met and set-aside goals too", key=f"show_closed_goals:{pair.id}")
    items = supervision.my_goals(pair_id=pair.id, by=actor, include_closed=show_closed)
    if not items:
        st.write("No open goals. Any you agree together can go here.")
    for goal in items:
        with st.container(border=True):
            if goal.closed_as:
                st.markdown(f"{md(goal.text)}  \n{supervision.goals.CLOSED_AS[goal.closed_as]} on {day(goal.closed_at)}")
                continue
            due = "Due for review: " if goal.review_due else "Review by "
            reviewed = f" · last reviewed {day(goal.last_reviewed_on)}" if goal.last_reviewed_on else ""
            st.markdown(f"{md(goal.text)}  \n{due}{day(goal.review_on)} · set {day(goal.set_on)} by {md(goal.author_name)}{reviewed}")
            nxt = st.date_input("Next review", value=None, min_value=date.today() + timedelta(days=1), format="DD/MM/YYYY", key=f"next_review:{goal.id}")
            left, middle, right = st.columns(3)
            if left.button("Reviewed today", key=f"review_goal:{goal.id}", disabled=nxt is None, help="Choose the next review date first."):
                supervision.review_goal(goal_id=goal.id, next_review_on=nxt, by=actor)
                flash_and_rerun("Review recorded. The goal carries on to your next sessions.")
            if middle.button("Met", key=f"met_goal:{goal.id}"):
                supervision.close_goal(goal_id=goal.id, closed_as="met", by=actor)
                flash_and_rerun("Marked as met. Well done to you both.")
            if right.button("Set aside", key=f"set_aside_goal:{goal.id}"):
                supervision.close_goal(goal_id=goal.id, closed_as="set_aside", by=actor)
                flash_and_rerun("Set aside. It no longer carries over.")
    with st.form(f"new_goal:{pair.id}", clear_on_submit=True):
        st.markdown("**Add a development goal**")
        text = st.text_input("Goal", max_chars=supervision.goals.GOAL_LIMIT)
        review_on = st.date_input("Review by", value=date.today() + timedelta(weeks=12), min_value=date.today(), format="DD/MM/YYYY")
        if st.form_submit_button("Add goal"):
            try:
                supervision.add_goal(pair_id=pair.id, text=text, review_on=review_on, by=actor)
                flash_and_rerun("Goal added. It carries over from session to session until you mark it met.")
            except supervision.AnswerRejected as exc:
                st.error(str(exc))


def shared_plan(pair: supervision.PairView, actor: Actor) -> None:
    """As a supervisor: the Wellness at Work plan my supervisee shares with me, if they do."""
    name = md(pair.supervisee_name)
    plan = wellness_plan.shared_with_me(pair_id=pair.id, by=actor)
    st.subheader("Wellness at Work plan")
    if plan is None:
        st.write(f"{name} hasn't shared a Wellness at Work plan with you. It is theirs to share, if and when they choose.")
        return
    questions = wellness_plan.prompts().sections[0].questions
    st.caption(f"Version {plan.plan.version}, shared {day(plan.shared_at)}. {name} can take it back at any time, and sees that you opened it.")
    for q in questions:
        value = getattr(plan.plan, q.id)
        if value:
            st.markdown(f"*{md(q.text)}*  \n{md(value)}")
    for a in plan.plan.adjustments:
        dates = " · ".join(part for part in (f"agreed {day(a.agreed_on)}" if a.agreed_on else "", f"look again {day(a.review_on)}" if a.review_on else "") if part)
        st.markdown(f"- {md(a.text)}" + (f" ({dates})" if dates else ""))
