"""Two supervision pairs in two teams, with shared, private and withdrawn items: the world
the supervision tests (services and pages) check access against."""

from __future__ import annotations

from dataclasses import dataclass

from reflect.models import Role, ShareKind, Stage
from reflect.services import journeys, supervision
from reflect.services.access import Actor
from tests import factories

SHARED = "Shared with my supervisor: talking about my allotment helped us connect"
PRIVATE = "Private and never shared: my brother's illness came up"
WITHDRAWN = "Shared then withdrawn: I said too much about my divorce"
OTHER_PAIR = "The other pair's reflection about faith and fasting"
SUPERVISORS_OWN = "The supervisor's own reflection about grief, shared with their supervisor"
PROFILE_WORDS = "I talk about the allotment and what growing things taught me"


@dataclass(frozen=True)
class World:
    north_supervisor: Actor  # supervises sam; is supervised by crisis_supervisor
    sam: Actor
    crisis_supervisor: Actor  # supervises tomasz and north_supervisor
    tomasz: Actor
    lead: Actor  # leads the North team; supervises nobody
    admin: Actor
    north_pair: int
    crisis_pair: int
    supervisors_pair: int
    shared_item: int  # sam's reflection, shared
    withdrawn_item: int  # sam's reflection, shared and withdrawn
    profile_item: int  # one experience from sam's profile, shared
    private_entry: int  # sam's reflection, never shared
    tomasz_item: int  # tomasz's reflection, shared in the crisis pair
    supervisors_item: int  # north_supervisor's own reflection, shared with crisis_supervisor


def reflection(by: Actor, text: str, **extra) -> journeys.EntryView:
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=by)
    for question_id, value in ({"what_shared": text, "audience": "person_supported"} | extra).items():
        journeys.save_answer(entry_id=entry.id, question_id=question_id, value=value, by=by)
    return journeys.complete(entry_id=entry.id, by=by)


def build(org: int) -> World:
    north, crisis = factories.make_team(org, "North"), factories.make_team(org, "Crisis")
    north_supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(north,), name="Priya Shah", email="priya@example.org")
    sam = factories.make_person(org, teams=(north,), name="Sam Okafor", email="sam@example.org")
    crisis_supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), teams=(crisis,), name="Dee Williams", email="dee@example.org")
    tomasz = factories.make_person(org, teams=(crisis,), name="Tomasz Nowak", email="tomasz@example.org")
    lead = factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), teams=(north,), leads=(north,), name="Morgan Lee", email="morgan@example.org")
    admin = factories.make_person(org, roles=(Role.ADMIN,), name="Alex Admin", email="alex@example.org")
    north_pair = factories.make_pair(north_supervisor, sam)
    crisis_pair = factories.make_pair(crisis_supervisor, tomasz)
    supervisors_pair = factories.make_pair(crisis_supervisor, north_supervisor)

    shared = reflection(sam, SHARED, experience_kind="interest_skill")
    private = reflection(sam, PRIVATE)
    withdrawn = reflection(sam, WITHDRAWN)
    profile = journeys.profile(by=sam)
    journeys.save_answer(entry_id=profile.id, question_id="comfort", value={"hobbies_skills_interests": {"supervisor_manager": "share"}}, by=sam)
    journeys.save_answer(entry_id=profile.id, question_id="hobbies_skills_interests.framing", value=PROFILE_WORDS, by=sam)
    shared_item = supervision.share(pair_id=north_pair, kind=ShareKind.ENTRY, target=str(shared.id), by=sam)
    withdrawn_item = supervision.share(pair_id=north_pair, kind=ShareKind.ENTRY, target=str(withdrawn.id), by=sam)
    profile_item = supervision.share(pair_id=north_pair, kind=ShareKind.PROFILE_ITEM, target="hobbies_skills_interests", by=sam)
    supervision.withdraw(shared_item_id=withdrawn_item, by=sam)

    tomasz_entry = reflection(tomasz, OTHER_PAIR)
    tomasz_item = supervision.share(pair_id=crisis_pair, kind=ShareKind.ENTRY, target=str(tomasz_entry.id), by=tomasz)
    own = reflection(north_supervisor, SUPERVISORS_OWN)
    supervisors_item = supervision.share(pair_id=supervisors_pair, kind=ShareKind.ENTRY, target=str(own.id), by=north_supervisor)
    return World(
        north_supervisor, sam, crisis_supervisor, tomasz, lead, admin, north_pair, crisis_pair, supervisors_pair,
        shared_item, withdrawn_item, profile_item, private.id, tomasz_item, supervisors_item,
    )
