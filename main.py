"""The Streamlit script every page runs: page set-up, then navigation. app.py serves it."""

import streamlit as st

from reflect import navigation

st.set_page_config(page_title="Reflect", layout="centered")
navigation.run()
