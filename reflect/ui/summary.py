"""The calm, non-directive summary at the end of a quick check."""

import streamlit as st

from reflect.services import journeys
from reflect.ui.safe import md

_WORDS = {
    "looks_considered": ("Looks considered", "You've thought this through. It's your call, and you know this person and this moment."),
    "worth_a_pause": ("Worth a pause", "Some of your answers suggest taking a moment first. You may still decide to share: you decide."),
    "not_today": ("Not today", "Your answers suggest today may not be the right day. There may well be another moment."),
}


def show(entry: journeys.EntryView) -> None:
    summary = entry.summary
    if summary is None:
        return
    title, words = _WORDS[summary.verdict]
    with st.container(border=True):
        st.subheader(title)
        st.write(words)
        if summary.for_sharing:
            st.markdown("**What you said points towards sharing:**\n" + "\n".join(f"- {md(r)}" for r in summary.for_sharing))
        if summary.to_pause:
            st.markdown("**What you said suggests a pause:**\n" + "\n".join(f"- {md(r)}" for r in summary.to_pause))
