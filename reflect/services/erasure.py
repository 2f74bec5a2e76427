"""Erasing a person: their key destroyed, so every text they wrote is unreadable for good (in
every database backup too), each package's own content of theirs removed by that package's
forget step, and what identifies them removed. Recorded in the decision ledger, by the
account's public id, so that a restore from an older backup erases them again."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reflect import runtime
from reflect.keystore import destroy_committed, person_key_name
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Person, PersonKey, utcnow
from reflect.services import audit, journeys, own_keys, register, revalidation, shared_copies, supervision, wellness_plan
from reflect.services.access import AccountRef, Actor, Permission, can, ensure
from reflect.services.errors import PeopleError


def erase(*, person_id: int, by: Actor) -> None:
    """Erase a person's account for good: their own, or, for an admin, one in their organisation.

    Raises:
        AccessDenied: someone else's account, for anyone but an admin.
        PeopleError: no such account.
    """
    ensure(by, Permission.ERASE_ACCOUNT, AccountRef(person_id))
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        person = session.get(Person, person_id)
        if person is None or not can(by, Permission.ERASE_ACCOUNT, AccountRef(person_id, person.organisation_id)):
            raise PeopleError("There is no such account.")
        apply(session, person_id)
        audit.record(session, by=by, action="account_erased", subject_id=person_id)
        # The ledger is written inside the transaction: if it can't be written, nothing is erased
        # and the admin is told, rather than leaving an erasure a restore would undo.
        public_id = person.public_id
        rt.ledger.record(DecisionKind.PERSON_ERASED, [public_id])
    # Only once the erasure is committed: destroying the key of an account whose erasure then
    # failed would lose a live person's words.
    destroy_committed(rt.keystore, [person_key_name(public_id)])
    event("person.erased", person=person_id)


def apply(session: Session, person_id: int) -> bool:
    """Destroy a person's key and identifying details in this unit of work, and have each
    package forget what they wrote. False if no such person."""
    person = session.get(Person, person_id)
    if person is None:
        return False
    key = session.get(PersonKey, person_id)
    if key is not None:
        session.delete(key)
    own_keys.destroy(session, person_id)  # every wrap of their own key, and every session's
    shared_copies.forget_person(session, person_id)  # what they shared or were sent, and their key pair
    # Their text is unreadable once the key is gone; the forget steps remove the rows as well.
    supervision.forget_person(session, person_id)
    journeys.forget_person(session, person_id)
    register.forget_person(session, person_id)
    wellness_plan.forget_person(session, person_id)
    revalidation.forget_person(session, person_id)
    person.name = "Erased account"
    person.email = None
    person.password_hash = None
    person.erased_at = person.erased_at or utcnow()
    person.roles.clear()
    person.memberships.clear()
    return True

