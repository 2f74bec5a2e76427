"""The access rules as a matrix, and as properties over any mix of roles."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.models import Role
from reflect.services.access import SYSTEM, AccessDenied, Actor, Permission, can, ensure


def actor(*roles: Role, person_id: int = 1) -> Actor:
    return Actor(person_id=person_id, organisation_id=1, name="A", roles=frozenset(roles))


P, S, L, A = Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD, Role.ADMIN

MATRIX = [
    (Permission.USE_APP, (P,), True),
    (Permission.USE_APP, (A,), True),
    (Permission.MANAGE_OWN_ACCOUNT, (S,), True),
    (Permission.READ_OWN_AUDIT, (L,), True),
    (Permission.ADMINISTER, (P,), False),
    (Permission.ADMINISTER, (S,), False),
    (Permission.ADMINISTER, (L,), False),
    (Permission.ADMINISTER, (P, S, L), False),
    (Permission.ADMINISTER, (A,), True),
    (Permission.KEEP_OWN_TALENTS, (P,), True),
    (Permission.KEEP_OWN_TALENTS, (S,), True),
    (Permission.KEEP_OWN_TALENTS, (L,), True),
    (Permission.KEEP_OWN_TALENTS, (A,), False),
    (Permission.VIEW_REGISTER, (P,), True),
    (Permission.VIEW_REGISTER, (L,), True),
    (Permission.VIEW_REGISTER, (A,), False),
    (Permission.LEAD_TEAM_REGISTER, (P,), False),
    (Permission.LEAD_TEAM_REGISTER, (P, S), False),
    (Permission.LEAD_TEAM_REGISTER, (A,), False),
    (Permission.LEAD_TEAM_REGISTER, (L,), True),
]


@pytest.mark.parametrize(("permission", "roles", "allowed"), MATRIX)
def test_permission_matrix(permission, roles, allowed):
    assert can(actor(*roles), permission) is allowed


@pytest.mark.parametrize("permission", list(Permission))
def test_nobody_signed_in_may_do_nothing(permission):
    assert can(None, permission) is False
    with pytest.raises(AccessDenied):
        ensure(None, permission)


def test_system_may_administer_but_not_use_the_app():
    assert can(SYSTEM, Permission.ADMINISTER)
    assert not can(SYSTEM, Permission.USE_APP)


roles_strategy = st.frozensets(st.sampled_from(list(Role)))


@given(roles_strategy, st.sampled_from(list(Permission)))
def test_ensure_raises_exactly_when_can_says_no(roles, permission):
    who = Actor(person_id=1, organisation_id=1, name="A", roles=roles)
    if can(who, permission):
        ensure(who, permission)
    else:
        with pytest.raises(AccessDenied):
            ensure(who, permission)


@given(roles_strategy)
def test_only_the_admin_role_administers(roles):
    who = Actor(person_id=1, organisation_id=1, name="A", roles=roles)
    assert can(who, Permission.ADMINISTER) is (Role.ADMIN in roles)


@given(roles_strategy, roles_strategy)
def test_adding_roles_never_removes_a_permission(roles, extra):
    fewer = Actor(person_id=1, organisation_id=1, name="A", roles=roles)
    more = Actor(person_id=1, organisation_id=1, name="A", roles=roles | extra)
    for permission in Permission:
        assert not can(fewer, permission) or can(more, permission)


# --- Supervision that fits its kind, and the Wellness at Work plan -------------------------
def _share(owner: int, supervisor: int, *, active: bool = True, withdrawn: bool = False):
    from reflect.services.access import PairRef, WellnessShareRef

    return WellnessShareRef(owner, PairRef(supervisor, owner, active), withdrawn)


WELLNESS_MATRIX = [
    # (permission, actor id, actor roles, resource, allowed)
    (Permission.READ_JUST_ME_NOTE, 1, (P,), 1, True),  # the writer
    (Permission.READ_JUST_ME_NOTE, 2, (P, S), 1, False),  # the other member of the pair
    (Permission.READ_JUST_ME_NOTE, 9, (A,), 1, False),
    (Permission.KEEP_OWN_WELLNESS_PLAN, 1, (P,), None, True),
    (Permission.KEEP_OWN_WELLNESS_PLAN, 9, (A,), None, False),
    (Permission.KEEP_OWN_WELLNESS_PLAN, 1, (P,), 1, True),  # their own plan's share
    (Permission.KEEP_OWN_WELLNESS_PLAN, 2, (P, S), 1, False),  # someone else's
    (Permission.READ_SHARED_WELLNESS_PLAN, 2, (P, S), _share(1, 2), True),
    (Permission.READ_SHARED_WELLNESS_PLAN, 2, (P, S), _share(1, 2, withdrawn=True), False),
    (Permission.READ_SHARED_WELLNESS_PLAN, 2, (P, S), _share(1, 2, active=False), False),  # the pair has ended
    (Permission.READ_SHARED_WELLNESS_PLAN, 3, (P, S), _share(1, 2), False),  # a new supervisor: a new pair
    (Permission.READ_SHARED_WELLNESS_PLAN, 1, (P,), _share(1, 2), False),
    (Permission.READ_SHARED_WELLNESS_PLAN, 9, (A,), _share(1, 2), False),
]


@pytest.mark.parametrize(("permission", "person_id", "roles", "resource", "allowed"), WELLNESS_MATRIX)
def test_wellness_and_just_me_matrix(permission, person_id, roles, resource, allowed):
    who = Actor(person_id=person_id, organisation_id=1, name="A", roles=frozenset(roles))
    assert can(who, permission, resource) is allowed
