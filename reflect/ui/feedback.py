"""A message that survives the rerun after a change, so lists above a form show the new row."""

import streamlit as st

_KEY = "reflect_flash"


def flash_and_rerun(message: str) -> None:
    st.session_state[_KEY] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(_KEY, None)
    if message:
        st.success(message)
