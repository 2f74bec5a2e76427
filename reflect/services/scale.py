"""An organisation the size of a large trust, for trying Reflect at scale and for benchmarks.

`reflect demo --scale org` builds, on top of the small demo organisation, 5,000 staff in 250
teams with about 250,000 quick checks and reflections, 40,000 register entries and about
4,000 supervision pairs with 48,000 sessions; `--scale 0.1` builds a tenth of it. Everything
is sealed as in normal use (a data key per person, and an own key for private text, wrapped by
the demo password with the demo-only derivation so the build stays quick), and written with
bulk inserts. Every scale account shares the demo password, hashed once.
"""

from __future__ import annotations

import base64
import json
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select, text

from reflect import own_key, recipient_seal, runtime
from reflect.crypto import KEY_BYTES, seal
from reflect.keystore import person_key_name
from reflect.models.base import new_public_id
from reflect.models import (
    Entry,
    LearningNote,
    MeetingItem,
    MeetingNotes,
    OwnKeyWrap,
    Person,
    PersonKey,
    PersonRole,
    RecipientKey,
    Role,
    SharedCopy,
    SharedItem,
    Stage,
    SupervisionAction,
    SupervisionMeeting,
    SupervisionPair,
    Team,
    TeamMembership,
    utcnow,
)
from reflect.services import demo, journeys, own_keys, passwords, register, shared_copies, supervision
from reflect.services.access import Actor, Permission, ensure

FULL_STAFF = 5_000
TEAM_SIZE = 20
ENTRIES_PER_PERSON = 50
HEAVY_USER_ENTRIES = 2_000
REGISTER_PER_PERSON = 8
SESSIONS_PER_PAIR = 12
SHARED_PER_PAIR = 3
NOTES_PER_TEAM = 20
EMAIL_DOMAIN = "scale.example.org"
# The accounts benchmarks act as: the heavy user (2,000 entries), a supervisor, a team lead.
HEAVY_USER = f"staff0005@{EMAIL_DOMAIN}"
SUPERVISOR = f"staff0001@{EMAIL_DOMAIN}"
TEAM_LEAD = f"staff0000@{EMAIL_DOMAIN}"
ADMIN = "admin@example.org"

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class ScaleReport:
    staff: int
    teams: int
    entries: int
    register_entries: int
    pairs: int
    sessions: int


def parse_factor(raw: str) -> float:
    """'org' is the full organisation; a number is that share of it.

    Raises:
        ValueError: neither 'org' nor a number above 0 and at most 1.
    """
    if raw.strip().lower() in ("org", "organisation", "full"):
        return 1.0
    factor = float(raw)
    if not 0 < factor <= 1:
        raise ValueError("the scale is 'org' or a share of it above 0 and at most 1, such as 0.1")
    return factor


def email(n: int) -> str:
    return f"staff{n:04d}@{EMAIL_DOMAIN}"


def _next_ids(session, *models) -> dict:
    return {m: (session.scalar(select(func.max(m.id))) or 0) + 1 for m in models}


def _chunks(rows: list[dict], size: int = 5_000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _bulk(session, model, rows: list[dict], progress: Progress, label: str, done: float, share: float) -> None:
    total = max(len(rows), 1)
    for n, chunk in enumerate(_chunks(rows)):
        session.execute(insert(model), chunk)
        progress(label, done + share * min(1.0, (n + 1) * 5_000 / total))


def build(*, by: Actor, factor: float = 1.0, seed: int = 0, progress: Progress | None = None) -> ScaleReport:
    """Build the organisation at `factor` of full size in an empty database (the demo
    organisation first, then the scale staff). Returns what was made.

    Raises:
        PeopleError: the database already holds an organisation.
    """
    ensure(by, Permission.ADMINISTER)
    progress = progress or (lambda label, done: None)
    chooser = random.Random(seed)
    progress("the demo organisation", 0.0)
    demo.load(by=by)
    rt = runtime.current()
    staff = max(TEAM_SIZE * 2, round(FULL_STAFF * factor / TEAM_SIZE) * TEAM_SIZE)
    team_count = staff // TEAM_SIZE
    password_hash = passwords.hash_password(demo.DEMO_PASSWORD)
    now = utcnow()
    today = date.today()
    year_ago = now - timedelta(days=365)
    keys: dict[int, bytes] = {}
    # Each person's private data key, from their own key (wrapped by the demo password with the
    # demo-only derivation, so thousands of people are made in seconds).
    private_keys: dict[int, bytes] = {}
    own_wraps: list[dict] = []
    public_keys: dict[int, bytes] = {}
    shared_text: dict[int, str] = {}  # what each shared entry says, sealed below for its supervisor

    with rt.db.write(by=by) as session:
        org_id = session.scalar(select(Person.organisation_id).where(Person.email == ADMIN))
        ids = _next_ids(session, Team, Person)
        teams = [{"id": ids[Team] + t, "organisation_id": org_id, "name": f"Team {t + 1:03d}", "created_at": now} for t in range(team_count)]
        session.execute(insert(Team), teams)
        people, roles, members, key_names = [], [], [], {}
        person_ids = []
        for n in range(staff):
            person_id = ids[Person] + n
            person_ids.append(person_id)
            team_id = ids[Team] + n // TEAM_SIZE
            seat = n % TEAM_SIZE
            keys[person_id] = secrets.token_bytes(KEY_BYTES)
            public_id = new_public_id()
            own, salt = own_key.new_own_key(), own_key.new_salt()
            private_keys[person_id] = own_key.private_data_key(own, keys[person_id])
            wrapping_key = own_key.derive(demo.DEMO_PASSWORD, salt, own_key.DEMO_ONLY)
            own_wraps.append({
                "person_id": person_id, "kind": own_keys.PASSWORD, "salt": salt, "derivation": own_key.DEMO_ONLY.label,
                "wrapped": own_key.wrap(wrapping_key, own, own_key.wrap_context(own_keys.PASSWORD, public_id)), "created_at": now,
            })
            key_names[person_id] = person_key_name(public_id)
            people.append({
                "id": person_id, "public_id": public_id, "organisation_id": org_id, "name": f"Staff Member {n:04d}",
                "email": email(n), "password_hash": password_hash, "is_demo": True, "created_at": now,
            })
            roles.append({"person_id": person_id, "role": Role.PRACTITIONER})
            if seat == 0:
                roles.append({"person_id": person_id, "role": Role.TEAM_LEAD})
            if 1 <= seat <= 4:
                roles.append({"person_id": person_id, "role": Role.SUPERVISOR})
            members.append({"team_id": team_id, "person_id": person_id, "is_lead": seat == 0})
        _bulk(session, Person, people, progress, "staff", 0.02, 0.03)
        session.execute(insert(PersonRole), roles)
        session.execute(insert(TeamMembership), members)
        # Every keystore key in one write (the file keystore rewrites its file once, not per person).
        rt.keystore.create(list(key_names.values()))
        wrapped = rt.keystore.wrap({key_names[p]: keys[p] for p in person_ids})
        session.execute(
            insert(PersonKey),
            [
                {"person_id": p, "wrapped_key": wrapped[key_names[p]], "key_name": key_names[p], "created_at": now}
                for p in person_ids
            ],
        )
        session.execute(insert(OwnKeyWrap), own_wraps)
        # Each person's key pair for what is shared with them, its private half sealed privately.
        recipient_rows = []
        for p in person_ids:
            private, public_keys[p] = recipient_seal.new_key_pair()
            recipient_rows.append({
                "person_id": p, "public_key": public_keys[p], "created_at": now,
                "private_key": seal(private_keys[p], p, base64.b64encode(private).decode(), private=True),
            })
        session.execute(insert(RecipientKey), recipient_rows)

    # Quick checks and reflections, a profile each, and learning notes for the teams.
    check_set, after_set, profile_set = (journeys.current_set(s) for s in (Stage.IN_THE_MOMENT, Stage.AFTER_SHARING, Stage.PREPARATION))
    entry_rows: list[dict] = []
    note_rows: list[dict] = []
    reflections_of: dict[int, list[int]] = {}
    with rt.db.write(by=by) as session:
        for qset in (check_set, after_set, profile_set):
            journeys.remember_set(session, qset)
        ids = _next_ids(session, Entry, LearningNote)
        next_entry = ids[Entry]
        profile_text = json.dumps({"comfort": demo.DEMO_PROFILE["comfort"], "not_sharing": demo.DEMO_PROFILE["not_sharing"]})
        for n, person_id in enumerate(person_ids):
            key = private_keys[person_id]
            count = HEAVY_USER_ENTRIES if email(n) == HEAVY_USER else ENTRIES_PER_PERSON
            entry_rows.append(_entry(next_entry, person_id, Stage.PREPARATION, profile_set, seal(key, person_id, profile_text, private=True), now, "draft"))
            next_entry += 1
            mine = []
            for k in range(count):
                when = year_ago + timedelta(seconds=chooser.uniform(0, 365 * 86_400))
                if k % 2 == 0:
                    stage, qset, answers = Stage.IN_THE_MOMENT, check_set, dict(demo.DEMO_QUICK_CHECK)
                    answers["benefit"] = chooser.choice(("yes", "yes", "unsure"))
                else:
                    stage, qset, answers = Stage.AFTER_SHARING, after_set, dict(demo.DEMO_REFLECTION)
                    answers["impact_them"] = chooser.randint(1, 5)
                    mine.append(next_entry)
                # A supervisee's first reflections are shared with their supervisor below: sealed
                # privately, like everything else, with a copy sealed for the supervisor.
                shared = stage == Stage.AFTER_SHARING and len(mine) <= SHARED_PER_PAIR and (n % TEAM_SIZE == 0 or n % TEAM_SIZE >= 5)
                sealed = seal(key, person_id, json.dumps(answers), private=True)
                if shared:
                    shared_text[next_entry] = json.dumps(answers)
                entry_rows.append(_entry(next_entry, person_id, stage, qset, sealed, when, "complete"))
                next_entry += 1
            reflections_of[person_id] = mine
        progress("quick checks and reflections (sealed)", 0.15)
        _bulk(session, Entry, entry_rows, progress, "quick checks and reflections", 0.15, 0.35)
        for t in range(team_count):
            for k in range(NOTES_PER_TEAM):
                author = person_ids[t * TEAM_SIZE + 5 + k % (TEAM_SIZE - 5)]
                when = year_ago + timedelta(days=chooser.uniform(0, 365))
                note_rows.append({
                    "id": ids[LearningNote] + len(note_rows), "owner_id": author, "team_id": teams[t]["id"],
                    "entry_id": reflections_of[author][0] if reflections_of[author] else None,
                    "body": seal(keys[author], author, demo.DEMO_REFLECTION["learning_note"]),
                    "created_at": when, "approved_at": when,
                })
        session.execute(insert(LearningNote), note_rows)
    entry_total = len(entry_rows)
    del entry_rows
    progress("register entries", 0.55)

    # The talents register, in chunks so a person sees it move.
    owners = [(person_id, ids_team) for person_id, ids_team in zip(person_ids, (m["team_id"] for m in members), strict=True)]
    register_total = staff * REGISTER_PER_PERSON
    chunk = 5_000
    for start in range(0, register_total, chunk):
        register.load_synthetic(by=by, owners=owners, count=min(chunk, register_total - start), seed=seed + start)
        progress("register entries", 0.55 + 0.2 * min(1.0, (start + chunk) / register_total))

    # Supervision: in each team, seats 1 to 4 supervise the lead and seats 5 to 19; 12 sessions a year.
    sup_set = supervision.prompts()
    pair_rows, meeting_rows, notes_rows, shared_rows, item_rows, action_rows, copy_rows = [], [], [], [], [], [], []
    with rt.db.write(by=by) as session:
        journeys.remember_set(session, sup_set)
        ids = _next_ids(session, SupervisionPair, SupervisionMeeting, SharedItem, SupervisionAction)
        starts_on = today - timedelta(weeks=SESSIONS_PER_PAIR * 4 + 2)
        for t in range(team_count):
            seats = person_ids[t * TEAM_SIZE : (t + 1) * TEAM_SIZE]
            supervisees = [seats[0], *seats[5:]]
            for k, supervisee in enumerate(supervisees):
                supervisor = seats[1 + k % 4]
                pair_id = ids[SupervisionPair] + len(pair_rows)
                pair_rows.append({
                    "id": pair_id, "supervisor_id": supervisor, "supervisee_id": supervisee, "starts_on": starts_on,
                    "ends_on": None, "frequency_weeks": 4, "created_at": now,
                })
                shared_ids = []
                for entry_id in reflections_of[supervisee][:SHARED_PER_PAIR]:
                    shared_id = ids[SharedItem] + len(shared_rows)
                    shared_ids.append(shared_id)
                    shared_rows.append({
                        "id": shared_id, "pair_id": pair_id, "owner_id": supervisee, "kind": "entry", "entry_id": entry_id,
                        "episode_id": None, "profile_item": None, "shared_at": now - timedelta(days=chooser.uniform(1, 300)),
                        "withdrawn_at": None,
                    })
                    copy_rows.append({
                        "owner_id": supervisee, "recipient_id": supervisor, "pair_id": pair_id, "part": shared_copies.ENTRY,
                        "shared_item_id": shared_id, "wellness_share_id": None, "entry_id": entry_id, "created_at": now,
                        "sealed": shared_copies.seal_text(public_keys[supervisor], shared_copies.ENTRY, supervisor, supervisee, shared_id, entry_id, shared_text[entry_id]),
                    })
                for s in range(SESSIONS_PER_PAIR):
                    meeting_id = ids[SupervisionMeeting] + len(meeting_rows)
                    held_on = starts_on + timedelta(weeks=4 * s + 1)
                    recorded = datetime.combine(held_on, datetime.min.time(), tzinfo=UTC)
                    meeting_rows.append({
                        "id": meeting_id, "pair_id": pair_id, "held_on": held_on, "next_on": held_on + timedelta(weeks=4),
                        "functions": "formative,restorative", "recorded_by": supervisor, "created_at": recorded,
                        "updated_at": recorded, "confirmed_at": recorded, "supervisee_comment": None,
                    })
                    for author, notes in ((supervisee, demo.DEMO_SUPERVISEE_NOTES), (supervisor, demo.DEMO_SUPERVISOR_NOTES)):
                        notes_rows.append({
                            "meeting_id": meeting_id, "author_id": author, "set_id": sup_set.id, "set_version": sup_set.version,
                            "answers": seal(keys[author], author, json.dumps(notes)), "updated_at": recorded,
                        })
                    if s == SESSIONS_PER_PAIR - 1 and shared_ids:
                        item_rows.append({"meeting_id": meeting_id, "shared_item_id": shared_ids[0]})
                for owner, author in ((supervisee, supervisor), (supervisor, supervisor)):
                    action_rows.append({
                        "id": ids[SupervisionAction] + len(action_rows), "pair_id": pair_id, "meeting_id": meeting_id,
                        "owner_id": owner, "author_id": author,
                        "text": seal(keys[author], author, "Bring one example of sharing to next session"),
                        "due_on": today + timedelta(weeks=2), "created_at": now, "done_at": None,
                    })
        session.execute(insert(SupervisionPair), pair_rows)
        session.execute(insert(SharedItem), shared_rows)
        session.execute(insert(SharedCopy), copy_rows)
        _bulk(session, SupervisionMeeting, meeting_rows, progress, "supervision sessions", 0.75, 0.08)
        _bulk(session, MeetingNotes, notes_rows, progress, "supervision notes", 0.83, 0.12)
        session.execute(insert(MeetingItem), item_rows)
        session.execute(insert(SupervisionAction), action_rows)
    _after_bulk_load(rt)
    progress("done", 1.0)
    return ScaleReport(staff, team_count, entry_total, register_total, len(pair_rows), len(meeting_rows))


def _entry(entry_id: int, owner_id: int, stage: Stage, qset, sealed, when: datetime, status: str) -> dict:
    return {
        "id": entry_id, "owner_id": owner_id, "stage": stage.value, "set_id": qset.id, "set_version": qset.version,
        "status": status, "episode_id": None, "answers": sealed, "created_at": when, "updated_at": when,
        "completed_at": when if status == "complete" else None,
    }


_SERIAL_TABLES = (
    "teams", "people", "entries", "learning_notes", "supervision_pairs", "supervision_meetings", "shared_items",
    "supervision_actions", "register_entries",
)


def _after_bulk_load(rt: runtime.Runtime) -> None:
    """Explicit ids leave PostgreSQL's sequences behind: move them on. Then fresh statistics,
    as autovacuum would give tables grown by hand, and on PostgreSQL the vacuum too: until a
    table's pages are marked all-visible, an index-only scan visits the table for every row
    and the planner prefers other indexes, so the first minutes after a bulk load would read
    several times what a register grown by hand does."""
    with rt.db.engine.connect() as connection:
        if rt.db.is_sqlite:
            connection.exec_driver_sql("ANALYZE")
        else:
            for table in _SERIAL_TABLES:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                ))
        connection.commit()
    if not rt.db.is_sqlite:
        # VACUUM runs outside any transaction.
        with rt.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE)")
