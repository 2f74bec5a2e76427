"""Home: a greeting and what this person can do here."""

import streamlit as st

from reflect import navigation
from reflect.ui import context
from reflect.ui.safe import md

actor = context.require()

st.title(f"Hello, {md(actor.name.split()[0])}")
st.write("Here is what you can do in Reflect:")
for spec in navigation.pages_for(actor):
    if spec.default:
        continue
    with st.container(border=True):
        st.page_link(str(spec.path), label=spec.title, icon=spec.icon)
        st.caption(spec.description)

st.caption(
    "What you write is private to you until you choose to share it, and it is encrypted when stored."
)
