"""Your private notes: save a recovery code, or unlock what you keep to yourself.

The only page while a recovery code is still to be saved (first sign-in), while a single
sign-on passphrase is still to be chosen or entered, or after an admin's password reset.
"""

import streamlit as st

from reflect.services import own_keys, passkeys
from reflect.services.access import Permission
from reflect.services.own_keys import LockState
from reflect.ui import context, recovery

CODE_KEY = context.RECOVERY_CODE_KEY

actor = context.require(Permission.USE_APP)
state = own_keys.state(by=actor)
st.title("Your private notes")


def _recovery_form(*, secret_label: str, secret_hint: str, autocomplete: str) -> None:
    """Enter the recovery code and the password (or a new passphrase) it is to be kept with."""
    with st.form("recover", clear_on_submit=False):
        code = st.text_input("Recovery code", help="Capital or small letters; spaces and dashes don't matter.", autocomplete="off")
        secret = st.text_input(secret_label, type="password", help=secret_hint, autocomplete=autocomplete)
        if st.form_submit_button("Unlock my private notes", type="primary"):
            try:
                st.session_state[CODE_KEY] = own_keys.recover(by=actor, code=code, secret=secret)
                st.rerun()
            except own_keys.OwnKeyRefused as exc:
                st.error(str(exc))


def _start_afresh_form(*, secret_label: str, autocomplete: str) -> None:
    """For when the recovery code is lost too: a new start, said plainly."""
    with st.expander("I can't find my recovery code"):
        st.write(
            "Without it, your earlier private notes can't be opened again: not by you, and not by anyone else. "
            "Please have another look first (a printout, a password manager, a notebook)."
        )
        st.write(
            "If it is gone, you can start afresh. Your earlier private notes stay locked for good and show as "
            "empty; what you shared with your team or supervisor is kept. Everything you write from now on is "
            "yours as before."
        )
        with st.form("start_afresh", clear_on_submit=False):
            secret = st.text_input(secret_label, type="password", autocomplete=autocomplete)
            understood = st.checkbox("I understand my earlier private notes can't be opened again")
            if st.form_submit_button("Start afresh"):
                if not understood:
                    st.info("Please tick the box if you would like to start afresh. There is no hurry.")
                else:
                    try:
                        own_keys.start_afresh(by=actor, secret=secret)
                        st.rerun()
                    except own_keys.OwnKeyRefused as exc:
                        st.error(str(exc))


if state == LockState.SAVE_RECOVERY_CODE:
    if CODE_KEY not in st.session_state:
        st.session_state[CODE_KEY] = own_keys.issue_recovery_code(by=actor)
    st.write(
        "What you keep to yourself in Reflect (your profile, quick checks, reflections, your Wellness at Work plan "
        "and your \"just me\" notes) is locked with a key only you hold. Your password opens it. Nobody else can: "
        "not your admin, not your organisation's IT team, not anyone with a copy of the database."
    )
    st.write("Here is your recovery code. If you ever forget your password, it opens your private notes again.")
    st.code(st.session_state[CODE_KEY], language=None)
    st.write(
        "Please print this page (your browser's Print) or write the code down, and keep it somewhere safe and "
        "private. It is shown only this once; you can make a new one at any time from this page while signed in."
    )
    st.warning(
        "If both your password and this recovery code are lost, your private notes can't be opened again, by "
        "anyone. What you have shared with your team or supervisor isn't affected.",
        icon=":material/info:",
    )
    with st.form("saved"):
        saved = st.checkbox("I have saved my recovery code somewhere safe")
        if st.form_submit_button("Continue", type="primary"):
            if saved:
                own_keys.confirm_recovery_saved(by=actor)
                st.session_state.pop(CODE_KEY, None)
                st.rerun()
            else:
                st.info("Please tick the box once you have saved your code. Take all the time you need.")

elif state == LockState.CHOOSE_PASSPHRASE:
    st.write(
        "You signed in with your organisation's account. To keep what you write for yourself private, please "
        "choose a passphrase of your own. Only you will know it: your organisation's sign-in proves who you are, "
        "and your passphrase opens your private notes."
    )
    with st.form("choose_passphrase", clear_on_submit=False):
        first = st.text_input(f"Passphrase (at least {own_keys.PASSPHRASE_MIN} characters)", type="password", autocomplete="new-password")
        again = st.text_input("Passphrase again", type="password", autocomplete="new-password")
        if st.form_submit_button("Save my passphrase", type="primary"):
            if first != again:
                st.error("The two passphrases are different. Please type them again.")
            else:
                try:
                    own_keys.choose_passphrase(by=actor, passphrase=first)
                    st.rerun()
                except own_keys.OwnKeyRefused as exc:
                    st.error(str(exc))

elif state == LockState.ENTER_PASSPHRASE:
    if passkeys.has_passkeys(by=actor):
        st.write("Please use your passkey, or enter your passphrase, to open your private notes.")
        st.link_button("Use my passkey (opens a new tab)", "/passkeys?do=unlock", type="primary")
        st.caption("When your passkey has opened them, come back to this tab and carry on.")
        if st.button("I've used my passkey"):
            st.rerun()
    else:
        st.write("Please enter your passphrase to open your private notes.")
    with st.form("passphrase", clear_on_submit=False):
        passphrase = st.text_input("Passphrase", type="password", autocomplete="current-password")
        if st.form_submit_button("Unlock", type="primary"):
            try:
                own_keys.unlock_with_passphrase(by=actor, passphrase=passphrase)
                st.rerun()
            except own_keys.OwnKeyRefused as exc:
                st.error(str(exc))
    with st.expander("I've forgotten my passphrase"):
        st.write("Your recovery code opens your private notes; then choose a new passphrase to keep them with.")
        _recovery_form(secret_label="New passphrase", secret_hint=f"At least {own_keys.PASSPHRASE_MIN} characters.", autocomplete="new-password")
    _start_afresh_form(secret_label="New passphrase", autocomplete="new-password")

elif state == LockState.ENTER_RECOVERY_CODE:
    st.write(
        "Your password was reset, so your private notes are locked for now. They are safe, and nothing you "
        "wrote is lost. This is what keeps them private: an admin can help you sign in, but only you can open "
        "what you keep to yourself."
    )
    st.write("Please enter the recovery code you saved when you first signed in, and the password you use now.")
    _recovery_form(secret_label="Your password", secret_hint="The password you signed in with just now.", autocomplete="current-password")
    _start_afresh_form(secret_label="Your password", autocomplete="current-password")

else:
    st.write("Your private notes are open, and your recovery code is saved.")
    if recovery.new_code_form(actor, key="new_recovery_code"):
        st.rerun()  # the new code is shown to save, as the first one was
