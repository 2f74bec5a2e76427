"""The team register: search, team figures, matching, the team's review, and the lead's tools."""

from dataclasses import astuple
from datetime import UTC, date, datetime, time

import pandas as pd
import streamlit as st

from reflect.reports import tables
from reflect.services import biographies, register
from reflect.services.access import Permission, can
from reflect.ui import charts, context, paging, safe, team_review
from reflect.ui.feedback import flash_and_rerun, show_flash
from reflect.ui.safe import md

actor = context.require(Permission.VIEW_REGISTER)
cats = register.choices()
PER_PAGE = register.PAGE_SIZE


def _label(options, option_id):
    return next((o.label for o in options if o.id == option_id), option_id)


COLUMNS = ["Description", "Who", "Category", "Willing to", "Available", "Seen by"]


def _rows(items) -> list[dict]:
    """The talent itself first; people's words exactly as they typed them."""
    return [
        {
            "Description": i.description,
            "Who": f"{i.who}, {i.team}" if i.team else i.who,
            "Category": i.category_label + (f": {i.language}" + (f" ({i.level})" if i.level else "") if i.language else ""),
            "Willing to": "; ".join(i.willing_to),
            "Available": i.availability or "",
            "Seen by": i.seen_by,
        }
        for i in items
    ]


def _table(items, columns=COLUMNS) -> None:
    """A table whose columns wrap within the page. `st.table` reads its cells as Markdown, so
    every cell is escaped there (and only there: the escapes would show in a plain-text table)."""
    st.table(pd.DataFrame(safe.table([{c: row[c] for c in columns} for row in _rows(items)]), columns=columns), hide_index=True)


def _results(items) -> None:
    """A table on a laptop, and a list of cards on a phone (style.py shows one or the other)."""
    with st.container(key="register-table"):
        _table(items)
    with st.container(key="register-cards"):
        for i in items:
            with st.container(border=True):
                language = f" · {md(i.language)}" + (f" ({i.level})" if i.level else "") if i.language else ""
                # One block for the talent and who offers it: each element is a message to the browser.
                st.markdown(f"**{md(i.description)}**\n\n{md(i.who)} · {md(i.team)}  \n{i.category_label}{language}")
                details = [f"Willing to: {'; '.join(i.willing_to)}"] if i.willing_to else []
                details += [f"Available: {md(i.availability)}"] if i.availability else []
                st.caption(" · ".join(details + [f"Seen by {i.seen_by.lower()}"]))


def _bar_chart(pairs, axis_title: str):
    described = ", ".join(f"{label}: {people}" for label, people in pairs)
    charts.show(charts.count_bars(pairs, axis_title=axis_title), alt=f"People per {axis_title.lower()}: {described}.")


st.title("Team register")
st.caption("The talents people have chosen to share with their team or the whole organisation.")
show_flash()

teams = register.my_teams(by=actor)
if not teams:
    st.info("You'll see the register once you're in a team. Your admin can add you to one.")
    st.stop()
team = teams[0] if len(teams) == 1 else st.selectbox("Team", teams, format_func=lambda t: t.name)
is_lead = can(actor, Permission.LEAD_TEAM_REGISTER, team.id)
tab_names = ["Search", "Team figures", "Find a match", "Team review"] + (["Lead tools"] if is_lead else [])
tabs = st.tabs(tab_names, key="register_tab", on_change="rerun")

with tabs[0]:
    if tabs[0].open:  # only the chosen tab runs
        query = st.text_input("Search words", placeholder="for example: Polish, football, carers", help="Whole words; every word must match.")
        category = st.selectbox(
            "Category", [None] + [c.id for c in cats.categories],
            format_func=lambda c: "All categories" if c is None else cats.category(c).label,
        )
        language = st.selectbox("Language", [None] + register.languages(by=actor), format_func=lambda x: "Any language" if x is None else x)
        willing = st.selectbox(
            "Willing to", [None] + [o.id for o in cats.willing_to],
            format_func=lambda o: "Anything" if o is None else _label(cats.willing_to, o),
        )
        scope = st.radio("Whose entries", ["all", "team"], horizontal=True,
                         format_func=lambda s: "Everything I can see" if s == "all" else f"{md(team.name)} only")
        filters = register.RegisterFilters(
            query=query, category=category, language=language, willing_to=willing, team_id=team.id if scope == "team" else None
        )
        # A new search starts at its first page. Each page is read after the last entry of the
        # page before (a cursor, kept for this tab), so a page costs the same however far in.
        page_key = "register_page:" + "|".join(str(v) for v in astuple(filters))
        cursors = st.session_state.setdefault(f"{page_key}:cursors", {1: None})
        page = paging.current(page_key, max(cursors), PER_PAGE, pages=True)
        after = cursors.get(page)
        if page > 1 and after is None:
            result = register.search(by=actor, filters=filters, page=page, per_page=PER_PAGE)
        else:
            result = register.search(by=actor, filters=filters, after=after, per_page=PER_PAGE)
        if result.next_after is not None:
            cursors[page + 1] = result.next_after
        if result.more_than_cap:
            narrow = "; words or a category narrow them down" if result.total >= register.COUNT_CAP else ""
            st.caption(f"More than {result.total:,} entries found{narrow}.")
        else:
            st.caption(f"{result.total:,} entr{'y' if result.total == 1 else 'ies'} found.")
        if result.items:
            _results(result.items)
            paging.controls(page_key, page, result.total, PER_PAGE, more=result.more_than_cap, has_next=result.next_after is not None, shown=len(result.items))
        else:
            st.write("Nothing matches yet. Try fewer words, or another category.")
        if st.button("Prepare a download of these results"):
            expected = register.export_count(by=actor, filters=filters)
            bar = st.progress(0.0, text="Preparing the download…")
            columns, rows = register.EXPORT_COLUMNS, []
            for columns, chunk in register.export_chunks(by=actor, filters=filters):
                rows.extend(chunk)
                bar.progress(min(1.0, len(rows) / max(expected, 1)), text=f"Prepared {len(rows):,} of {expected:,} rows…")
            bar.empty()
            # A download leaves the page as it is, so the other format is still there to take.
            st.download_button("Download CSV", tables.to_csv(columns, rows), file_name="talents-register.csv", mime="text/csv", on_click="ignore")
            st.download_button(
                "Download Excel (XLSX)", tables.to_xlsx(columns, rows), file_name="talents-register.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
            )
            st.caption(
                "The download holds what you can see here, except personal experience whose owner hasn't agreed "
                "to it being downloaded. Please keep it somewhere safe."
            )

with tabs[1]:
    if tabs[1].open:  # only the chosen tab runs
        figures = register.coverage(by=actor, team_id=team.id)
        st.subheader(f"What {md(team.name)} covers")
        if figures.shown:
            st.caption(f"From {figures.contributors} people's entries: a starting point for the team's review of its assets, under 'Team review'.")
            st.markdown("**People per category**")
            _bar_chart(figures.by_category, "Category")
            if figures.by_language:
                st.markdown("**Languages**")
                _bar_chart(figures.by_language, "Language")
        else:
            st.info(figures.message)
        st.markdown("**Lead roles**")
        if figures.lead_roles:
            with st.container(key="lead-roles-table"):
                _table(figures.lead_roles, ["Who", "Description", "Willing to"])
        else:
            st.write("No lead roles recorded yet.")

with tabs[2]:
    if tabs[2].open:  # only the chosen tab runs
        st.write("Describe the interests or background of someone you support to find colleagues who share them.")
        with st.form("match"):
            interests = st.text_area(
                "Their interests or background", placeholder="for example: football, gardening, speaks Polish",
                help="No names, addresses, schools, phone numbers or anything else that could identify them.",
            )
            offer_ids = [o.id for o in cats.willing_to]
            willing_to = st.selectbox(
                "Willing to", offer_ids, format_func=lambda o: _label(cats.willing_to, o),
                index=offer_ids.index(register.OFFER_TO_PEOPLE) if register.OFFER_TO_PEOPLE in offer_ids else 0,
            )
            submitted = st.form_submit_button("Find people")
        if submitted:
            try:
                matches = register.match(by=actor, interests=interests, willing_to=willing_to)
            except register.IdentifyingDetails as exc:
                st.warning(str(exc))
            except register.RegisterError as exc:
                st.error(str(exc))
            else:
                if not matches:
                    st.write("No one has shared those yet. The 'Team figures' tab shows what the team covers.")
                for m in matches:
                    with st.container(border=True):
                        st.markdown(f"**{md(m.who)}** · {md(m.team)} · {m.shared} shared word{'s' if m.shared != 1 else ''}")
                        for item in m.items:
                            st.text(f"{item.category_label}: {item.description}")

with tabs[3]:
    if tabs[3].open:  # only the chosen tab runs
        team_review.show(actor, team.id, is_lead=is_lead)

if is_lead:
    with tabs[4]:
        if tabs[4].open:  # only the chosen tab runs
            st.subheader("Import entries from a CSV file")
            st.caption(
                "Every row is checked first; nothing is imported unless all rows are right. "
                "Imported entries wait for each person to publish them."
            )
            st.download_button("Download a template CSV", register.import_template(), file_name="register-template.csv", mime="text/csv")
            st.caption("The template has the same columns as a download of the register, so a download imports back as it is.")
            with st.expander("What each column accepts"):
                st.markdown(
                    "- **Email**: a member of this team (rows for people using the service are left out)\n"
                    "- **Description**: the talent, in a few words (required)\n"
                    "- **Who**, **Team**: for your reference; not read\n"
                    + "\n".join(f"- **{column}**: " + "; ".join(f"*{md(v)}*" for v in values) for column, values in register.allowed_values())
                )
            upload = st.file_uploader("CSV file to import", type=["csv"])
            if upload is not None and st.button("Check and import"):
                report = register.import_csv(by=actor, team_id=team.id, data=upload.getvalue())
                if report.errors:
                    st.error("Nothing was imported. Please fix these rows and try again:")
                    # A table of plain text: an e-mail address in a reason reads as typed, never as a link.
                    st.dataframe([{"Line": e.line, "What to fix": e.reason} for e in report.errors], hide_index=True)
                else:
                    st.success(f"Imported {report.imported} entries. Each person will see theirs under 'My talents' to publish.")
                if report.skipped_contributors:
                    st.info(
                        f"{report.skipped_contributors} row(s) for people using the service were left out: "
                        "their entries are added below, with their consent."
                    )

            st.subheader("People using the service")
            st.caption("First or chosen name only. Withdrawing consent deletes their entries at once.")
            with st.form("contributor", clear_on_submit=True):
                st.info(cats.consent_statement)
                chosen_name = st.text_input("First name or chosen name", max_chars=register.MAX_NAME)
                st.caption("They agree for themselves; nobody can agree on their behalf.")
                consented_on = st.date_input("Date they agreed", value=date.today(), max_value=date.today(), format="DD/MM/YYYY")
                visibility = st.radio("They agreed to be seen by", [o.id for o in cats.visibility], format_func=lambda o: _label(cats.visibility, o))
                category = st.selectbox("Category", [c.id for c in cats.categories], format_func=lambda c: cats.category(c).label)
                description = st.text_area("Their talent, in a few words", max_chars=register.MAX_DESCRIPTION)
                language = st.text_input("Language (only for Languages)")
                willing = st.multiselect("What they're willing to do", [o.id for o in cats.willing_to], format_func=lambda o: _label(cats.willing_to, o))
                agreed = st.checkbox("I have read the statement above with them and they agreed")
                if st.form_submit_button("Add with their consent"):
                    if not agreed:
                        st.error("Please confirm that they agreed, after reading the statement with them.")
                    else:
                        try:
                            register.record_contributor(
                                by=actor, team_id=team.id, chosen_name=chosen_name, consent_from="person",
                                consented_at=datetime.combine(consented_on, time(12), tzinfo=UTC) if consented_on < date.today() else datetime.now(UTC),
                                consent_visibility=visibility,
                                entries=[register.EntryInput(category=category, description=description, visibility=visibility,
                                                             willing_to=tuple(willing), language=language or None)],
                            )
                            flash_and_rerun("Added, with their consent recorded.")
                        except register.RegisterError as exc:
                            st.error(str(exc))
            for c in register.contributors(by=actor, team_id=team.id):
                with st.container(border=True):
                    st.text(c.chosen_name)
                    st.caption(md(
                        f"Consent from {c.consent_from.lower()} on {c.consented_at:%d %b %Y}, to be seen by "
                        f"{c.consent_visibility.lower()}; recorded by {c.recorded_by}. {c.entries} entr{'y' if c.entries == 1 else 'ies'}."
                    ))
                    if st.button("Consent withdrawn: remove everything", key=f"withdraw-{c.id}"):
                        register.withdraw_consent(by=actor, contributor_id=c.id)
                        flash_and_rerun("Removed. Their entries are deleted.")

            st.subheader("'Meet the team' leaflet")
            st.caption("A PDF of the approved biographies of people in your team.")
            if st.button("Make the leaflet"):
                st.session_state["register_leaflet"] = biographies.leaflet_pdf(by=actor, team_id=team.id)
            if st.session_state.get("register_leaflet"):
                st.download_button("Download the leaflet (PDF)", st.session_state["register_leaflet"], file_name="meet-the-team.pdf", mime="application/pdf")
