"""The calm, non-directive summary at the end of a quick check: it says back what the person
said, never grades it."""

import streamlit as st

from reflect.services import journeys
from reflect.ui.safe import md

_WORDS = {
    "for_support": (
        "Going to your supervisor or manager for support, or for adjustments at work, is what "
        "they are there for. Nothing you said is a reason to hold back from asking."
    ),
    "not_today": "You said today may not be the day. There may well be another moment.",
    "some_to_think_over": "You noted some things to think over first. You may still decide to share: you decide.",
    "wishes_unknown": (
        "You said you don't know yet whether they would welcome it. Starting small and seeing "
        "how they respond, or asking first, lets you find out."
    ),
    "thought_through": "You know this person and this moment, and it's your call.",
}
_RAW = (
    "What you describe sounds raw and current. Supervision, or support for yourself from your "
    "manager or someone you trust, may be the place for it first."
)
_RAW_FOR_SUPPORT = "What you describe sounds raw and current: this is exactly what supervision and support are for."


def show(entry: journeys.EntryView) -> None:
    summary = entry.summary
    if summary is None:
        return
    with st.container(border=True):
        st.subheader(summary.label)
        st.write(_WORDS[summary.verdict])
        if summary.raw_current:
            st.info(_RAW_FOR_SUPPORT if summary.verdict == "for_support" else _RAW)
        if summary.for_sharing:
            st.markdown("**What you said points towards sharing:**\n" + "\n".join(f"- {md(r)}" for r in summary.for_sharing))
        if summary.to_pause:
            st.markdown("**What you said you'd think over:**\n" + "\n".join(f"- {md(r)}" for r in summary.to_pause))
        if summary.also_said:
            st.markdown("**You also said:**\n" + "\n".join(f"- {md(r)}" for r in summary.also_said))
