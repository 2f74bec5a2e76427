"""Places to turn: the organisation's own support for staff, shown calmly where it may help."""

import streamlit as st

from reflect.services import places_to_turn
from reflect.services.access import Permission
from reflect.ui import context
from reflect.ui.feedback import flash_and_rerun, show_flash

actor = context.require(Permission.ADMINISTER)

st.title("Places to turn")
st.caption(
    "Your organisation's own support for staff. Reflect shows these, calmly, after someone checks in "
    "about getting support, after a reflection that left them feeling exposed, and when their draft "
    "says they are not coping. Nothing is shown where none are set."
)
show_flash()

current = {place.kind: place for place in places_to_turn.shown(by=actor)}
for kind, (label, about) in places_to_turn.KINDS.items():
    place = current.get(kind)
    with st.container(border=True, key=f"place-{kind}"):
        st.subheader(label)
        st.caption(about)
        with st.form(f"place-form-{kind}"):
            name = st.text_input("Name", value=place.name if place else "", max_chars=places_to_turn.NAME_MAX, key=f"place-name-{kind}")
            reach = st.text_area(
                "How to reach it", value=place.how_to_reach if place else "", max_chars=places_to_turn.REACH_MAX,
                help="A phone number, an intranet page or an e-mail address, and when it's open.", key=f"place-reach-{kind}",
            )
            if st.form_submit_button(f"Save {label.lower()}"):
                try:
                    places_to_turn.save(by=actor, kind=kind, name=name, how_to_reach=reach)
                    flash_and_rerun(f"Saved. {label} is shown to staff.")
                except places_to_turn.PlacesError as exc:
                    st.error(str(exc))
        if place and st.button(f"Stop showing {label.lower()}", key=f"place-remove-{kind}"):
            places_to_turn.remove(by=actor, kind=kind)
            flash_and_rerun(f"{label} is no longer shown.")
