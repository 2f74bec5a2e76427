"""Generated small organisations for the leak property tests.

A world is an organisation of four staff in two teams (with one team lead and two people who
can supervise) and an admin, plus a list of steps drawn by hypothesis: supervision pairs,
quick checks and reflections (some started afterwards from an earlier entry), links, shares,
withdrawals, session records with both sides' notes, actions and comments, pair endings,
erasures, register entries, people using the service with their consent (and its withdrawal),
learning notes and biographies. Each step does what the app would do through the services,
and keeps `Model` up to date with who may read each marked text.

Every free text written is a marker naming its source, `mk<example>p<author><field><n>x`
(letters and digits only, so Markdown escaping leaves it whole), so a leak says whose text
reached whom. Each example makes a fresh organisation: nothing in one may ever be read from
another, which the checks cover too.

To add a kind of step: a frozen dataclass with `apply(self, world)`, and its strategy in
`STEPS`. Steps that refer to things (an entry, a share, a pair) pick by index modulo what
exists, so any generated list is a valid script.
"""

from __future__ import annotations

import base64
import dataclasses
import itertools
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st
from sqlalchemy import select, update

from reflect import runtime
from reflect.models import Entry, Person, PersonRole, Role, ShareKind, Stage, SupervisionPair, Team, TeamMembership
from reflect.services import biographies, erasure, journeys, own_keys, register, supervision
from reflect.services.access import Actor
from reflect.services.auth import actor_for
from reflect.services.vault import Vault
from reflect.own_key import DEMO_ONLY
from tests import factories
from tests.factories import OWN_KEYS, PASSWORD, RECOVERY_CODE

STAFF = 4  # people 0..3; 4 is the admin
ADMIN = 4
SUPERVISORS = (0, 1)
LEAD = 0  # leads team A
TEAM_OF = {0: "A", 1: "A", 2: "B", 3: "B"}
PROFILE_ROW = "hobbies_skills_interests"
CALM_CHECK = {
    "with_whom": "person_supported",
    "purpose": "help_them",
    "benefit": "yes",
    "wishes": "welcome",
    "ok_with_me": "yes",
    "timing": ["relationship_ready", "ready_to_hear", "time_and_space"],
    "how_much": "short_with_coping",
    "motivations": ["hope"],
    "warning_signs": ["none"],
}
_examples = itertools.count(1)
MARKER = re.compile(r"mk\d+p\d[a-z]+\d+x")


@dataclass
class EntryRec:
    id: int
    owner: int
    marker: str
    complete: bool


@dataclass
class ShareRec:
    id: int
    pair: int
    owner: int
    kind: ShareKind
    target: str
    covers: set[int]  # entry ids whose text the share shows; empty for a profile item
    withdrawn: bool = False


@dataclass
class PairRec:
    id: int
    supervisor: int
    supervisee: int
    ended: bool = False


@dataclass
class Marked:
    """One marked text and the rule for who may read it."""

    author: int
    source: str  # e.g. "reflection 3 of person 2"
    kind: str  # entry, profile, pair, justme, plan, talent, contributor, note, bio, team_record
    ref: int = 0  # entry id, pair index, talent/contributor/note index


@dataclass
class Model:
    example: int
    org: int
    teams: dict[str, int]
    actors: list[Actor]
    erased: set[int] = field(default_factory=set)
    entries: list[EntryRec] = field(default_factory=list)
    pairs: list[PairRec] = field(default_factory=list)
    shares: list[ShareRec] = field(default_factory=list)
    marked: dict[str, Marked] = field(default_factory=dict)
    profile_shared: set[int] = field(default_factory=set)  # owners with a profile (needed to share it)
    talents: list[tuple[int, str, str]] = field(default_factory=list)  # (owner, visibility, team)
    contributors: list[tuple[int, str, bool]] = field(default_factory=list)  # (id, visibility, withdrawn)
    notes: list[tuple[int, int, str, bool]] = field(default_factory=list)  # (id, owner, team, withdrawn)
    bios: set[int] = field(default_factory=set)
    team_records: list[str] = field(default_factory=list)  # the team each record (and its actions) belongs to
    meetings: list[tuple[int, int]] = field(default_factory=list)  # (meeting id, pair index)
    plan_versions: dict[int, int] = field(default_factory=dict)  # each person's latest plan version (its row id)
    plan_shares: list[tuple[int, int, int, int, bool]] = field(default_factory=list)  # (share id, owner, pair index, version id, withdrawn)
    accounts: list[int] = field(default_factory=list)  # reflective account ids
    discussions: list[tuple[int, int | None]] = field(default_factory=list)  # (discussion id, partner index)
    records: list[int] = field(default_factory=list)  # revalidation record ids
    tail: str = ""  # appended to every text written (the page tests add Markdown and HTML here)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    # --- writing ------------------------------------------------------------------

    def mark(self, author: int, what: str, kind: str, ref: int = 0) -> str:
        n = next(self.counter)
        text = f"mk{self.example}p{author}{what}{n}x"
        self.marked[text] = Marked(author, f"{what} {n} of person {author}", kind, ref)
        return text + self.tail

    def write_guarded(self, author: int, what: str, kind: str, ref: int, write) -> str:
        """Write a new marker with `write(text)` through a service that refuses identifying
        details: the guard now and then takes a marker (an odd word) for a name, and then the
        next marker is written instead. Returns the marker written."""
        for attempt in range(10):
            text = self.mark(author, what, kind, ref)
            try:
                write(text)
                return text
            except journeys.AnswerRejected as exc:
                if "identify" not in str(exc) or attempt == 9:
                    raise
        raise AssertionError("unreachable")

    def mark_unflagged(self, author: int, what: str, kind: str, ref: int = 0) -> str:
        """A marker the identifying-details guard lets through, for text it checks on saving
        (a marker is an odd word, and the guard now and then takes one for a name)."""
        guard = runtime.current().phrasing
        for _ in range(20):
            text = self.mark(author, what, kind, ref)
            if not guard.has_identifying(text):
                return text
        raise AssertionError("the identifying-details guard flags every marker")

    def person(self, index: int) -> Actor:
        return self.actors[index]

    def alive(self, index: int) -> bool:
        return index not in self.erased

    def entry_episodes(self) -> dict[int, int | None]:
        ids = [e.id for e in self.entries]
        if not ids:
            return {}
        with runtime.current().db.read() as session:
            return dict(session.execute(select(Entry.id, Entry.episode_id).where(Entry.id.in_(ids))).all())

    # --- who may read what -----------------------------------------------------------

    def pair_readers(self, pair: PairRec) -> set[int]:
        readers = {pair.supervisee}
        if not pair.ended:
            readers.add(pair.supervisor)
        return readers

    def may_read(self, reader: int, text: str) -> bool:
        m = self.marked[text]
        if not self.alive(reader) or (not self.alive(m.author) and m.kind != "contributor"):
            return False  # an erased person's words are gone; a contributor's are theirs, not the lead's
        if reader == m.author and m.kind != "contributor":
            return True
        if m.kind in ("entry", "profile"):
            return any(
                not s.withdrawn
                and s.owner == m.author
                and not self.pairs[s.pair].ended
                and self.pairs[s.pair].supervisor == reader
                and ((m.kind == "entry" and m.ref in s.covers) or (m.kind == "profile" and s.kind == ShareKind.PROFILE_ITEM))
                for s in self.shares
            )
        if m.kind == "pair":
            pair = self.pairs[m.ref]
            return self.alive(pair.supervisee) and reader in self.pair_readers(pair)
        if m.kind == "justme":
            return False  # sealed to its writer alone (who was let in above)
        if m.kind == "plan":
            return any(
                owner == m.author and version == m.ref and not withdrawn
                and not self.pairs[pair].ended and self.pairs[pair].supervisor == reader
                for _, owner, pair, version, withdrawn in self.plan_shares
            )
        if m.kind == "talent":
            owner, visibility, team = self.talents[m.ref]
            return reader != ADMIN and (visibility == "organisation" or TEAM_OF[reader] == team)
        if m.kind == "contributor":
            _, visibility, withdrawn = self.contributors[m.ref]
            return not withdrawn and reader != ADMIN and (visibility == "organisation" or TEAM_OF[reader] == "A")
        if m.kind == "note":
            _, owner, team, withdrawn = self.notes[m.ref]
            return not withdrawn and reader != ADMIN and TEAM_OF[reader] == team
        if m.kind == "team_record":
            return reader != ADMIN and TEAM_OF[reader] == self.team_records[m.ref]
        if m.kind == "bio":
            return reader == LEAD and TEAM_OF[m.author] == "A"
        if m.kind == "revalidation":
            return False  # reflective accounts, discussion forms and records are their author's alone
        raise AssertionError(m.kind)

    def leaks(self, reader: int, seen: str, where: str) -> list[str]:
        """Every marked text in `seen` that `reader` may not read, named by its source."""
        found = []
        for text in set(MARKER.findall(seen)):
            if text not in self.marked:
                found.append(f"{where}: person {reader} read {text}, from another organisation")
            elif not self.may_read(reader, text):
                found.append(f"{where}: person {reader} read the {self.marked[text].source}")
        return found


def new_world(tail: str = "") -> Model:
    """A fresh organisation: two teams, four staff and an admin, written in one transaction."""
    example = next(_examples)
    org = factories.make_organisation(f"Trust {example}{tail}")
    rt = runtime.current()
    with rt.db.write() as session:
        teams = {name: Team(organisation_id=org, name=f"Team {name}{tail}") for name in ("A", "B")}
        session.add_all(teams.values())
        session.flush()
        rows = []
        for index in range(STAFF + 1):
            if index == ADMIN:
                roles = (Role.ADMIN,)
            else:
                roles = (Role.PRACTITIONER,) + ((Role.SUPERVISOR,) if index in SUPERVISORS else ()) + ((Role.TEAM_LEAD,) if index == LEAD else ())
            person = Person(
                organisation_id=org, name=f"Person {index}{tail}", email=f"p{index}.{example}@example.org",
                password_hash=factories.password_hash(), roles=[PersonRole(role=r) for r in roles],
            )
            session.add(person)
            rows.append(person)
        session.flush()
        vault = Vault(session, rt.server_key)
        for index, person in enumerate(rows):
            if index != ADMIN:
                session.add(TeamMembership(team_id=teams[TEAM_OF[index]].id, person_id=person.id, is_lead=index == LEAD))
            vault.create_key(person.id, person.public_id)
            OWN_KEYS[person.id] = own_keys.enrol(session, person, PASSWORD, recovery_code=RECOVERY_CODE, derivation=DEMO_ONLY)
        session.flush()
        for person in rows:
            session.refresh(person)
        actors = [actor_for(person, own=OWN_KEYS[person.id]) for person in rows]
        team_ids = {name: team.id for name, team in teams.items()}
    return Model(example, org, team_ids, actors, tail=tail)


def refresh_actors(world: Model) -> None:
    """Actors carry roles and teams: read them again after an erasure changes them."""
    with runtime.current().db.read() as session:
        for index, actor in enumerate(world.actors):
            world.actors[index] = actor_for(session.get(Person, actor.person_id), own=OWN_KEYS.get(actor.person_id))


# --- steps ------------------------------------------------------------------------------


def complete_answers(view, answers: dict) -> dict:
    """`answers`, plus an answer to every other question the entry's own question set requires
    (its first option, its lowest point, or the entry's marked text), so a change to the sets
    does not stop the generator finishing entries."""
    from reflect.questions import FreeTextQuestion, MultipleChoiceQuestion, ScaleQuestion, SingleChoiceQuestion

    texts = [v for v in answers.values() if isinstance(v, str)]
    text = next((v for v in texts if MARKER.search(v)), texts[0] if texts else None)
    filled = dict(answers)
    for question_id in view.questions.required_ids():
        if question_id in filled or question_id in view.answers:
            continue
        question = view.questions.question(question_id)
        if isinstance(question, SingleChoiceQuestion):
            filled[question_id] = question.options[0].id
        elif isinstance(question, MultipleChoiceQuestion):
            filled[question_id] = [question.options[0].id]
        elif isinstance(question, ScaleQuestion):
            filled[question_id] = question.min
        elif isinstance(question, FreeTextQuestion) and text is not None:
            filled[question_id] = text
        else:
            raise AssertionError(f"the generator cannot answer the required question {question_id!r}: teach complete_answers its kind")
    return filled


def save_and_complete(view, answers: dict, by, finish: bool = True, remark=None) -> dict:
    """Save `answers` to an entry (with every other required answer if it is to be finished),
    then finish it. Where the identifying-details guard takes a marker for a name, `remark()`
    gives the next marker to write in its place. Returns the answers replaced so."""
    for question_id, value in (complete_answers(view, answers) if finish else answers).items():
        journeys.save_answer(entry_id=view.id, question_id=question_id, value=value, by=by)
    replaced: dict = {}
    for attempt in range(10 if finish else 0):
        try:
            journeys.complete(entry_id=view.id, by=by)
            break
        except journeys.NotReady as exc:
            if exc.missing or not exc.identifying or remark is None or attempt == 9:
                raise
            for question_id in exc.identifying:
                replaced[question_id] = remark()
                journeys.save_answer(entry_id=view.id, question_id=question_id, value=replaced[question_id], by=by)
    return replaced


def _pick(items: list, index: int):
    """One of `items` by index, newest first (0 is the latest), whatever the index."""
    return items[-1 - index % len(items)] if items else None


@dataclass(frozen=True)
class Pair:
    supervisor: int
    supervisee: int

    def apply(self, world: Model) -> None:
        if self.supervisor == self.supervisee or not (world.alive(self.supervisor) and world.alive(self.supervisee)):
            return
        pair_id = factories.make_pair(world.person(self.supervisor), world.person(self.supervisee))
        world.pairs.append(PairRec(pair_id, self.supervisor, self.supervisee))


@dataclass(frozen=True)
class QuickCheck:
    author: int

    def apply(self, world: Model) -> None:
        if not world.alive(self.author):
            return
        by = world.person(self.author)
        entry = journeys.start(stage=Stage.IN_THE_MOMENT, by=by)
        text = world.mark(self.author, "check", "entry", entry.id)
        replaced = save_and_complete(entry, CALM_CHECK | {"draft": text}, by, remark=lambda: world.mark(self.author, "check", "entry", entry.id))
        world.entries.append(EntryRec(entry.id, self.author, replaced.get("draft", text), True))


@dataclass(frozen=True)
class Reflection:
    author: int
    after: int | None  # "Reflect on it afterwards" from this entry (by index), if it is the author's
    finish: bool

    def apply(self, world: Model) -> None:
        if not world.alive(self.author):
            return
        by = world.person(self.author)
        episode_id = None
        earlier = _pick([e for e in world.entries if e.owner == self.author], self.after) if self.after is not None else None
        if earlier is not None:
            episode_id = world.entry_episodes().get(earlier.id) or journeys.link(entry_ids=[earlier.id], by=by)
        entry = journeys.start(stage=Stage.AFTER_SHARING, by=by, episode_id=episode_id)
        text = world.mark(self.author, "reflection", "entry", entry.id)
        replaced = save_and_complete(
            entry, {"what_shared": text, "audience": "person_supported"}, by, finish=self.finish,
            remark=lambda: world.mark(self.author, "reflection", "entry", entry.id),
        )
        world.entries.append(EntryRec(entry.id, self.author, replaced.get("what_shared", text), self.finish))


@dataclass(frozen=True)
class Finish:
    """Finish a draft later, as after "Reflect on it afterwards" started it in an episode."""

    author: int
    draft: int

    def apply(self, world: Model) -> None:
        entry = _pick([e for e in world.entries if e.owner == self.author and not e.complete], self.draft)
        if entry is not None and world.alive(self.author):
            by = world.person(self.author)
            replaced = save_and_complete(
                journeys.get(entry_id=entry.id, by=by), {"audience": "person_supported"}, by,
                remark=lambda: world.mark(self.author, "reflection", "entry", entry.id),
            )
            entry.marker = replaced.get("what_shared", entry.marker)
            entry.complete = True


@dataclass(frozen=True)
class Story:
    """One sharing episode as people live it: a quick check, "Reflect on it afterwards" (a
    draft in the same episode), perhaps sharing the episode with the author's supervisor
    midway, finishing the reflection, and perhaps linking another reflection to it later."""

    author: int
    share_midway: bool
    link_later: bool

    def apply(self, world: Model) -> None:
        if not world.alive(self.author):
            return
        QuickCheck(self.author).apply(world)
        Reflection(self.author, after=0, finish=False).apply(world)
        if self.share_midway:
            mine = [i for i, p in enumerate(world.pairs) if p.supervisee == self.author and not p.ended and world.alive(p.supervisor)]
            live = [p for p in world.pairs if not p.ended and world.alive(p.supervisee) and world.alive(p.supervisor)]
            if mine:
                pair = world.pairs[mine[-1]]
                Share(pair=len(live) - 1 - live.index(pair), what="episode", target=0).apply(world)
        Finish(self.author, 0).apply(world)
        if self.link_later:
            Reflection(self.author, after=None, finish=True).apply(world)
            Link(self.author, first=0, second=2).apply(world)


@dataclass(frozen=True)
class Link:
    author: int
    first: int
    second: int

    def apply(self, world: Model) -> None:
        mine = [e for e in world.entries if e.owner == self.author and world.alive(self.author)]
        a, b = _pick(mine, self.first), _pick(mine, self.second)
        if a is not None and a is not b:
            journeys.link(entry_ids=[a.id, b.id], by=world.person(self.author))


@dataclass(frozen=True)
class Profile:
    author: int

    def apply(self, world: Model) -> None:
        if not world.alive(self.author):
            return
        by = world.person(self.author)
        profile = journeys.profile(by=by)
        journeys.save_answer(entry_id=profile.id, question_id="comfort", value={PROFILE_ROW: {"supervisor_manager": "share"}}, by=by)
        text = world.mark(self.author, "profile", "profile")
        journeys.save_answer(entry_id=profile.id, question_id=f"{PROFILE_ROW}.framing", value=text, by=by)
        world.profile_shared.add(self.author)


@dataclass(frozen=True)
class Share:
    pair: int
    what: str  # entry, episode or profile
    target: int

    def apply(self, world: Model) -> None:
        pair = _pick([p for p in world.pairs if not p.ended and world.alive(p.supervisee) and world.alive(p.supervisor)], self.pair)
        if pair is None:
            return
        owner = pair.supervisee
        by = world.person(owner)
        pair_index = world.pairs.index(pair)
        episodes = world.entry_episodes()
        mine = [e for e in world.entries if e.owner == owner]
        if self.what == "profile":
            if owner not in world.profile_shared:
                return
            kind, target, covers = ShareKind.PROFILE_ITEM, PROFILE_ROW, set()
        else:
            entry = _pick([e for e in mine if e.complete], self.target)
            if entry is None:
                return
            if self.what == "episode":
                episode_id = episodes.get(entry.id)
                if episode_id is None:
                    return
                kind, target = ShareKind.EPISODE, str(episode_id)
                covers = {e.id for e in mine if e.complete and episodes.get(e.id) == episode_id}
            else:
                kind, target, covers = ShareKind.ENTRY, str(entry.id), {entry.id}
        share_id = supervision.share(pair_id=pair.id, kind=kind, target=target, by=by)
        existing = next((s for s in world.shares if s.id == share_id), None)
        if existing is not None:
            existing.covers |= covers  # sharing an episode again adds what it holds now
        else:
            world.shares.append(ShareRec(share_id, pair_index, owner, kind, target, covers))


@dataclass(frozen=True)
class Withdraw:
    share: int

    def apply(self, world: Model) -> None:
        share = _pick([s for s in world.shares if not s.withdrawn and world.alive(s.owner)], self.share)
        if share is not None:
            supervision.withdraw(shared_item_id=share.id, by=world.person(share.owner))
            share.withdrawn = True


@dataclass(frozen=True)
class Meeting:
    pair: int
    kind: str | None = None  # line management holds back the personal prompts

    def apply(self, world: Model) -> None:
        pair = _pick([p for p in world.pairs if not p.ended and world.alive(p.supervisee) and world.alive(p.supervisor)], self.pair)
        if pair is None:
            return
        index = world.pairs.index(pair)
        supervisor, supervisee = world.person(pair.supervisor), world.person(pair.supervisee)
        live = [s.id for s in world.shares if s.pair == index and not s.withdrawn]
        meeting_id = supervision.record_meeting(pair_id=pair.id, held_on=date.today(), functions=["formative"], discussed=live, kind=self.kind, by=supervisor)
        world.meetings.append((meeting_id, index))
        world.write_guarded(pair.supervisor, "supnotes", "pair", index, lambda text: supervision.save_notes(
            meeting_id=meeting_id, question_id="supervisor_example", value=text, by=supervisor))
        world.write_guarded(pair.supervisee, "seenotes", "pair", index, lambda text: supervision.save_notes(
            meeting_id=meeting_id, question_id="learned", value=text, by=supervisee))
        world.write_guarded(pair.supervisor, "action", "pair", index, lambda text: supervision.add_action(
            pair_id=pair.id, text=text, owner_id=supervisee.person_id, meeting_id=meeting_id, by=supervisor))
        world.write_guarded(pair.supervisee, "comment", "pair", index, lambda text: supervision.respond(
            meeting_id=meeting_id, confirmed=False, comment=text, by=supervisee))


def _live_meeting(world: Model, index: int):
    live = [(m, p) for m, p in world.meetings if not world.pairs[p].ended and world.alive(world.pairs[p].supervisee) and world.alive(world.pairs[p].supervisor)]
    return _pick(live, index)


@dataclass(frozen=True)
class ChosenNote:
    """A note written after its writer chose who sees it: "just me" (sealed to them alone) or
    both of us, in the PDF or not, on a session of one kind or another."""

    meeting: int
    supervisor_writes: bool
    just_me: bool
    in_pdf: bool

    def apply(self, world: Model) -> None:
        found = _live_meeting(world, self.meeting)
        if found is None:
            return
        meeting_id, index = found
        pair = world.pairs[index]
        writer = pair.supervisor if self.supervisor_writes else pair.supervisee
        by = world.person(writer)
        if not self.supervisor_writes:
            supervision.set_personal_prompts(meeting_id=meeting_id, on=True, by=by)
        question = "what_went_well" if self.supervisor_writes else "triggered"
        supervision.set_choice(meeting_id=meeting_id, question_id=question, just_me=self.just_me, in_pdf=self.in_pdf, by=by)
        world.write_guarded(writer, "justme" if self.just_me else "chosen", "justme" if self.just_me else "pair", index, lambda text: supervision.save_notes(
            meeting_id=meeting_id, question_id=question, value=text, by=by))


@dataclass(frozen=True)
class Goal:
    pair: int
    supervisor_writes: bool

    def apply(self, world: Model) -> None:
        pair = _pick([p for p in world.pairs if not p.ended and world.alive(p.supervisee) and world.alive(p.supervisor)], self.pair)
        if pair is None:
            return
        writer = pair.supervisor if self.supervisor_writes else pair.supervisee
        world.write_guarded(writer, "goal", "pair", world.pairs.index(pair), lambda text: supervision.add_goal(
            pair_id=pair.id, text=text, review_on=date.today() + timedelta(days=30), by=world.person(writer)))


@dataclass(frozen=True)
class Plan:
    """A person saves a new version of their Wellness at Work plan."""

    author: int

    def apply(self, world: Model) -> None:
        from reflect.models import WellnessPlanVersion
        from reflect.services import wellness_plan

        if not world.alive(self.author):
            return
        by = world.person(self.author)
        texts = [world.mark(self.author, "plan", "plan"), world.mark(self.author, "plan", "plan")]
        number = wellness_plan.save(keeps_well=texts[0], adjustments=[wellness_plan.Adjustment(texts[1])], by=by)
        with runtime.current().db.read() as session:
            row = session.scalar(select(WellnessPlanVersion).where(WellnessPlanVersion.owner_id == by.person_id, WellnessPlanVersion.version == number))
        for text in texts:  # each marker names the version it is in
            world.marked[text.removesuffix(world.tail) if world.tail else text].ref = row.id
        world.plan_versions[self.author] = row.id


@dataclass(frozen=True)
class SharePlan:
    pair: int

    def apply(self, world: Model) -> None:
        from reflect.services import wellness_plan

        pair = _pick([p for p in world.pairs if not p.ended and world.alive(p.supervisee) and world.alive(p.supervisor)], self.pair)
        if pair is None or pair.supervisee not in world.plan_versions:
            return
        index = world.pairs.index(pair)
        share_id = wellness_plan.share(pair_id=pair.id, by=world.person(pair.supervisee))
        version = world.plan_versions[pair.supervisee]
        for n, (other, owner, at, shared, withdrawn) in enumerate(world.plan_shares):
            if at == index and owner == pair.supervisee and not withdrawn and other != share_id:
                world.plan_shares[n] = (other, owner, at, shared, True)  # shared anew in its place
        if not any(s[0] == share_id for s in world.plan_shares):
            world.plan_shares.append((share_id, pair.supervisee, index, version, False))


@dataclass(frozen=True)
class WithdrawPlan:
    share: int

    def apply(self, world: Model) -> None:
        from reflect.services import wellness_plan

        live = [n for n, s in enumerate(world.plan_shares) if not s[4] and world.alive(s[1])]
        n = _pick(live, self.share)
        if n is None:
            return
        share_id, owner, pair, version, _ = world.plan_shares[n]
        wellness_plan.withdraw(share_id=share_id, by=world.person(owner))
        world.plan_shares[n] = (share_id, owner, pair, version, True)


@dataclass(frozen=True)
class EndPair:
    pair: int

    def apply(self, world: Model) -> None:
        pair = _pick([p for p in world.pairs if not p.ended], self.pair)
        if pair is None:
            return
        with runtime.current().db.write() as session:
            session.execute(update(SupervisionPair).where(SupervisionPair.id == pair.id).values(ends_on=date.today() - timedelta(days=1)))
        pair.ended = True


@dataclass(frozen=True)
class Erase:
    person: int

    def apply(self, world: Model) -> None:
        if world.alive(self.person):
            erasure.erase(person_id=world.person(self.person).person_id, by=world.person(ADMIN))
            world.erased.add(self.person)
            refresh_actors(world)


@dataclass(frozen=True)
class Talent:
    author: int
    organisation_wide: bool
    lead_role: bool

    def apply(self, world: Model) -> None:
        if not world.alive(self.author):
            return
        team = TEAM_OF[self.author]
        visibility = "organisation" if self.organisation_wide else "team"
        text = world.mark(self.author, "talent", "talent", len(world.talents))
        register.add_entry(
            by=world.person(self.author),
            entry=register.EntryInput(
                category="expertise_lead_roles" if self.lead_role else "skills",
                description=text,
                visibility=visibility,
                willing_to=("support_colleagues",),
                team_id=world.teams[team],
            ),
        )
        world.talents.append((self.author, visibility, team))


@dataclass(frozen=True)
class Contributor:
    organisation_wide: bool

    def apply(self, world: Model) -> None:
        if not world.alive(LEAD):
            return
        visibility = "organisation" if self.organisation_wide else "team"
        text = world.mark(LEAD, "contributor", "contributor", len(world.contributors))
        contributor_id = register.record_contributor(
            by=world.person(LEAD),
            team_id=world.teams["A"],
            chosen_name="Robin" + ("<b>x</b>:red[y]" if world.tail else ""),
            consent_from="person",
            consented_at=datetime.now(UTC),
            consent_visibility=visibility,
            entries=[register.EntryInput(category="skills", description=text, visibility=visibility, willing_to=("support_colleagues",))],
        )
        world.contributors.append((contributor_id, visibility, False))


@dataclass(frozen=True)
class WithdrawConsent:
    contributor: int

    def apply(self, world: Model) -> None:
        live = [i for i, c in enumerate(world.contributors) if not c[2]]
        index = _pick(live, self.contributor)
        if index is None or not world.alive(LEAD):
            return
        contributor_id, visibility, _ = world.contributors[index]
        register.withdraw_consent(by=world.person(LEAD), contributor_id=contributor_id)
        world.contributors[index] = (contributor_id, visibility, True)


@dataclass(frozen=True)
class LearningNote:
    author: int
    withdraw: bool

    def apply(self, world: Model) -> None:
        entry = _pick([e for e in world.entries if e.owner == self.author and e.complete], 0)
        if entry is None or not world.alive(self.author):
            return
        team = TEAM_OF[self.author]
        by = world.person(self.author)
        offered = []
        world.write_guarded(self.author, "note", "note", len(world.notes), lambda text: offered.append(
            journeys.offer_learning_note(entry_id=entry.id, team_id=world.teams[team], body=text, by=by)))
        note_id = offered[0]
        if self.withdraw:
            journeys.withdraw_learning_note(note_id=note_id, by=by)
        world.notes.append((note_id, self.author, team, self.withdraw))


@dataclass(frozen=True)
class Biography:
    author: int

    def apply(self, world: Model) -> None:
        if not world.alive(self.author):
            return
        by = world.person(self.author)
        biographies.save_draft(by=by, answers={"professional_background": world.mark(self.author, "bio", "bio")})
        biographies.approve(by=by)
        world.bios.add(self.author)


@dataclass(frozen=True)
class TeamRecordStep:
    """The lead keeps a record for their team: an asset review with an action owned by a
    member of the team, or a note on the team's culture."""

    asset_review: bool
    owner: int

    def apply(self, world: Model) -> None:
        from reflect.services import team_records

        if not world.alive(LEAD):
            return
        kind = "asset_review" if self.asset_review else "culture"
        ref = len(world.team_records)
        world.team_records.append(TEAM_OF[LEAD])
        prompt = team_records.prompts(kind)[0].id
        members = [i for i in range(STAFF) if TEAM_OF[i] == TEAM_OF[LEAD] and world.alive(i)]
        owner = members[self.owner % len(members)]
        actions = (
            [team_records.ActionInput(text=world.mark_unflagged(LEAD, "teamaction", "team_record", ref), owner_id=world.person(owner).person_id)]
            if self.asset_review else []
        )
        team_records.record(
            by=world.person(LEAD), team_id=world.teams[TEAM_OF[LEAD]], kind=kind, held_on=date.today(),
            answers={prompt: world.mark_unflagged(LEAD, "teamrecord", "team_record", ref)}, actions=actions,
        )


@dataclass(frozen=True)
class Account:
    """A reflective account for revalidation, started from one of the author's records (a
    reflection, a supervision session, a learning note) or a blank form, and edited."""

    author: int
    source: int

    def apply(self, world: Model) -> None:
        from reflect.services import revalidation

        if not world.alive(self.author):
            return
        by = world.person(self.author)
        found = revalidation.sources(by=by)
        start = _pick(found, self.source) if self.source % 4 else None
        form_id = "aomrc_reflection" if self.source >= 4 else "nmc_revalidation"
        draft = revalidation.draft_from(source=start.kind if start else "new", source_id=start.id if start else None, form_id=form_id, by=by)
        saved = []
        world.write_guarded(self.author, "account", "revalidation", 0, lambda text: saved.append(revalidation.save_account(
            kind=draft.kind, written_on=date.today(), parts={part: text for part in draft.parts}, themes=["prioritise_people"],
            reviewed=True, source=draft.source, form_id=form_id, by=by)))
        world.accounts.append(saved[0])


@dataclass(frozen=True)
class Discussion:
    """The reflective discussion form, with the author's supervisor as the partner where they
    have one, who may then confirm it."""

    author: int
    confirm: bool

    def apply(self, world: Model) -> None:
        from reflect.services import revalidation, revalidation_discussion

        if not world.alive(self.author):
            return
        by = world.person(self.author)
        partners = revalidation_discussion.partners(by=by)
        partner_id = partners[0][0] if partners else None
        # A PIN is short: each field keeps as much of its text (the marker first) as it takes.
        details = {f.id: world.mark(self.author, "disc", "revalidation")[: f.limit] for f in revalidation.forms().discussion.fields}
        discussion_id = revalidation_discussion.save_discussion(discussed_on=date.today(), details=details, partner_id=partner_id, by=by)
        partner = next((i for i, a in enumerate(world.actors) if a.person_id == partner_id), None)
        world.discussions.append((discussion_id, partner))
        if self.confirm and partner is not None:
            revalidation_discussion.confirm_discussion(discussion_id=discussion_id, by=world.person(partner))


@dataclass(frozen=True)
class RevalidationRecordStep:
    author: int
    kind: str

    def apply(self, world: Model) -> None:
        from reflect.services import revalidation_tracker

        if not world.alive(self.author):
            return
        by = world.person(self.author)
        revalidation_tracker.set_plan(body="nmc", renewal_on=date.today() + timedelta(days=30), by=by)
        added = []
        world.write_guarded(self.author, "cpd", "revalidation", 0, lambda text: added.append(revalidation_tracker.add_record(
            kind=self.kind, done_on=date.today(), hours=3, participatory=True, note=text, by=by)))
        world.records.append(added[0])
        if self.kind == "cpd":  # and a CPD profile, its summary and statement in their own words
            from reflect.services import cpd_profile

            world.write_guarded(self.author, "cpdprofile", "revalidation", 0, lambda text: cpd_profile.save(
                summary=text, statement={"standard_3": text}, evidence=text, by=by))


person = st.integers(0, STAFF - 1)
# Most writing is by the supervisees of the two standing pairs, so sharing has material.
author = st.one_of(st.sampled_from([2, 3]), person)
index = st.one_of(st.just(0), st.integers(0, 7))
STEPS = st.one_of(
    st.builds(Pair, supervisor=st.sampled_from(SUPERVISORS), supervisee=person),
    st.builds(QuickCheck, author=author),
    st.builds(Reflection, author=author, after=st.none() | index, finish=st.booleans()),
    st.builds(Reflection, author=author, after=index, finish=st.just(True)),
    st.builds(Finish, author=author, draft=index),
    st.builds(Story, author=author, share_midway=st.booleans(), link_later=st.booleans()),
    st.builds(Link, author=author, first=index, second=index),
    st.builds(Profile, author=author),
    st.builds(Share, pair=index, what=st.sampled_from(["entry", "episode", "profile"]), target=index),
    st.builds(Share, pair=index, what=st.just("episode"), target=index),
    st.builds(Withdraw, share=index),
    st.builds(Meeting, pair=index, kind=st.sampled_from([None, "line_management", "practice"])),
    st.builds(ChosenNote, meeting=index, supervisor_writes=st.booleans(), just_me=st.booleans(), in_pdf=st.booleans()),
    st.builds(Goal, pair=index, supervisor_writes=st.booleans()),
    st.builds(Plan, author=author),
    st.builds(SharePlan, pair=index),
    st.builds(WithdrawPlan, share=index),
    st.builds(EndPair, pair=index),
    st.builds(Erase, person=person),
    st.builds(Talent, author=person, organisation_wide=st.booleans(), lead_role=st.booleans()),
    st.builds(Contributor, organisation_wide=st.booleans()),
    st.builds(WithdrawConsent, contributor=index),
    st.builds(LearningNote, author=person, withdraw=st.booleans()),
    st.builds(Biography, author=person),
    st.builds(TeamRecordStep, asset_review=st.booleans(), owner=person),
    st.builds(Account, author=author, source=st.integers(0, 7)),
    st.builds(Discussion, author=author, confirm=st.booleans()),
    st.builds(RevalidationRecordStep, author=author, kind=st.sampled_from(["cpd", "feedback", "practice"])),
)
# Two standing pairs (0 supervises 2, 1 supervises 3), then the generated steps.
SCRIPTS = st.lists(STEPS, min_size=1, max_size=8).map(lambda steps: [Pair(0, 2), Pair(1, 3), *steps])


def run(script: list, tail: str = "") -> Model:
    world = new_world(tail)
    for step in script:
        step.apply(world)
    return world


# --- reading everything back as text ----------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF made here, read from its content streams (fast, no parsing):
    ReportLab writes them Flate-compressed, usually wrapped in ASCII85."""
    parts = []
    for raw in _STREAM.findall(data):
        raw = raw.strip()
        if raw.endswith(b"~>"):
            try:
                raw = base64.a85decode(raw, adobe=True)
            except ValueError:
                pass
        try:
            parts.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            parts.append(raw.decode("latin-1"))
    return "\n".join(parts)


def docx_text(data: bytes) -> str:
    """Every piece of text in a Word document: its paragraphs, table cells, header and footer."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    found = [p.text for p in document.paragraphs]
    found += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        found += [p.text for p in (*section.header.paragraphs, *section.footer.paragraphs)]
    return "\n".join(found)


def flatten(value, depth: int = 0) -> str:
    """Every piece of text in what a service returned."""
    if depth > 8 or value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        if value.startswith(b"%PDF"):
            return pdf_text(value)
        if value.startswith(b"PK"):
            return docx_text(value)
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return "\n".join(flatten(k, depth + 1) + " " + flatten(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return "\n".join(flatten(v, depth + 1) for v in value)
    if dataclasses.is_dataclass(value):
        return "\n".join(flatten(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    return ""
