"""The few style rules Streamlit's theme can't express. Fixed text only, never user text."""

import streamlit as st

# Choice buttons (pills, segmented controls) cut long answers with an ellipsis on a phone:
# let them wrap instead, so every answer can be read in full before it is tapped.
_CSS = """
<style>
[data-testid="stButtonGroup"] button { height: auto; max-width: 100%; }
[data-testid="stButtonGroup"] button p { white-space: normal; text-overflow: clip; overflow-wrap: anywhere; text-align: left; }
/* The register: a table on a laptop, cards on a phone (see pages/register.py). */
@media (min-width: 768px) { .st-key-register-cards { display: none; } }
@media (max-width: 767.98px) { .st-key-register-table { display: none; } }
/* Never wider than the page (a sideways-scrolling table is hard to reach by keyboard): every
   column wraps between words, each is at least as wide as its longest word ("Polish
   (Conversational)" is never cut or run into the next column), and the talent itself is the
   widest. A word longer than a whole column (a pasted address) still breaks rather than spill. */
.st-key-register-table table, .st-key-lead-roles-table table { table-layout: auto; width: 100%; }
.st-key-register-table th, .st-key-register-table td,
.st-key-lead-roles-table th, .st-key-lead-roles-table td { overflow-wrap: break-word; word-break: normal; }
.st-key-register-table th:first-child { width: 30%; }
.st-key-register-table [data-testid="stTable"] > div,
.st-key-lead-roles-table [data-testid="stTable"] > div { overflow: visible; }
/* Code in a caption (a command to run) takes the caption's own colour: Streamlit's faded
   code colour falls below WCAG AA contrast there. */
[data-testid="stCaptionContainer"] code { color: inherit; }
/* The menu: in the sidebar on a laptop, behind one Menu button on a phone (see navigation.py). */
@media (min-width: 768px) { .st-key-phone-menu { display: none; } }
@media (max-width: 767.98px) {
  [data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none; }
  /* The whole menu in view at once, Sign out included, with no hidden scroll. */
  .st-key-menu-links { gap: 0.3rem; }
  .st-key-menu-links hr { margin: 0.4rem 0; }
  [data-testid="stPopoverBody"]:has(.st-key-menu-links) { max-height: calc(100dvh - 7rem); }
  /* Tabs wrap onto a second line rather than hiding one behind a sideways scroll. */
  [data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; row-gap: 0.25rem; }
}
</style>
"""


def apply() -> None:
    st.html(_CSS)
