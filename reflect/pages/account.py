"""My account: password, recovery code, where I'm signed in, and who has opened anything of mine."""

import streamlit as st

from reflect.services import audit, auth, passkeys
from reflect.services.access import Permission
from reflect.services.passwords import PasswordRejected
from reflect.ui import context, recovery
from reflect.ui.safe import md

actor = context.require(Permission.MANAGE_OWN_ACCOUNT)

st.title("My account")
st.write(f"**{md(actor.name)}** · " + ", ".join(sorted(r.label for r in actor.roles)))

st.subheader("Change password")
with st.form("change_password", clear_on_submit=True):
    current = st.text_input("Current password", type="password", autocomplete="current-password")
    new = st.text_input("New password (at least 10 characters)", type="password", autocomplete="new-password")
    again = st.text_input("New password again", type="password", autocomplete="new-password")
    if st.form_submit_button("Change password"):
        if new != again:
            st.error("The two new passwords are different. Please type them again.")
        else:
            try:
                ended = auth.change_password(by=actor, current_password=current, new_password=new)
                st.success(f"Password changed. {ended} other session(s) were signed out.")
            except (auth.SignInError, PasswordRejected) as exc:
                st.error(str(exc))

st.subheader("Your recovery code")
st.write(
    "Your recovery code opens your private notes if you ever forget your password. If you have lost it, or "
    "think someone else may have seen it, you can make a new one: the old one then stops working."
)
if recovery.new_code_form(actor, key="new_recovery_code"):
    st.rerun()
if context.RECOVERY_CODE_KEY in st.session_state and actor.recovery_saved:
    # Shown here for accounts that skip the saving step (the demo's).
    st.code(st.session_state.pop(context.RECOVERY_CODE_KEY), language=None)

if passkeys.offered_to(by=actor):
    st.subheader("Your passkeys")
    st.write(
        "A passkey (on this device, your phone or a security key) can open your private notes in place of "
        "your passphrase, in browsers that support passkeys with the PRF extension: current Chrome and Edge, "
        "and Safari 18 or later. Your passphrase and recovery code always keep working."
    )
    for p in passkeys.mine(by=actor):
        with st.container(border=True):
            used = f" · last used {p.last_used_at.astimezone():%d %b %Y}" if p.last_used_at else ""
            st.markdown(f"**{md(p.name)}**  \nAdded {p.created_at.astimezone():%d %b %Y}{used}")
            if st.button("Remove this passkey", key=f"remove_passkey:{p.public_id}", help="It stops opening your private notes at once."):
                passkeys.remove(by=actor, public_id=p.public_id)
                st.rerun()
    if actor.own_key is not None:
        st.link_button("Add a passkey (opens a new tab)", "/passkeys?do=add")

st.subheader("Where you're signed in")
st.caption(
    "Each sign-in, with the browser and system it came from. If you don't recognise one, end it "
    "and change your password. A session also ends after 30 minutes without use, or 12 hours after signing in."
)
for s in auth.my_sessions(by=actor):
    device = " on ".join(part for part in (s.browser, s.system) if part) or "Unknown browser"
    how = "organisation sign-in" if s.method == "single_sign_on" else "password"
    with st.container(border=True):
        st.markdown(
            f"**{md(device)}**" + (" · this browser" if s.is_current else "")
            + f"  \nSigned in {s.created_at.astimezone():%d %b %Y %H:%M} with {how} · "
            f"last active {s.last_seen_at.astimezone():%d %b %Y %H:%M}"
        )
        if s.public_id and st.button(
            "Sign out here" if s.is_current else "End this session",
            key=f"end_session:{s.public_id}",
            help="Ends this session on the server at once.",
        ):
            auth.end_my_session(public_id=s.public_id, by=actor)
            if s.is_current:
                context.end_session()
            st.rerun()
if st.button("Sign out everywhere", help="Ends every session, including this one."):
    auth.sign_out_everywhere(by=actor)
    context.end_session()
    st.rerun()

st.subheader("Activity on your account")
st.caption("Every time someone opens anything of yours, it is recorded here. No one can change or delete this list.")
page = st.number_input("Page", min_value=1, value=1, step=1, key="audit_page")
entries, total = audit.about_me(by=actor, page=int(page))
if not entries:
    st.write("Nothing recorded yet.")
else:
    st.dataframe(
        [
            {"When": e.at.strftime("%d %b %Y %H:%M"), "Who": e.actor_name, "What": e.action.replace("_", " ")}
            for e in entries
        ],
        hide_index=True,
    )
    st.caption(f"{total} event(s) in all.")
