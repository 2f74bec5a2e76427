"""Home: what is waiting for this person, each one click from where it is done, then
everything they can do here."""

import streamlit as st

from reflect import navigation
from reflect.domain import Stage
from reflect.services import journeys, revalidation_tracker, waiting
from reflect.services.access import Permission, can
from reflect.ui import context
from reflect.ui.safe import md

actor = context.require()

st.title(f"Hello, {md(actor.name.split()[0])}")
if can(actor, Permission.KEEP_OWN_REFLECTIONS):
    # The quickest way in, first on the page: the quick check is used in a corridor, on a phone.
    navigation.link(navigation.spec_for("quick_check.py"), label="Start a quick check", icon=":material/bolt:")


def _when(value) -> str:
    local = value.astimezone()
    return f"{local.day} {local:%b} at {local:%H:%M}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _switch(script: str) -> None:
    st.switch_page(context.page_path(script))


def _see_summary(entry_id: int) -> None:
    st.session_state["quick_check_finished"] = entry_id
    _switch("quick_check.py")


def _reflect_on(entry_id: int) -> None:
    done = journeys.get(entry_id=entry_id, by=actor)
    episode_id = done.episode_id or journeys.link(entry_ids=[done.id], by=actor)
    journeys.start(stage=Stage.AFTER_SHARING, by=actor, episode_id=episode_id)
    _switch("reflection.py")


def _open_supervisee(pair_id: int) -> None:
    st.session_state["supervisee_pair"] = pair_id
    _switch("supervisees.py")


def _item(text: str, script: str, label: str, icon: str) -> None:
    with st.container(border=True):
        st.markdown(text)
        navigation.link(navigation.spec_for(script), label=label, icon=icon)


found = waiting.for_person(by=actor)
due = revalidation_tracker.due_soon(by=actor)
if found.anything or due is not None:
    st.subheader("Waiting for you")
for draft in found.drafts:
    script = "quick_check.py" if draft.stage == Stage.IN_THE_MOMENT else "reflection.py"
    kind = "quick check" if draft.stage == Stage.IN_THE_MOMENT else "reflection"
    _item(f"A {kind} you started, last saved {_when(draft.updated_at)}.", script, f"Carry on with the {kind}", ":material/edit:")
for check in found.unreflected:
    with st.container(border=True):
        about = f" about sharing with {check.audience.lower()}" if check.audience else ""
        st.markdown(f"Your quick check{about} on {_when(check.completed_at)} has no reflection yet.")
        left, right = st.columns(2)
        if left.button("Reflect on it", key=f"reflect:{check.entry_id}", icon=":material/edit_note:", width="stretch"):
            _reflect_on(check.entry_id)
        if right.button("See its summary", key=f"summary:{check.entry_id}", icon=":material/bolt:", width="stretch"):
            _see_summary(check.entry_id)
for pair in found.new_from_supervisees:
    with st.container(border=True):
        st.markdown(f"{md(pair.supervisee_name)} shared {_plural(pair.count, 'item', 'items')} with you since your last session.")
        if st.button(f"See what {md(pair.supervisee_name)} shared", key=f"supervisee:{pair.pair_id}", icon=":material/supervisor_account:"):
            _open_supervisee(pair.pair_id)
if found.records_to_confirm:
    _item(
        f"{_plural(found.records_to_confirm, 'session record is', 'session records are')} waiting for you to confirm.",
        "supervision.py", "Confirm in My supervision", ":material/task_alt:",
    )
if found.actions_due:
    script = "supervision.py" if found.actions_due_as_supervisee else "supervisees.py"
    _item(
        f"{_plural(found.actions_due, 'supervision action of yours is', 'supervision actions of yours are')} due within a week or overdue.",
        script, "See the actions", ":material/checklist:",
    )
if found.overdue_as_supervisee:
    _item("Supervision with your supervisor is overdue.", "supervision.py", "Open My supervision", ":material/event_busy:")
if found.overdue_as_supervisor:
    _item(
        f"Supervision is overdue with {_plural(found.overdue_as_supervisor, 'supervisee', 'supervisees')}.",
        "supervisees.py", "Open My supervisees", ":material/event_busy:",
    )
if found.talents_to_publish:
    _item(
        f"Your team lead added {_plural(found.talents_to_publish, 'talent', 'talents')} for you. "
        "Nothing shows in the register until you publish it.",
        "my_talents.py", "Review and publish in My talents", ":material/star:",
    )
if due is not None:
    # One calm line, within 90 days of renewal, naming what is left: never a countdown.
    left = ", ".join(line.label.lower() for line in due.outstanding)
    _item(
        f"Your revalidation is due on {due.plan.renewal_on.day} {due.plan.renewal_on:%B %Y}. Still to record: {left}.",
        "revalidation.py", "Open Revalidation", ":material/verified:",
    )
if not found.anything and due is None:
    st.write("Nothing is waiting for you. When something needs you, it will show here.")

st.subheader("Everything in Reflect")
for spec in navigation.pages_for(actor):
    if spec.default:
        continue
    with st.container(border=True):
        navigation.link(spec)
        st.caption(spec.description)

st.write(
    "Professional codes of practice do not forbid sharing personal experience. Reflect is here "
    "to help you do it well."
)
st.caption(
    "What you write is private to you until you choose to share it, and it is encrypted when stored."
)
