"""The ORM models. Importing this package registers every table on `Base.metadata`."""

from reflect.models.base import Base, EncryptedText, UTCDateTime, utcnow
from reflect.models.journeys import Entry, EntryRevision, Episode, LearningNote, QuestionSetVersion, Stage
from reflect.models.people import Organisation, Person, PersonRole, Role, SupervisionPair, Team, TeamMembership
from reflect.models.security import AuditEvent, AuditKeying, AuthSession, Installation, OwnKeyWrap, Passkey, PasskeyChallenge, PersonKey, SignInFailure, SignInPause

__all__ = [
    "Entry",
    "EntryRevision",
    "Episode",
    "LearningNote",
    "QuestionSetVersion",
    "Stage",
    "AuditEvent",
    "AuditKeying",
    "AuthSession",
    "Base",
    "EncryptedText",
    "Organisation",
    "Person",
    "OwnKeyWrap",
    "Passkey",
    "PasskeyChallenge",
    "PersonKey",
    "PersonRole",
    "Role",
    "SignInFailure",
    "SignInPause",
    "Installation",
    "SupervisionPair",
    "Team",
    "TeamMembership",
    "UTCDateTime",
    "utcnow",
]

# The team talents register (issue 6).
from reflect.models.register import (  # noqa: E402
    Biography,
    RegisterContributor,
    RegisterEntry,
    RegisterIndexKey,
    RegisterToken,
)

__all__ += ["Biography", "RegisterContributor", "RegisterEntry", "RegisterIndexKey", "RegisterToken"]

# Supervision (issue 5).
from reflect.models.supervision import (  # noqa: E402
    MeetingItem,
    MeetingNotes,
    SharedItem,
    SharedItemEntry,
    ShareKind,
    SupervisionAction,
    SupervisionMeeting,
)

__all__ += ["MeetingItem", "MeetingNotes", "ShareKind", "SharedItem", "SharedItemEntry", "SupervisionAction", "SupervisionMeeting"]

# Team records: asset reviews and culture notes.
from reflect.models.team import TeamAction, TeamRecord  # noqa: E402

__all__ += ["TeamAction", "TeamRecord"]

# The organisation's places to turn (issue 23).
from reflect.models.places import PlaceToTurn  # noqa: E402

__all__ += ["PlaceToTurn"]

# Supervision that fits its kind, and the Wellness at Work plan (issue 25).
from reflect.models.supervision_records import DevelopmentGoal, NoteChoice, PrivateNotes  # noqa: E402
from reflect.models.wellness import WellnessPlanShare, WellnessPlanVersion  # noqa: E402

__all__ += ["DevelopmentGoal", "NoteChoice", "PrivateNotes", "WellnessPlanShare", "WellnessPlanVersion"]

# What a regulator asks for (issue 25).
from reflect.models.revalidation import (  # noqa: E402
    CpdProfile,
    ReflectiveAccount,
    ReflectiveDiscussion,
    RevalidationPlan,
    RevalidationRecord,
)

__all__ += ["CpdProfile", "ReflectiveAccount", "ReflectiveDiscussion", "RevalidationPlan", "RevalidationRecord"]

# Private means private: shared snapshots sealed for the supervisor alone (issue 26).
from reflect.models.shared_copies import RecipientKey, SharedCopy  # noqa: E402

__all__ += ["RecipientKey", "SharedCopy"]
