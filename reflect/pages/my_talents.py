"""My talents: my own entries in the team register. I choose who sees each one."""

import streamlit as st

from reflect.services import register
from reflect.services.access import Permission
from reflect.ui import context, forms
from reflect.ui.feedback import flash_and_rerun, show_flash
from reflect.ui.safe import md

actor = context.require(Permission.KEEP_OWN_TALENTS)
cats = register.choices()
teams = register.my_teams(by=actor)
team_names = {t.id: t.name for t in teams}


def _label(options, option_id):
    return next((o.label for o in options if o.id == option_id), option_id)


def entry_fields(prefix: str, existing: register.MyEntry | None = None) -> register.EntryInput:
    """The widgets for one entry (outside a form, so language questions appear for languages)."""
    category_ids = [c.id for c in cats.categories]
    category = st.selectbox(
        "Category",
        category_ids,
        index=category_ids.index(existing.category) if existing and existing.category in category_ids else 0,
        format_func=lambda c: cats.category(c).label,
        key=f"{prefix}-category",
    )
    chosen = cats.category(category)
    if chosen.help or chosen.examples:
        st.caption(md(" ".join(filter(None, [chosen.help, "For example: " + ", ".join(chosen.examples) + "." if chosen.examples else ""]))))
    language = level = None
    if chosen.has_level:
        language = st.text_input("Which language?", value=(existing.language or "") if existing else "", key=f"{prefix}-language")
        level_ids = [o.id for o in cats.levels]
        level = st.selectbox(
            "How well?",
            level_ids,
            index=level_ids.index(existing.level) if existing and existing.level in level_ids else 0,
            format_func=lambda o: _label(cats.levels, o),
            key=f"{prefix}-level",
        )
    description = st.text_area(
        "Describe it in a few words",
        value=existing.description if existing else "",
        max_chars=register.MAX_DESCRIPTION,
        key=f"{prefix}-description",
    )
    forms.warn_identifying(description or "")
    visibility_ids = [o.id for o in cats.visibility]
    private = cats.is_private(category)
    default_visibility = "team" if private and "team" in visibility_ids else visibility_ids[0]
    visibility = st.radio(
        "Who may see it",
        visibility_ids,
        index=visibility_ids.index(existing.visibility if existing and existing.visibility in visibility_ids else default_visibility),
        format_func=lambda o: _label(cats.visibility, o),
        key=f"{prefix}-visibility",
    )
    team_id = existing.team_id if existing else None
    if visibility == "team" and len(teams) > 1:
        team_ids = [t.id for t in teams]
        team_id = st.selectbox(
            "Which team", team_ids, index=team_ids.index(team_id) if team_id in team_ids else 0,
            format_func=team_names.get, key=f"{prefix}-team",
        )
    willing = st.multiselect(
        "What you're willing to do with it",
        [o.id for o in cats.willing_to],
        default=list(existing.willing_to) if existing else [],
        format_func=lambda o: _label(cats.willing_to, o),
        key=f"{prefix}-willing",
    )
    availability = st.text_input(
        "When you're available for it (optional)", value=existing.availability if existing else "",
        max_chars=register.MAX_AVAILABILITY, key=f"{prefix}-availability",
    )
    export_ok = False
    if private:
        st.caption(
            "Personal experience is seen by your team only unless you choose otherwise, and it is left "
            "out of the register's downloads unless you agree below. Being open can expose people to stigma."
        )
        export_ok = st.checkbox(
            "Include this entry when someone downloads the register (CSV or spreadsheet)",
            value=bool(existing and existing.export_ok), key=f"{prefix}-export",
        )
    return register.EntryInput(
        category=category, description=description, visibility=visibility, willing_to=tuple(willing),
        availability=availability, level=level, language=language, team_id=team_id, export_ok=export_ok,
    )


st.title("My talents")
if cats.description:
    st.write(md(cats.description))
st.caption(
    "Each entry is yours: you choose who sees it and can change or delete it at any time. "
    "Descriptions are encrypted when stored."
)
show_flash()

entries = register.my_entries(by=actor)
waiting = [e for e in entries if not e.published]
if waiting:
    st.info(
        f"{len(waiting)} of your entries {'is' if len(waiting) == 1 else 'are'} waiting for you: imported by your "
        "team lead, or brought back from a backup as it was before you last changed it. Each appears in the "
        "register only once you check and publish it."
    )

st.subheader("My entries")
if not entries:
    st.write("You haven't added anything yet. Everyone brings something: a language, a hobby, a contact.")
for e in entries:
    with st.container(border=True):
        heading = f"**{md(e.category_label)}**"
        if e.language:
            heading += f" · {md(e.language)}"
        if not e.published:
            heading += " · waiting for you to publish"
        st.markdown(heading)
        st.text(e.description)
        details = [f"Seen by: {_label(cats.visibility, e.visibility)}"]
        if e.visibility == "team" and e.team_id in team_names and len(teams) > 1:
            details.append(team_names[e.team_id])
        if e.level:
            details.append(_label(cats.levels, e.level))
        if e.willing_to:
            details.append("Willing to: " + ", ".join(_label(cats.willing_to, w) for w in e.willing_to))
        if not e.export_ok:
            details.append("Left out of downloads")
        st.caption(md(" · ".join(details)))
        if e.availability:
            st.text(f"Available: {e.availability}")
        if not e.published and st.button("Publish as it is", key=f"publish-{e.id}"):
            register.publish_entry(by=actor, entry_id=e.id)
            flash_and_rerun("Published. Your team can see it now.")
        with st.expander("Change or delete"):
            changed = entry_fields(f"edit-{e.id}", e)
            if st.button("Save changes", key=f"save-{e.id}", type="primary"):
                try:
                    register.update_entry(by=actor, entry_id=e.id, entry=changed)
                    flash_and_rerun("Saved.")
                except register.RegisterError as exc:
                    st.error(str(exc))
            if st.button("Delete this entry", key=f"delete-{e.id}"):
                register.delete_entry(by=actor, entry_id=e.id)
                flash_and_rerun("Deleted. It no longer appears anywhere.")

st.subheader("Add a talent")
new = entry_fields("new")
if st.button("Add to the register", type="primary"):
    try:
        register.add_entry(by=actor, entry=new)
        for field in ("description", "language", "availability"):
            st.session_state.pop(f"new-{field}", None)
        flash_and_rerun("Added. Thank you for sharing it.")
    except register.RegisterError as exc:
        st.error(str(exc))
