"""The access rules as a matrix, and as properties over any mix of roles."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.domain import Role
from reflect.services.access import (
    SYSTEM, AccessDenied, AccountRef, Actor, DiscussionRef, InOrganisation, PairRef, Permission, TeamActionRef, WellnessShareRef, can,
    ensure,
)


def actor(*roles: Role, person_id: int = 1) -> Actor:
    # Person 1 of organisation 1: a member of teams 10 and 11, and the lead of team 11.
    return Actor(
        person_id=person_id, organisation_id=1, name="A", roles=frozenset(roles), team_ids=frozenset({10, 11}), lead_team_ids=frozenset({11})
    )


P, S, L, A = Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD, Role.ADMIN

# The resource column, as the acting person (person 1 of organisation 1) stands to it.
RESOURCES = {
    "-": None,
    "same organisation": InOrganisation(1),
    "other organisation": InOrganisation(2),
    "own account": AccountRef(1, 1),
    "account, same organisation": AccountRef(2, 1),
    "account, other organisation": AccountRef(3, 2),
    "own": 1,  # an owner's id: their own entry
    "someone else's": 2,
    "own team": 10,
    "team they lead": 11,
    "other team": 20,
    "pair member, supervisee": PairRef(supervisor_id=2, supervisee_id=1, active=True),
    "pair member, supervisor": PairRef(supervisor_id=1, supervisee_id=2, active=True),
    "ended pair, supervisee": PairRef(supervisor_id=2, supervisee_id=1, active=False),
    "ended pair, supervisor": PairRef(supervisor_id=1, supervisee_id=2, active=False),
    "not pair member": PairRef(supervisor_id=2, supervisee_id=3, active=True),
    "discussion partner, supervising its owner": DiscussionRef(2, 1, PairRef(supervisor_id=1, supervisee_id=2, active=True)),
    "discussion partner, pair ended": DiscussionRef(2, 1, None),
    "discussion partner, supervising someone else": DiscussionRef(2, 1, PairRef(supervisor_id=1, supervisee_id=3, active=True)),
    "discussion with another partner": DiscussionRef(2, 4, PairRef(supervisor_id=4, supervisee_id=2, active=True)),
}

# permission, the actor's roles, the resource, allowed
MATRIX = [
    (Permission.USE_APP, (P,), "-", True),
    (Permission.USE_APP, (A,), "-", True),
    (Permission.MANAGE_OWN_ACCOUNT, (S,), "-", True),
    (Permission.READ_OWN_AUDIT, (L,), "-", True),
    (Permission.ADMINISTER, (P,), "-", False),
    (Permission.ADMINISTER, (S,), "-", False),
    (Permission.ADMINISTER, (L,), "-", False),
    (Permission.ADMINISTER, (P, S, L), "-", False),
    (Permission.ADMINISTER, (A,), "-", True),
    (Permission.ADMINISTER, (A,), "same organisation", True),
    (Permission.ADMINISTER, (A,), "other organisation", False),
    (Permission.ADMINISTER, (P, S, L), "same organisation", False),
    (Permission.ERASE_ACCOUNT, (P,), "own account", True),
    (Permission.ERASE_ACCOUNT, (A,), "own account", True),
    (Permission.ERASE_ACCOUNT, (P, S, L), "account, same organisation", False),
    (Permission.ERASE_ACCOUNT, (A,), "account, same organisation", True),
    (Permission.ERASE_ACCOUNT, (A,), "account, other organisation", False),
    (Permission.KEEP_OWN_REFLECTIONS, (P,), "-", True),
    (Permission.KEEP_OWN_REFLECTIONS, (A,), "-", False),
    (Permission.READ_ENTRY, (P,), "own", True),
    (Permission.READ_ENTRY, (P, S, L), "someone else's", False),
    (Permission.READ_ENTRY, (A,), "someone else's", False),
    (Permission.READ_ENTRY, (A,), "own", False),
    (Permission.OWN_CONTENT, (P,), "own", True),
    (Permission.OWN_CONTENT, (P, S, L), "someone else's", False),
    (Permission.OWN_CONTENT, (A,), "someone else's", False),
    (Permission.OWN_CONTENT, (P,), "-", False),
    (Permission.READ_TEAM_LEARNING, (P,), "own team", True),
    (Permission.READ_TEAM_LEARNING, (P,), "other team", False),
    (Permission.READ_TEAM_LEARNING, (A,), "own team", False),
    (Permission.KEEP_OWN_TALENTS, (P,), "-", True),
    (Permission.KEEP_OWN_TALENTS, (S,), "-", True),
    (Permission.KEEP_OWN_TALENTS, (L,), "-", True),
    (Permission.KEEP_OWN_TALENTS, (A,), "-", False),
    (Permission.VIEW_REGISTER, (P,), "-", True),
    (Permission.VIEW_REGISTER, (L,), "-", True),
    (Permission.VIEW_REGISTER, (A,), "-", False),
    (Permission.VIEW_REGISTER, (P,), "own team", True),
    (Permission.VIEW_REGISTER, (P,), "other team", False),
    (Permission.LEAD_TEAM_REGISTER, (P,), "-", False),
    (Permission.LEAD_TEAM_REGISTER, (P, S), "-", False),
    (Permission.LEAD_TEAM_REGISTER, (A,), "-", False),
    (Permission.LEAD_TEAM_REGISTER, (L,), "-", True),
    (Permission.LEAD_TEAM_REGISTER, (L,), "team they lead", True),
    (Permission.LEAD_TEAM_REGISTER, (L,), "own team", False),
    (Permission.LEAD_TEAM_REGISTER, (L,), "other team", False),
    (Permission.SHARE_WITH_SUPERVISOR, (P,), "pair member, supervisee", True),
    (Permission.SHARE_WITH_SUPERVISOR, (P,), "ended pair, supervisee", True),
    (Permission.SHARE_WITH_SUPERVISOR, (P, S), "pair member, supervisor", False),
    (Permission.SHARE_WITH_SUPERVISOR, (P,), "not pair member", False),
    (Permission.SHARE_WITH_SUPERVISOR, (A,), "pair member, supervisee", False),
    (Permission.SUPERVISE, (S,), "pair member, supervisor", True),
    (Permission.SUPERVISE, (S,), "ended pair, supervisor", False),
    (Permission.SUPERVISE, (S,), "pair member, supervisee", False),
    (Permission.SUPERVISE, (S,), "not pair member", False),
    (Permission.SUPERVISE, (P,), "pair member, supervisor", False),
    (Permission.IN_SUPERVISION_PAIR, (P,), "pair member, supervisee", True),
    (Permission.IN_SUPERVISION_PAIR, (P,), "ended pair, supervisee", True),
    (Permission.IN_SUPERVISION_PAIR, (S,), "pair member, supervisor", True),
    (Permission.IN_SUPERVISION_PAIR, (S,), "ended pair, supervisor", False),
    (Permission.IN_SUPERVISION_PAIR, (P, S, L), "not pair member", False),
    (Permission.IN_SUPERVISION_PAIR, (A,), "not pair member", False),
    (Permission.KEEP_REVALIDATION, (P,), "-", True),
    (Permission.KEEP_REVALIDATION, (A,), "-", False),
    (Permission.READ_REVALIDATION, (P,), "own", True),
    (Permission.READ_REVALIDATION, (P, S, L), "someone else's", False),
    (Permission.READ_REVALIDATION, (A,), "someone else's", False),
    (Permission.CONFIRM_DISCUSSION, (S,), "discussion partner, supervising its owner", True),
    (Permission.CONFIRM_DISCUSSION, (P,), "discussion partner, supervising its owner", False),
    (Permission.CONFIRM_DISCUSSION, (S,), "discussion partner, pair ended", False),
    (Permission.CONFIRM_DISCUSSION, (S,), "discussion partner, supervising someone else", False),
    (Permission.CONFIRM_DISCUSSION, (S,), "discussion with another partner", False),
    (Permission.CONFIRM_DISCUSSION, (A,), "discussion partner, supervising its owner", False),
]

# A Wellness at Work plan's share, as the acting person (person 1) stands to it: the plan of
# person 2, shared with the supervisor of their pair.
RESOURCES |= {
    "plan shared with me": WellnessShareRef(2, PairRef(supervisor_id=1, supervisee_id=2, active=True), withdrawn=False),
    "plan share withdrawn": WellnessShareRef(2, PairRef(supervisor_id=1, supervisee_id=2, active=True), withdrawn=True),
    "plan shared, pair ended": WellnessShareRef(2, PairRef(supervisor_id=1, supervisee_id=2, active=False), withdrawn=False),
    "plan shared with someone else": WellnessShareRef(2, PairRef(supervisor_id=3, supervisee_id=2, active=True), withdrawn=False),
}
MATRIX += [
    (Permission.READ_JUST_ME_NOTE, (P,), "own", True),  # the writer
    (Permission.READ_JUST_ME_NOTE, (P, S), "someone else's", False),  # the other member of the pair
    (Permission.READ_JUST_ME_NOTE, (A,), "someone else's", False),
    (Permission.KEEP_OWN_WELLNESS_PLAN, (P,), "-", True),
    (Permission.KEEP_OWN_WELLNESS_PLAN, (A,), "-", False),
    (Permission.KEEP_OWN_WELLNESS_PLAN, (P,), "own", True),  # their own plan's share
    (Permission.KEEP_OWN_WELLNESS_PLAN, (P, S), "someone else's", False),
    (Permission.READ_SHARED_WELLNESS_PLAN, (P, S), "plan shared with me", True),
    (Permission.READ_SHARED_WELLNESS_PLAN, (P, S), "plan share withdrawn", False),
    (Permission.READ_SHARED_WELLNESS_PLAN, (P, S), "plan shared, pair ended", False),
    (Permission.READ_SHARED_WELLNESS_PLAN, (P, S), "plan shared with someone else", False),  # a new supervisor is a new pair
    (Permission.READ_SHARED_WELLNESS_PLAN, (P,), "plan shared with me", False),  # no longer a supervisor
    (Permission.READ_SHARED_WELLNESS_PLAN, (A,), "plan shared with me", False),
]

# An action agreed at a team's review, as person 1 (member of teams 10 and 11, lead of 11) stands to it.
RESOURCES |= {
    "own action, own team": TeamActionRef(owner_id=1, team_id=10),
    "someone else's action, team they lead": TeamActionRef(owner_id=2, team_id=11),
    "someone else's action, own team": TeamActionRef(owner_id=2, team_id=10),
    "someone else's action, other team": TeamActionRef(owner_id=2, team_id=20),
}
MATRIX += [
    (Permission.MARK_TEAM_ACTION_DONE, (P,), "own action, own team", True),
    (Permission.MARK_TEAM_ACTION_DONE, (P, L), "someone else's action, team they lead", True),
    (Permission.MARK_TEAM_ACTION_DONE, (P,), "someone else's action, own team", False),
    (Permission.MARK_TEAM_ACTION_DONE, (P, L), "someone else's action, other team", False),
    (Permission.MARK_TEAM_ACTION_DONE, (A,), "own action, own team", False),
]


@pytest.mark.parametrize(("permission", "roles", "resource", "allowed"), MATRIX)
def test_permission_matrix(permission, roles, resource, allowed):
    assert can(actor(*roles), permission, RESOURCES[resource]) is allowed


def test_every_permission_has_a_row_allowed_and_a_row_refused():
    allowed = {permission for permission, _roles, _resource, yes in MATRIX if yes}
    refused = {permission for permission, _roles, _resource, yes in MATRIX if not yes}
    assert not set(Permission) - allowed, f"add a row to MATRIX where these are allowed: {sorted(set(Permission) - allowed)}"
    # Every permission but those any signed-in person has is refused to someone.
    for_everyone = {Permission.USE_APP, Permission.MANAGE_OWN_ACCOUNT, Permission.READ_OWN_AUDIT}
    missing = set(Permission) - for_everyone - refused
    assert not missing, f"add a row to MATRIX where these are refused: {sorted(missing)}"


def test_the_command_administers_the_installation_and_erases_any_account():
    assert can(SYSTEM, Permission.ADMINISTER, InOrganisation(2))
    assert can(SYSTEM, Permission.ERASE_ACCOUNT, AccountRef(3, 2))
    assert not can(SYSTEM, Permission.OWN_CONTENT, SYSTEM.person_id)  # the command wrote nothing


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


@given(roles_strategy, st.sampled_from(list(Permission)), st.sampled_from(sorted(RESOURCES)))
def test_ensure_raises_exactly_when_can_says_no_whatever_the_resource(roles, permission, resource):
    who = Actor(person_id=1, organisation_id=1, name="A", roles=roles, team_ids=frozenset({10, 11}), lead_team_ids=frozenset({11}))
    if can(who, permission, RESOURCES[resource]):
        ensure(who, permission, RESOURCES[resource])
    else:
        with pytest.raises(AccessDenied):
            ensure(who, permission, RESOURCES[resource])


@given(roles_strategy, st.sampled_from(list(Permission)))
def test_nothing_of_another_organisation_is_anyones(roles, permission):
    who = Actor(person_id=1, organisation_id=1, name="A", roles=roles)
    assert not can(who, permission, InOrganisation(2)) or permission in {
        Permission.USE_APP, Permission.MANAGE_OWN_ACCOUNT, Permission.READ_OWN_AUDIT, Permission.KEEP_OWN_REFLECTIONS, Permission.KEEP_OWN_TALENTS,
        Permission.KEEP_REVALIDATION,  # keeping one's own records: a role, not a resource
    }
