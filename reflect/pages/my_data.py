"""My data: take away everything I wrote and every record about me; erase my account."""

import streamlit as st

from reflect.services import my_data
from reflect.services.access import Permission, can
from reflect.ui import context

actor = context.require(Permission.MANAGE_OWN_ACCOUNT)

st.title("My data")
st.write(
    "Download everything you have written in Reflect and every record about you: your quick checks, "
    "reflections and profile, learning notes, talents and biography, what you shared with a supervisor, "
    "your supervision notes, your sign-ins, and the audit record of who did what with anything of yours."
)
st.caption(
    "Each download is recorded in your account's activity. Words other people wrote (for example your "
    "supervisor's notes) are in their own download, not yours. Please keep the file somewhere safe."
)
if can(actor, Permission.SUPERVISE):
    st.caption(
        "When a supervision pair you supervise ends, you lose access to its records, here too: your "
        "download still says the pair existed and when, but no longer holds its sessions, your notes "
        "on them or its actions. The supervisee keeps all of theirs."
    )

st.subheader("Download")
json_column, pdf_column = st.columns(2)
if json_column.button("Prepare the JSON download", help="Complete and machine-readable: for taking your data to another service."):
    json_column.download_button(
        "Download my data (JSON)", my_data.export_json(by=actor), file_name="my-reflect-data.json",
        mime="application/json", on_click="ignore",
    )
if pdf_column.button("Prepare the PDF download", help="The same records, laid out for reading."):
    pdf_column.download_button(
        "Download my data (PDF)", my_data.export_pdf(by=actor), file_name="my-reflect-data.pdf",
        mime="application/pdf", on_click="ignore",
    )

st.subheader("Erase my account")
st.write(
    "Erasing your account destroys everything you have written here, for good, backups included, and "
    "removes your name and e-mail. It can't be undone, so you may want to download your data first."
)
with st.form("erase_me", clear_on_submit=True):
    typed = st.text_input("Type your e-mail address to confirm")
    if st.form_submit_button("Erase my account for good"):
        try:
            my_data.erase_me(confirm_email=typed, by=actor)
            context.end_session()
            st.session_state[context.NOTICE_KEY] = "Your account and everything you wrote have been erased. Take care."
            st.rerun()
        except my_data.ConfirmationMismatch as exc:
            st.error(str(exc))
