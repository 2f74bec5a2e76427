"""The audit trail: who opened or changed whose content. Append-only; readable by its subject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import event as orm_event
from sqlalchemy import and_, func, insert, or_, select, text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from reflect import runtime
from reflect.audit_journal import JournalEvent, JournalState, resume_line
from reflect.logs import event as log_event
from reflect.models import AuditEvent, AuditKeying, Person, utcnow
from reflect.models.security import GENESIS_HASH, chain_fields, chain_hash
from reflect.services.access import Actor, Permission, ensure

# Held for the rest of the transaction by whoever appends to the chain on PostgreSQL, so two
# replicas never link two new events to the same previous one. SQLite's write transactions
# take the database's write lock at BEGIN, which serialises appends already.
_CHAIN_LOCK = 7312002


def record(
    session: Session,
    *,
    by: Actor,
    action: str,
    subject_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> None:
    """Add an audit event to the caller's unit of work, so it commits or fails with the change.

    The event is linked to the newest event in the chain: its `prev_hash` is that event's hash,
    and its own `hash` is a keyed hash (HMAC) of its fields and `prev_hash`. Once the unit of
    work commits, the event is appended to the audit journal outside the database.
    """
    _lock_chain(session)
    # Autoflush puts events added earlier in this unit of work in the chain first.
    previous = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS_HASH
    actor_id = None if by.is_system else by.person_id
    at = utcnow()
    digest = keyed_hash(previous, at, actor_id, action, subject_id, object_type, object_id)
    added = AuditEvent(
        at=at,
        actor_id=actor_id,
        action=action,
        subject_id=subject_id,
        object_type=object_type,
        object_id=object_id,
        prev_hash=previous,
        hash=digest,
    )
    session.add(added)
    session.flush()
    journal = JournalEvent(added.id, at, actor_id, action, subject_id, object_type, object_id, digest)
    session.info.setdefault(_JOURNAL_LINES, []).append(journal.line())


def keyed_hash(
    previous: str, at: datetime, actor_id: int | None, action: str, subject_id: int | None,
    object_type: str | None, object_id: int | None,
) -> str:
    """An event's place in the chain: HMAC-SHA256 of its fields and the previous hash, under a key
    derived from the server key."""
    fields = chain_fields(previous, at, actor_id, action, subject_id, object_type, object_id)
    return runtime.current().server_key.audit_chain_mac(fields)


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})


# Journal lines of the events a unit of work added, written once it has committed: a unit of
# work that fails leaves nothing in the journal. A crash between the commit and the write
# leaves the journal behind the database, which `verify` reports without calling it a fault.
_JOURNAL_LINES = "reflect_audit_journal_lines"


@orm_event.listens_for(Session, "after_commit")
def _append_to_journal(session: Session) -> None:
    lines = session.info.pop(_JOURNAL_LINES, None)
    if not lines:
        return
    try:
        runtime.current().audit_journal.write("".join(lines))
    except OSError:
        # The events are committed: `verify` then reports the journal as behind the database.
        log_event("audit.journal_unwritable", events=len(lines))


@orm_event.listens_for(Session, "after_rollback")
def _forget_journal_lines(session: Session) -> None:
    session.info.pop(_JOURNAL_LINES, None)


# A restore adds back events recorded after its backup, some naming people the backup does not
# hold; their ids may later be given to someone new. An event is about, or by, the person with
# its id only if that person was already there when it was recorded.
def acted_by(person) -> ColumnElement[bool]:
    """Join condition: `person` (a Person or an alias of it) recorded the event."""
    return and_(person.id == AuditEvent.actor_id, person.created_at <= AuditEvent.at)


def about(person_id: int) -> ColumnElement[bool]:
    """Filter: the event concerns this person (its subject)."""
    since = select(Person.created_at).where(Person.id == person_id).scalar_subquery()
    return and_(AuditEvent.subject_id == person_id, AuditEvent.at >= since)


def by_person(person_id: int) -> ColumnElement[bool]:
    """Filter: this person recorded the event."""
    since = select(Person.created_at).where(Person.id == person_id).scalar_subquery()
    return and_(AuditEvent.actor_id == person_id, AuditEvent.at >= since)


# A page shown again (every click reruns it) is one reading, not many: the same person
# reading the same thing again within this window is not recorded twice.
READ_WINDOW = timedelta(minutes=10)


def _recently_read(session: Session, *, by: Actor, action: str, object_type: str, object_ids: list[int]) -> set[int]:
    """Which of these objects `by` was already recorded reading within READ_WINDOW."""
    return set(
        session.scalars(
            select(AuditEvent.object_id).where(
                AuditEvent.actor_id == by.person_id,
                AuditEvent.action == action,
                AuditEvent.object_type == object_type,
                AuditEvent.object_id.in_(object_ids),
                AuditEvent.at >= utcnow() - READ_WINDOW,
            )
        )
    )


def record_read(session: Session, *, by: Actor, action: str, subject_id: int, object_type: str, object_ids: list[int]) -> None:
    """Record that `by` read these objects of another person, once per READ_WINDOW."""
    if not object_ids:
        return
    recent = _recently_read(session, by=by, action=action, object_type=object_type, object_ids=object_ids)
    for object_id in dict.fromkeys(object_ids):
        if object_id not in recent:
            record(session, by=by, action=action, subject_id=subject_id, object_type=object_type, object_id=object_id)


def record_reads_once(*, by: Actor, action: str, object_type: str, reads: dict[int, list[int]]) -> None:
    """Record that `by` read these objects ({subject id: object ids}), each once per READ_WINDOW,
    in a transaction of its own: one query when everything shown was recorded already, and a
    write only when something was not, so showing a page again takes no write lock."""
    object_ids = sorted({i for ids in reads.values() for i in ids})
    if not object_ids or by.is_system:
        return
    db = runtime.current().db
    with db.read() as session:
        recent = _recently_read(session, by=by, action=action, object_type=object_type, object_ids=object_ids)
    missing = {subject: [i for i in dict.fromkeys(ids) if i not in recent] for subject, ids in reads.items()}
    if not any(missing.values()):
        return
    with db.write() as session:
        for subject_id, ids in missing.items():
            for object_id in ids:
                record(session, by=by, action=action, subject_id=subject_id, object_type=object_type, object_id=object_id)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_name: str
    action: str
    object_type: str | None
    object_id: int | None


def about_me(*, by: Actor, page: int = 1, per_page: int = 50) -> tuple[list[AuditEntry], int]:
    """Events that touched the acting person's content or account, newest first, and the total count."""
    ensure(by, Permission.READ_OWN_AUDIT)
    actor = aliased(Person)
    with runtime.current().db.read() as session:
        total = session.scalar(select(func.count()).select_from(AuditEvent).where(about(by.person_id)))
        rows = session.execute(
            select(AuditEvent, actor.name)
            .outerjoin(actor, acted_by(actor))
            .where(about(by.person_id))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
    entries = [
        AuditEntry(
            at=event.at,
            actor_name=name or ("Reflect administration" if event.actor_id is None else "Someone no longer here"),
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
        )
        for event, name in rows
    ]
    return entries, total or 0


@dataclass(frozen=True)
class Verification:
    """The result of checking the chain and the journal. `problem` is one sentence saying what
    happened (empty when all is well); `broken_at` is the id of the first event that does not
    fit, when one does not; `notes` are things worth knowing that are not faults."""

    checked: int
    head_hash: str
    broken_at: int | None = None
    reason: str = ""
    problem: str = ""
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problem


_VERIFY_BATCH = 5000


def _keyed_from(session: Session) -> int:
    """The first keyed event's id. With the marker gone, every event must be keyed."""
    return session.scalar(select(AuditKeying.keyed_from).where(AuditKeying.id == 1)) or 1


def verify(*, by: Actor) -> Verification:
    """Recompute every event's hash in order, check each links to the one before it, and check
    the chain against the audit journal kept outside the database: every event it holds must be
    in the database unchanged, up to its newest (the anchor)."""
    ensure(by, Permission.ADMINISTER)
    rt = runtime.current()
    journal = rt.audit_journal.read()
    previous, checked, last_id = GENESIS_HASH, 0, 0
    columns = (
        AuditEvent.id, AuditEvent.at, AuditEvent.actor_id, AuditEvent.action, AuditEvent.subject_id,
        AuditEvent.object_type, AuditEvent.object_id, AuditEvent.prev_hash, AuditEvent.hash,
    )
    mac = rt.server_key.audit_chain_mac
    journal_ids, next_expected = sorted(journal.hashes), 0
    with rt.db.read() as session:
        keyed_from = _keyed_from(session)
        while batch := session.execute(
            select(*columns).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(_VERIFY_BATCH)
        ).all():
            for row in batch:
                if row.prev_hash != previous:
                    reason = "it does not link to the event before it (one was changed, removed or added out of turn)"
                    problem = (
                        f"The audit chain is broken at event {row.id} ({checked} event(s) before it fit): it does not "
                        "link to the event before it, so an event before it was removed or one was added out of turn."
                    )
                    return Verification(checked, previous, row.id, reason, problem)
                fields = chain_fields(previous, row.at, row.actor_id, row.action, row.subject_id, row.object_type, row.object_id)
                expected = mac(fields) if row.id >= keyed_from else chain_hash(
                    previous, row.at, row.actor_id, row.action, row.subject_id, row.object_type, row.object_id
                )
                if row.hash != expected:
                    problem = (
                        f"The audit chain is broken at event {row.id} ({checked} event(s) before it fit): its fields "
                        "do not match its keyed hash, so it was changed after it was recorded (rewritten, whether or "
                        "not the chain after it was recomputed)."
                    )
                    return Verification(checked, previous, row.id, "its fields do not match its hash (it was changed)", problem)
                # Events in the journal that the database's chain passed over were removed, though
                # the chain links: the newest were cut and the app recorded more after them.
                missing_from = next_expected
                while next_expected < len(journal_ids) and journal_ids[next_expected] < row.id:
                    next_expected += 1
                if next_expected > missing_from:
                    gone = journal_ids[missing_from:next_expected]
                    problem = (
                        f"The audit was cut short and then recorded on: {_events(gone)}, recorded in the audit journal "
                        f"outside the database, were removed, and the chain was picked up again after them at event {row.id}."
                    )
                    return Verification(checked, previous, gone[0], "events in the audit journal were removed", problem)
                if next_expected < len(journal_ids) and journal_ids[next_expected] == row.id:
                    next_expected += 1
                    if journal.hashes[row.id] != row.hash:
                        return _differs(journal, checked, previous, row)
                previous, checked, last_id = row.hash, checked + 1, row.id
    return _check_tail(journal, checked, previous, last_id, keyed_from, rt.settings.audit_journal)


def _events(ids: list[int]) -> str:
    if len(ids) == 1:
        return f"event {ids[0]}"
    return f"{len(ids)} events ({ids[0]} to {ids[-1]})"


def _differs(journal: JournalState, checked: int, previous: str, row) -> Verification:
    """An event whose chain fits but which is not the one the journal recorded with its id."""
    kept = journal.event(row.id)
    newest = journal.event(journal.head_id)
    if row.at > newest.at:
        # Recorded after everything in the journal: ids given again (SQLite) after a cut.
        gone = sorted(i for i in journal.hashes if i >= row.id)
        problem = (
            f"The audit was cut short and then recorded on: {_events(gone)}, recorded in the audit journal outside "
            f"the database, were removed, and later events were given their ids from event {row.id} on."
        )
        return Verification(checked, previous, row.id, "events in the audit journal were removed", problem)
    problem = (
        f"Event {row.id} was rewritten: it no longer matches the copy in the audit journal outside the database "
        f"(recorded {kept.at:%d %B %Y %H:%M} UTC as {kept.action}), though the chain was recomputed to fit it."
    )
    return Verification(checked, previous, row.id, "it differs from its copy in the audit journal", problem)


def _check_tail(journal: JournalState, checked: int, head_hash: str, head_id: int, keyed_from: int, path) -> Verification:
    """Compare the end of the database's chain with the journal's newest event (the anchor)."""
    notes = [
        f"A restore on {r.at:%d %B %Y} picked the chain up again at event {r.head_id}; "
        f"{r.lost} event(s) in the audit journal after it could not be re-added."
        for r in journal.resumed if r.lost
    ]
    if journal.cuts:
        first, last = journal.cuts[0]
        gone = list(range(first, last + 1))
        problem = (
            f"The audit was cut short and then recorded on: {_events(gone)}, recorded in the audit journal outside "
            f"the database, were removed, and later events were given their ids from event {first} on."
        )
        return Verification(checked, head_hash, first, "events in the audit journal were removed", problem, tuple(notes))
    if not journal.exists:
        if head_id >= keyed_from:
            problem = (
                f"The audit journal {path} is missing, so removal of the newest events cannot be ruled out: "
                "restore it from its backup (it is kept beside the key file and the decision ledger)."
            )
            return Verification(checked, head_hash, None, "the audit journal is missing", problem)
        return Verification(checked, head_hash, notes=tuple(notes))
    removed = sorted(i for i in journal.hashes if i > head_id)
    if removed:
        first, last = removed[0], removed[-1]
        if checked == 0:
            problem = (
                f"The audit table was emptied (truncated): the audit journal outside the database records "
                f"{len(removed)} event(s), up to event {last}, and the database holds none."
            )
        elif len(removed) == 1:
            problem = (
                f"The audit was cut short: the newest event (event {last}) was removed; the audit journal outside "
                f"the database records it, and the database's chain now ends at event {head_id}."
            )
        else:
            problem = (
                f"The audit was cut short: the newest {len(removed)} events (events {first} to {last}) were removed; "
                f"the audit journal outside the database records them, and the database's chain now ends at event {head_id}."
            )
        return Verification(checked, head_hash, first, "the newest events were removed", problem, tuple(notes))
    anchor = journal.head_id
    behind = 0 if anchor is None else head_id - anchor
    if behind > 0:
        notes.append(f"The newest {behind} event(s) are not in the audit journal yet (it is written just after each save).")
    return Verification(checked, head_hash, notes=tuple(notes))


def rejoin_journal(session: Session) -> tuple[int, int]:
    """After a restore, add back in this unit of work every event the audit journal holds beyond
    the backup's newest, each exactly as it was recorded (same id, time and hash), so the chain
    runs on unbroken to the journal's newest event. Returns (events re-added, events that could
    not be, because the journal lacks one in between or does not fit the backup's chain)."""
    _lock_chain(session)
    journal = runtime.current().audit_journal.read()
    head = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    head_id, previous = (head.id, head.hash) if head else (0, GENESIS_HASH)
    later = sorted(i for i in journal.hashes if i > head_id)
    rows = []
    for event_id in later:
        try:
            kept = journal.event(event_id)
        except (ValueError, KeyError, TypeError):
            break
        if keyed_hash(previous, kept.at, kept.actor_id, kept.action, kept.subject_id, kept.object_type, kept.object_id) != kept.hash:
            break
        rows.append(
            {
                "id": kept.id, "at": kept.at, "actor_id": kept.actor_id, "action": kept.action,
                "subject_id": kept.subject_id, "object_type": kept.object_type, "object_id": kept.object_id,
                "prev_hash": previous, "hash": kept.hash,
            }
        )
        previous = kept.hash
    if rows:
        session.execute(insert(AuditEvent), rows)
        if session.get_bind().dialect.name == "postgresql":
            session.execute(
                text("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), (SELECT MAX(id) FROM audit_events))")
            )
    lost = len(later) - len(rows)
    if lost:
        resumed_at = rows[-1]["id"] if rows else head_id
        session.info.setdefault(_JOURNAL_LINES, []).append(resume_line(head_id=resumed_at, lost=lost))
    return len(rows), lost


@dataclass(frozen=True)
class AdminAuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    object_type: str | None
    object_id: int | None


def _admin_query(organisation_id: int, person_id: int | None, action: str | None, since: date | None, until: date | None):
    actor, subject = aliased(Person), aliased(Person)
    query = (
        select(AuditEvent, actor.name, subject.name)
        .outerjoin(actor, acted_by(actor))
        .outerjoin(subject, and_(subject.id == AuditEvent.subject_id, subject.created_at <= AuditEvent.at))
        # Events of the command line have no actor; events of another organisation are not shown.
        .where(or_(actor.organisation_id == organisation_id, subject.organisation_id == organisation_id, AuditEvent.actor_id.is_(None)))
    )
    if person_id is not None:
        query = query.where(or_(by_person(person_id), about(person_id)))
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.at >= datetime.combine(since, time.min, tzinfo=utcnow().tzinfo))
    if until:
        query = query.where(AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min, tzinfo=utcnow().tzinfo))
    return query


def _organisation(session: Session, by: Actor) -> int:
    if not by.is_system:
        return by.organisation_id
    from reflect.models import Organisation

    return session.scalar(select(Organisation.id).order_by(Organisation.id).limit(1)) or 0


def search(
    *,
    by: Actor,
    person_id: int | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int = 50,
    total: int | None = None,
) -> tuple[list[AdminAuditRow], int]:
    """Audit events for an admin, newest first: who, what kind, about whom, when. Never content.
    `total`, when given, is `count` of these same filters taken a moment before for the same
    view: counting reads every event of the organisation, so a page counts once, not twice."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        query = _admin_query(_organisation(session, by), person_id, action, since, until)
        if total is None:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(AuditEvent.id.desc()).limit(per_page).offset((max(page, 1) - 1) * per_page)
        ).all()
    return [_admin_row(e, a, s) for e, a, s in rows], total


def count(
    *, by: Actor, person_id: int | None = None, action: str | None = None, since: date | None = None, until: date | None = None
) -> int:
    """How many audit events an admin's filters find (the pages to offer)."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        query = _admin_query(_organisation(session, by), person_id, action, since, until)
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _admin_row(event: AuditEvent, actor_name: str | None, subject_name: str | None) -> AdminAuditRow:
    return AdminAuditRow(
        id=event.id,
        at=event.at,
        actor=actor_name or "Reflect administration",
        action=event.action,
        subject=subject_name or "",
        object_type=event.object_type,
        object_id=event.object_id,
    )


CSV_LIMIT = 100_000


def export_rows(
    *,
    by: Actor,
    person_id: int | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[AdminAuditRow]:
    """Every event matching the filters (up to CSV_LIMIT), oldest first, for a CSV download.
    The download itself is recorded."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.write(by=by) as session:
        query = _admin_query(_organisation(session, by), person_id, action, since, until)
        rows = session.execute(query.order_by(AuditEvent.id).limit(CSV_LIMIT)).all()
        result = [_admin_row(e, a, s) for e, a, s in rows]
        record(session, by=by, action="audit_exported", subject_id=person_id)
    return result


def actions(*, by: Actor) -> list[str]:
    """The kinds of event recorded so far, for the admin's filter."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
