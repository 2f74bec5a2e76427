"""Development goals (ImROC Briefing Paper 17, 10.2): the supervisee's goals, agreed in
supervision, each with a date to review it. An open goal carries over from session to session:
every session shows it until the pair marks it met or sets it aside. Reviewing a goal records
that it was looked at and sets the next review date.

Either member of the pair may write a goal (sealed with its writer's key) and both read the
pair's goals; anyone outside the pair finds nothing (NotFound). Every write records its audit
event in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.models import DevelopmentGoal, Person, SupervisionMeeting, SupervisionPair, utcnow
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.journeys import AnswerRejected, NotFound
from reflect.services.pairs import require
from reflect.services.vault import Vault
from reflect.text import clean_text

GOAL_LIMIT = 500
CLOSED_AS = {"met": "Met", "set_aside": "Set aside"}
GOAL_READ = "supervision_goal_read"


@dataclass(frozen=True)
class GoalView:
    id: int
    text: str
    author_name: str
    review_on: date
    last_reviewed_on: date | None
    set_on: date
    closed_as: str | None
    closed_at: datetime | None
    today: date = field(default_factory=date.today)

    @property
    def review_due(self) -> bool:
        return self.closed_as is None and self.review_on <= self.today


def _names(session: Session, pair: SupervisionPair) -> dict[int, str]:
    return dict(session.execute(select(Person.id, Person.name).where(Person.id.in_([pair.supervisor_id, pair.supervisee_id]))).all())


def _allowed(names: dict[int, str]) -> tuple[str, ...]:
    """The pair's own names (full, first and last), which may appear in a goal."""
    found: dict[str, None] = {}
    for name in names.values():
        words = name.split()
        if words:
            found[" ".join(words)] = None
            found.update(dict.fromkeys(words))
    return tuple(found)


def _checked(text: str) -> str:
    text = clean_text(text).strip()
    if not text:
        raise AnswerRejected("Please write the goal first.")
    if len(text) > GOAL_LIMIT:
        raise AnswerRejected(f"Please keep a goal to {GOAL_LIMIT} characters or fewer.")
    return text


def add_goal(*, pair_id: int, text: str, review_on: date, meeting_id: int | None = None, by: Actor) -> int:
    """Agree a development goal for the supervisee, with a date to review it.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not my pair, or the session isn't this pair's.
        AnswerRejected: empty, too long, a review date in the past, or identifying someone
            outside the pair.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    text = _checked(text)
    if review_on < date.today():
        raise AnswerRejected("The review date has passed. Please choose a date from today on.")
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        pair = require(session, by, pair_id)
        if rt.phrasing.has_identifying(text, allow_names=_allowed(_names(session, pair))):
            raise AnswerRejected(
                "The goal has details that could identify someone. You can name the two of you; "
                "please describe anyone else by their role only."
            )
        if meeting_id is not None:
            found = session.get(SupervisionMeeting, meeting_id)
            if found is None or found.pair_id != pair.id:
                raise NotFound("That session record isn't there.")
        goal = DevelopmentGoal(
            pair_id=pair.id, meeting_id=meeting_id, author_id=by.person_id,
            text=Vault(session, rt.server_key, by=by).seal(by.person_id, text), review_on=review_on,
        )
        session.add(goal)
        session.flush()
        audit.record(session, by=by, action="supervision_goal_agreed", subject_id=pair.supervisee_id, object_type="supervision_goal", object_id=goal.id)
        return goal.id


def _goal(session: Session, by: Actor, goal_id: int) -> tuple[DevelopmentGoal, SupervisionPair]:
    goal = session.get(DevelopmentGoal, goal_id)
    if goal is None:
        raise NotFound("That goal isn't there.")
    return goal, require(session, by, goal.pair_id)


def review_goal(*, goal_id: int, next_review_on: date, by: Actor) -> None:
    """Record that the pair reviewed an open goal today, and when to look at it again: it
    carries on to the sessions after.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a goal of my pair.
        AnswerRejected: the goal is closed, or the next review date isn't after today.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    if next_review_on <= date.today():
        raise AnswerRejected("Please choose a next review date after today.")
    with runtime.current().db.write(by=by) as session:
        goal, pair = _goal(session, by, goal_id)
        if goal.closed_as is not None:
            raise AnswerRejected("This goal is closed. Add a new goal to carry on with it.")
        goal.last_reviewed_on, goal.review_on = date.today(), next_review_on
        audit.record(session, by=by, action="supervision_goal_reviewed", subject_id=pair.supervisee_id, object_type="supervision_goal", object_id=goal.id)


def close_goal(*, goal_id: int, closed_as: str, by: Actor) -> None:
    """Mark a goal met, or set it aside; it stops carrying over.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a goal of my pair.
        AnswerRejected: not one of the ways to close a goal.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    if closed_as not in CLOSED_AS:
        raise AnswerRejected("Please choose from the list.")
    with runtime.current().db.write(by=by) as session:
        goal, pair = _goal(session, by, goal_id)
        if goal.closed_as == closed_as:
            return
        goal.closed_as, goal.closed_at, goal.last_reviewed_on = closed_as, utcnow(), date.today()
        audit.record(session, by=by, action=f"supervision_goal_{closed_as}", subject_id=pair.supervisee_id, object_type="supervision_goal", object_id=goal.id)


def my_goals(*, pair_id: int, by: Actor, include_closed: bool = False, limit: int = 100) -> list[GoalView]:
    """The pair's development goals: open ones first (they carry over), soonest review first.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not my pair.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    rt = runtime.current()
    with rt.db.read() as session:
        pair = require(session, by, pair_id)
        query = select(DevelopmentGoal).where(DevelopmentGoal.pair_id == pair.id)
        if not include_closed:
            query = query.where(DevelopmentGoal.closed_at.is_(None))
        rows = session.scalars(query.order_by(DevelopmentGoal.closed_at.is_not(None), DevelopmentGoal.review_on, DevelopmentGoal.id).limit(limit)).all()
        names = _names(session, pair)
        vault = Vault(session, rt.server_key, by=by)
        vault.preload(g.text for g in rows)
        today = date.today()
        views = []
        reads: dict[int, list[int]] = {}
        for goal in rows:
            text = vault.open(goal.text)
            if text is None:  # written by someone since erased
                continue
            if goal.author_id != by.person_id:
                reads.setdefault(goal.author_id, []).append(goal.id)
            views.append(GoalView(
                goal.id, text, names.get(goal.author_id, ""), goal.review_on, goal.last_reviewed_on,
                goal.created_at.astimezone().date(), goal.closed_as, goal.closed_at, today,
            ))
    # Reading the goals the other side wrote is audited, once per reading, as their notes are.
    audit.record_reads_once(by=by, action=GOAL_READ, object_type="supervision_goal", reads=reads)
    return views


def written_by(session: Session, vault: Vault, person_id: int) -> list[dict]:
    """The goals a person wrote, for their own export (My data)."""
    rows = session.scalars(select(DevelopmentGoal).where(DevelopmentGoal.author_id == person_id).order_by(DevelopmentGoal.id)).all()
    return [
        {
            "goal": vault.open(g.text), "review_on": g.review_on.isoformat(), "set_on": g.created_at.date().isoformat(),
            "last_reviewed_on": g.last_reviewed_on.isoformat() if g.last_reviewed_on else None, "closed_as": g.closed_as,
        }
        for g in rows
    ]


def forget_person(session: Session, person_id: int) -> None:
    """Remove the goals a person wrote, and the goals of their own development, in an
    erasure's unit of work."""
    mine = select(SupervisionPair.id).where(SupervisionPair.supervisee_id == person_id)
    session.execute(delete(DevelopmentGoal).where(or_(DevelopmentGoal.author_id == person_id, DevelopmentGoal.pair_id.in_(mine))))
