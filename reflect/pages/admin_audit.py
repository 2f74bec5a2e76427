"""Audit trail: who did what, about whom, when. Kinds and ids only, never content."""

from datetime import date

import streamlit as st

from reflect.reports import tables
from reflect.services import audit, persons
from reflect.services.access import Permission
from reflect.ui import context

actor = context.require(Permission.ADMINISTER)
PER_PAGE = 50

st.title("Audit trail")
st.caption(
    "Every sign-in, account change and opening of someone's content is recorded here, linked in a chain "
    "that shows any change. Nothing anyone wrote appears in it. `reflect audit verify` checks the chain."
)

search = st.text_input("Find a person by name or e-mail")
found = persons.list_people(by=actor, search=search, per_page=50)[0] if search.strip() else []
labels = {p.id: f"{p.name} <{p.email}>" for p in found}
person_id = st.selectbox("Person", list(labels), format_func=labels.get, index=None, placeholder="Everyone") if labels else None
kinds = audit.actions(by=actor)
action = st.selectbox("Kind of event", kinds, index=None, placeholder="Every kind", format_func=lambda a: a.replace("_", " "))
since_column, until_column = st.columns(2)
since = since_column.date_input("From", value=None, max_value=date.today(), format="DD/MM/YYYY")
until = until_column.date_input("To", value=None, max_value=date.today(), format="DD/MM/YYYY")
filters = {"person_id": person_id, "action": action, "since": since, "until": until}

total = audit.count(by=actor, **filters)
pages = max(1, -(-total // PER_PAGE))
page = int(st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1)) if pages > 1 else 1
rows, total = audit.search(by=actor, page=page, per_page=PER_PAGE, total=total, **filters)
st.dataframe(
    [
        {
            "Event": r.id,
            "When (UTC)": r.at.strftime("%d %b %Y %H:%M:%S"),
            "Who": r.actor,
            "What": r.action.replace("_", " "),
            "About": r.subject,
            "Object": f"{r.object_type.replace('_', ' ')} {r.object_id}" if r.object_type else "",
        }
        for r in rows
    ],
    hide_index=True,
    # Plain words, wide enough to read in full.
    column_config={"What": st.column_config.TextColumn(width="large"), "Object": st.column_config.TextColumn(width="medium")},
)
st.caption(f"{total} event(s).")

if st.button("Prepare a CSV download of these events"):
    columns = ["event", "at_utc", "actor", "action", "about", "object_type", "object_id"]
    exported = audit.export_rows(by=actor, **filters)
    data = [[r.id, r.at.isoformat(), r.actor, r.action, r.subject, r.object_type or "", r.object_id or ""] for r in exported]
    st.download_button("Download CSV", tables.to_csv(columns, data), file_name="reflect-audit.csv", mime="text/csv", on_click="ignore")
