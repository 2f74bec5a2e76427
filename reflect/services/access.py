"""Who may do what: one place for every access rule.

Pages call `can` only to hide controls; services always call `ensure`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reflect.domain import Role
from reflect.services.errors import Refused


class AccessDenied(Refused):
    """The acting person may not do this. The message is safe to show them."""


class SessionEnded(AccessDenied):
    """The acting person's sign-in session has ended, so nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            "Your session has ended, so this wasn't saved. What you typed is still on this page: "
            "please sign in again, then carry on."
        )


@dataclass(frozen=True)
class Actor:
    """The person acting, as the signed-in session established them."""

    person_id: int
    organisation_id: int
    name: str
    roles: frozenset[Role]
    team_ids: frozenset[int] = frozenset()
    lead_team_ids: frozenset[int] = frozenset()
    session_token_hash: str | None = field(default=None, repr=False)
    is_system: bool = False
    # After a password reset: until the one-time password is replaced, nothing else is offered.
    must_change_password: bool = False
    # The person's own key, opened for this request from the session's wrap (reflect/own_key.py):
    # None while their private text is locked (after an admin's password reset, or before a
    # single sign-on passphrase is entered). Never shown, never compared.
    own_key: bytes | None = field(default=None, repr=False, compare=False)
    # The key this session's wrap of the own key is made with (from the cookie's token).
    session_key: bytes | None = field(default=None, repr=False, compare=False)
    # Whether the person has a recovery code they have said they saved.
    recovery_saved: bool = True

    @property
    def private_locked(self) -> bool:
        """Their private text can't be opened in this session (no own key)."""
        return self.own_key is None and not self.is_system

    def has(self, role: Role) -> bool:
        return role in self.roles


# The `reflect` command acts as the system: it administers accounts but, like an admin,
# can never read anyone's reflections.
SYSTEM = Actor(person_id=0, organisation_id=0, name="Reflect administration command", roles=frozenset({Role.ADMIN}), is_system=True)


class Permission(enum.StrEnum):
    USE_APP = "use_app"
    MANAGE_OWN_ACCOUNT = "manage_own_account"
    ADMINISTER = "administer"
    ERASE_ACCOUNT = "erase_account"
    READ_OWN_AUDIT = "read_own_audit"
    KEEP_OWN_REFLECTIONS = "keep_own_reflections"
    READ_ENTRY = "read_entry"
    OWN_CONTENT = "own_content"
    READ_TEAM_LEARNING = "read_team_learning"
    KEEP_OWN_TALENTS = "keep_own_talents"
    VIEW_REGISTER = "view_register"
    LEAD_TEAM_REGISTER = "lead_team_register"
    SHARE_WITH_SUPERVISOR = "share_with_supervisor"
    SUPERVISE = "supervise"
    IN_SUPERVISION_PAIR = "in_supervision_pair"
    READ_JUST_ME_NOTE = "read_just_me_note"
    KEEP_OWN_WELLNESS_PLAN = "keep_own_wellness_plan"
    READ_SHARED_WELLNESS_PLAN = "read_shared_wellness_plan"
    KEEP_REVALIDATION = "keep_revalidation"
    READ_REVALIDATION = "read_revalidation"
    CONFIRM_DISCUSSION = "confirm_discussion"
    MARK_TEAM_ACTION_DONE = "mark_team_action_done"


def _signed_in(actor: Actor, _resource: Any) -> bool:
    return not actor.is_system


# --- The organisation's administration -------------------------------------------------
# An admin administers their own organisation: the resource, when given, is an `InOrganisation`
# (an account, a team or a pair, by the organisation that holds it). The `reflect` command
# administers the installation, whose one organisation it acts in.
@dataclass(frozen=True)
class InOrganisation:
    organisation_id: int


def _admin(actor: Actor, resource: Any) -> bool:
    if not actor.has(Role.ADMIN):
        return False
    if resource is None or actor.is_system:
        return True
    return isinstance(resource, InOrganisation) and resource.organisation_id == actor.organisation_id


# An account is erased by its own person, or by an admin of its organisation. The resource is
# an `AccountRef`; without one, whether the actor could erase any account (an admin).
@dataclass(frozen=True)
class AccountRef:
    person_id: int
    organisation_id: int | None = None


def _erase_account(actor: Actor, account: Any) -> bool:
    if account is None:
        return _admin(actor, None)
    if not isinstance(account, AccountRef):
        return False
    if not actor.is_system and account.person_id == actor.person_id:
        return True
    if account.organisation_id is None:
        return _admin(actor, None)
    return _admin(actor, InOrganisation(account.organisation_id))


_RULES: dict[Permission, Callable[[Actor, Any], bool]] = {
    Permission.USE_APP: _signed_in,
    Permission.MANAGE_OWN_ACCOUNT: _signed_in,
    Permission.READ_OWN_AUDIT: _signed_in,
    Permission.ADMINISTER: _admin,
    Permission.ERASE_ACCOUNT: _erase_account,
}

_DENIED_MESSAGES: dict[Permission, str] = {
    Permission.ADMINISTER: "This is for administrators. If you need a change to accounts or teams, your admin can help.",
    Permission.ERASE_ACCOUNT: "This is for administrators. If you need a change to accounts or teams, your admin can help.",
}


def can(actor: Actor | None, permission: Permission, resource: Any = None) -> bool:
    """Whether `actor` may use `permission` on `resource`."""
    if actor is None:
        return False
    return _RULES[permission](actor, resource)


def ensure(actor: Actor | None, permission: Permission, resource: Any = None) -> None:
    """Raises:
    AccessDenied: the actor may not; the message is calm and safe to show.
    """
    if not can(actor, permission, resource):
        raise AccessDenied(_DENIED_MESSAGES.get(permission, "This isn't available to you."))


# --- The team talents register (issue 6) ------------------------------------------------
# Any staff role may keep talents and see the register of a team they belong to; the
# resource, when given, is a team id. Team leads run their own team's register: imports,
# contributors who use the service, and the "meet the team" leaflet.
_STAFF_ROLES = frozenset({Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD})


def _staff(actor: Actor, _resource: Any) -> bool:
    return not actor.is_system and bool(actor.roles & _STAFF_ROLES)


def _register_viewer(actor: Actor, team_id: Any) -> bool:
    return _staff(actor, None) and (team_id is None or team_id in actor.team_ids)


def _register_lead(actor: Actor, team_id: Any) -> bool:
    if actor.is_system or not actor.has(Role.TEAM_LEAD):
        return False
    return team_id is None or team_id in actor.lead_team_ids


_RULES.update(
    {
        Permission.KEEP_OWN_TALENTS: _staff,
        Permission.VIEW_REGISTER: _register_viewer,
        Permission.LEAD_TEAM_REGISTER: _register_lead,
    }
)
_DENIED_MESSAGES.update(
    {
        Permission.KEEP_OWN_TALENTS: "The talents register is for staff in a team. Your admin can add you to one.",
        Permission.VIEW_REGISTER: "You can see the register of the teams you belong to.",
        Permission.LEAD_TEAM_REGISTER: "This is for the team's lead. They can help with imports, the leaflet and entries for people using the service.",
    }
)


# --- Reflection journeys (issue 4) ------------------------------------------------------
# Every staff member keeps their own profile, quick checks and reflections. An entry is
# readable by its author alone (the resource is the entry's owner id); learning notes an
# author approved are readable by the members of that team (the resource is a team id).
def _owner(actor: Actor, owner_id: Any) -> bool:
    return _staff(actor, None) and owner_id == actor.person_id


def _team_member(actor: Actor, team_id: Any) -> bool:
    return _staff(actor, None) and (team_id is None or team_id in actor.team_ids)


# What a person wrote (an episode, a learning note, a shared item, a register entry) is theirs
# alone to change, withdraw or share: the resource is its owner's id.
def _wrote_it(actor: Actor, owner_id: Any) -> bool:
    return not actor.is_system and owner_id is not None and owner_id == actor.person_id


_RULES.update(
    {
        Permission.KEEP_OWN_REFLECTIONS: _staff,
        Permission.READ_ENTRY: _owner,
        Permission.OWN_CONTENT: _wrote_it,
        Permission.READ_TEAM_LEARNING: _team_member,
    }
)
_DENIED_MESSAGES.update(
    {
        Permission.KEEP_OWN_REFLECTIONS: "Reflections are for staff accounts. Your admin can add the practitioner role.",
        Permission.READ_ENTRY: "This isn't available to you.",
        Permission.OWN_CONTENT: "This isn't available to you.",
        Permission.READ_TEAM_LEARNING: "You can read the learning notes of the teams you belong to.",
    }
)


# --- Supervision (issue 5) --------------------------------------------------------------
# A supervisee shares chosen items with the supervisor of one of their pairs. The resource
# is a `PairRef`. The supervisor sees what is shared, and the pair's records, only while the
# pair is active; the supervisee always keeps their own pair's records. Nobody else (not a
# team lead, not an admin) has any way in.
@dataclass(frozen=True)
class PairRef:
    supervisor_id: int
    supervisee_id: int
    active: bool


def _supervisor_of(actor: Actor, pair: Any) -> bool:
    if actor.is_system or not actor.has(Role.SUPERVISOR):
        return False
    if pair is None:
        return True
    return isinstance(pair, PairRef) and pair.active and pair.supervisor_id == actor.person_id


def _supervisee_of(actor: Actor, pair: Any) -> bool:
    if not _staff(actor, None):
        return False
    return pair is None or (isinstance(pair, PairRef) and pair.supervisee_id == actor.person_id)


def _in_pair(actor: Actor, pair: Any) -> bool:
    # Without a pair: whether the actor could be in any pair at all (a staff account).
    if pair is None:
        return _staff(actor, None)
    return _supervisee_of(actor, pair) or _supervisor_of(actor, pair)


_RULES.update(
    {
        Permission.SHARE_WITH_SUPERVISOR: _supervisee_of,
        Permission.SUPERVISE: _supervisor_of,
        Permission.IN_SUPERVISION_PAIR: _in_pair,
    }
)
_DENIED_MESSAGES.update(
    {
        Permission.SHARE_WITH_SUPERVISOR: "Sharing with a supervisor is for staff accounts with a supervision pair.",
        Permission.SUPERVISE: "This is for supervisors, and shows only what their supervisees chose to share.",
        Permission.IN_SUPERVISION_PAIR: "Supervision records are for the two people in the pair.",
    }
)


# --- Supervision that fits its kind, and the Wellness at Work plan (issue 25) -------------
# A "just me" note of a session is readable by its writer alone (the resource is the writer's
# id): no read path of the other member of the pair opens it. A Wellness at Work plan is its
# owner's; a supervisor reads a version only while the owner's share of it with their pair
# stands and the pair is active (the resource is a `WellnessShareRef`).
@dataclass(frozen=True)
class WellnessShareRef:
    owner_id: int
    pair: PairRef
    withdrawn: bool


def _plan_owner(actor: Actor, owner_id: Any) -> bool:
    # Without an owner: whether the actor may keep a plan at all (a staff account).
    return _staff(actor, None) and (owner_id is None or owner_id == actor.person_id)


def _share_reader(actor: Actor, share: Any) -> bool:
    if not isinstance(share, WellnessShareRef) or share.withdrawn:
        return False
    return share.pair.supervisee_id == share.owner_id and _supervisor_of(actor, share.pair)


# --- What a regulator asks for (issue 25) -----------------------------------------------
# Reflective accounts, the discussion form and the tracker are their owner's alone (the
# resource is the owner's id). The one way in for anyone else: the partner named on a
# reflective discussion confirms it, while they supervise its owner in an active pair (the
# resource is a `DiscussionRef`), and sees only who asks and the date, never the form.
@dataclass(frozen=True)
class DiscussionRef:
    owner_id: int
    partner_id: int | None
    pair: PairRef | None  # the active pair in which the partner supervises the owner, if any


def _discussion_partner(actor: Actor, ref: Any) -> bool:
    if not isinstance(ref, DiscussionRef) or ref.partner_id != actor.person_id or ref.pair is None:
        return False
    return ref.pair.supervisee_id == ref.owner_id and _supervisor_of(actor, ref.pair)


_RULES.update(
    {
        Permission.READ_JUST_ME_NOTE: _owner,
        Permission.KEEP_OWN_WELLNESS_PLAN: _plan_owner,
        Permission.READ_SHARED_WELLNESS_PLAN: _share_reader,
        Permission.KEEP_REVALIDATION: _staff,
        Permission.READ_REVALIDATION: _owner,
        Permission.CONFIRM_DISCUSSION: _discussion_partner,
    }
)
_DENIED_MESSAGES.update(
    {
        Permission.READ_JUST_ME_NOTE: "This isn't available to you.",
        Permission.KEEP_OWN_WELLNESS_PLAN: "A Wellness at Work plan is for staff accounts. Your admin can add the practitioner role.",
        Permission.READ_SHARED_WELLNESS_PLAN: "This isn't available to you.",
        Permission.KEEP_REVALIDATION: "Revalidation records are for staff accounts. Your admin can add the practitioner role.",
        Permission.READ_REVALIDATION: "This isn't available to you.",
        Permission.CONFIRM_DISCUSSION: "Only the supervisor named as the discussion partner can confirm it.",
    }
)


# --- Team records --------------------------------------------------------------------------
# An action agreed at a team's review is marked done by its owner, or by a lead of the team
# (the resource is a `TeamActionRef`).
@dataclass(frozen=True)
class TeamActionRef:
    owner_id: int
    team_id: int


def _action_owner_or_lead(actor: Actor, action: Any) -> bool:
    if not isinstance(action, TeamActionRef) or not _staff(actor, None):
        return False
    return action.owner_id == actor.person_id or action.team_id in actor.lead_team_ids


_RULES[Permission.MARK_TEAM_ACTION_DONE] = _action_owner_or_lead
_DENIED_MESSAGES[Permission.MARK_TEAM_ACTION_DONE] = "That action isn't one you can mark done."
