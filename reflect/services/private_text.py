"""Which text is a person's own (sealed with their private data key) and moving it there.

Private: the profile, quick checks, reflections and drafts (entries and the profile's
history), "just me" supervision notes, the Wellness at Work plan, and revalidation's written
accounts, records' notes and the CPD profile.

What is shared with a supervisor stays private too: a snapshot of it is sealed for the
supervisor alone (services/shared_copies.py). Text from before own keys moves under the own key
at its owner's first sign-in after the upgrade (until then the server can open it, as before);
at that moment each live share is sealed for its supervisor, and what is shared with a
supervisor who has no key pair yet stays as team text, so they can still read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reflect.crypto import SealedText
from reflect.models import (
    CpdProfile,
    Entry,
    EntryRevision,
    PrivateNotes,
    ReflectiveAccount,
    RevalidationRecord,
    WellnessPlanVersion,
)
from reflect.services import shared_copies
from reflect.services.vault import Vault

# (model, the sealed column's name, the owner's column): every private column, in one place.
PRIVATE_COLUMNS: tuple[tuple[Any, str, Any], ...] = (
    (Entry, "answers", Entry.owner_id),
    (PrivateNotes, "answers", PrivateNotes.author_id),
    (WellnessPlanVersion, "content", WellnessPlanVersion.owner_id),
    (ReflectiveAccount, "body", ReflectiveAccount.owner_id),
    (RevalidationRecord, "note", RevalidationRecord.owner_id),
    (CpdProfile, "body", CpdProfile.owner_id),
)


def reseal(vault: Vault, rows: Iterable[Any], attr: str, owner_id: int, *, private: bool) -> int:
    """Seal each row's text again, privately or as team text. Returns how many changed."""
    changed = 0
    for row in rows:
        sealed: SealedText | None = getattr(row, attr)
        if sealed is None or sealed.is_private == private:
            continue
        text = vault.open(sealed)
        if text is None:
            continue  # can't be opened here (locked or erased): left as it is
        setattr(row, attr, vault.seal_private(owner_id, text) if private else vault.seal(owner_id, text))
        changed += 1
    return changed


def move_under_own_key(session: Session, vault: Vault, owner_id: int) -> int:
    """Seal the owner's private text from before own keys with their private data key (all but
    what is shared with a supervisor who can't receive a sealed copy yet). Returns how many
    values moved. The rows are locked while they move: a save made meanwhile on another device
    waits, then reads the moved text, so neither overwrites the other."""
    moved = 0
    still_team = shared_copies.seal_live_shares(session, vault, owner_id)
    keep_shared = {Entry: still_team.entry_ids, WellnessPlanVersion: still_team.plan_version_ids}
    for model, attr, owner_column in PRIVATE_COLUMNS:
        rows = session.scalars(select(model).where(owner_column == owner_id).with_for_update()).all()
        shared = keep_shared.get(model, set())
        moved += reseal(vault, (r for r in rows if getattr(r, "id", None) not in shared), attr, owner_id, private=True)
    revisions = session.scalars(
        select(EntryRevision).join(Entry, Entry.id == EntryRevision.entry_id).where(Entry.owner_id == owner_id).with_for_update(of=EntryRevision)
    ).all()
    moved += reseal(vault, revisions, "answers", owner_id, private=True)
    return moved


def catch_up_shares(session: Session, vault: Vault, owner_id: int) -> int:
    """At each sign-in: a share made before the upgrade whose supervisor now has a key pair is
    sealed for them, and its text moves under the owner's own key. Returns how many moved."""
    done = shared_copies.seal_live_shares(session, vault, owner_id)
    moved = 0
    if done.sealed_entry_ids:
        rows = session.scalars(select(Entry).where(Entry.id.in_(done.sealed_entry_ids), Entry.owner_id == owner_id).with_for_update()).all()
        moved += reseal(vault, rows, "answers", owner_id, private=True)
    if done.sealed_plan_version_ids:
        rows = session.scalars(
            select(WellnessPlanVersion).where(WellnessPlanVersion.id.in_(done.sealed_plan_version_ids), WellnessPlanVersion.owner_id == owner_id).with_for_update()
        ).all()
        moved += reseal(vault, rows, "content", owner_id, private=True)
    return moved


def make_private(session: Session, vault: Vault, owner_id: int, entry_ids: Iterable[int] = (), plan_version_ids: Iterable[int] = ()) -> None:
    """After a withdrawal: text shared before the upgrade, still team text, moves under the
    owner's own key (what is private already is left as it is)."""
    entry_ids, plan_version_ids = set(entry_ids), set(plan_version_ids)
    if entry_ids:
        rows = session.scalars(select(Entry).where(Entry.id.in_(entry_ids), Entry.owner_id == owner_id).with_for_update()).all()
        reseal(vault, rows, "answers", owner_id, private=True)
    if plan_version_ids:
        rows = session.scalars(
            select(WellnessPlanVersion).where(WellnessPlanVersion.id.in_(plan_version_ids), WellnessPlanVersion.owner_id == owner_id).with_for_update()
        ).all()
        reseal(vault, rows, "content", owner_id, private=True)
