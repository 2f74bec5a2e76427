"""A person's practice role: peer support worker, another profession, or a student or trainee.

Peer support workers share their lived experience as the core of their role; for other
professionals it adds to their professional expertise. The question sets differ where the
guidance says so (`for_role` in `prompts/`; a student or trainee talks to their practice
assessor first), and the person's own choice here decides which
prompts they see. It is a job role, not something private, so it is kept plain.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflect import runtime
from reflect.logs import event
from reflect.models import Person
from reflect.questions import PRACTICE_ROLES
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.errors import Refused

# The professions a practitioner can name (any staff member can keep reflections).
PROFESSIONS = {
    "nurse": "Nurse",
    "occupational_therapist": "Occupational therapist",
    "psychologist": "Psychologist or therapist",
    "doctor": "Doctor",
    "social_worker": "Social worker",
    "support_worker": "Support worker or healthcare assistant",
    "employment_specialist": "Employment specialist",
    "administration": "Administration or other support staff",
    "other": "Another profession",
}


# A professional names their profession; a student or trainee may name the one they train for.
PROFESSION_ROLES = ("professional", "student")


class PracticeRoleError(Refused, ValueError):
    """Not one of the listed roles or professions; the message says so, kindly."""


@dataclass(frozen=True)
class PracticeRole:
    role: str | None  # "peer_worker", "professional" or None (not said)
    profession: str | None

    @property
    def label(self) -> str:
        if self.role == "professional" and self.profession:
            return PROFESSIONS.get(self.profession, PRACTICE_ROLES["professional"])
        if self.role == "student" and self.profession:
            return f"{PRACTICE_ROLES['student']}: {PROFESSIONS.get(self.profession, self.profession).lower()}"
        return PRACTICE_ROLES.get(self.role or "", "Not said")


def mine(*, by: Actor) -> PracticeRole:
    """The acting person's practice role."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    with runtime.current().db.read() as session:
        person = session.get(Person, by.person_id)
        return PracticeRole(person.practice_role, person.profession)


def set_mine(*, by: Actor, role: str | None, profession: str | None = None) -> None:
    """Record whether I am a peer support worker or, if not, my profession.

    Raises:
        PracticeRoleError: the role or profession is not one of the listed ones.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    if role is not None and role not in PRACTICE_ROLES:
        raise PracticeRoleError("Please choose peer support worker or another profession.")
    if profession is not None and (role not in PROFESSION_ROLES or profession not in PROFESSIONS):
        raise PracticeRoleError("Please choose a profession from the list.")
    with runtime.current().db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        person.practice_role = role
        person.profession = profession if role in PROFESSION_ROLES else None
        audit.record(session, by=by, action="practice_role_changed", subject_id=by.person_id)
    event("practice_role.changed", person=by.person_id)
