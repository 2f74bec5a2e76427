"""What a person shares with their supervisor, sealed for the supervisor alone.

At the moment of sharing, while the sharer is signed in, each shared text (an entry's answers,
each entry of a shared episode, a shared profile experience, a shared version of the Wellness
at Work plan) is opened with the sharer's private data key and sealed as a snapshot for the
supervisor's public key (reflect/recipient_seal.py) into `shared_copies`. The sharer's own text
stays private. The supervisor opens a copy with their private key, which their private data key
opens, so only from a session they signed in to.

Each person's key pair is made when their own key is set up, or at their first sign-in after
the upgrade (`settle`, run whenever a session opens the own key). Withdrawal deletes the copies
in the same unit of work; so does the restore step that withdraws again from the decision
ledger, the erasure of either person, and the end of the pair (the supervisor no longer reads
anything of the pair once it ends, so nothing sealed for them is kept).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reflect import recipient_seal, runtime
from reflect.models import (
    Entry,
    RecipientKey,
    SharedCopy,
    SharedItem,
    SharedItemEntry,
    Stage,
    SupervisionPair,
    WellnessPlanShare,
    WellnessPlanVersion,
)
from reflect.questions.answers import AnswerRejected
from reflect.questions.schema import ComfortGridQuestion
from reflect.services.access import Actor
from reflect.services.errors import PrivateLocked
from reflect.services.journeys.views import view_of
from reflect.services.vault import Vault

ENTRY, PROFILE, PLAN = "entry", "profile", "plan"


class NoKeyYet(AnswerRejected):
    """The supervisor has no key pair yet, so nothing can be sealed for them."""


NO_KEY_YET = (
    "Your supervisor can't receive shared items just yet: their key for them is made the next "
    "time they sign in. Nothing has been shared and nothing you chose is lost. Please share it "
    "again once they have signed in."
)


def _context(part: str, recipient_id: int, owner_id: int, item_id: int, entry_id: int | None) -> bytes:
    """Who a copy is for, whose it is and which item: bound in, so a copy opens as nothing else."""
    return f"reflect-shared-copy:{part}:{recipient_id}:{owner_id}:{item_id}:{entry_id or ''}".encode()


# --- key pairs ------------------------------------------------------------------------


def owner_vault(session: Session, person_id: int, organisation_id: int, key: bytes) -> Vault:
    """A vault acting for the person whose own key `key` is, inside a unit of work that has it."""
    by = Actor(person_id=person_id, organisation_id=organisation_id, name="", roles=frozenset(), own_key=key)
    return Vault(session, runtime.current().server_key, by=by)


def private_key(session: Session, vault: Vault, person_id: int) -> bytes | None:
    """The person's private key, opened with their private data key: None unless `vault` acts
    for them, signed in, and they have a key pair."""
    if not vault.private_unlocked(person_id):
        return None
    row = session.get(RecipientKey, person_id)
    text = vault.open(row.private_key) if row is not None else None
    return base64.b64decode(text) if text else None


def public_key(session: Session, person_id: int) -> bytes | None:
    return session.scalar(select(RecipientKey.public_key).where(RecipientKey.person_id == person_id))


def give_key_pair(session: Session, vault: Vault, person_id: int) -> bool:
    """Make the person's key pair if they have none, or if theirs no longer opens (they
    started afresh with a new own key: what was sealed for the old one goes, as nobody can open
    it). Needs their own key in `vault`. Returns whether one was made."""
    if not vault.private_unlocked(person_id):
        return False
    row = session.get(RecipientKey, person_id)
    if row is not None:
        opened = private_key(session, vault, person_id)
        if opened is not None and recipient_seal.public_of(opened) == row.public_key:
            return False
        session.execute(delete(SharedCopy).where(SharedCopy.recipient_id == person_id))
    private, public = recipient_seal.new_key_pair()
    sealed = vault.seal_private(person_id, base64.b64encode(private).decode())
    if row is not None:
        row.public_key, row.private_key = public, sealed
        session.flush()
        return True
    try:
        with session.begin_nested():  # two first sign-ins at once: the earlier one's pair stands
            session.add(RecipientKey(person_id=person_id, public_key=public, private_key=sealed))
    except IntegrityError:
        return False
    return True


def settle(session: Session, vault: Vault, person_id: int, today: date) -> None:
    """Whenever a session opens a person's own key: their key pair (made if missing), and
    nothing kept for them from a pair that has ended."""
    give_key_pair(session, vault, person_id)
    forget_ended_pairs(session, person_id, today)


# --- sealing --------------------------------------------------------------------------


def seal_text(public: bytes, part: str, recipient_id: int, owner_id: int, item_id: int, entry_id: int | None, text: str) -> bytes:
    """One text sealed for a recipient's public key, bound to who it is for and which item."""
    return recipient_seal.seal_for(public, text.encode("utf-8"), _context(part, recipient_id, owner_id, item_id, entry_id))


def _put(session: Session, *, part: str, owner_id: int, recipient_id: int, pair_id: int, text: str,
         shared_item_id: int | None = None, wellness_share_id: int | None = None, entry_id: int | None = None) -> None:
    public = public_key(session, recipient_id)
    if public is None:
        raise NoKeyYet(NO_KEY_YET)
    item_id = shared_item_id if shared_item_id is not None else wellness_share_id
    sealed = seal_text(public, part, recipient_id, owner_id, item_id, entry_id, text)
    session.add(SharedCopy(
        owner_id=owner_id, recipient_id=recipient_id, pair_id=pair_id, part=part, shared_item_id=shared_item_id,
        wellness_share_id=wellness_share_id, entry_id=entry_id, sealed=sealed,
    ))


def _opened(vault: Vault, sealed: Any, owner_id: int) -> str:
    if not vault.private_unlocked(owner_id):
        raise PrivateLocked()
    text = vault.open(sealed)
    if text is None:
        raise PrivateLocked()
    return text


def can_receive(session: Session, person_id: int) -> bool:
    return public_key(session, person_id) is not None


def check_can_seal(session: Session, vault: Vault, owner_id: int, recipient_id: int) -> None:
    """Raises:
    PrivateLocked: the sharer's own key is not in this session.
    NoKeyYet: the recipient has no key pair yet.
    """
    if not vault.private_unlocked(owner_id):
        raise PrivateLocked()
    if not can_receive(session, recipient_id):
        raise NoKeyYet(NO_KEY_YET)


def seal_entries(session: Session, vault: Vault, item: SharedItem, recipient_id: int, entries: list[Any]) -> None:
    """Seal each entry's answers, as they are now, for the recipient of a shared item.

    Raises:
        NoKeyYet: the recipient has no key pair yet.
        PrivateLocked: the sharer's own key is not in this session.
    """
    for entry in entries:
        _put(session, part=ENTRY, owner_id=item.owner_id, recipient_id=recipient_id, pair_id=item.pair_id,
             text=_opened(vault, entry.answers, item.owner_id), shared_item_id=item.id, entry_id=entry.id)
    session.flush()


def seal_profile(session: Session, item: SharedItem, recipient_id: int, row_id: str, answers: dict) -> None:
    """Seal one profile experience (its row and only its own answers) for the recipient."""
    _put(session, part=PROFILE, owner_id=item.owner_id, recipient_id=recipient_id, pair_id=item.pair_id,
         text=json.dumps({"row": row_id, "answers": answers}, ensure_ascii=False), shared_item_id=item.id)
    session.flush()


def seal_plan(session: Session, vault: Vault, share: Any, recipient_id: int, content: Any) -> None:
    """Seal the shared version of a Wellness at Work plan for the recipient."""
    _put(session, part=PLAN, owner_id=share.owner_id, recipient_id=recipient_id, pair_id=share.pair_id,
         text=_opened(vault, content, share.owner_id), wellness_share_id=share.id)
    session.flush()


def profile_answers(view: Any, row_id: str) -> dict[str, Any]:
    """Only one experience's answers from a profile view: its grid row and its follow-ups."""
    grid = next((q for q in view.questions.questions() if isinstance(q, ComfortGridQuestion)), None)
    if grid is None:
        return {}
    cells = (view.answers.get(grid.id) or {}).get(row_id, {})
    follow = {k: v for k, v in view.answers.items() if k.startswith(f"{row_id}.")}
    return {grid.id: {row_id: cells}} | follow


@dataclass(frozen=True)
class StillTeam:
    """What a person shares with a supervisor who has no key pair yet: left as team text."""

    entry_ids: set[int]
    plan_version_ids: set[int]
    # What was sealed for its supervisor just now, so it can move under the own key.
    sealed_entry_ids: set[int]
    sealed_plan_version_ids: set[int]


def seal_live_shares(session: Session, vault: Vault, owner_id: int) -> StillTeam:
    """At the first sign-in after the upgrade (and each sign-in after, until every supervisor has
    a key pair): seal each live share made before the upgrade that has no sealed copy yet for
    its supervisor. Returns what is shared with supervisors who have no key pair yet (it stays
    team text, readable as before) and what was sealed just now."""
    today = date.today()
    kept_entries: set[int] = set()
    kept_plans: set[int] = set()
    sealed_entries: set[int] = set()
    sealed_plans: set[int] = set()
    pairs = {p.id: p for p in session.scalars(select(SupervisionPair).where(SupervisionPair.supervisee_id == owner_id))}
    if not any(pair.is_active(today) for pair in pairs.values()):
        return StillTeam(set(), set(), set(), set())  # nothing can be shared with anyone now
    copied = set(session.scalars(select(SharedCopy.shared_item_id).where(SharedCopy.owner_id == owner_id, SharedCopy.shared_item_id.is_not(None))))
    items = session.scalars(select(SharedItem).where(SharedItem.owner_id == owner_id, SharedItem.withdrawn_at.is_(None))).all()
    profile = session.scalar(
        select(Entry).where(Entry.owner_id == owner_id, Entry.stage == Stage.PREPARATION.value).order_by(Entry.id).limit(1)
    )
    for item in items:
        pair = pairs.get(item.pair_id)
        if pair is None or not pair.is_active(today) or item.id in copied:
            continue
        if item.entry_id:
            ids = {item.entry_id}
        elif item.episode_id:
            ids = set(session.scalars(select(SharedItemEntry.entry_id).where(SharedItemEntry.shared_item_id == item.id)))
        else:
            ids = {profile.id} if profile is not None else set()
        if not can_receive(session, pair.supervisor_id):
            kept_entries |= ids
            continue
        sealed_entries |= ids
        if item.profile_item is not None:
            row_id = vault.open(item.profile_item) or ""
            answers = profile_answers(view_of(session, vault, profile), row_id) if profile is not None else {}
            seal_profile(session, item, pair.supervisor_id, row_id, answers)
            item.profile_item = vault.seal_private(owner_id, row_id)
        else:
            rows = session.scalars(select(Entry).where(Entry.id.in_(ids)).order_by(Entry.id)).all()
            seal_entries(session, vault, item, pair.supervisor_id, list(rows))
    copied_plans = set(session.scalars(select(SharedCopy.wellness_share_id).where(SharedCopy.owner_id == owner_id, SharedCopy.wellness_share_id.is_not(None))))
    for share in session.scalars(select(WellnessPlanShare).where(WellnessPlanShare.owner_id == owner_id, WellnessPlanShare.withdrawn_at.is_(None))):
        pair = pairs.get(share.pair_id)
        if pair is None or not pair.is_active(today) or share.id in copied_plans:
            continue
        if not can_receive(session, pair.supervisor_id):
            kept_plans.add(share.version_id)
            continue
        seal_plan(session, vault, share, pair.supervisor_id, session.get(WellnessPlanVersion, share.version_id).content)
        sealed_plans.add(share.version_id)
    return StillTeam(kept_entries - sealed_entries, kept_plans - sealed_plans, sealed_entries, sealed_plans)


# --- opening --------------------------------------------------------------------------


class Copies:
    """What is shared with the reader, opened with their private key (opened once)."""

    def __init__(self, session: Session, vault: Vault, reader_id: int):
        self._session = session
        self._vault = vault
        self._reader = reader_id
        self._key: bytes | None = None
        self._tried = False

    def _private(self) -> bytes | None:
        if not self._tried:
            self._tried = True
            self._key = private_key(self._session, self._vault, self._reader)
        return self._key

    def _open(self, row: SharedCopy) -> str | None:
        key = self._private()
        if key is None:
            return None
        item_id = row.shared_item_id if row.shared_item_id is not None else row.wellness_share_id
        raw = recipient_seal.open_sealed(key, row.sealed, _context(row.part, row.recipient_id, row.owner_id, item_id, row.entry_id))
        return None if raw is None else raw.decode("utf-8")

    def entries(self, item_ids: list[int]) -> dict[tuple[int, int], dict]:
        """(shared item id, entry id) -> the answers as shared, for the reader."""
        if not item_ids:
            return {}
        rows = self._session.scalars(select(SharedCopy).where(
            SharedCopy.shared_item_id.in_(item_ids), SharedCopy.recipient_id == self._reader, SharedCopy.part == ENTRY,
        )).all()
        found = {}
        for row in rows:
            text = self._open(row)
            if text is not None:
                found[(row.shared_item_id, row.entry_id)] = json.loads(text)
        return found

    def profile(self, item_id: int) -> tuple[str, dict] | None:
        """The shared profile experience: (row id, its answers)."""
        row = self._session.scalar(select(SharedCopy).where(
            SharedCopy.shared_item_id == item_id, SharedCopy.recipient_id == self._reader, SharedCopy.part == PROFILE,
        ).limit(1))
        text = self._open(row) if row is not None else None
        if text is None:
            return None
        doc = json.loads(text)
        return doc["row"], doc["answers"]

    def plan(self, share_id: int) -> str | None:
        row = self._session.scalar(select(SharedCopy).where(
            SharedCopy.wellness_share_id == share_id, SharedCopy.recipient_id == self._reader, SharedCopy.part == PLAN,
        ).limit(1))
        return self._open(row) if row is not None else None


# --- deleting -------------------------------------------------------------------------


def forget_items(session: Session, shared_item_ids: list[int]) -> None:
    if shared_item_ids:
        session.execute(delete(SharedCopy).where(SharedCopy.shared_item_id.in_(shared_item_ids)))


def forget_plan_shares(session: Session, share_ids: list[int]) -> None:
    if share_ids:
        session.execute(delete(SharedCopy).where(SharedCopy.wellness_share_id.in_(share_ids)))


def forget_pair(session: Session, pair_id: int) -> None:
    session.execute(delete(SharedCopy).where(SharedCopy.pair_id == pair_id))


def forget_ended_pairs(session: Session, recipient_id: int, today: date) -> None:
    """Delete what was sealed for this person in pairs that have ended."""
    ended = select(SupervisionPair.id).where(SupervisionPair.ends_on.is_not(None), SupervisionPair.ends_on < today)
    session.execute(delete(SharedCopy).where(SharedCopy.recipient_id == recipient_id, SharedCopy.pair_id.in_(ended)))


def forget_person(session: Session, person_id: int) -> None:
    """Erasure: every copy they shared or were sent, and their key pair."""
    session.execute(delete(SharedCopy).where(or_(SharedCopy.owner_id == person_id, SharedCopy.recipient_id == person_id)))
    session.execute(delete(RecipientKey).where(RecipientKey.person_id == person_id))
