"""My Wellness at Work plan: write it, keep every version, share it with a supervisor or
manager if I choose, and take a share back at any time."""

from datetime import date, timedelta

import streamlit as st

from reflect.services import supervision, wellness_plan
from reflect.services.access import Permission, can
from reflect.ui import context
from reflect.ui.feedback import flash_and_rerun, show_flash
from reflect.ui.safe import md
from reflect.dates import day

actor = context.require(Permission.KEEP_OWN_WELLNESS_PLAN)
prompts = wellness_plan.prompts()
ROWS_KEY = "wellness_adjustment_rows"

st.title("My Wellness at Work plan")
if prompts.description:
    st.write(prompts.description)
show_flash()

found = wellness_plan.versions(by=actor)
current = found[0] if found else None
if current is None:
    st.caption("Not started yet. Nothing here is seen by anyone until you choose to share it.")
else:
    reviewed = f" Last gone through in supervision on {day(current.reviewed_on)}." if current.reviewed_on else ""
    st.caption(f"Version {current.version}, saved {day(current.saved_at)}. Every earlier version is kept.{reviewed}")

plan_section, adjustments_section = prompts.sections[0], prompts.sections[-1]
adjustment_question = adjustments_section.questions[0]
kept = list(current.adjustments) if current else []
rows = max(st.session_state.get(ROWS_KEY, len(kept) + 1), 1)
earliest = date.today() - timedelta(days=5 * 365)

with st.form("wellness_plan"):
    st.subheader(plan_section.title)
    parts = {
        q.id: st.text_area(q.text, value=getattr(current, q.id, "") if current else "", max_chars=q.max_length, help=q.help, key=f"plan:{q.id}")
        for q in plan_section.questions
    }
    st.subheader(adjustments_section.title)
    if adjustments_section.help:
        st.caption(adjustments_section.help)
    adjustments = []
    for n in range(min(rows, wellness_plan.MAX_ADJUSTMENTS)):
        existing = kept[n] if n < len(kept) else None
        with st.container(border=True):
            text = st.text_input(
                f"{adjustment_question.text} ({n + 1})", value=existing.text if existing else "", max_chars=adjustment_question.max_length, key=f"adjustment:{n}"
            )
            agreed_on = st.date_input(
                f"Date agreed ({n + 1}, optional)", value=existing.agreed_on if existing else None, min_value=earliest, format="DD/MM/YYYY", key=f"agreed:{n}"
            )
            review_on = st.date_input(
                f"Date to look at it again ({n + 1}, optional)", value=existing.review_on if existing else None, min_value=earliest,
                format="DD/MM/YYYY", key=f"review:{n}",
            )
            adjustments.append(wellness_plan.Adjustment(text, agreed_on, review_on))
    if st.form_submit_button("Save my plan", type="primary"):
        try:
            number = wellness_plan.save(adjustments=adjustments, by=actor, **parts)
            flash_and_rerun(f"Saved as version {number}. Earlier versions are kept, and any share stays on the version you shared.")
        except wellness_plan.AnswerRejected as exc:
            st.error(str(exc))
if rows < wellness_plan.MAX_ADJUSTMENTS and st.button("Add room for another adjustment"):
    st.session_state[ROWS_KEY] = rows + 1
    st.rerun()

if current is None:
    st.stop()

st.subheader("Going through it in supervision")
with st.form("reviewed"):
    reviewed_on = st.date_input("The day I went through this version in supervision", value=date.today(), max_value=date.today(), format="DD/MM/YYYY")
    if st.form_submit_button("Record the review"):
        try:
            wellness_plan.mark_reviewed(version=current.version, reviewed_on=reviewed_on, by=actor)
            flash_and_rerun("Recorded. It shows beside this version of your plan.")
        except (wellness_plan.AnswerRejected, wellness_plan.NotFound) as exc:
            st.error(str(exc))

st.subheader("Who sees my plan")
st.caption(
    "Nobody sees your plan unless you share it. A share shows the version you shared, to that supervisor or manager only, "
    "while you work together. You can take it back at any time, and it leaves their view at once. "
    "If you move to a new supervisor or manager, they see it only if you share it with them."
)
pairs = supervision.my_supervisors(by=actor) if can(actor, Permission.SHARE_WITH_SUPERVISOR) else []
if pairs:
    chosen = st.selectbox("Share the current version with", [p.id for p in pairs], format_func={p.id: p.supervisor_name for p in pairs}.get)
    if not supervision.can_receive(pair_id=chosen, by=actor):
        st.info(
            "They can't receive a shared plan just yet. A shared plan is sealed so that only they can open it, and the key "
            "for that is made the next time they sign in to Reflect. Your plan stays just as it is: please come back and "
            "share it once they have signed in."
        )
    if st.button("Share my plan", type="primary"):
        try:
            wellness_plan.share(pair_id=chosen, by=actor)
            flash_and_rerun("Shared. You can take it back at any time.")
        except (wellness_plan.AnswerRejected, wellness_plan.NotFound) as exc:
            st.error(str(exc))
else:
    st.write("You have no supervisor or manager in Reflect to share it with.")
for item in wellness_plan.my_shares(by=actor):
    left, right = st.columns([4, 1], vertical_alignment="center")
    if item.withdrawn_at is None:
        left.markdown(f"Version {item.version} shared with **{md(item.supervisor_name)}** on {day(item.shared_at)}")
        if right.button("Take it back", key=f"withdraw_plan:{item.id}", help=f"{md(item.supervisor_name)} will no longer see your plan."):
            wellness_plan.withdraw(share_id=item.id, by=actor)
            flash_and_rerun(f"Taken back. {md(item.supervisor_name)} can no longer see your plan.")
    else:
        left.caption(f"Version {item.version} was shared with {md(item.supervisor_name)} on {day(item.shared_at)}, taken back {day(item.withdrawn_at)}")

if len(found) > 1:
    with st.expander(f"Earlier versions ({len(found) - 1})"):
        for version in found[1:]:
            st.markdown(f"**Version {version.version}**, saved {day(version.saved_at)}")
            for q in plan_section.questions:
                if getattr(version, q.id):
                    st.markdown(f"*{md(q.text)}*  \n{md(getattr(version, q.id))}")
            for a in version.adjustments:
                st.markdown(f"- {md(a.text)}")
