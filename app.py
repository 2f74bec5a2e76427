"""Reflect: the Streamlit entry point. It only sets up the page and hands over to navigation."""

import streamlit as st

from reflect import navigation

st.set_page_config(page_title="Reflect", page_icon=":material/self_improvement:", layout="centered")
navigation.run()
