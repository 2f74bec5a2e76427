"""Making a new recovery code. The person's password (or, with single sign-on, their
passphrase) is asked for first: a session left open is not enough to replace the code they saved."""

import streamlit as st

from reflect.services import own_keys
from reflect.services.access import Actor
from reflect.ui import context


def new_code_form(actor: Actor, *, key: str) -> bool:
    """The form. Returns True once a new code is in `st.session_state[context.RECOVERY_CODE_KEY]`."""
    what = "passphrase" if own_keys.unlocks_with_passphrase(by=actor) else "password"
    with st.form(key, clear_on_submit=True):
        secret = st.text_input(f"Your {what}, to make a new code", type="password", autocomplete="current-password")
        if st.form_submit_button("Make a new recovery code"):
            try:
                st.session_state[context.RECOVERY_CODE_KEY] = own_keys.issue_recovery_code(by=actor, secret=secret)
                return True
            except own_keys.OwnKeyRefused as exc:
                st.error(str(exc))
    return False
