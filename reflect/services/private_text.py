"""Which text is a person's own (sealed with their private data key) and moving it there.

Private: the profile, quick checks, reflections and drafts (entries and the profile's
history), "just me" supervision notes, the Wellness at Work plan, and revalidation's written
accounts, records' notes and the CPD profile.

For now, while an entry or a plan version is shared with a supervisor, it is sealed as team
text (the keystore opens it) so the supervisor can read it; withdrawing the last share seals it
privately again. Text from before own keys moves under the own key at its owner's first
sign-in after the upgrade (until then the server can open it, as before).
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
    SharedItem,
    SharedItemEntry,
    WellnessPlanShare,
    WellnessPlanVersion,
)
from reflect.domain import Stage
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


def shared_entry_ids(session: Session, owner_id: int) -> set[int]:
    """The owner's entries a supervisor can read now: shared alone, in a shared episode, or
    (for a shared profile item) the profile."""
    live = select(SharedItem).where(SharedItem.owner_id == owner_id, SharedItem.withdrawn_at.is_(None))
    items = session.scalars(live).all()
    ids = {i.entry_id for i in items if i.entry_id}
    episode_items = [i.id for i in items if i.episode_id]
    if episode_items:
        ids |= set(session.scalars(select(SharedItemEntry.entry_id).where(SharedItemEntry.shared_item_id.in_(episode_items))))
    if any(i.profile_item is not None for i in items):
        ids |= set(session.scalars(select(Entry.id).where(Entry.owner_id == owner_id, Entry.stage == Stage.PREPARATION.value)))
    return ids


def shared_plan_versions(session: Session, owner_id: int) -> set[int]:
    return set(
        session.scalars(
            select(WellnessPlanShare.version_id).where(WellnessPlanShare.owner_id == owner_id, WellnessPlanShare.withdrawn_at.is_(None))
        )
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
    what is shared with a supervisor now). Returns how many values moved."""
    moved = 0
    keep_shared = {Entry: shared_entry_ids(session, owner_id), WellnessPlanVersion: shared_plan_versions(session, owner_id)}
    for model, attr, owner_column in PRIVATE_COLUMNS:
        rows = session.scalars(select(model).where(owner_column == owner_id)).all()
        shared = keep_shared.get(model, set())
        moved += reseal(vault, (r for r in rows if getattr(r, "id", None) not in shared), attr, owner_id, private=True)
    revisions = session.scalars(
        select(EntryRevision).join(Entry, Entry.id == EntryRevision.entry_id).where(Entry.owner_id == owner_id)
    ).all()
    moved += reseal(vault, revisions, "answers", owner_id, private=True)
    return moved


def share_entries(session: Session, vault: Vault, owner_id: int, entry_ids: Iterable[int]) -> None:
    """Make entries readable by the supervisor they are being shared with (team text for now)."""
    ids = set(entry_ids)
    if ids:
        rows = session.scalars(select(Entry).where(Entry.id.in_(ids), Entry.owner_id == owner_id)).all()
        reseal(vault, rows, "answers", owner_id, private=False)


def share_profile(session: Session, vault: Vault, owner_id: int) -> None:
    rows = session.scalars(select(Entry).where(Entry.owner_id == owner_id, Entry.stage == Stage.PREPARATION.value)).all()
    reseal(vault, rows, "answers", owner_id, private=False)


def unshare_entries(session: Session, vault: Vault, owner_id: int) -> None:
    """After a withdrawal: seal privately again whatever no live share still covers."""
    if not vault.private_unlocked(owner_id):
        return
    still = shared_entry_ids(session, owner_id)
    rows = [r for r in session.scalars(select(Entry).where(Entry.owner_id == owner_id)) if r.id not in still]
    reseal(vault, rows, "answers", owner_id, private=True)
    revisions = session.scalars(
        select(EntryRevision).join(Entry, Entry.id == EntryRevision.entry_id).where(Entry.owner_id == owner_id)
    ).all()
    reseal(vault, revisions, "answers", owner_id, private=True)


def share_plan_version(session: Session, vault: Vault, owner_id: int, version_id: int) -> None:
    rows = session.scalars(select(WellnessPlanVersion).where(WellnessPlanVersion.id == version_id)).all()
    reseal(vault, rows, "content", owner_id, private=False)


def unshare_plan_versions(session: Session, vault: Vault, owner_id: int) -> None:
    still = shared_plan_versions(session, owner_id)
    rows = [r for r in session.scalars(select(WellnessPlanVersion).where(WellnessPlanVersion.owner_id == owner_id)) if r.id not in still]
    if vault.private_unlocked(owner_id):
        reseal(vault, rows, "content", owner_id, private=True)
