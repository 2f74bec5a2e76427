"""My reflections: everything I've checked and reflected on, private to me."""

from collections import Counter
from datetime import date, timedelta

import streamlit as st

from reflect.domain import Stage
from reflect.questions.schema import SingleChoiceQuestion
from reflect.services import journeys
from reflect.services.access import Permission
from reflect.ui import charts, context, forms, summary

actor = context.require(Permission.KEEP_OWN_REFLECTIONS)
PER_PAGE = 10

st.title("My reflections")
st.caption("Only you can see these, unless you choose to share one.")


def _options(tag: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for stage in (Stage.IN_THE_MOMENT, Stage.AFTER_SHARING):
        question = journeys.current_set(stage).tagged(tag)
        if isinstance(question, SingleChoiceQuestion):
            found.update({o.id: o.label for o in question.options})
    return found


# The chart opens a year of entries, so it is made once for this tab (counted per week) and
# again only when the person's entries change.
year_from = date.today() - timedelta(days=365)
version = (actor.person_id, year_from, journeys.timeline_version(by=actor, since=year_from))
kept = st.session_state.get("reflections_chart")
if kept is None or kept[0] != version:
    points = sorted(journeys.timeline(by=actor, since=year_from), key=lambda p: p.day)
    weeks = Counter(
        (
            (p.day - timedelta(days=p.day.weekday())).strftime("%d %b %Y"),
            p.stage.label,
            p.verdict or (f"Landed {p.outcome} of 5" if p.outcome else "Not rated"),
        )
        for p in points
    )
    rows = [{"Week of": w, "Kind": k, "How it went": h, "Entries": n} for (w, k, h), n in weeks.items()]
    spec = charts.weekly_bars(rows, title="Your quick checks and reflections over the last year") if rows else None
    kept = (version, spec, len(points))
    st.session_state["reflections_chart"] = kept
if kept[1] is not None:
    charts.show(kept[1], alt=f"A bar chart of your {kept[2]} quick checks and reflections over the last year, per week, coloured by how each went.")

with st.expander("Filter and search", expanded=False):
    stages = {None: "Quick checks and reflections", Stage.IN_THE_MOMENT: "Quick checks", Stage.AFTER_SHARING: "Reflections"}
    stage = st.selectbox("Show", list(stages), format_func=stages.get)
    audiences, categories = _options("audience"), _options("category")
    audience = st.selectbox("Shared with", [None, *audiences], format_func=lambda a: audiences.get(a, "Anyone"))
    category = st.selectbox("Kind of experience", [None, *categories], format_func=lambda c: categories.get(c, "Any"))
    dates = st.date_input("Between", value=(date.today() - timedelta(days=365), date.today()), format="DD/MM/YYYY")
    search = st.text_input("Search my words")
since, until = (dates + (None, None))[:2] if isinstance(dates, tuple) else (dates, None)
episode = st.session_state.get("episode_filter")
filters = journeys.Filters(stage=stage, audience=audience, category=category, since=since, until=until, search=search, episode_id=episode)
if episode:
    st.info("Showing one sharing episode as a story, oldest first.")
    if st.button("Show everything again"):
        st.session_state.pop("episode_filter")
        st.rerun()
    entries = journeys.story(episode_id=episode, by=actor)
    total = len(entries)
else:
    page = st.number_input("Page", min_value=1, value=1, step=1)
    entries, total = journeys.list_mine(by=actor, filters=filters, page=int(page), per_page=PER_PAGE)
    st.caption(f"{total} found.")

# Quick checks with no reflection yet offer one; the list shown is the page's own entries.
unreflected = journeys.without_reflection(entry_ids=[e.id for e in entries if e.stage == Stage.IN_THE_MOMENT], by=actor)
if not entries:
    st.write("Nothing here yet. A quick check or a reflection will show up here once it's saved.")
for entry in entries:
    when = (entry.completed_at or entry.updated_at).astimezone().strftime("%d %b %Y, %H:%M")
    title = f"{entry.stage.label} · {when}"
    who = entry.tagged_label("audience")
    if who:
        title += f" · {who}"
    if entry.summary:
        title += f" · {entry.summary.label}"
    with st.expander(title):
        if entry.status == "draft":
            st.caption("Still a draft.")
        if entry.summary:
            summary.show(entry)
        forms.show_answers(entry)
        if entry.stage == Stage.IN_THE_MOMENT and entry.status == "complete" and entry.id in unreflected:
            if st.button("Reflect on it afterwards", key=f"reflect_on:{entry.id}", icon=":material/edit_note:"):
                episode_id = entry.episode_id or journeys.link(entry_ids=[entry.id], by=actor)
                journeys.start(stage=Stage.AFTER_SHARING, by=actor, episode_id=episode_id)
                st.switch_page(context.page_path("reflection.py"))
        if entry.episode_id and not episode and st.button("Read the whole episode", key=f"episode:{entry.id}"):
            st.session_state["episode_filter"] = entry.episode_id
            st.rerun()
