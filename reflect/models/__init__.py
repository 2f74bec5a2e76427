"""The ORM models. Importing this package registers every table on `Base.metadata`."""

from reflect.models.base import Base, EncryptedText, UTCDateTime, utcnow
from reflect.models.people import Organisation, Person, PersonRole, Role, SupervisionPair, Team, TeamMembership
from reflect.models.security import AuditEvent, AuthSession, PersonKey, SignInFailure

__all__ = [
    "AuditEvent",
    "AuthSession",
    "Base",
    "EncryptedText",
    "Organisation",
    "Person",
    "PersonKey",
    "PersonRole",
    "Role",
    "SignInFailure",
    "SupervisionPair",
    "Team",
    "TeamMembership",
    "UTCDateTime",
    "utcnow",
]
