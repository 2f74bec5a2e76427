"""Applying the decision ledger again, after a restore has put back an older database.

The rule is the same for every kind: a decision narrows who may read what or who may sign in,
so applying it again can only take access away, never give any back. Where a record in the
restored database is newer than the decision (shared again, changed again, a new biography),
it reflects a later choice of its owner and is left as it is. Where a later decision undid an
earlier one (an account reactivated), the latest decision about that record is the one applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reflect.ledger import Decision, DecisionKind
from reflect.models import (
    AuthSession, Biography, Entry, LearningNote, Passkey, Person, SharedItem, SupervisionPair, Team, WellnessPlanShare,
)
from reflect.models.register import RegisterContributor, RegisterEntry
from reflect.models.revalidation import ReflectiveAccount
from reflect import runtime
from reflect.services import erasure, own_keys, passkeys, shared_copies
from reflect.services.supervision import note_choices
from reflect.services.vault import Vault

# What `reflect restore` says it applied again, kind by kind. A reactivation is in the ledger
# only so that the deactivation before it is not applied: it has nothing of its own to apply.
LABELS: dict[DecisionKind, str] = {
    DecisionKind.PERSON_ERASED: "Accounts erased again",
    DecisionKind.CONSENT_WITHDRAWN: "Register consents withdrawn again (their entries and key removed)",
    DecisionKind.SHARE_WITHDRAWN: "Shares with a supervisor withdrawn again",
    DecisionKind.SESSION_ENDED: "Ended sign-in sessions ended again",
    DecisionKind.ENTRY_DISCARDED: "Entries their author deleted, deleted again (with their shares)",
    DecisionKind.LEARNING_NOTE_WITHDRAWN: "Learning notes withdrawn again",
    DecisionKind.REGISTER_ENTRY_DELETED: "Register entries deleted again",
    DecisionKind.REGISTER_ENTRY_CHANGED: "Register entries changed since, held back until their owner publishes them",
    DecisionKind.BIOGRAPHY_WITHDRAWN: "Biographies withdrawn again",
    DecisionKind.BIOGRAPHY_CHANGED: "Biographies changed since, taken out of the leaflet until approved again",
    DecisionKind.BIOGRAPHY_PHOTO_REMOVED: "Biography photos removed again",
    DecisionKind.PAIR_LAST_DAY_SET: "Supervision pairs ended (or their last day brought forward) again",
    DecisionKind.ACCOUNT_DEACTIVATED: "Accounts deactivated again",
    DecisionKind.ACCOUNT_ACCESS_SET: "Accounts whose roles or teams were narrowed again",
    DecisionKind.PASSWORD_SET: "Passwords changed since: the older one no longer works",
    DecisionKind.WELLNESS_SHARE_WITHDRAWN: "Wellness at Work plan shares withdrawn again",
    DecisionKind.NOTE_KEPT_TO_WRITER: "Supervision notes kept to their writer again",
    DecisionKind.REFLECTIVE_ACCOUNT_DELETED: "Reflective accounts their writer deleted, deleted again",
    DecisionKind.PASSKEY_REMOVED: "Passkeys their owner removed, removed again",
}


@dataclass(frozen=True)
class Reapplied:
    """How many records each kind of decision changed, and what the operator should know."""

    counts: dict[DecisionKind, int]
    warnings: tuple[str, ...] = ()


def reapply(session: Session, decisions: Iterable[Decision]) -> Reapplied:
    """Apply every decision again in this unit of work. A decision about a record the database
    doesn't hold, or already reflects, changes nothing."""
    latest: dict[DecisionKind, dict[str, Decision]] = {kind: {} for kind in DecisionKind}
    for decision in sorted(decisions, key=lambda d: d.at):  # stable: the ledger's order breaks ties
        latest[decision.kind][decision.public_id] = decision
    counts = {kind: 0 for kind in DecisionKind}
    warnings: list[str] = []
    counts[DecisionKind.PERSON_ERASED] = _erasures(session, latest[DecisionKind.PERSON_ERASED])
    counts[DecisionKind.CONSENT_WITHDRAWN] = _consents(session, latest[DecisionKind.CONSENT_WITHDRAWN])
    counts[DecisionKind.ENTRY_DISCARDED] = _delete_by_public_id(session, Entry, latest[DecisionKind.ENTRY_DISCARDED])
    counts[DecisionKind.REFLECTIVE_ACCOUNT_DELETED] = _delete_by_public_id(
        session, ReflectiveAccount, latest[DecisionKind.REFLECTIVE_ACCOUNT_DELETED]
    )
    counts[DecisionKind.SHARE_WITHDRAWN] = _shares(session, latest[DecisionKind.SHARE_WITHDRAWN])
    counts[DecisionKind.NOTE_KEPT_TO_WRITER] = _notes_kept(session, latest[DecisionKind.NOTE_KEPT_TO_WRITER], latest[DecisionKind.NOTE_FOR_BOTH])
    counts[DecisionKind.WELLNESS_SHARE_WITHDRAWN] = _wellness_shares(session, latest[DecisionKind.WELLNESS_SHARE_WITHDRAWN])
    counts[DecisionKind.PASSKEY_REMOVED] = _passkeys(session, latest[DecisionKind.PASSKEY_REMOVED])
    counts[DecisionKind.SESSION_ENDED] = _sessions(session, latest[DecisionKind.SESSION_ENDED])
    counts[DecisionKind.LEARNING_NOTE_WITHDRAWN] = _delete_by_public_id(
        session, LearningNote, latest[DecisionKind.LEARNING_NOTE_WITHDRAWN]
    )
    counts[DecisionKind.REGISTER_ENTRY_DELETED] = _delete_by_public_id(
        session, RegisterEntry, latest[DecisionKind.REGISTER_ENTRY_DELETED]
    )
    counts[DecisionKind.REGISTER_ENTRY_CHANGED] = _register_changes(session, latest[DecisionKind.REGISTER_ENTRY_CHANGED])
    for kind in (DecisionKind.BIOGRAPHY_WITHDRAWN, DecisionKind.BIOGRAPHY_CHANGED, DecisionKind.BIOGRAPHY_PHOTO_REMOVED):
        counts[kind] = _biographies(session, kind, latest[kind])
    counts[DecisionKind.PAIR_LAST_DAY_SET] = _pairs(session, latest[DecisionKind.PAIR_LAST_DAY_SET])
    counts[DecisionKind.ACCOUNT_DEACTIVATED] = _deactivations(
        session, latest[DecisionKind.ACCOUNT_DEACTIVATED], latest[DecisionKind.ACCOUNT_REACTIVATED]
    )
    counts[DecisionKind.ACCOUNT_ACCESS_SET] = _access(session, latest[DecisionKind.ACCOUNT_ACCESS_SET])
    counts[DecisionKind.PASSWORD_SET], reset = _passwords(session, latest[DecisionKind.PASSWORD_SET])
    if reset:
        warnings.append(
            "These accounts' passwords were changed after the backup was made, so the older one no longer "
            "works: reset each with 'reflect user reset-password' (their private notes then open with their recovery code): "
            + ", ".join(reset)
        )
    session.flush()
    return Reapplied(counts, tuple(warnings))


def last_sign_ins(session: Session, public_ids: Iterable[str]) -> list[tuple[str, str, str | None, datetime]]:
    """For each account not erased among these: its public id, name, e-mail and latest sign-in."""
    found = []
    for ids in _chunks(public_ids):
        found += [
            tuple(row)
            for row in session.execute(
                select(Person.public_id, Person.name, Person.email, func.max(AuthSession.created_at))
                .join(AuthSession, AuthSession.person_id == Person.id)
                .where(Person.public_id.in_(ids), Person.erased_at.is_(None))
                .group_by(Person.id, Person.public_id, Person.name, Person.email)
            )
        ]
    return found


def erased_but_signed_in(decisions: Iterable[Decision], sign_ins: Iterable[tuple[str, str, str | None, datetime]]) -> list[str]:
    """Accounts the ledger says were erased that signed in after the erasure was recorded: the
    erasure's own transaction may have failed while the account stayed in use. Each is named,
    for the operator to look at before a restore erases it."""
    erased = {d.public_id: d.at for d in decisions if d.kind is DecisionKind.PERSON_ERASED}
    found = []
    for public_id, name, email, last_sign_in in sign_ins:
        if public_id in erased and last_sign_in > erased[public_id]:
            found.append(
                f"{name} <{email}> signed in at {last_sign_in:%Y-%m-%d %H:%M} UTC, after the erasure of this account "
                f"was recorded at {erased[public_id]:%Y-%m-%d %H:%M} UTC: that erasure may have failed and the account "
                "still be in use. A restore erases it, as the decision ledger says."
            )
    return found


def _chunks(ids: Iterable[str], size: int = 500) -> list[list[str]]:
    keys = list(ids)
    return [keys[i : i + size] for i in range(0, len(keys), size)]


def _people(session: Session, ids: Iterable[str]) -> list[Person]:
    found = []
    for chunk in _chunks(ids):
        found += session.scalars(select(Person).where(Person.public_id.in_(chunk), Person.erased_at.is_(None))).all()
    return found


def _erasures(session: Session, decided: dict[str, Decision]) -> int:
    erased = 0
    for person in _people(session, decided):
        erasure.apply(session, person.id)
        erased += 1
    session.flush()
    return erased


def _consents(session: Session, decided: dict[str, Decision]) -> int:
    withdrawn = 0
    for ids in _chunks(decided):
        contributor_ids = session.scalars(select(RegisterContributor.id).where(RegisterContributor.public_id.in_(ids))).all()
        if contributor_ids:
            session.execute(delete(RegisterEntry).where(RegisterEntry.contributor_id.in_(contributor_ids)))
            session.execute(delete(RegisterContributor).where(RegisterContributor.id.in_(contributor_ids)))
            withdrawn += len(contributor_ids)
    return withdrawn


def _delete_by_public_id(session: Session, model: type, decided: dict[str, Decision]) -> int:
    deleted = 0
    for ids in _chunks(decided):
        deleted += session.execute(delete(model).where(model.public_id.in_(ids))).rowcount
    return deleted


def _passkeys(session: Session, decided: dict[str, Decision]) -> int:
    removed = 0
    for ids in _chunks(decided):
        removed += passkeys.forget(session, list(session.scalars(select(Passkey).where(Passkey.public_id.in_(ids)))))
    return removed


def _shares(session: Session, decided: dict[str, Decision]) -> int:
    withdrawn = 0
    for ids in _chunks(decided):
        for item in session.scalars(select(SharedItem).where(SharedItem.public_id.in_(ids), SharedItem.withdrawn_at.is_(None))):
            at = decided[item.public_id].at
            # Shared again after the withdrawal (a later decision of its owner): leave it shared.
            if item.shared_at <= at:
                item.withdrawn_at = at
                shared_copies.forget_items(session, [item.id])  # the copy sealed for the supervisor too
                withdrawn += 1
    return withdrawn


def _notes_kept(session: Session, kept: dict[str, Decision], for_both: dict[str, Decision]) -> int:
    vault = Vault(session, runtime.current().server_key)
    applied = 0
    for decision_id, decision in kept.items():
        later = for_both.get(decision_id)
        if later is not None and later.at > decision.at:
            continue  # its writer gave it back to both of them afterwards
        applied += note_choices.keep_to_writer(session, vault, decision_id)
    session.flush()
    return applied


def _wellness_shares(session: Session, decided: dict[str, Decision]) -> int:
    withdrawn = 0
    for ids in _chunks(decided):
        for share in session.scalars(select(WellnessPlanShare).where(WellnessPlanShare.public_id.in_(ids), WellnessPlanShare.withdrawn_at.is_(None))):
            # A share is never made again under the same id: sharing again is a new share.
            share.withdrawn_at = decided[share.public_id].at
            shared_copies.forget_plan_shares(session, [share.id])  # the copy sealed for the supervisor too
            withdrawn += 1
    return withdrawn


def _sessions(session: Session, decided: dict[str, Decision]) -> int:
    ended = 0
    for ids in _chunks(decided):
        for row in session.scalars(select(AuthSession).where(AuthSession.public_id.in_(ids), AuthSession.ended_at.is_(None))):
            row.ended_at = decided[row.public_id].at
            row.end_reason = "ended_before_restore"
            ended += 1
    return ended


def _register_changes(session: Session, decided: dict[str, Decision]) -> int:
    held_back = 0
    for ids in _chunks(decided):
        for row in session.scalars(select(RegisterEntry).where(RegisterEntry.public_id.in_(ids))):
            # An older version than its owner's latest change: it may show more, to more people,
            # or in downloads, than they now agree to. It waits for them, as an imported entry does.
            if row.updated_at < decided[row.public_id].at and (row.published or row.exportable):
                row.published, row.exportable = False, False
                held_back += 1
    return held_back


def _biographies(session: Session, kind: DecisionKind, decided: dict[str, Decision]) -> int:
    changed = 0
    for person in _people(session, decided):
        row = session.get(Biography, person.id)
        if row is None or row.updated_at >= decided[person.public_id].at:
            continue  # none, or written again after the decision
        if kind is DecisionKind.BIOGRAPHY_WITHDRAWN:
            session.delete(row)
        elif kind is DecisionKind.BIOGRAPHY_CHANGED and row.approved_at is not None:
            row.status, row.approved_at = "draft", None
        elif kind is DecisionKind.BIOGRAPHY_PHOTO_REMOVED and row.photo is not None:
            row.photo, row.photo_type = None, None
        else:
            continue
        changed += 1
    session.flush()
    return changed


def _pairs(session: Session, decided: dict[str, Decision]) -> int:
    ended = 0
    for ids in _chunks(decided):
        for pair in session.scalars(select(SupervisionPair).where(SupervisionPair.public_id.in_(ids))):
            last_day = decided[pair.public_id].on
            if last_day is not None and (pair.ends_on is None or pair.ends_on > last_day):
                pair.ends_on = last_day
                ended += 1
    return ended


def _deactivations(session: Session, deactivated: dict[str, Decision], reactivated: dict[str, Decision]) -> int:
    applied = 0
    for person in _people(session, deactivated):
        decision = deactivated[person.public_id]
        later = reactivated.get(person.public_id)
        if person.deactivated_at is not None or (later is not None and later.at > decision.at):
            continue
        person.deactivated_at = decision.at
        person.sessions_not_before = max(filter(None, (person.sessions_not_before, decision.at)))
        applied += 1
    return applied


def _access(session: Session, decided: dict[str, Decision]) -> int:
    narrowed = 0
    for person in _people(session, decided):
        decision = decided[person.public_id]
        roles, teams, leads = set(decision.roles or ()), set(decision.teams or ()), set(decision.leads or ())
        changed = False
        for role in list(person.roles):
            if role.role.value not in roles:
                person.roles.remove(role)
                changed = True
        team_ids = {m.team_id: m for m in person.memberships}
        public = dict(session.execute(select(Team.id, Team.public_id).where(Team.id.in_(team_ids))).all()) if team_ids else {}
        for team_id, membership in team_ids.items():
            if public[team_id] not in teams:
                person.memberships.remove(membership)
                changed = True
            elif membership.is_lead and public[team_id] not in leads:
                membership.is_lead = False
                changed = True
        narrowed += changed
    session.flush()
    return narrowed


def _passwords(session: Session, decided: dict[str, Decision]) -> tuple[int, list[str]]:
    refused = []
    for person in _people(session, decided):
        set_at = decided[person.public_id].at
        if person.password_hash is not None and (person.password_set_at is None or person.password_set_at < set_at):
            # The ledger holds no hash: the older one is refused, and an admin gives a new one.
            person.password_hash = None
            person.must_change_password = False
            # The restored wrap of the own key under that older password goes with it, as at an
            # admin's reset: the person's private text waits for their recovery code.
            own_keys.forget_secret(session, person.id)
            refused.append(person.email or person.public_id)
    return len(refused), sorted(refused)


__all__ = ["LABELS", "Reapplied", "erased_but_signed_in", "last_sign_ins", "reapply"]
