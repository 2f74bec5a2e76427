"""Previous / Next paging with "21–40 of 312", instead of a page-number spinner."""

from __future__ import annotations

import streamlit as st


def current(key: str, total: int, per_page: int, *, pages: bool = False) -> int:
    """The page to show (from 1), kept within the pages there are: `total` rows, or with
    `pages=True`, `total` pages known so far."""
    last = max(1, total if pages else -(-total // per_page))
    page = min(max(1, int(st.session_state.get(key, 1))), last)
    st.session_state[key] = page
    return page


def _move(key: str, step: int) -> None:
    st.session_state[key] = int(st.session_state.get(key, 1)) + step


def controls(
    key: str, page: int, total: int, per_page: int, *, noun: str = "", more: bool = False, has_next: bool | None = None,
    shown: int | None = None,
) -> None:
    """*Previous*, where we are ("21–40 of 312", or "of more than 100" when the count stopped
    at a cap), and *Next* (while `has_next`, when given; `shown` is the rows on this page); nothing when one page holds all."""
    if total <= per_page and page == 1 and not more and not has_next:
        return
    first = (page - 1) * per_page + 1
    last = first + shown - 1 if shown is not None else min(total, page * per_page)
    has_next = (last < total) if has_next is None else has_next
    left, middle, right = st.columns([1, 2, 1], vertical_alignment="center")
    left.button("Previous", key=f"{key}:previous", disabled=page <= 1, on_click=_move, args=(key, -1), icon=":material/chevron_left:", width="stretch")
    middle.markdown(f"{first}–{last} of {'more than ' if more else ''}{total}{' ' + noun if noun else ''}")
    right.button("Next", key=f"{key}:next", disabled=not has_next, on_click=_move, args=(key, 1), icon=":material/chevron_right:", width="stretch")
