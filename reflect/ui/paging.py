"""Previous / Next paging with "21–40 of 312", instead of a page-number spinner."""

from __future__ import annotations

import streamlit as st


def current(key: str, total: int, per_page: int) -> int:
    """The page to show (from 1), kept within the pages there are."""
    last = max(1, -(-total // per_page))
    page = min(max(1, int(st.session_state.get(key, 1))), last)
    st.session_state[key] = page
    return page


def _move(key: str, step: int) -> None:
    st.session_state[key] = int(st.session_state.get(key, 1)) + step


def controls(key: str, page: int, total: int, per_page: int, *, noun: str = "") -> None:
    """*Previous*, where we are ("21–40 of 312"), and *Next*; nothing when one page holds all."""
    if total <= per_page:
        return
    first, last = (page - 1) * per_page + 1, min(total, page * per_page)
    left, middle, right = st.columns([1, 2, 1], vertical_alignment="center")
    left.button("Previous", key=f"{key}:previous", disabled=page <= 1, on_click=_move, args=(key, -1), icon=":material/chevron_left:", width="stretch")
    middle.markdown(f"{first}–{last} of {total}{' ' + noun if noun else ''}")
    right.button("Next", key=f"{key}:next", disabled=last >= total, on_click=_move, args=(key, 1), icon=":material/chevron_right:", width="stretch")
