"""Choose a new password: the only step offered after an admin reset the password."""

import streamlit as st

from reflect.services import auth
from reflect.services.access import Permission
from reflect.services.passwords import PasswordRejected
from reflect.ui import context

actor = context.require(Permission.MANAGE_OWN_ACCOUNT)

st.title("Choose a new password")
st.write(
    "Your admin gave you a one-time password. Please choose your own now; "
    "everything else in Reflect opens as soon as you have."
)
with st.form("new_password", clear_on_submit=True):
    current = st.text_input("One-time password", type="password", autocomplete="current-password")
    new = st.text_input("New password (at least 10 characters)", type="password", autocomplete="new-password")
    again = st.text_input("New password again", type="password", autocomplete="new-password")
    if st.form_submit_button("Save my new password", type="primary"):
        if new != again:
            st.error("The two new passwords are different. Please type them again.")
        else:
            try:
                auth.change_password(by=actor, current_password=current, new_password=new)
                st.rerun()
            except (auth.SignInError, PasswordRejected) as exc:
                st.error(str(exc))
