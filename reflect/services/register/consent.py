"""People using the service who contribute to the register: recorded by the team's lead
with their consent and entries, listed with their consent records, and their consent
withdrawn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, func, select

from reflect import runtime
from reflect.crypto import SealedText, seal
from reflect.keystore import contributor_key_name, destroy_committed
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Person, utcnow
from reflect.models.register import RegisterContributor, RegisterEntry
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.register import blind_index
from reflect.services.register.common import EntryInput, RegisterError, choices, label
from reflect.services.register.entries import clean_input, fill_row
from reflect.services.register.visibility import contributor_keys
from reflect.services.vault import new_wrapped_key
from reflect.text import clean_line

MAX_NAME = 40
# Contributors agree for themselves; nobody else consents on their behalf.
CONSENT_FROM = {"person": "The person themselves"}


@dataclass(frozen=True)
class ContributorSummary:
    id: int
    chosen_name: str
    consent_from: str
    consented_at: datetime
    consent_visibility: str
    recorded_by: str
    entries: int


# --- people using the service ---------------------------------------------------------------------


def record_contributor(
    *,
    by: Actor,
    team_id: int,
    chosen_name: str,
    consent_from: str,
    consented_at: datetime,
    consent_visibility: str,
    entries: Sequence[EntryInput],
) -> int:
    """Add a person using the service to the team's register, with their consent and entries.

    Only the team's lead does this: consent is a record someone must be accountable for, and
    the lead already answers for the register. Returns the contributor's id.

    Raises:
        RegisterError: no name, a name that is more than a first name, no entries, an entry
            shared more widely than they agreed, or a wrong field.
    """
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    cats = choices()
    name = clean_line(chosen_name or "")
    if not name:
        raise RegisterError("Please give their first name or the name they'd like to be known by.")
    if len(name) > MAX_NAME or len(name.split()) > 2:
        raise RegisterError("Please give a first name or chosen name only, not a full name.")
    if consent_from not in CONSENT_FROM:
        raise RegisterError("Please say who gave consent.")
    if consent_visibility not in {o.id for o in cats.visibility}:
        raise RegisterError("Please say who they agreed may see their entries.")
    if consented_at.tzinfo is None or consented_at > utcnow():
        raise RegisterError("Please give the date they agreed; it can't be in the future.")
    if not entries:
        raise RegisterError("Please add at least one talent for them.")
    cleaned = []
    for entry in entries:
        entry = clean_input(replace(entry, team_id=team_id), cats, team_ids=frozenset({team_id}))
        if consent_visibility == "team" and entry.visibility != "team":
            raise RegisterError("They agreed to their team seeing this, so it can't be shared with the whole organisation.")
        cleaned.append(entry)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        contributor = RegisterContributor(
            organisation_id=by.organisation_id,
            team_id=team_id,
            # Both depend on the new row's id, so they are set once it has one (same transaction).
            wrapped_key=b"",
            chosen_name=SealedText(owner_id=0, blob=b""),
            consent_from=consent_from,
            consented_at=consented_at,
            consent_visibility=consent_visibility,
            consent_set_id=cats.id,
            consent_set_version=cats.version,
            recorded_by_id=by.person_id,
        )
        session.add(contributor)
        session.flush()
        key_name = contributor_key_name(contributor.public_id)
        data_key, contributor.wrapped_key = new_wrapped_key(rt.keystore, key_name)
        contributor.key_name = key_name
        contributor.chosen_name = seal(data_key, contributor.id, name)
        index_key = blind_index.index_key(session, rt.server_key, create=True)
        for entry in cleaned:
            row = RegisterEntry(
                organisation_id=by.organisation_id,
                contributor_id=contributor.id,
                published=True,
                set_id=cats.id,
                set_version=cats.version,
            )
            fill_row(row, entry, lambda text: seal(data_key, contributor.id, text))
            session.add(row)
            session.flush()
            blind_index.write_tokens(session, index_key, row.id, blind_index.entry_texts(entry, cats))
        audit.record(session, by=by, action="register_consent_recorded", object_type="register_contributor", object_id=contributor.id)
        contributor_id = contributor.id
    event("register.contributor_added", contributor=contributor_id)
    return contributor_id


def contributors(*, by: Actor, team_id: int) -> list[ContributorSummary]:
    """The team's contributors who use the service, with their consent records."""
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    rt = runtime.current()
    with rt.db.read() as session:
        rows = session.execute(
            select(RegisterContributor, Person.name, func.count(RegisterEntry.id))
            .outerjoin(Person, Person.id == RegisterContributor.recorded_by_id)
            .outerjoin(RegisterEntry, RegisterEntry.contributor_id == RegisterContributor.id)
            .where(RegisterContributor.team_id == team_id)
            .group_by(RegisterContributor.id, Person.name)
            .order_by(RegisterContributor.recorded_at)
        ).all()
        keys = contributor_keys(session, rt.server_key, {c.id for c, _, _ in rows})
    return [
        ContributorSummary(
            id=c.id,
            chosen_name=keys[c.id][1],
            consent_from=CONSENT_FROM.get(c.consent_from, c.consent_from),
            consented_at=c.consented_at,
            consent_visibility=label(choices().visibility, c.consent_visibility),
            recorded_by=recorder or "A former member of staff",
            entries=count,
        )
        for c, recorder, count in rows
    ]


def withdraw_consent(*, by: Actor, contributor_id: int) -> None:
    """Consent withdrawn: delete the contributor, their key and every entry of theirs at once.
    The audit trail records the withdrawal by id only, never the name.

    Raises:
        RegisterError: no such contributor in a team the acting person leads.
    """
    ensure(by, Permission.LEAD_TEAM_REGISTER)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        contributor = session.get(RegisterContributor, contributor_id)
        if contributor is None or contributor.team_id not in by.lead_team_ids:
            raise RegisterError("There's no such entry in a team you lead; it may have been removed already.")
        session.execute(delete(RegisterEntry).where(RegisterEntry.contributor_id == contributor_id))
        session.delete(contributor)
        audit.record(session, by=by, action="register_consent_withdrawn", object_type="register_contributor", object_id=contributor_id)
        # Written before the commit: a restore from an older backup withdraws it again.
        rt.ledger.record(DecisionKind.CONSENT_WITHDRAWN, [contributor.public_id])
        public_id = contributor.public_id
    # Once committed, as an erasure does.
    destroy_committed(rt.keystore, [contributor_key_name(public_id)])
    event("register.contributor_withdrawn", contributor=contributor_id)
