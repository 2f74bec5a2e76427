"""My biography for the team's "meet the team" leaflet: write, preview, approve."""

import streamlit as st

from reflect.services import biographies
from reflect.services.access import Permission
from reflect.ui import context, forms
from reflect.ui.feedback import flash_and_rerun, show_flash
from reflect.ui.safe import md

actor = context.require(Permission.KEEP_OWN_TALENTS)
prompts = biographies.prompts()

st.title("My biography")
st.write(
    "A few lines about you for your team's 'meet the team' leaflet, so people using the service "
    "know a little about who they'll meet. Only a version you approve is used."
)
show_flash()

bio = biographies.mine(by=actor)
if bio is None:
    st.caption("Not started yet.")
elif bio.status == biographies.APPROVED:
    st.success(f"Approved on {bio.approved_at:%d %b %Y}. Any change makes it a draft again until you approve it.")
else:
    st.warning("Draft: it won't appear in the leaflet until you approve it.")

with st.form("biography"):
    answers = {
        q.id: st.text_area(q.text, value=(bio.answers.get(q.id, "") if bio else ""), max_chars=q.max_length, help=q.help)
        for q in prompts
    }
    if st.form_submit_button("Save draft"):
        try:
            biographies.save_draft(by=actor, answers=answers)
            flash_and_rerun("Saved as a draft. Have a look at the preview, then approve it when you're happy.")
        except biographies.BiographyError as exc:
            st.error(str(exc))

if bio is not None:
    # The leaflet is read by people using the service: warn about anything that could identify
    # someone (the writer's own first name is fine).
    own_first_name = tuple(actor.name.split()[:1])
    for q in prompts:
        forms.warn_identifying(bio.answers.get(q.id, ""), allow_names=own_first_name)
    st.subheader("Preview")
    with st.container(border=True):
        photo = biographies.my_photo(by=actor) if bio.has_photo else None
        if photo:
            st.image(photo, width=120, caption="Your photo")
        st.markdown(f"**{md(actor.name)}**")
        for q in prompts:
            if bio.answers.get(q.id):
                st.caption(md(q.text))
                st.text(bio.answers[q.id])
    if bio.status != biographies.APPROVED and st.button("Approve for the leaflet", type="primary"):
        biographies.approve(by=actor)
        flash_and_rerun("Approved. It will be in your team's next leaflet.")

    st.subheader("Photo (optional)")
    upload = st.file_uploader(
        "A photo for the leaflet: PNG or JPEG, up to 2 MB", type=["png", "jpg", "jpeg"],
        max_upload_size=biographies.MAX_PHOTO_BYTES // (1024 * 1024),  # the widget says what the service takes
    )
    if upload is not None and st.button("Use this photo"):
        try:
            biographies.set_photo(by=actor, data=upload.getvalue())
            flash_and_rerun("Photo added. Please approve your biography again so it goes in the leaflet.")
        except biographies.BiographyError as exc:
            st.error(str(exc))
    if bio.has_photo and st.button("Remove my photo"):
        biographies.remove_photo(by=actor)
        flash_and_rerun("Photo removed.")
    st.divider()
    if st.button("Delete my biography"):
        biographies.withdraw(by=actor)
        flash_and_rerun("Your biography and photo are deleted and won't appear in any new leaflet.")
