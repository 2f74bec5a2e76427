"""Writing an entry: the profile, starting a quick check or reflection, saving each answer as
the person moves on from it, finishing, the profile's history, and discarding."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.crypto import SealedText
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Entry, EntryRevision, Episode, Person, Stage, utcnow
from reflect.phrasing import Suggestion
from reflect.questions import QuestionSet
from reflect.questions.answers import AnswerRejected, Answers, check_answer
from reflect.questions.schema import ComfortGridQuestion, FreeTextQuestion, SingleChoiceQuestion
from reflect.services.access import Actor, Permission, ensure
from reflect.services.journeys.sets import current_set, remember_set, stored_set
from reflect.services.journeys.views import (
    PROFILE_ITEM,
    PROFILE_LEVELS,
    EntryView,
    NotReady,
    Revision,
    open_answers,
    own_entry,
    own_episode,
    practice_role,
    view_of,
)
from reflect.services.vault import Vault


def get(*, entry_id: int, by: Actor) -> EntryView:
    """One of the acting person's own entries.

    Raises:
        NotFound: no such entry, or it belongs to someone else.
        SessionEnded: the sign-in session `by` came from is over; nothing is read.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.read(by=by) as session:
        entry = own_entry(session, by, entry_id)
        return view_of(session, Vault(session, rt.server_key, by=by), entry)


def latest_draft(*, stage: Stage, by: Actor) -> EntryView | None:
    """The person's most recent unfinished entry for a stage, to carry on where they left off."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.read() as session:
        entry = session.scalar(
            select(Entry)
            .where(Entry.owner_id == by.person_id, Entry.stage == stage.value, Entry.status == "draft")
            .order_by(Entry.updated_at.desc(), Entry.id.desc())
            .limit(1)
        )
        return None if entry is None else view_of(session, Vault(session, rt.server_key, by=by), entry)


def profile(*, by: Actor) -> EntryView:
    """The person's personal-experience profile: one living document, made on first visit."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    first = select(Entry).where(Entry.owner_id == by.person_id, Entry.stage == Stage.PREPARATION.value).order_by(Entry.id).limit(1)
    with rt.db.write(by=by) as session:
        entry = session.scalar(first)
        if entry is None:
            # Made once, even when two pages (two tabs, two servers) open it for the first time
            # together: the second waits on the person's row, then finds the first one's. Two
            # profiles would leave one tab saving into the one nobody reads.
            session.get(Person, by.person_id, with_for_update=True)
            entry = session.scalar(first) or _new_entry(session, rt, by, Stage.PREPARATION, episode_id=None)
        return view_of(session, Vault(session, rt.server_key, by=by), entry)


def _new_entry(session: Session, rt: runtime.Runtime, by: Actor, stage: Stage, episode_id: int | None) -> Entry:
    qset = current_set(stage, practice_role(session, by.person_id))
    remember_set(session, qset)
    entry = Entry(
        owner_id=by.person_id,
        stage=stage.value,
        set_id=qset.id,
        set_version=qset.version,
        episode_id=episode_id,
        answers=Vault(session, rt.server_key, by=by).seal_private(by.person_id, "{}"),
    )
    session.add(entry)
    session.flush()
    return entry


def profile_said(entry: EntryView) -> list[str]:
    """For a quick check started from the sharing profile: what the profile said about sharing
    that experience with the audience chosen so far (empty before one is chosen)."""
    levels = entry.answers.get(PROFILE_LEVELS)
    column = entry.questions.audience_column(entry.situation)
    if not isinstance(levels, dict) or column is None or column not in levels:
        return []
    grid = next((q for q in current_set(Stage.PREPARATION).questions() if isinstance(q, ComfortGridQuestion)), None)
    if grid is None:
        return []
    rows = {r.id: r.label for r in grid.rows}
    columns = {c.id: c.label for c in grid.columns}
    chosen = {lv.id: lv.label for lv in grid.levels}.get(levels[column], levels[column])
    experience = rows.get(str(entry.answers.get(PROFILE_ITEM)), "this experience")
    lower = lambda text: text[:1].lower() + text[1:]  # noqa: E731
    return [f"Your sharing profile says: {experience}, with {lower(columns.get(column, column))}: {lower(chosen)}."]


def _profile_levels(session: Session, vault: Vault, by: Actor, item: str) -> dict[str, str]:
    entry = session.scalar(
        select(Entry).where(Entry.owner_id == by.person_id, Entry.stage == Stage.PREPARATION.value).order_by(Entry.id).limit(1)
    )
    if entry is None:
        return {}
    qset = stored_set(session, entry.set_id, entry.set_version, {})
    grid = next((q for q in qset.questions() if isinstance(q, ComfortGridQuestion)), None)
    levels = (open_answers(vault, entry).get(grid.id) or {}).get(item) if grid else None
    return {str(k): str(v) for k, v in levels.items()} if isinstance(levels, dict) else {}


# Answers a reflection takes over from the quick check it follows: the questions of both sets
# with the same tag (who it was with, what kind of experience), where the option is in both.
CARRIED_TAGS = ("audience", "category")


def _carried(session: Session, vault: Vault, source: Entry, target: QuestionSet) -> dict[str, Any]:
    before = view_of(session, vault, source)
    carried: dict[str, Any] = {}
    for tag in CARRIED_TAGS:
        old, new = before.questions.tagged(tag), target.tagged(tag)
        value = before.answers.get(old.id) if old else None
        if isinstance(new, SingleChoiceQuestion) and isinstance(value, str) and new.option(value) is not None:
            carried[new.id] = value
    return carried


def start(
    *, stage: Stage, by: Actor, episode_id: int | None = None, profile_item: str | None = None, follows: int | None = None
) -> EntryView:
    """Start a new draft quick check or reflection, optionally within one of my episodes, or
    (for a quick check) from one experience in my profile, which starts a new episode. A
    reflection that `follows` one of my quick checks starts with what that check already said
    (who it was with, what kind of experience), so nothing is asked twice.

    Raises:
        NotFound: the episode or the entry followed is not the person's own.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        if episode_id is not None:
            own_episode(session, by, episode_id)
        elif profile_item:
            episode = Episode(owner_id=by.person_id)
            session.add(episode)
            session.flush()
            episode_id = episode.id
        source = own_entry(session, by, follows) if follows is not None else None
        entry = _new_entry(session, rt, by, stage, episode_id)
        if profile_item:
            vault = Vault(session, rt.server_key, by=by)
            started = {PROFILE_ITEM: profile_item, PROFILE_LEVELS: _profile_levels(session, vault, by, profile_item)}
            entry.answers = vault.seal_private(by.person_id, json.dumps(started))
        elif source is not None:
            vault = Vault(session, rt.server_key, by=by)
            qset = current_set(stage, practice_role(session, by.person_id))
            entry.answers = vault.seal_private(by.person_id, json.dumps(_carried(session, vault, source, qset)))
        view = view_of(session, Vault(session, rt.server_key, by=by), entry)
    event("entry.started", entry=view.id)
    return view


def with_answer(vault: Vault, owner_id: int, sealed: SealedText, question_id: str, cleaned: Any) -> SealedText:
    """The sealed answers document with one answer set (or removed, when `cleaned` is None),
    sealed as it was before (private text stays private; it can't be changed while locked)."""
    answers = json.loads(vault.open(sealed) or "{}")
    if cleaned is None:
        answers.pop(question_id, None)
    else:
        answers[question_id] = cleaned
    return vault.seal_like(sealed, owner_id, json.dumps(answers, ensure_ascii=False))


def save_answer(*, entry_id: int, question_id: str, value: Any, by: Actor) -> datetime:
    """Save one answer to a draft (or to the living profile). Returns when it was saved.

    Raises:
        NotFound: not the person's own entry.
        AnswerRejected: the value does not fit the question; nothing is changed.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        # Locked: another server or tab saving another answer of this entry now waits for this
        # save, then reads the answers with it, rather than writing back what it read before.
        entry = own_entry(session, by, entry_id, lock=True)
        if entry.status == "complete" and entry.stage != Stage.PREPARATION.value:
            raise AnswerRejected("This entry is finished, so it can't be changed. You can start a new one.")
        qset = stored_set(session, entry.set_id, entry.set_version, {})
        cleaned = check_answer(qset, question_id, value)
        entry.answers = with_answer(Vault(session, rt.server_key, by=by), by.person_id, entry.answers, question_id, cleaned)
        entry.updated_at = utcnow()
        return entry.updated_at


def own_first_name(by: Actor) -> tuple[str, ...]:
    """The person's own first name, which identifies nobody else in their own words."""
    return tuple(by.name.split()[:1]) if by.name and not by.is_system else ()


def identifying_details(qset: QuestionSet, answers: Answers, *, allow_names: tuple[str, ...] = ()) -> dict[str, list[Suggestion]]:
    """For each free-text answer that must not identify anyone, the details found in it
    (`allow_names`: names that are fine, such as the writer's own first name)."""
    guide = runtime.current().phrasing
    found: dict[str, list[Suggestion]] = {}
    for question_id, value in answers.items():
        question = qset.question(question_id.rpartition(".")[2])
        if isinstance(question, FreeTextQuestion) and question.identifying_check and isinstance(value, str):
            hits = guide.has_identifying(value, allow_names=allow_names)
            if hits:
                found[question_id] = hits
    return found


def complete(*, entry_id: int, by: Actor) -> EntryView:
    """Finish an entry (for the profile: save this version into its history).

    Raises:
        NotFound: not the person's own entry.
        NotReady: a required answer is missing, or a free-text answer identifies someone.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        entry = own_entry(session, by, entry_id, lock=True)  # checked and finished with the answers as they are
        vault = Vault(session, rt.server_key, by=by)
        view = view_of(session, vault, entry)
        missing = [q for q in view.shown.required_ids() if q not in view.answers]
        identifying = identifying_details(view.questions, view.answers, allow_names=own_first_name(by))
        if missing or identifying:
            parts = []
            if missing:
                parts.append("1 question still needs an answer" if len(missing) == 1 else f"{len(missing)} questions still need an answer")
            if identifying:
                parts.append("some details could identify a person, and need taking out before this is saved")
            raise NotReady("Nearly there: " + "; ".join(parts) + ".", missing=missing, identifying=identifying)
        now = utcnow()
        if entry.stage == Stage.PREPARATION.value:
            session.add(EntryRevision(entry_id=entry.id, saved_at=now, answers=entry.answers))
        entry.status = "complete"
        entry.completed_at = entry.completed_at or now
        entry.updated_at = now
        view = view_of(session, vault, entry)
    event("entry.completed", entry=entry_id)
    return view


def history(*, entry_id: int, by: Actor) -> list[Revision]:
    """Saved versions of the person's profile, newest first."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.read() as session:
        own_entry(session, by, entry_id)
        rows = session.scalars(
            select(EntryRevision).where(EntryRevision.entry_id == entry_id).order_by(EntryRevision.saved_at.desc()).limit(50)
        ).all()
        vault = Vault(session, rt.server_key, by=by)
        return [Revision(saved_at=r.saved_at, answers=json.loads(vault.open(r.answers) or "{}")) for r in rows]


def discard(*, entry_id: int, by: Actor) -> None:
    """Delete one of the person's own drafts or entries, and every share of it with it.
    Recorded in the decision ledger, so a restore deletes it again."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    with runtime.current().db.write(by=by) as session:
        entry = own_entry(session, by, entry_id)
        session.delete(entry)
        # Written before the commit: a supervisor it was shared with never reads it again.
        runtime.current().ledger.record(DecisionKind.ENTRY_DISCARDED, [entry.public_id])


def suggest(text: str, *, audience: str | None = None) -> list[Suggestion]:
    """Gentle phrasing suggestions for draft wording (offline, rule-based; nothing is stored).
    `audience` (an audience option id, such as supervisor_manager) lets the guide read the words
    for who they are meant for."""
    return runtime.current().phrasing.check(text, audience=audience)


def identifying(text: str, *, allow_names: tuple[str, ...] = ()) -> list[Suggestion]:
    """Details in `text` that could identify a person (names, numbers, addresses, dates of birth).
    `allow_names` are fine here (a person's own first name in their own biography)."""
    return runtime.current().phrasing.has_identifying(text, allow_names=allow_names)
