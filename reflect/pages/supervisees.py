"""My supervisees: what each chose to share with me, our sessions, actions and summary."""

from datetime import date

import streamlit as st

from reflect.services import supervision
from reflect.services.access import Permission
from reflect.ui import context, safe
from reflect.ui import supervision as parts
from reflect.ui import supervision_records as records
from reflect.ui.feedback import flash_and_rerun, show_flash
from reflect.ui.safe import md

actor = context.require(Permission.SUPERVISE)
OPEN_KEY = "supervisee_open_item"
PER_PAGE = 20

st.title("My supervisees")
show_flash()
pairs = supervision.my_supervisees(by=actor)
if not pairs:
    st.info("No one is paired with you for supervision yet. Your admin sets up supervision pairs.")
    st.stop()

st.table(
    safe.table([
        {
            "Supervisee": p.supervisee_name,
            "Last session": parts.day(p.last_held_on) or "None yet",
            "Next due by": parts.day(p.due_on),
            "Rhythm": "Overdue" if p.overdue else "On track",
        }
        for p in pairs
    ]),
)
PAIR_KEY = "supervisee_pair"  # home's "see what they shared" preselects the supervisee here
if st.session_state.get(PAIR_KEY) not in {p.id for p in pairs}:
    st.session_state.pop(PAIR_KEY, None)
chosen = st.selectbox("Supervisee", [p.id for p in pairs], format_func={p.id: p.supervisee_name for p in pairs}.get, key=PAIR_KEY)
pair = next(p for p in pairs if p.id == chosen)
name = md(pair.supervisee_name)
parts.rhythm(pair, actor)

shared_tab, sessions_tab, actions_tab, goals_tab, summary_tab = st.tabs(
    ["Shared with you", "Sessions", "Actions", "Goals", "Summary PDF"], key="my_supervisees_tab", on_change="rerun"
)

with shared_tab:
    if shared_tab.open:  # only the chosen tab runs
        st.caption(f"Only what {name} chose to share, newest first. Opening an item is recorded, and {name} can see that you opened it.")
        page = st.session_state.get(f"shared_page:{pair.id}", 1)
        items, total = supervision.shared_with_me(pair_id=pair.id, by=actor, page=int(page), per_page=PER_PAGE)
        if not items:
            st.write(f"{name} hasn't shared anything with you at the moment.")
        for item in items:
            left, right = st.columns([4, 1], vertical_alignment="center")
            tags = "".join(f" · {md(label)}" for label in item.labels)
            new = " · **new since your last session**" if item.is_new else ""
            left.markdown(f"**{md(item.title)}**{tags}  \nShared {parts.day(item.shared_at)}{new}")
            if right.button("Open item", key=f"open:{item.id}", help=f"Open {md(item.title)}. This is recorded, and the person who shared it can see it."):
                st.session_state[OPEN_KEY] = item.id
        opened = st.session_state.get(OPEN_KEY)
        if opened is not None:
            try:
                # Asked again on every rerun: a withdrawal closes it at once.
                content = supervision.open_shared(shared_item_id=opened, by=actor)
            except supervision.NotFound as exc:
                st.session_state.pop(OPEN_KEY, None)
                st.info(str(exc))
            else:
                parts.shared_item_dialog(content, OPEN_KEY)
        if total > PER_PAGE:
            st.number_input(f"Page (of {-(-total // PER_PAGE)})", min_value=1, max_value=-(-total // PER_PAGE), step=1, key=f"shared_page:{pair.id}")
            st.caption(f"{total} shared in all.")
        records.shared_plan(pair, actor)

with sessions_tab:
    if sessions_tab.open:  # only the chosen tab runs
        live, _ = supervision.shared_with_me(pair_id=pair.id, by=actor, per_page=200, labelled=False)
        options = supervision.function_options()
        kinds = supervision.session_options("session_kind")
        lived = supervision.session_options("supervisor_lived_experience")
        with st.form(f"record:{pair.id}", clear_on_submit=True):
            st.subheader("Record a session")
            held_on = st.date_input("Date of the session", value=date.today(), max_value=date.today(), format="DD/MM/YYYY")
            discussed = st.multiselect(
                f"What {name} shared that you discussed", [i.id for i in live], format_func={i.id: i.title for i in live}.get
            )
            functions = st.multiselect("What the session covered", list(options), format_func=options.get, help="After Proctor (1991).")
            kind = st.radio("What kind of supervision this was", list(kinds), format_func=kinds.get, index=None)
            lived_experience = st.radio("Do you bring lived experience of your own?", list(lived), format_func=lived.get, index=None)
            next_on = st.date_input("Next session (optional)", value=None, min_value=date.today(), format="DD/MM/YYYY")
            if st.form_submit_button("Record this session", type="primary"):
                try:
                    recorded = supervision.record_meeting(
                        pair_id=pair.id, held_on=held_on, functions=functions, discussed=discussed, next_on=next_on,
                        kind=kind, supervisor_lived_experience=lived_experience, by=actor,
                    )
                    parts.choose_notes_for(pair, recorded)  # "add your notes below" means this session's notes
                    flash_and_rerun(f"Session recorded. Add your notes below; {name} can add theirs and confirm the record.")
                except supervision.AnswerRejected as exc:
                    st.error(str(exc))
        recent = parts.sessions(pair, actor)
        if recent:
            with st.expander("Correct a session record"):
                st.caption(f"If you change a record {name} has confirmed, they will be asked to confirm it again.")
                which = st.selectbox(
                    "Session", [m.id for m in recent], format_func={m.id: f"Session on {parts.day(m.held_on)}" for m in recent}.get, key=f"correct:{pair.id}"
                )
                current = next(m for m in recent if m.id == which)
                choices = {i.id: i.title for i in live} | {d.id: d.title for d in current.discussed}
                with st.form(f"correct_form:{which}"):
                    held_on = st.date_input("Date of the session", value=current.held_on, max_value=date.today(), format="DD/MM/YYYY")
                    discussed = st.multiselect("Discussed", list(choices), default=[d.id for d in current.discussed], format_func=choices.get)
                    functions = st.multiselect("Covered", list(options), default=list(current.functions), format_func=options.get)
                    kind = st.radio(
                        "Kind of supervision", list(kinds), format_func=kinds.get,
                        index=list(kinds).index(current.kind) if current.kind in kinds else None,
                    )
                    lived_experience = st.radio(
                        "Lived experience of your own", list(lived), format_func=lived.get,
                        index=list(lived).index(current.supervisor_lived_experience) if current.supervisor_lived_experience in lived else None,
                    )
                    next_on = st.date_input("Next session (optional)", value=current.next_on, format="DD/MM/YYYY")
                    if st.form_submit_button("Save the corrected record"):
                        try:
                            supervision.update_meeting(
                                meeting_id=which, held_on=held_on, functions=functions, discussed=discussed, next_on=next_on,
                                kind=kind, supervisor_lived_experience=lived_experience, by=actor,
                            )
                            flash_and_rerun("Record updated.")
                        except supervision.AnswerRejected as exc:
                            st.error(str(exc))

with actions_tab:
    if actions_tab.open:  # only the chosen tab runs
        parts.actions(pair, actor)

with goals_tab:
    if goals_tab.open:  # only the chosen tab runs
        records.goals(pair, actor)

with summary_tab:
    if summary_tab.open:  # only the chosen tab runs
        parts.summary(pair, actor)

