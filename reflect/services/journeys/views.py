"""What an entry shows: its view, opened with its author's key, read against the question set
version it was written with. Also the refusals every part of journeys gives, and the lookups of
an entry or episode that only its author may reach."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from reflect.models import Entry, Episode, Person, QuestionSetVersion, Stage
from reflect.phrasing import Suggestion
from reflect.questions import QuestionSet
from reflect.questions.answers import Answers
from reflect.questions.schema import SingleChoiceQuestion, Situation
from reflect.questions.summary import QuickCheckSummary, summarise_quick_check
from reflect.services.access import Actor, Permission, can
from reflect.services.errors import NotFound, Refused
from reflect.services.journeys.sets import parsed_set, stored_set
from reflect.services.vault import Vault

PROFILE_ITEM = "_profile_item"  # the profile experience a quick check was started from
# What the profile said, when the check started, about sharing that experience with each
# audience ({column id: level id}): the summary reads it against the audience chosen.
PROFILE_LEVELS = "_profile_levels"


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

    @cached_property
    def summary(self) -> QuickCheckSummary | None:
        """The quick check's summary (None for a reflection), worked out once per view: a page
        reads it for the entry's title, its summary and the chart."""
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


def open_answers(vault: Vault, entry: Entry) -> Answers:
    """An entry's answers, opened with its author's key (empty once the author is erased)."""
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


def _for_role(session: Session, entry: Entry, role: str | None, cache: dict) -> QuestionSet:
    """The entry's question set version as its author's role asks it, made once per set,
    version and role for all the views sharing `cache` (four parts: never a set's or a person's key)."""
    key = ("for_role", entry.set_id, entry.set_version, role)
    if key not in cache:
        cache[key] = stored_set(session, entry.set_id, entry.set_version, cache).for_practice_role(role)
    return cache[key]


def view_of(session: Session, vault: Vault, entry: Entry, cache: dict | None = None) -> EntryView:
    """What an entry shows. Views made with one shared cache look each question set version
    and each author's practice role up once, however many entries there are."""
    cache = {} if cache is None else cache
    role, profession = practice_of(session, entry.owner_id, cache)
    return EntryView(
        id=entry.id,
        stage=Stage(entry.stage),
        questions=_for_role(session, entry, role, cache),
        practice_role=role,
        profession=profession,
        status=entry.status,
        answers=open_answers(vault, entry),
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


def own_entry(session: Session, by: Actor, entry_id: int, *, lock: bool = False) -> Entry:
    """One of the acting person's own entries. With `lock`, its row is locked until the unit of
    work ends (SELECT ... FOR UPDATE on PostgreSQL; SQLite's writers already take turns): a
    write that reads the sealed answers, changes one and writes them back is then never
    interleaved with another such write, which would lose one of the two.

    Raises:
        NotFound: no such entry, or it belongs to someone else.
    """
    entry = session.get(Entry, entry_id, with_for_update=lock or None)
    if entry is None or not can(by, Permission.READ_ENTRY, entry.owner_id):
        raise NotFound("That entry isn't there. It may have been removed.")
    return entry


def own_episode(session: Session, by: Actor, episode_id: int) -> Episode:
    """One of the acting person's own episodes.

    Raises:
        NotFound: no such episode, or it belongs to someone else.
    """
    episode = session.get(Episode, episode_id)
    if episode is None or not can(by, Permission.OWN_CONTENT, episode.owner_id):
        raise NotFound("That episode isn't there.")
    return episode
