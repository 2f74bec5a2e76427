"""The organisation's places to turn, in the product's calm voice; nothing at all when none are set."""

import streamlit as st

from reflect.services import places_to_turn
from reflect.services.access import Actor
from reflect.ui.safe import md

INTRO = {
    "support": "Looking after yourself matters too. If it would help, your organisation offers:",
    "exposed": "Feeling exposed after sharing is something many of us know. If it would help to talk to someone, your organisation offers:",
    "not_coping": "It sounds as if things are hard for you right now. You don't have to manage this on your own. Your organisation offers:",
}


def show(actor: Actor, *, moment: str) -> None:
    """The places to turn, introduced for this moment (support, exposed, not_coping)."""
    places = places_to_turn.shown(by=actor)
    if not places:
        return
    with st.container(border=True):  # no key: a page may show them beside more than one draft
        st.markdown("**Places to turn**")
        st.write(INTRO[moment])
        st.markdown("\n".join(f"- **{md(p.label)}: {md(p.name)}.** {md(p.how_to_reach)}" for p in places))
