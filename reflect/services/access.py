"""Who may do what: one place for every access rule.

Pages call `can` only to hide controls; services always call `ensure`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reflect.models import Role


class AccessDenied(Exception):
    """The acting person may not do this. The message is safe to show them."""


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

    def has(self, role: Role) -> bool:
        return role in self.roles


# The `reflect` command acts as the system: it administers accounts but, like an admin,
# can never read anyone's reflections.
SYSTEM = Actor(person_id=0, organisation_id=0, name="Reflect administration command", roles=frozenset({Role.ADMIN}), is_system=True)


class Permission(enum.StrEnum):
    USE_APP = "use_app"
    MANAGE_OWN_ACCOUNT = "manage_own_account"
    ADMINISTER = "administer"
    READ_OWN_AUDIT = "read_own_audit"


def _signed_in(actor: Actor, _resource: Any) -> bool:
    return not actor.is_system


def _admin(actor: Actor, _resource: Any) -> bool:
    return actor.has(Role.ADMIN)


_RULES: dict[Permission, Callable[[Actor, Any], bool]] = {
    Permission.USE_APP: _signed_in,
    Permission.MANAGE_OWN_ACCOUNT: _signed_in,
    Permission.READ_OWN_AUDIT: _signed_in,
    Permission.ADMINISTER: _admin,
}

_DENIED_MESSAGES: dict[Permission, str] = {
    Permission.ADMINISTER: "This is for administrators. If you need a change to accounts or teams, your admin can help.",
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

