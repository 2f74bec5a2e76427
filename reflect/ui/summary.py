"""The calm, non-directive summary at the end of a quick check: it says back what the person
said, in their situation, and never grades it."""

import streamlit as st

from reflect.services import journeys
from reflect.ui.safe import md

_WORDS = {
    "for_support": (
        "Going to your supervisor or manager for support, or for adjustments at work, is what "
        "they are there for. Nothing you said is a reason to hold back from asking."
    ),
    "not_today": "You said today may not be the day. There may well be another moment, and it's yours to choose.",
    "some_to_think_over": "You noted some things to think over first. You may still decide to share: you decide.",
    "everyday": "Small everyday things are how people get to know each other. See how they respond.",
    "wishes_unknown": "You said you don't know yet whether they would welcome it.",
    "thought_through": "You know this person and this moment, and it's your call.",
}


def show(entry: journeys.EntryView) -> None:
    summary = entry.summary
    if summary is None:
        return
    with st.container(border=True, key=f"quick-check-summary-{entry.id}"):
        st.subheader(summary.label)
        # One block of text: each element costs a message to the browser on every rerun.
        parts = [_WORDS[summary.verdict]]
        if summary.for_sharing:
            parts.append("**What you said points towards sharing:**\n" + "\n".join(f"- {md(r)}" for r in summary.for_sharing))
        if summary.to_think_over:
            parts.append("**What you might think over:**\n" + "\n".join(f"- {md(s.text)}" for s in summary.to_think_over))
        if summary.also_said:
            parts.append("**You also said:**\n" + "\n".join(f"- {md(r)}" for r in summary.also_said))
        st.markdown("\n\n".join(parts))
        for pointer in summary.pointers:
            if pointer.id != "places_to_turn":  # the places themselves follow, where any are set
                st.info(md(pointer.text), icon=":material/support:")
