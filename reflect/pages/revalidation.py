"""Revalidation: where I am with what my regulator asks for, my written reflective accounts
(made from a reflection, supervision notes, a learning note or a blank form), the reflective
discussion form, and my CPD, feedback and practice hours. Everything here is mine alone."""

from datetime import date

import streamlit as st

from reflect.dates import day
from reflect.services import cpd_profile, errors, revalidation, revalidation_discussion
from reflect.services import revalidation_tracker as tracker
from reflect.services.access import Permission
from reflect.ui import context
from reflect.ui.feedback import flash_and_rerun, show_flash
from reflect.ui.safe import md

actor = context.require(Permission.KEEP_REVALIDATION)
form = revalidation.forms()
DRAFT = "revalidation_draft"
REVIEWED = "I have read this as whoever reads it for my revalidation or appraisal will, and it carries only what I choose."
PART = "revalidation_part:"

st.title("Revalidation")
st.caption(
    "Your written reflective accounts, your reflective discussion and the hours your regulator asks for, "
    "kept in one place. Everything here is private to you."
)
show_flash()


def _hours(value: float) -> str:
    return f"{value:g}"


# --- where I am ---------------------------------------------------------------------------

st.subheader("Where you are")
mine = tracker.plan(by=actor)
found = tracker.tracker(by=actor)
if mine is None or mine.renewal_on is None:
    st.write("Add your renewal date below, and this counts what you have done in the three years before it.")
else:
    st.write(f"{md(mine.body_label)}. Your renewal date is {day(mine.renewal_on)}; counting from {day(found.since)}.")
for line in found.lines:
    mark = ":material/check_circle:" if line.done else ":material/radio_button_unchecked:"
    st.markdown(f"{mark} {line.label}: {_hours(line.have)} of {_hours(line.need)}")

with st.expander("Your registration", icon=":material/badge:"):
    with st.form("revalidation_plan"):
        bodies = list(tracker.BODIES)
        body = st.selectbox("Registration body", bodies, index=bodies.index(mine.body) if mine else 0, format_func=tracker.BODIES.get)
        renewal_on = st.date_input("Renewal date", value=mine.renewal_on if mine else None, format="DD/MM/YYYY")
        confirmed_on = st.date_input(
            "Date your revalidation was confirmed (leave empty until it is)", value=mine.confirmed_on if mine else None,
            format="DD/MM/YYYY", max_value=date.today(),
        )
        if st.form_submit_button("Save"):
            try:
                tracker.set_plan(body=body, renewal_on=renewal_on, confirmed_on=confirmed_on, by=actor)
                flash_and_rerun("Saved.")
            except errors.Refused as exc:
                st.error(str(exc))


# --- reflective accounts ------------------------------------------------------------------

st.subheader("Written reflective accounts")
st.caption(form.account.form_note)


def _start(source: revalidation.Source | None, form_id: str) -> None:
    draft = revalidation.draft_from(
        source=source.kind if source else "new", source_id=source.id if source else None, form_id=form_id, by=actor
    )
    st.session_state[DRAFT] = draft
    for part_id, text in draft.parts.items():
        st.session_state[PART + part_id] = text


templates = revalidation.reflection_forms()
template_id = st.radio(
    "Form", list(templates), format_func=lambda t: templates[t].account.title, key="revalidation_form",
    help="The NMC's reflective accounts form, or the What? So what? Now what? template of the Academy of Medical Royal Colleges.",
)
choices = [None, *revalidation.sources(by=actor)]
start_from = st.selectbox(
    "Start a new account from", choices, format_func=lambda s: "A blank form" if s is None else s.label, key="revalidation_source",
)
if st.button("Start the account", icon=":material/edit_note:"):
    _start(start_from, template_id)
    st.rerun()

draft = st.session_state.get(DRAFT)
if draft is not None:
    template = templates[draft.form_id]
    with st.container(border=True):
        st.info(template.reader_note, icon=":material/visibility:")
        st.caption(template.identifying_note)
        if draft.source != "new":
            st.caption("Your own words are filled in to start you off. Nothing is kept until you choose to keep it.")
        with st.form("revalidation_account"):
            st.markdown(f"**{template.account.title}**")
            kinds = [k.id for k in template.account.kinds]
            kind = st.selectbox("This account is about", kinds, index=kinds.index(draft.kind), format_func=template.account.kind_label)
            written_on = st.date_input("Date", value=date.today(), max_value=date.today(), format="DD/MM/YYYY")
            parts, themes = {}, []
            for part in template.account.parts:
                if template.account.themes and part.id == template.account.parts[-1].id:
                    st.markdown("**The Code's themes this account relates to**")
                    themes = [t.id for t in template.account.themes if st.checkbox(t.label, key=f"revalidation_theme:{t.id}")]
                parts[part.id] = st.text_area(part.heading, key=PART + part.id, help=part.help, max_chars=part.limit)
            reviewed = st.checkbox(REVIEWED)
            if st.form_submit_button("Keep this account", type="primary"):
                try:
                    revalidation.save_account(
                        kind=kind, written_on=written_on, parts=parts, themes=themes, reviewed=reviewed, source=draft.source,
                        form_id=draft.form_id, by=actor,
                    )
                    st.session_state.pop(DRAFT, None)
                    flash_and_rerun("Your reflective account is kept. You can download it below.")
                except errors.Refused as exc:
                    st.error(str(exc))
        if st.button("Put this draft away", help="Nothing from this draft is kept."):
            st.session_state.pop(DRAFT, None)
            st.rerun()

kept = revalidation.accounts(by=actor)
if not kept:
    st.write("No accounts yet. The NMC asks for five in the three years before your renewal.")
for number, view in enumerate(kept, start=1):
    prepared = f"revalidation_files:{view.id}"
    its_form = templates.get(view.form_id, form).account
    with st.container(border=True):
        st.markdown(f"**{day(view.written_on)}**: {view.kind_label}")
        st.caption(view.form_title)
        with st.expander("Read the account"):
            for part in its_form.parts:
                st.markdown(f"**{md(part.heading)}**")
                if its_form.themes and part.id == its_form.parts[-1].id:
                    st.caption("Themes: " + ", ".join(its_form.theme_label(t) for t in view.themes))
                st.markdown(md(view.parts.get(part.id, "")))
        if st.button("Prepare the downloads", key=f"prepare:{view.id}", icon=":material/download:"):
            try:
                st.session_state[prepared] = (
                    revalidation.account_pdf(account_id=view.id, by=actor), revalidation.account_docx(account_id=view.id, by=actor)
                )
            except errors.Refused as exc:
                st.error(str(exc))
        if prepared in st.session_state:
            pdf, docx = st.session_state[prepared]
            left, right = st.columns(2)
            left.download_button("Download as PDF", pdf, file_name=f"reflective-account-{number}.pdf", mime="application/pdf", on_click="ignore", key=f"pdf:{view.id}")
            right.download_button(
                "Download as Word", docx, file_name=f"reflective-account-{number}.docx", on_click="ignore", key=f"docx:{view.id}",
                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        if st.button("Delete this account", key=f"delete:{view.id}", icon=":material/delete:"):
            revalidation.delete_account(account_id=view.id, by=actor)
            st.session_state.pop(prepared, None)
            flash_and_rerun("The account is deleted.")


# --- the reflective discussion -----------------------------------------------------------

st.subheader("Reflective discussion")
st.caption(form.discussion.form_note)
supervisors = revalidation_discussion.partners(by=actor)
with st.expander("Record a reflective discussion", icon=":material/forum:"):
    with st.form("revalidation_discussion"):
        details = {field.id: st.text_input(field.label, max_chars=field.limit) for field in form.discussion.fields}
        discussed_on = st.date_input(form.discussion.date_label, value=date.today(), max_value=date.today(), format="DD/MM/YYYY")
        names = dict(supervisors)
        partner = st.selectbox(
            "If your partner is your supervisor here, they can confirm it in Reflect", [None, *names],
            format_func=lambda p: "No one in Reflect" if p is None else names[p],
        )
        if st.form_submit_button("Keep the discussion form"):
            try:
                revalidation_discussion.save_discussion(discussed_on=discussed_on, details=details, partner_id=partner, by=actor)
                flash_and_rerun("Your reflective discussion form is kept.")
            except errors.Refused as exc:
                st.error(str(exc))
for view in revalidation_discussion.discussions(by=actor):
    with st.container(border=True):
        st.markdown(f"**{day(view.discussed_on)}** with {md(view.details.get('partner_name', ''))}")
        if view.partner_name and view.confirmed_at:
            st.caption(f"Confirmed in Reflect by {md(view.partner_name)} on {day(view.confirmed_at)}.")
        elif view.partner_name:
            st.caption(f"Waiting for {md(view.partner_name)} to confirm it in Reflect.")
        prepared = f"revalidation_discussion_files:{view.id}"
        if st.button("Prepare the downloads", key=f"prepare_discussion:{view.id}", icon=":material/download:"):
            st.session_state[prepared] = (
                revalidation_discussion.discussion_pdf(discussion_id=view.id, by=actor), revalidation_discussion.discussion_docx(discussion_id=view.id, by=actor)
            )
        if prepared in st.session_state:
            pdf, docx = st.session_state[prepared]
            left, right = st.columns(2)
            left.download_button("Download as PDF", pdf, file_name="reflective-discussion.pdf", mime="application/pdf", on_click="ignore", key=f"dpdf:{view.id}")
            right.download_button(
                "Download as Word", docx, file_name="reflective-discussion.docx", on_click="ignore", key=f"ddocx:{view.id}",
                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )

asked = revalidation_discussion.to_confirm(by=actor)
if asked:
    st.subheader("Discussions to confirm")
    st.caption("Your supervisees named you as their reflective discussion partner. You see who and when; the form is theirs.")
for ask in asked:
    with st.container(border=True):
        st.write(f"{md(ask.supervisee_name)}, reflective discussion on {day(ask.discussed_on)}.")
        if st.button("Confirm we had this discussion", key=f"confirm:{ask.id}", icon=":material/task_alt:"):
            revalidation_discussion.confirm_discussion(discussion_id=ask.id, by=actor)
            flash_and_rerun("Confirmed. Thank you.")


# --- CPD, feedback and practice hours ------------------------------------------------------

st.subheader("CPD, feedback and practice hours")
with st.expander("Add a record", icon=":material/add:"):
    with st.form("revalidation_record"):
        kinds = list(tracker.RECORD_KINDS)
        kind = st.selectbox("What you are recording", kinds, format_func=tracker.RECORD_KINDS.get)
        done_on = st.date_input("Date", value=date.today(), max_value=date.today(), format="DD/MM/YYYY", key="record_date")
        hours = st.number_input("Hours (not needed for feedback)", min_value=0.0, max_value=float(tracker.HOURS_LIMIT), step=0.5)
        participatory = st.checkbox("Participatory CPD (learning with others)")
        note = st.text_input("A short note (optional, no names)", max_chars=tracker.NOTE_LIMIT)
        if st.form_submit_button("Add"):
            try:
                tracker.add_record(kind=kind, done_on=done_on, hours=hours, participatory=participatory, note=note, by=actor)
                flash_and_rerun("Added.")
            except errors.Refused as exc:
                st.error(str(exc))
for gap in tracker.cpd_gaps(by=actor):
    until = "today" if gap.ongoing else day(gap.until)
    st.caption(
        f"No CPD is recorded for {gap.months} months, from {day(gap.after)} to {until}. If your regulator asks "
        "(the HCPC does, for three months or more), a line on why is enough: time off, leave, a change of role."
    )
rows = tracker.records(by=actor)
if any(r.kind == "cpd" for r in rows):
    st.download_button("Download my CPD log (CSV)", tracker.cpd_log_csv(by=actor), file_name="cpd-log.csv", mime="text/csv", on_click="ignore")
if rows:
    st.dataframe(
        [
            {"Date": day(r.done_on), "What": r.kind_label, "Hours": _hours(r.hours) if r.kind != "feedback" else "",
             "Participatory": "yes" if r.participatory else "", "Note": r.note}
            for r in rows
        ],
        hide_index=True,
    )


# --- the HCPC CPD profile ------------------------------------------------------------------

profile_form = cpd_profile.form()
st.subheader("HCPC CPD profile")
st.caption(
    "If the HCPC asks for your CPD profile, write it here: your CPD log above is its dated list of activities, "
    "and any gap of three months or more is pointed out in it."
)
with st.expander("Write your CPD profile", icon=":material/description:"):
    saved = cpd_profile.mine(by=actor)
    with st.form("cpd_profile"):
        summary = st.text_area(profile_form.summary.heading, value=saved.summary, help=profile_form.summary.help, height=200)
        st.caption(f"{cpd_profile.words(saved.summary):,} words saved; the HCPC asks for about {profile_form.summary.words:,}.")
        st.markdown(f"**{profile_form.statement.heading}**")
        st.caption(profile_form.statement.help)
        statement = {s.id: st.text_area(s.label, value=saved.statement.get(s.id, ""), height=200) for s in profile_form.standards}
        evidence = st.text_area(profile_form.evidence.heading, value=saved.evidence, help=profile_form.evidence.help)
        if st.form_submit_button("Save the profile"):
            try:
                cpd_profile.save(summary=summary, statement=statement, evidence=evidence, by=actor)
                flash_and_rerun("Your CPD profile is saved.")
            except errors.Refused as exc:
                st.error(str(exc))
if st.button("Prepare the profile's downloads", icon=":material/download:"):
    st.session_state["cpd_profile_files"] = (cpd_profile.profile_pdf(by=actor), cpd_profile.profile_docx(by=actor))
if "cpd_profile_files" in st.session_state:
    pdf, docx = st.session_state["cpd_profile_files"]
    left, right = st.columns(2)
    left.download_button("Download the profile as PDF", pdf, file_name="cpd-profile.pdf", mime="application/pdf", on_click="ignore")
    right.download_button(
        "Download the profile as Word", docx, file_name="cpd-profile.docx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
