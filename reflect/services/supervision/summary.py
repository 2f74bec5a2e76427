"""The supervision summary PDF of one pair and period, made by either of the pair."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select

from reflect import runtime
from reflect.logs import event
from reflect.models import Organisation, Person, SharedItem, SupervisionAction, SupervisionMeeting
from reflect.questions.schema import FreeTextQuestion
from reflect.reports import supervision_summary as report
from reflect.services import audit
from reflect.services.access import Actor
from reflect.services.journeys import AnswerRejected
from reflect.services.pairs import current_date, require
from reflect.services.supervision.agreed_actions import ACTION_LIMIT, action_views
from reflect.services.supervision.sessions import function_options, meeting_views
from reflect.services.supervision.sharing import item_titles, shared_content
from reflect.services.vault import Vault

# A pair's records are read a page at a time; a summary covers at most this many sessions.
SUMMARY_MEETING_LIMIT = 200


# --- the supervision summary ----------------------------------------------------------


def summary_pdf(*, pair_id: int, since: date, until: date, by: Actor) -> bytes:
    """The supervision summary PDF for one pair and period: sessions, the shared items they
    discussed that are still shared, themes, learning, actions and functions covered.
    Only the two people in the pair can make it; making it is recorded for the other.

    Raises:
        NotFound: not my pair (for a supervisor: not an active one).
        AnswerRejected: the period ends before it starts.
    """
    if until < since:
        raise AnswerRejected("The period ends before it starts. Please check the dates.")
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        pair = require(session, by, pair_id)
        vault = Vault(session, rt.server_key, by=by)
        rows = session.scalars(
            select(SupervisionMeeting)
            .where(SupervisionMeeting.pair_id == pair.id, SupervisionMeeting.held_on >= since, SupervisionMeeting.held_on <= until)
            .order_by(SupervisionMeeting.held_on, SupervisionMeeting.id)
            .limit(SUMMARY_MEETING_LIMIT)
        ).all()
        views = meeting_views(session, vault, None, pair, list(rows))
        discussed_ids = {s.id for v in views for s in v.discussed}
        items = session.scalars(select(SharedItem).where(SharedItem.id.in_(discussed_ids), SharedItem.withdrawn_at.is_(None))).all() if discussed_ids else []
        titles = item_titles(session, list(items))
        contents = {i.id: shared_content(session, vault, i, titles[i.id]) for i in items}
        action_rows = session.scalars(
            select(SupervisionAction)
            .outerjoin(SupervisionMeeting, SupervisionMeeting.id == SupervisionAction.meeting_id)
            .where(
                SupervisionAction.pair_id == pair.id,
                or_(
                    SupervisionAction.done_at.is_(None),
                    SupervisionMeeting.held_on.between(since, until),
                    SupervisionAction.created_at.between(_start(since), _start(until + timedelta(days=1))),
                ),
            )
            .order_by(SupervisionAction.created_at)
            .limit(ACTION_LIMIT)
        ).all()
        agreed = action_views(session, vault, list(action_rows))
        names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_([pair.supervisor_id, pair.supervisee_id]))).all())
        organisation = session.scalar(select(Organisation.name).join(Person, Person.organisation_id == Organisation.id).where(Person.id == pair.supervisee_id)) or ""
        other = pair.supervisee_id if by.person_id == pair.supervisor_id else pair.supervisor_id
        audit.record(session, by=by, action="supervision_summary_made", subject_id=other, object_type="supervision_pair", object_id=pair.id)
    summary = _summary(
        views, contents, agreed,
        organisation=organisation, supervisor=names.get(pair.supervisor_id, ""), supervisee=names.get(pair.supervisee_id, ""),
        since=since, until=until,
    )
    event("supervision.summary", sessions=len(views))
    return report.build_summary(summary)


def _experience_in_pdf(view) -> bool:
    question = view.supervisor_notes.questions.tagged("supervisor_experience")
    return question is None or view.supervisor_notes.in_pdf(question.id)


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone(UTC)


def _summary(views, contents, agreed, *, organisation, supervisor, supervisee, since, until) -> report.SupervisionSummary:
    categories: Counter[str] = Counter()
    audiences: Counter[str] = Counter()
    for content in contents.values():
        categories.update(content.categories)
        audiences.update(content.audiences)
    functions: Counter[str] = Counter()
    learning = []
    meetings = []
    for view in views:
        functions.update(view.function_labels)
        notes = []
        for side in (view.supervisee_notes, view.supervisor_notes):
            # Only what each writer put in the PDF: never a "just me" note (these views are read
            # for no one, so hold none), nor one its writer left out.
            lines = side.lines(skip_tag="supervisor_experience", for_pdf=True)
            if lines:
                notes.append(report.SummaryNotes(side.author_name, tuple(lines)))
            learned = side.questions.tagged("learning")
            if isinstance(learned, FreeTextQuestion) and side.in_pdf(learned.id) and str(side.answers.get(learned.id) or "").strip():
                learning.append((view.held_on, side.author_name, side.answers[learned.id]))
        discussed = tuple(
            report.SummaryItem(contents[s.id].title, tuple(line for _, lines in contents[s.id].sections for line in lines), key=str(s.id))
            for s in view.discussed
            if s.id in contents
        )
        meetings.append(
            report.SummaryMeeting(
                held_on=view.held_on,
                functions=view.function_labels,
                confirmed=view.confirmed_at is not None,
                supervisee_comment=view.supervisee_comment,
                discussed=discussed,
                notes=tuple(notes),
                supervisor_experience=view.supervisor_experience if _experience_in_pdf(view) else None,
                next_on=view.next_on,
            )
        )
    return report.SupervisionSummary(
        organisation=organisation,
        supervisor=supervisor,
        supervisee=supervisee,
        since=since,
        until=until,
        made_on=current_date(),
        meetings=tuple(meetings),
        categories=tuple(categories.most_common()),
        audiences=tuple(audiences.most_common()),
        learning=tuple(learning),
        actions=tuple(
            report.SummaryAction(a.text, a.owner_name, a.agreed_on, a.due_on, a.done_at.astimezone().date() if a.done_at else None)
            for a in agreed
        ),
        functions=tuple((label, functions[label]) for label in function_options().values()),
    )
