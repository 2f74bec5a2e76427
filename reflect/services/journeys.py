"""Reflection journeys: my profile, quick checks and after-sharing reflections.

Every answer is saved as the person moves on from it, encrypted with their own key, so a
rerun, a refresh or a timed-out session loses nothing. Entries are readable by their
author alone; someone else asking for one is told it does not exist.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.crypto import SealedText
from reflect.db import insert_if_absent
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Entry, EntryRevision, Episode, LearningNote, Person, QuestionSetVersion, Stage, Team, utcnow
from reflect.phrasing import Suggestion
from reflect.questions import QuestionSet
from reflect.questions.schema import (
    ComfortGridQuestion,
    FreeTextQuestion,
    MultipleChoiceQuestion,
    Question,
    ScaleQuestion,
    SingleChoiceQuestion,
    Situation,
)
from reflect.questions.summary import QuickCheckSummary, summarise_quick_check
from reflect.services import audit
from reflect.services.access import AccessDenied, Actor, Permission, can, ensure
from reflect.services.errors import NotFound, Refused
from reflect.services.vault import Vault
from reflect.text import clean_text

# Own-text search and the answer-based filters have to open entries to look inside them;
# they look through the most recent entries up to this many (years of use for one person).
SEARCH_LIMIT = 2000

Answers = dict[str, Any]


class AnswerRejected(Refused, ValueError):
    """An answer does not fit its question; the message says why, kindly."""


class NotReady(Refused, ValueError):
    """The entry can't be completed yet. `missing` lists required questions; `identifying`
    maps question ids to the identifying details found in them."""

    def __init__(self, message: str, *, missing: list[str], identifying: dict[str, list[Suggestion]]):
        super().__init__(message)
        self.missing = missing
        self.identifying = identifying


@dataclass(frozen=True)
class EntryView:
    id: int
    stage: Stage
    questions: QuestionSet
    status: str
    answers: Answers
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    episode_id: int | None
    practice_role: str | None = None
    profession: str | None = None

    @property
    def situation(self) -> Situation:
        """The answers so far with the author's role, profession and (for a check started from
        the sharing profile) what the profile said about that experience."""
        profile = self.answers.get(PROFILE_LEVELS)
        return Situation(
            answers=self.answers, role=self.practice_role, profession=self.profession, profile=profile if isinstance(profile, dict) else {}
        )

    @property
    def shown(self) -> QuestionSet:
        """The questions this entry asks now, given its answers so far and its author's situation."""
        return self.questions.shown(self.situation)

    @property
    def felt_exposed(self) -> bool:
        """Whether a reflection says sharing left the person feeling exposed, or sharing more
        than they were ready to (the moment the places to turn are offered)."""
        risks = self.answers.get("risks_revisited")
        return self.answers.get("impact_me") == "exposed" or (isinstance(risks, list) and "not_ready" in risks)

    @property
    def summary(self) -> QuickCheckSummary | None:
        if self.stage != Stage.IN_THE_MOMENT:
            return None
        situation = self.situation
        return summarise_quick_check(
            self.questions, self.answers, role=situation.role, profession=situation.profession, profile=situation.profile
        )

    def tagged_label(self, tag: str) -> str | None:
        """The chosen option's label for the question tagged `tag` (audience, category)."""
        question = self.questions.tagged(tag)
        if not isinstance(question, SingleChoiceQuestion):
            return None
        option = question.option(self.answers.get(question.id) or "")
        return option.label if option else None

    def outcome(self) -> int | None:
        question = self.questions.tagged("outcome")
        value = self.answers.get(question.id) if question else None
        return value if isinstance(value, int) else None


@dataclass(frozen=True)
class Revision:
    saved_at: datetime
    answers: Answers


@dataclass(frozen=True)
class NoteView:
    id: int
    team_name: str
    body: str
    approved_at: datetime | None
    is_mine: bool = False


@dataclass
class Filters:
    stage: Stage | None = None
    audience: str | None = None  # an option id of the set's audience question
    category: str | None = None  # an option id of the set's category question
    since: date | None = None
    until: date | None = None
    episode_id: int | None = None
    search: str = ""
    status: str | None = "complete"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def needs_opening(self) -> bool:
        return bool(self.audience or self.category or self.search.strip())


# --- question sets --------------------------------------------------------------------


def current_set(stage: Stage, role: str | None = None) -> QuestionSet:
    """The question set in use now for a stage (the organisation's own, where it has one); with
    a practice role, a set marked for that role comes first."""
    sets = runtime.current().catalogue.by_kind(stage.value, role)
    if not sets:
        raise LookupError(f"no question set of kind {stage.value}")
    return sets[0]


@functools.lru_cache(maxsize=64)
def parsed_set(definition: str) -> QuestionSet:
    """A stored question set version, validated once per process for each distinct text.

    Versions are question wording (the same for everyone, never anyone's answers) and never
    change once stored, so every reader can share the one parsed copy; it is keyed by the
    stored text itself, so a different database's different text is parsed on its own."""
    return QuestionSet.model_validate_json(definition)


def stored_set(session: Session, set_id: str, version: int, cache: dict[tuple[str, int], QuestionSet]) -> QuestionSet:
    key = (set_id, version)
    if key not in cache:
        row = session.get(QuestionSetVersion, key)
        cache[key] = parsed_set(row.definition)
    return cache[key]


def remember_set(session: Session, qset: QuestionSet) -> None:
    if session.get(QuestionSetVersion, (qset.id, qset.version)) is None:
        # Several writers may store a version on its first use at once: the first insert wins.
        insert_if_absent(
            session, QuestionSetVersion, set_id=qset.id, version=qset.version, definition=qset.model_dump_json(), stored_at=utcnow()
        )


# --- reading --------------------------------------------------------------------------


def _open_answers(vault: Vault, entry: Entry) -> Answers:
    text = vault.open(entry.answers)
    return json.loads(text) if text else {}


def _role_key(person_id: int) -> tuple[str, int, str]:
    # Three parts, so it never meets a question set's (set id, version) in a shared cache.
    return ("person", person_id, "practice_role")


def practice_role(session: Session, person_id: int, cache: dict | None = None) -> str | None:
    """The person's practice role (peer_worker, professional, student or None), which decides
    the questions marked `for_role` they see. With a cache, each person is looked up once."""
    return practice_of(session, person_id, cache)[0]


def practice_of(session: Session, person_id: int, cache: dict | None = None) -> tuple[str | None, str | None]:
    """The person's practice role and profession, looked up once per person with a cache."""
    key = _role_key(person_id)
    if cache is not None and key in cache:
        return cache[key]
    row = session.execute(select(Person.practice_role, Person.profession).where(Person.id == person_id)).first()
    found = (row[0], row[1]) if row else (None, None)
    if cache is not None:
        cache[key] = found
    return found


def view_of(session: Session, vault: Vault, entry: Entry, cache: dict | None = None) -> EntryView:
    """What an entry shows. Views made with one shared cache look each question set version
    and each author's practice role up once, however many entries there are."""
    cache = {} if cache is None else cache
    role, profession = practice_of(session, entry.owner_id, cache)
    return EntryView(
        id=entry.id,
        stage=Stage(entry.stage),
        questions=stored_set(session, entry.set_id, entry.set_version, cache).for_practice_role(role),
        practice_role=role,
        profession=profession,
        status=entry.status,
        answers=_open_answers(vault, entry),
        created_at=entry.created_at,
        updated_at=entry.updated_at,
        completed_at=entry.completed_at,
        episode_id=entry.episode_id,
    )


def views_of(session: Session, vault: Vault, entries: Iterable[Entry], cache: dict | None = None) -> list[EntryView]:
    """Views of many entries with a fixed number of queries however many there are: the
    authors' keys, the question set versions and the authors' practice roles are each read
    once for all of them."""
    cache = {} if cache is None else cache
    entries = list(entries)
    vault.preload(e.answers for e in entries)
    sets = {(e.set_id, e.set_version) for e in entries} - cache.keys()
    if sets:
        for row in session.scalars(
            select(QuestionSetVersion).where(tuple_(QuestionSetVersion.set_id, QuestionSetVersion.version).in_(sorted(sets)))
        ):
            cache[(row.set_id, row.version)] = parsed_set(row.definition)
    authors = {e.owner_id for e in entries if _role_key(e.owner_id) not in cache}
    if authors:
        rows = session.execute(select(Person.id, Person.practice_role, Person.profession).where(Person.id.in_(authors))).all()
        found = {person_id: (role, profession) for person_id, role, profession in rows}
        cache.update({_role_key(person_id): found.get(person_id, (None, None)) for person_id in authors})
    return [view_of(session, vault, e, cache) for e in entries]


def _own_entry(session: Session, by: Actor, entry_id: int) -> Entry:
    entry = session.get(Entry, entry_id)
    if entry is None or not can(by, Permission.READ_ENTRY, entry.owner_id):
        raise NotFound("That entry isn't there. It may have been removed.")
    return entry


def get(*, entry_id: int, by: Actor) -> EntryView:
    """One of the acting person's own entries.

    Raises:
        NotFound: no such entry, or it belongs to someone else.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.read() as session:
        entry = _own_entry(session, by, entry_id)
        return view_of(session, Vault(session, rt.server_key), entry)


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
        return None if entry is None else view_of(session, Vault(session, rt.server_key), entry)


def profile(*, by: Actor) -> EntryView:
    """The person's personal-experience profile: one living document, made on first visit."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.write() as session:
        entry = session.scalar(
            select(Entry)
            .where(Entry.owner_id == by.person_id, Entry.stage == Stage.PREPARATION.value)
            .order_by(Entry.id)
            .limit(1)
        )
        if entry is None:
            entry = _new_entry(session, rt, by, Stage.PREPARATION, episode_id=None)
        return view_of(session, Vault(session, rt.server_key), entry)


# --- writing --------------------------------------------------------------------------


def _new_entry(session: Session, rt: runtime.Runtime, by: Actor, stage: Stage, episode_id: int | None) -> Entry:
    qset = current_set(stage, practice_role(session, by.person_id))
    remember_set(session, qset)
    entry = Entry(
        owner_id=by.person_id,
        stage=stage.value,
        set_id=qset.id,
        set_version=qset.version,
        episode_id=episode_id,
        answers=Vault(session, rt.server_key).seal(by.person_id, "{}"),
    )
    session.add(entry)
    session.flush()
    return entry


PROFILE_ITEM = "_profile_item"  # the profile experience a quick check was started from
# What the profile said, when the check started, about sharing that experience with each
# audience ({column id: level id}): the summary reads it against the audience chosen.
PROFILE_LEVELS = "_profile_levels"


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
    levels = (_open_answers(vault, entry).get(grid.id) or {}).get(item) if grid else None
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
    with rt.db.write() as session:
        if episode_id is not None:
            _own_episode(session, by, episode_id)
        elif profile_item:
            episode = Episode(owner_id=by.person_id)
            session.add(episode)
            session.flush()
            episode_id = episode.id
        source = _own_entry(session, by, follows) if follows is not None else None
        entry = _new_entry(session, rt, by, stage, episode_id)
        if profile_item:
            vault = Vault(session, rt.server_key)
            started = {PROFILE_ITEM: profile_item, PROFILE_LEVELS: _profile_levels(session, vault, by, profile_item)}
            entry.answers = vault.seal(by.person_id, json.dumps(started))
        elif source is not None:
            vault = Vault(session, rt.server_key)
            qset = current_set(stage, practice_role(session, by.person_id))
            entry.answers = vault.seal(by.person_id, json.dumps(_carried(session, vault, source, qset)))
        view = view_of(session, Vault(session, rt.server_key), entry)
    event("entry.started", entry=view.id)
    return view


def check_answer(qset: QuestionSet, question_id: str, value: Any) -> Any:
    question = qset.question(question_id)
    if question is None and "." in question_id:
        # A comfort-grid follow-up, asked per experience: "<row id>.<follow-up id>".
        row_id, _, follow_id = question_id.partition(".")
        grid = next((q for q in qset.questions() if isinstance(q, ComfortGridQuestion)), None)
        if grid and any(r.id == row_id for r in grid.rows):
            question = qset.question(follow_id)
    if question is None:
        raise AnswerRejected("That question isn't part of this form.")
    if value is None or value == "" or value == []:
        return None
    if isinstance(question, FreeTextQuestion):
        if not isinstance(value, str):
            raise AnswerRejected("Please write your answer as text.")
        value = clean_text(value)
        if len(value) > question.max_length:
            raise AnswerRejected(
                f"This answer is {len(value):,} characters; there's room for {question.max_length:,}. "
                "Could you shorten it a little?"
            )
        return value
    if isinstance(question, SingleChoiceQuestion):
        if not isinstance(value, str) or question.option(value) is None:
            raise AnswerRejected("Please choose one of the options.")
        return value
    if isinstance(question, MultipleChoiceQuestion):
        if not isinstance(value, list) or any(not isinstance(v, str) or question.option(v) is None for v in value):
            raise AnswerRejected("Please choose from the options.")
        return list(dict.fromkeys(value))
    if isinstance(question, ScaleQuestion):
        if isinstance(value, bool) or not isinstance(value, int) or not question.min <= value <= question.max:
            raise AnswerRejected(f"Please choose a point from {question.min} to {question.max}.")
        return value
    if isinstance(question, ComfortGridQuestion):
        rows, columns, levels = ({o.id for o in g} for g in (question.rows, question.columns, question.levels))
        if not isinstance(value, dict):
            raise AnswerRejected("Please fill in the grid.")
        cleaned: dict[str, dict[str, str]] = {}
        for row, cells in value.items():
            if row not in rows or not isinstance(cells, dict):
                raise AnswerRejected("Please fill in the grid.")
            kept = {c: lv for c, lv in cells.items() if lv is not None}
            if any(c not in columns or lv not in levels for c, lv in kept.items()):
                raise AnswerRejected("Please choose a level from the list in each box.")
            if kept:
                cleaned[row] = kept
        return cleaned
    raise AnswerRejected("That question can't be answered here.")


def readable(question: Question, value: Any) -> str:
    """One answer as plain text, in the words of its own question set."""
    if isinstance(question, (SingleChoiceQuestion, MultipleChoiceQuestion)):
        ids = value if isinstance(value, list) else [value]
        return "; ".join(o.label for o in question.options if o.id in ids)
    if isinstance(question, ComfortGridQuestion):
        rows = {r.id: r.label for r in question.rows}
        cols = {c.id: c.label for c in question.columns}
        levels = {lv.id: lv.label for lv in question.levels}
        return "; ".join(
            f"{rows.get(r, r)}: " + ", ".join(f"{cols.get(c, c)} {levels.get(lv, lv).lower()}" for c, lv in cells.items())
            for r, cells in value.items()
        )
    if isinstance(question, ScaleQuestion):
        return f"{value} of {question.max} ({question.min_label} to {question.max_label})"
    return str(value)


def answer_lines(qset: QuestionSet, answers: Answers) -> list[tuple[str, list[tuple[str, str]]]]:
    """The answered questions, section by section: (section title, [(question, answer)])."""
    found = []
    for section in qset.sections:
        lines = [
            (q.text, readable(q, answers[q.id])) for q in section.questions if answers.get(q.id) not in (None, "", [], {})
        ]
        if lines:
            found.append((section.title, lines))
    return found


def with_answer(vault: Vault, owner_id: int, sealed: SealedText, question_id: str, cleaned: Any) -> SealedText:
    """The sealed answers document with one answer set (or removed, when `cleaned` is None)."""
    answers = json.loads(vault.open(sealed) or "{}")
    if cleaned is None:
        answers.pop(question_id, None)
    else:
        answers[question_id] = cleaned
    return vault.seal(owner_id, json.dumps(answers, ensure_ascii=False))


def save_answer(*, entry_id: int, question_id: str, value: Any, by: Actor) -> datetime:
    """Save one answer to a draft (or to the living profile). Returns when it was saved.

    Raises:
        NotFound: not the person's own entry.
        AnswerRejected: the value does not fit the question; nothing is changed.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.write() as session:
        entry = _own_entry(session, by, entry_id)
        if entry.status == "complete" and entry.stage != Stage.PREPARATION.value:
            raise AnswerRejected("This entry is finished, so it can't be changed. You can start a new one.")
        qset = stored_set(session, entry.set_id, entry.set_version, {})
        cleaned = check_answer(qset, question_id, value)
        entry.answers = with_answer(Vault(session, rt.server_key), by.person_id, entry.answers, question_id, cleaned)
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
    with rt.db.write() as session:
        entry = _own_entry(session, by, entry_id)
        vault = Vault(session, rt.server_key)
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
        _own_entry(session, by, entry_id)
        rows = session.scalars(
            select(EntryRevision).where(EntryRevision.entry_id == entry_id).order_by(EntryRevision.saved_at.desc()).limit(50)
        ).all()
        vault = Vault(session, rt.server_key)
        return [Revision(saved_at=r.saved_at, answers=json.loads(vault.open(r.answers) or "{}")) for r in rows]


def discard(*, entry_id: int, by: Actor) -> None:
    """Delete one of the person's own drafts or entries, and every share of it with it.
    Recorded in the decision ledger, so a restore deletes it again."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    with runtime.current().db.write() as session:
        entry = _own_entry(session, by, entry_id)
        session.delete(entry)
        # Written before the commit: a supervisor it was shared with never reads it again.
        runtime.current().ledger.record(DecisionKind.ENTRY_DISCARDED, [entry.public_id])


# --- episodes -------------------------------------------------------------------------


def _own_episode(session: Session, by: Actor, episode_id: int) -> Episode:
    episode = session.get(Episode, episode_id)
    if episode is None or episode.owner_id != by.person_id:
        raise NotFound("That episode isn't there.")
    return episode


def link(*, entry_ids: Iterable[int], by: Actor) -> int:
    """Put several of the person's entries into one episode (the first one's, or a new one).

    Returns the episode id.

    Raises:
        NotFound: one of the entries is not the person's own.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    with runtime.current().db.write() as session:
        entries = [_own_entry(session, by, entry_id) for entry_id in entry_ids]
        episode_id = next((e.episode_id for e in entries if e.episode_id), None)
        if episode_id is None:
            episode = Episode(owner_id=by.person_id)
            session.add(episode)
            session.flush()
            episode_id = episode.id
        for entry in entries:
            entry.episode_id = episode_id
        return episode_id


def without_reflection(*, entry_ids: list[int], by: Actor) -> set[int]:
    """Which of these quick checks of mine have no reflection in their episode yet."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    if not entry_ids:
        return set()
    with runtime.current().db.read() as session:
        rows = session.execute(
            select(Entry.id, Entry.episode_id).where(Entry.id.in_(entry_ids), Entry.owner_id == by.person_id)
        ).all()
        episodes = {episode_id for _, episode_id in rows if episode_id is not None}
        reflected = set(session.scalars(
            select(Entry.episode_id).where(Entry.episode_id.in_(episodes), Entry.stage == Stage.AFTER_SHARING.value)
        )) if episodes else set()
        return {entry_id for entry_id, episode_id in rows if episode_id is None or episode_id not in reflected}


def story(*, episode_id: int, by: Actor) -> list[EntryView]:
    """The entries of one of the person's episodes, in the order they were written."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.read() as session:
        _own_episode(session, by, episode_id)
        rows = session.scalars(select(Entry).where(Entry.episode_id == episode_id).order_by(Entry.created_at, Entry.id)).all()
        vault = Vault(session, rt.server_key)
        return views_of(session, vault, rows)


# --- my reflections -------------------------------------------------------------------


def _base_query(by: Actor, filters: Filters):
    query = select(Entry).where(Entry.owner_id == by.person_id, Entry.stage != Stage.PREPARATION.value)
    if filters.status:
        query = query.where(Entry.status == filters.status)
    if filters.stage:
        query = query.where(Entry.stage == filters.stage.value)
    if filters.since:
        query = query.where(Entry.updated_at >= datetime.combine(filters.since, time.min).astimezone())
    if filters.until:
        query = query.where(Entry.updated_at < datetime.combine(filters.until + timedelta(days=1), time.min).astimezone())
    if filters.episode_id:
        query = query.where(Entry.episode_id == filters.episode_id)
    return query


def _matches(view: EntryView, filters: Filters) -> bool:
    audience_q, category_q = view.questions.tagged("audience"), view.questions.tagged("category")
    if filters.audience and (audience_q is None or view.answers.get(audience_q.id) != filters.audience):
        return False
    if filters.category and (category_q is None or view.answers.get(category_q.id) != filters.category):
        return False
    term = filters.search.strip().casefold()
    if term:
        texts = [v for v in view.answers.values() if isinstance(v, str)]
        if not any(term in t.casefold() for t in texts):
            return False
    return True


def list_mine(
    *, by: Actor, filters: Filters | None = None, page: int = 1, per_page: int = 20, with_total: bool = True
) -> tuple[list[EntryView], int]:
    """The person's quick checks and reflections, newest first, one page at a time, and the total.

    Date, stage and episode filter in the database and only the page shown is opened;
    audience, category and text search have to open entries, and look through the most
    recent SEARCH_LIMIT.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    filters = filters or Filters()
    rt = runtime.current()
    query = _base_query(by, filters).order_by(Entry.updated_at.desc(), Entry.id.desc())
    with rt.db.read() as session:
        vault = Vault(session, rt.server_key)
        cache: dict = {}
        if not filters.needs_opening:
            rows = session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
            # Without a total (with_total=False), the count is the rows given.
            total = (session.scalar(select(func.count()).select_from(query.subquery())) or 0) if with_total else len(rows)
            return views_of(session, vault, rows, cache), total
        rows = session.scalars(query.limit(SEARCH_LIMIT)).all()
        matched = [v for v in views_of(session, vault, rows, cache) if _matches(v, filters)]
    start_at = (page - 1) * per_page
    return matched[start_at : start_at + per_page], len(matched)


@dataclass(frozen=True)
class TimelinePoint:
    day: date
    stage: Stage
    verdict: str | None
    outcome: int | None


def timeline(*, by: Actor, since: date | None = None) -> list[TimelinePoint]:
    """One point per finished quick check or reflection, for the chart of how things went."""
    rows, _ = list_mine(by=by, filters=Filters(since=since or (date.today() - timedelta(days=365))), per_page=SEARCH_LIMIT, with_total=False)
    return [
        TimelinePoint(
            day=(v.completed_at or v.updated_at).date(),
            stage=v.stage,
            verdict=v.summary.label if v.summary else None,
            outcome=v.outcome(),
        )
        for v in rows
    ]


def timeline_version(*, by: Actor, since: date) -> tuple[int, datetime | None]:
    """How many quick checks and reflections the person has since `since`, and when the newest
    changed: the chart on My reflections is made again only when this changes, so showing the
    page again opens nothing. One count over the person's own index entries."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    query = _base_query(by, Filters(since=since)).subquery()
    with runtime.current().db.read() as session:
        count, latest = session.execute(select(func.count(), func.max(query.c.updated_at))).one()
    if isinstance(latest, str):  # SQLite hands back text for an aggregate of a timestamp
        latest = datetime.fromisoformat(latest)
    return count or 0, latest


# --- learning notes for the team ------------------------------------------------------


def offer_learning_note(*, entry_id: int, team_id: int, body: str, by: Actor) -> int:
    """Approve and share a de-identified learning note from one of my reflections with my team.

    Raises:
        NotFound: not the person's own reflection.
        AccessDenied: the person is not in that team.
        AnswerRejected: the note is empty, too long, or could identify someone.
    """
    ensure(by, Permission.READ_TEAM_LEARNING, team_id)
    body = clean_text(body).strip()
    if not body:
        raise AnswerRejected("Please write the note before sharing it.")
    if len(body) > 1000:
        raise AnswerRejected("Please keep the note to 1,000 characters or fewer.")
    if runtime.current().phrasing.has_identifying(body):
        raise AnswerRejected("The note has details that could identify someone. Please take them out first.")
    rt = runtime.current()
    with rt.db.write() as session:
        _own_entry(session, by, entry_id)
        note = LearningNote(
            owner_id=by.person_id,
            team_id=team_id,
            entry_id=entry_id,
            body=Vault(session, rt.server_key).seal(by.person_id, body),
            approved_at=utcnow(),
        )
        session.add(note)
        session.flush()
        audit.record(session, by=by, action="learning_note_shared", subject_id=by.person_id, object_type="learning_note", object_id=note.id)
        return note.id


def withdraw_learning_note(*, note_id: int, by: Actor) -> None:
    """Take back one of my learning notes; the team no longer sees it."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    with runtime.current().db.write() as session:
        note = session.get(LearningNote, note_id)
        if note is None or note.owner_id != by.person_id:
            raise NotFound("That note isn't there.")
        session.delete(note)
        # Written before the commit: a restore from an older backup withdraws it again.
        runtime.current().ledger.record(DecisionKind.LEARNING_NOTE_WITHDRAWN, [note.public_id])


def team_notes(*, team_id: int, by: Actor, page: int = 1, per_page: int = 20) -> tuple[list[NoteView], int]:
    """Approved learning notes shared with one of my teams, newest first. The author is not named.

    Each note another person wrote and this person is shown is recorded in the audit trail,
    once per reading (a page shown again within the audit read window is the same reading).

    Raises:
        AccessDenied: the person is not in that team.
    """
    ensure(by, Permission.READ_TEAM_LEARNING, team_id)
    rt = runtime.current()
    base = select(LearningNote).where(LearningNote.team_id == team_id, LearningNote.approved_at.is_not(None))
    reads: dict[int, list[int]] = {}
    with rt.db.read() as session:
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        notes = session.scalars(
            base.order_by(LearningNote.approved_at.desc(), LearningNote.id.desc()).limit(per_page).offset((page - 1) * per_page)
        ).all()
        team_name = session.get(Team, team_id).name
        vault = Vault(session, rt.server_key)
        vault.preload(n.body for n in notes)
        views = []
        for note in notes:
            body = vault.open(note.body)
            if body is None:  # the author was erased
                continue
            if note.owner_id != by.person_id:
                reads.setdefault(note.owner_id, []).append(note.id)
            views.append(NoteView(note.id, team_name, body, note.approved_at, note.owner_id == by.person_id))
    audit.record_reads_once(by=by, action="learning_note_read", object_type="learning_note", reads=reads)
    return views, total


def my_teams(*, by: Actor) -> list[tuple[int, str]]:
    """The teams the person belongs to, for choosing where a note goes."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    if not by.team_ids:
        return []
    with runtime.current().db.read() as session:
        rows = session.execute(select(Team.id, Team.name).where(Team.id.in_(by.team_ids)).order_by(Team.name))
        return [(team_id, name) for team_id, name in rows]


__all__ = ["AccessDenied", "AnswerRejected", "EntryView", "Filters", "NotFound", "NotReady"]


def suggest(text: str, *, audience: str | None = None) -> list[Suggestion]:
    """Gentle phrasing suggestions for draft wording (offline, rule-based; nothing is stored).
    `audience` (an audience option id, such as supervisor_manager) lets the guide read the words
    for who they are meant for."""
    return runtime.current().phrasing.check(text, audience=audience)


def identifying(text: str, *, allow_names: tuple[str, ...] = ()) -> list[Suggestion]:
    """Details in `text` that could identify a person (names, numbers, addresses, dates of birth).
    `allow_names` are fine here (a person's own first name in their own biography)."""
    return runtime.current().phrasing.has_identifying(text, allow_names=allow_names)
