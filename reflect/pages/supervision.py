"""My supervision: what I share with my supervisor, our session records, actions and summary."""

import streamlit as st

from reflect.domain import ShareKind
from reflect.services import supervision
from reflect.services.access import Permission
from reflect.ui import context, safe
from reflect.ui import supervision as parts
from reflect.ui import supervision_records as records
from reflect.ui.feedback import flash_and_rerun, show_flash
from reflect.ui.safe import md

actor = context.require(Permission.SHARE_WITH_SUPERVISOR)
CONFIRM_KEY = "withdraw_asking"

st.title("My supervision")
show_flash()
pairs = supervision.my_supervisors(by=actor)
if not pairs:
    st.info(
        "You don't have a supervisor in Reflect yet. Your admin can set up a supervision pair. "
        "Until then, everything you write stays private to you."
    )
    st.stop()
if len(pairs) > 1:
    chosen = st.selectbox("Supervisor", [p.id for p in pairs], format_func={p.id: p.supervisor_name for p in pairs}.get)
    pair = next(p for p in pairs if p.id == chosen)
else:
    pair = pairs[0]
name = md(pair.supervisor_name)
st.write(f"Your supervisor is **{name}**. Supervision is a shared space: you both add notes, and you choose what to bring.")
parts.rhythm(pair, actor)

shared_tab, sessions_tab, actions_tab, goals_tab, summary_tab = st.tabs(
    ["What I share", "Sessions", "Actions", "Goals", "Summary PDF"], key="my_supervision_tab", on_change="rerun"
)

with shared_tab:
    if shared_tab.open:  # only the chosen tab runs
        st.caption(
            f"Nothing is shared unless you choose it. You can withdraw anything at any time, and it leaves {name}'s view at once. "
            "A whole episode is shared as it stands when you share it: anything you add to it later stays private until you share it. "
            "Team leads and admins never see what you share here."
        )
        shares = supervision.my_shares(pair_id=pair.id, by=actor)
        options = supervision.shareable(pair_id=pair.id, by=actor)
        labels = {f"{o.kind}:{o.target}": o.label for o in options}
        choice = st.selectbox(
            f"Choose something to share with {name}",
            list(labels),
            format_func=labels.get,
            index=None,
            placeholder="A reflection, a quick check, an episode or a profile experience",
        )
        if not options:
            st.caption(
                "Once you finish a quick check or a reflection, or fill in your sharing profile, you can share it here. "
                "Things you already share are listed below."
            )
        if not supervision.can_receive(pair_id=pair.id, by=actor):
            st.info(
                f"{name} can't receive shared items just yet. What you share is sealed so that only {name} can open it, "
                f"and the key for that is made the next time {name} signs in to Reflect. Your notes stay just as they are: "
                "please come back and share once they have signed in."
            )
        if st.button(f"Share with {name}", type="primary", disabled=choice is None):
            kind, _, target = choice.partition(":")
            try:
                supervision.share(pair_id=pair.id, kind=ShareKind(kind), target=target, by=actor)
                flash_and_rerun(f"Shared with {name}. You can withdraw it at any time.")
            except (supervision.NotFound, supervision.AnswerRejected) as exc:
                st.error(str(exc))

        st.subheader("Shared now")
        if not shares:
            st.write("Nothing is shared at the moment.")
        asking = st.session_state.get(CONFIRM_KEY)
        for item in shares:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(f"**{md(item.title)}**  \nShared {parts.day(item.shared_at)}")
            if right.button("Withdraw", key=f"withdraw:{item.id}", help=f"Stop sharing this with {name}, after you confirm."):
                st.session_state[CONFIRM_KEY] = asking = item.id
            if asking == item.id:
                with st.container(border=True):
                    st.warning(
                        f"Withdraw **{md(item.title)}**? {name} will no longer see it, in the list, in session records or in any "
                        "summary made from now on. You can share it again later, and it goes back into the records where it was discussed.",
                        icon=":material/help:",
                    )
                    yes, no = st.columns(2)
                    if yes.button("Yes, withdraw it", key=f"confirm_withdraw:{item.id}", type="primary"):
                        st.session_state.pop(CONFIRM_KEY, None)
                        supervision.withdraw(shared_item_id=item.id, by=actor)
                        flash_and_rerun(f"Withdrawn. {name} can no longer see it, and it won't appear in any summary.")
                    if no.button("Keep sharing it", key=f"keep_sharing:{item.id}"):
                        st.session_state.pop(CONFIRM_KEY, None)
                        st.rerun()

        st.subheader("Who has opened what")
        st.caption("Every time your supervisor opens something you shared, it is recorded here. No one can change or delete this list.")
        seen, total = supervision.openings(by=actor)
        if not seen:
            st.write("Nothing has been opened yet.")
        else:
            st.table(
                safe.table([
                    {
                        "When": o.at.astimezone().strftime("%d %b %Y %H:%M"),
                        "Who": o.who,
                        "What": o.item_title,
                        "Still shared": "Yes" if o.still_shared else "No, withdrawn",
                    }
                    for o in seen
                ]),
            )
            if total > len(seen):
                st.caption(f"The latest {len(seen)} of {total}. *My account* lists them all.")

with sessions_tab:
    if sessions_tab.open:  # only the chosen tab runs
        parts.sessions(pair, actor)

with actions_tab:
    if actions_tab.open:  # only the chosen tab runs
        parts.actions(pair, actor)

with goals_tab:
    if goals_tab.open:  # only the chosen tab runs
        records.goals(pair, actor)

with summary_tab:
    if summary_tab.open:  # only the chosen tab runs
        parts.summary(pair, actor)
