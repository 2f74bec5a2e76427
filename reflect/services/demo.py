"""The small demo organisation: two teams, a dozen people, every role, known passwords.

Demo accounts are marked, and while any exist every page says so in a banner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from reflect.models import Role
from reflect.services import errors, organisations, own_keys, pairs, persons, teams, wellness_plan
from reflect.services.access import Actor, Permission, ensure

DEMO_PASSWORD = own_keys.DEMO_PASSWORD
DEMO_ORGANISATION = "Demo Mental Health Trust"
NORTH, CRISIS = "North Community Team", "Crisis Resolution Team"

P, S, L, A = Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD, Role.ADMIN


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    roles: tuple[Role, ...]
    team: str | None
    leads: bool = False


DEMO_PEOPLE = (
    DemoPerson("Sam Okafor", "practitioner@example.org", (P,), NORTH),
    DemoPerson("Priya Shah", "supervisor@example.org", (P, S), NORTH),
    DemoPerson("Morgan Lee", "lead@example.org", (P, L), NORTH, leads=True),
    DemoPerson("Alex Kowalski", "admin@example.org", (A,), None),
    DemoPerson("Jordan Evans", "jordan@example.org", (P,), NORTH),
    DemoPerson("Chris Ahmed", "chris@example.org", (P,), NORTH),
    DemoPerson("Ruth Campbell", "ruth@example.org", (P,), NORTH),
    DemoPerson("Tomasz Nowak", "tomasz@example.org", (P,), CRISIS),
    DemoPerson("Dee Williams", "dee@example.org", (P, S), CRISIS),
    DemoPerson("Kemi Adeyemi", "kemi@example.org", (P, L), CRISIS, leads=True),
    DemoPerson("Nia Roberts", "nia@example.org", (P,), CRISIS),
    DemoPerson("Ben Carter", "ben@example.org", (P,), CRISIS),
)

# (supervisor, supervisee): supervisors have supervisors too.
DEMO_PAIRS = (
    ("supervisor@example.org", "practitioner@example.org"),
    ("supervisor@example.org", "jordan@example.org"),
    ("dee@example.org", "tomasz@example.org"),
    ("dee@example.org", "nia@example.org"),
    ("dee@example.org", "supervisor@example.org"),
)


def load(*, by: Actor) -> list[DemoPerson]:
    """Create the demo organisation in an empty database. Returns the demo people.

    Raises:
        PeopleError: the database already holds an organisation.
    """
    ensure(by, Permission.ADMINISTER)
    if organisations.exists_yet():
        raise errors.PeopleError("This database already holds an organisation; the demo goes only into an empty one.")
    organisations.create(name=DEMO_ORGANISATION, by=by)
    for team in (NORTH, CRISIS):
        teams.add(name=team, by=by)
    for person in DEMO_PEOPLE:
        their_teams = [person.team] if person.team else []
        persons.add(
            name=person.name,
            email=person.email,
            roles=person.roles,
            teams=their_teams,
            lead_of=their_teams if person.leads else [],
            password=DEMO_PASSWORD,
            is_demo=True,
            by=by,
        )
    for supervisor, supervisee in DEMO_PAIRS:
        pairs.add(
            supervisor_email=supervisor, supervisee_email=supervisee, starts_on=date.today() - timedelta(weeks=26), kinds=DEMO_PAIR_KINDS, by=by
        )
    load_register(by=by)
    load_roles_and_team_review(by=by)
    load_journeys(by=by)
    load_supervision(by=by)
    load_places(by=by)
    return list(DEMO_PEOPLE)


# The demo organisation's places to turn (a made-up helpline and address; the urgent-help
# numbers are the NHS ones in England).
DEMO_PLACES = (
    ("occupational_health", "Staff Wellbeing Hub", "Intranet: Wellbeing, or extension 4400, weekdays 9 to 5"),
    ("employee_assistance", "Staff Support Line", "Call 0800 000 0000: free, confidential, any time"),
    ("freedom_to_speak_up", "Our guardian", "speakup@example.org"),
    ("urgent_help", "If you are in crisis", "Call NHS 111 and choose the mental health option, or 999 in an emergency"),
)


def load_places(*, by: Actor) -> None:
    """The demo organisation's places to turn, set by its admin."""
    ensure(by, Permission.ADMINISTER)
    from reflect.services import places_to_turn

    admin = _actor("admin@example.org")
    for kind, name, how_to_reach in DEMO_PLACES:
        places_to_turn.save(by=admin, kind=kind, name=name, how_to_reach=how_to_reach)


# --- The team talents register (issue 6) ------------------------------------------------------
# (e-mail, category, description, visibility, willing to, availability, level, language)
DEMO_TALENTS = (
    ("practitioner@example.org", "interests_hobbies", "Football: I play five-a-side and follow the local club", "team", ("offer_to_people_supported", "run_group"), "Wednesday evenings", None, None),
    ("practitioner@example.org", "languages", "Polish, learnt from my grandparents", "organisation", ("offer_to_people_supported",), "", "conversational", "Polish"),
    ("supervisor@example.org", "qualifications", "Qualified mindfulness teacher", "organisation", ("run_group", "support_colleagues"), "Monthly", None, None),
    ("lead@example.org", "expertise_lead_roles", "Family, friends and carers lead: family work training", "team", ("offer_to_people_supported", "support_colleagues"), "", None, None),
    ("lead@example.org", "community_contacts", "Walking football club and the allotment society", "team", ("offer_to_people_supported",), "", None, None),
    ("jordan@example.org", "skills", "Cooking on a budget and batch cooking", "team", ("run_group",), "Thursday afternoons", None, None),
    ("jordan@example.org", "interests_hobbies", "Gardening and growing vegetables", "team", ("offer_to_people_supported",), "", None, None),
    ("chris@example.org", "languages", "Urdu and Punjabi at home", "organisation", ("offer_to_people_supported",), "", "first_language", "Urdu"),
    ("chris@example.org", "cultural_community", "Knows the local mosque and its youth project", "team", ("offer_to_people_supported", "support_colleagues"), "", None, None),
    ("ruth@example.org", "personal_experience", "Caring for a parent with dementia", "team", ("support_colleagues",), "", None, None),
    ("ruth@example.org", "skills", "Writing plain-English leaflets", "team", ("support_colleagues",), "", None, None),
    ("tomasz@example.org", "languages", "Polish, my first language", "organisation", ("offer_to_people_supported",), "", "first_language", "Polish"),
    ("kemi@example.org", "expertise_lead_roles", "Trauma-informed care lead", "team", ("support_colleagues",), "", None, None),
    ("nia@example.org", "languages", "Welsh", "organisation", ("offer_to_people_supported",), "", "fluent", "Welsh"),
)
# (e-mail, professional background, outside work, why I work here, approved)
DEMO_BIOGRAPHIES = (
    ("practitioner@example.org", "Mental health nurse for six years, in the community and on a ward.", "Five-a-side football and my allotment.", "I like being alongside people as things get better.", True),
    ("supervisor@example.org", "Clinical psychologist; I supervise the team's psychology work.", "Mindfulness, long walks and bad puns.", "Small changes matter, and I get to see them.", True),
    ("lead@example.org", "Occupational therapist, now leading the North team.", "Walking football and cooking for friends.", "A team that listens makes a service people trust.", True),
    ("jordan@example.org", "Support worker with a background in catering.", "Growing vegetables and feeding the neighbours.", "I had support like this once, and it helped.", True),
    ("chris@example.org", "Social worker with a focus on families.", "Cricket and my local community centre.", "Knowing someone's world helps them feel understood.", True),
    ("ruth@example.org", "Peer support worker.", "Writing, and looking after my mum.", "Still drafting this part.", False),
)


def load_register(*, by: Actor) -> None:
    """Demo talents and biographies: six North team members contribute, so its team figures show."""
    ensure(by, Permission.ADMINISTER)
    from sqlalchemy import select

    from reflect import runtime
    from reflect.models import Person
    from reflect.services import biographies, register
    from reflect.services.auth import actor_for

    with runtime.current().db.read() as session:
        emails = {t[0] for t in DEMO_TALENTS} | {b[0] for b in DEMO_BIOGRAPHIES}
        actors = {p.email: actor_for(p) for p in session.scalars(select(Person).where(Person.email.in_(emails)))}
    for email, category, description, visibility, willing, availability, level, language in DEMO_TALENTS:
        register.add_entry(
            by=actors[email],
            entry=register.EntryInput(
                category=category, description=description, visibility=visibility, willing_to=willing,
                availability=availability, level=level, language=language,
            ),
        )
    for email, background, outside, why, approved in DEMO_BIOGRAPHIES:
        answers = {"professional_background": background, "interests_outside_work": outside, "why_i_work_here": why}
        biographies.save_draft(by=actors[email], answers=answers)
        if approved:
            biographies.approve(by=actors[email])


# (e-mail, practice role, profession)
DEMO_ROLES = (
    ("practitioner@example.org", "professional", "nurse"),
    ("supervisor@example.org", "professional", "psychologist"),
    ("lead@example.org", "professional", "occupational_therapist"),
    ("ruth@example.org", "peer_worker", None),
)
DEMO_REVIEW = {
    "what_we_found": "Polish, Urdu, Punjabi and Welsh speakers; football, gardening and cooking; links to the mosque's youth project and the allotment society.",
    "not_yet_used": "People on the ward rarely hear about the allotment society. Nobody yet offers music.",
    "next_review": "In three months, with two people who use the service and a carer.",
}
DEMO_CULTURE = {
    "celebrating": "A 'little miracles' round at the end of Friday's team meeting, written on the board for the week.",
    "reflective_practice": "Monthly reflective practice on the experience people bring; the last one was about sharing a hobby.",
}


def load_roles_and_team_review(*, by: Actor) -> None:
    """Demo practice roles, and one asset review with an action and one culture note for North."""
    ensure(by, Permission.ADMINISTER)
    from reflect.services import practice_roles, register, team_records

    for email, role, profession in DEMO_ROLES:
        practice_roles.set_mine(by=_actor(email), role=role, profession=profession)
    lead = _actor("lead@example.org")
    north = next(t.id for t in register.my_teams(by=lead) if t.name == NORTH)
    jordan = _actor("jordan@example.org")
    for kind, answers, actions in (
        ("asset_review", DEMO_REVIEW, [team_records.ActionInput("Ask the allotment society about a taster morning", owner_id=jordan.person_id, due_on=date.today() + timedelta(weeks=6))]),
        ("culture", DEMO_CULTURE, []),
    ):
        asked = {q.id for q in team_records.prompts(kind)}
        kept = {k: v for k, v in answers.items() if k in asked}
        if kept:  # the organisation may have its own prompts
            team_records.record(by=lead, team_id=north, kind=kind, held_on=date.today() - timedelta(weeks=2), answers=kept, actions=actions)


def _option_or_none(tag: str, option_id: str) -> str | None:
    """The option id if the organisation's supervision prompts still offer it."""
    from reflect.services import supervision

    return option_id if option_id in supervision.session_options(tag) else None


# --- Reflection journeys (issue 4) --------------------------------------------------------
DEMO_QUICK_CHECK = {
    "with_whom": "person_supported",
    "purpose": "rapport",
    "benefit": "yes",
    "wishes": "welcome",
    "approach": "start_small",
    "ok_with_me": "yes",
    "mine_to_tell": "mine",
    "timing": ["relationship_ready", "ready_to_hear", "time_and_space"],
    "what": "interest_skill",
    "how_much": "a_line",
    "motivations": ["be_human", "relationship"],
    "warning_signs": ["none"],
}
DEMO_REFLECTION = {
    "what_shared": "That I run with a local club on Saturday mornings, and that it helps me when things are hard.",
    "experience_kind": "interest_skill",
    "audience": "person_supported",
    "role_description": "a young man I support in the community",
    "setting": "one_to_one",
    "their_response": "welcomed",
    "more_or_less": "about_right",
    "looked_after_me": "no",
    "travelled": "not_known",
    "risks_revisited": ["none"],
    "impact_them": 4,
    "impact_relationship": "closer",
    "impact_me": "good",
    "worked": "Keeping it brief, then turning straight back to what he might enjoy.",
    "felt_then": 3,
    "feel_now": 4,
    "learned": "A small, everyday thing can open a door. I didn't need to say more.",
    "supervision": "yes",
    "team_learning": "yes",
    "learning_note": "Sharing a hobby briefly, then handing the conversation back, helped someone think about what they enjoy.",
}
DEMO_PROFILE = {
    "comfort": {
        "hobbies_skills_interests": {"people_supported": "share", "colleagues": "share", "team": "share", "supervisor_manager": "share"},
        "bereavement": {
            "people_supported": "with_care", "family_carers": "with_care", "colleagues": "with_care", "team": "not",
            "supervisor_manager": "share",
        },
    },
    "not_sharing": "Details of my family's health.",
}


def load_journeys(*, by: Actor) -> None:
    """A profile, a quick check and a reflection for the demo practitioner, read as one episode."""
    ensure(by, Permission.ADMINISTER)
    from reflect.models import Stage
    from reflect.services import journeys

    sam = _actor("practitioner@example.org")
    profile = journeys.profile(by=sam)
    grid = profile.questions.question("comfort")
    rows, cols = {r.id for r in grid.rows}, {c.id for c in grid.columns}
    comfort = {r: {c: lv for c, lv in cells.items() if c in cols} for r, cells in DEMO_PROFILE["comfort"].items() if r in rows}
    _answer(profile.id, {"comfort": comfort, "not_sharing": DEMO_PROFILE["not_sharing"]}, sam)
    journeys.complete(entry_id=profile.id, by=sam)
    check = journeys.start(stage=Stage.IN_THE_MOMENT, by=sam, profile_item="hobbies_skills_interests" if "hobbies_skills_interests" in rows else None)
    _answer(check.id, DEMO_QUICK_CHECK, sam)
    journeys.complete(entry_id=check.id, by=sam)
    episode = check.episode_id or journeys.link(entry_ids=[check.id], by=sam)
    after = journeys.start(stage=Stage.AFTER_SHARING, by=sam, episode_id=episode)
    _answer(after.id, DEMO_REFLECTION, sam)
    journeys.complete(entry_id=after.id, by=sam)
    team_id = next(iter(sam.team_ids))
    journeys.offer_learning_note(entry_id=after.id, team_id=team_id, body=DEMO_REFLECTION["learning_note"], by=sam)


# --- Supervision (issue 5) --------------------------------------------------------------
DEMO_PAIR_KINDS = ("practice", "line_management")
DEMO_PLAN = {
    "keeps_well": "A walk at lunchtime, and time to write up notes before the next visit.",
    "early_signs": "I stop taking breaks, and I replay conversations on the way home.",
    "what_helps": "A short check-in with Priya, and a quiet hour to catch up.",
}
DEMO_SUPERVISEE_NOTES = {
    "what_brought": "The time I mentioned my allotment to someone who was struggling to get out of the house.",
    "learned": "A small, everyday detail can open a conversation; I kept it short and handed it back to them.",
    "differently": "I'd check in sooner about how it landed, rather than waiting for the next visit.",
}
DEMO_SUPERVISOR_NOTES = {
    "what_went_well": "Sam kept the focus on the person and offered an idea, not an instruction.",
    "supervisor_example": (
        "Early in my career I told someone far too much about a hard year of mine. They ended up looking "
        "after me. I learned to share a line or two, and say how I got through it."
    ),
}


def load_supervision(*, by: Actor) -> None:
    """Sam shares the episode and one profile experience with Priya; they have met once."""
    ensure(by, Permission.ADMINISTER)
    from reflect.models import ShareKind
    from reflect.services import journeys, supervision

    sam, priya = _actor("practitioner@example.org"), _actor("supervisor@example.org")
    pair = next(p for p in supervision.my_supervisors(by=sam) if p.supervisor_id == priya.person_id)
    shareable = supervision.shareable(pair_id=pair.id, by=sam)
    episode = next((s for s in shareable if s.kind == ShareKind.EPISODE), None)
    profile_item = next((s for s in shareable if s.kind == ShareKind.PROFILE_ITEM), None)
    shared = [supervision.share(pair_id=pair.id, kind=s.kind, target=s.target, by=sam) for s in (episode, profile_item) if s]
    held_on = date.today() - timedelta(weeks=3)
    meeting = supervision.record_meeting(
        pair_id=pair.id, held_on=held_on, functions=["formative", "restorative"], discussed=shared[:1],
        next_on=held_on + timedelta(weeks=4), kind=_option_or_none("session_kind", "practice"),
        supervisor_lived_experience=_option_or_none("supervisor_lived_experience", "yes"), by=priya,
    )
    for person, notes in ((sam, DEMO_SUPERVISEE_NOTES), (priya, DEMO_SUPERVISOR_NOTES)):
        for question_id, value in notes.items():
            try:
                supervision.save_notes(meeting_id=meeting, question_id=question_id, value=value, by=person)
            except journeys.AnswerRejected:
                continue  # the organisation may have changed the prompts
    supervision.add_action(
        pair_id=pair.id, text="Try the 'I don't know what it was like for you, but…' framing", owner_id=sam.person_id,
        due_on=held_on + timedelta(weeks=4), meeting_id=meeting, by=priya,
    )
    supervision.add_action(pair_id=pair.id, text="Bring the team's boundaries policy next time", owner_id=priya.person_id, meeting_id=meeting, by=priya)
    supervision.respond(meeting_id=meeting, confirmed=True, by=sam)
    supervision.add_goal(
        pair_id=pair.id, text="Co-facilitate the recovery group with a colleague", review_on=date.today() + timedelta(weeks=8), meeting_id=meeting, by=sam,
    )
    wellness_plan.save(
        adjustments=[wellness_plan.Adjustment("Later start on Mondays, for a regular appointment", held_on, held_on + timedelta(weeks=12))],
        by=sam, **DEMO_PLAN,
    )
    wellness_plan.share(pair_id=pair.id, by=sam)


def _answer(entry_id: int, answers: dict, by: Actor) -> None:
    from reflect.services import journeys

    for question_id, value in answers.items():
        try:
            journeys.save_answer(entry_id=entry_id, question_id=question_id, value=value, by=by)
        except journeys.AnswerRejected:
            continue  # the organisation may have changed the questions: keep what still fits


def _actor(email: str) -> Actor:
    from sqlalchemy import select

    from reflect import runtime
    from reflect.models import Person
    from reflect.services.auth import actor_for

    # The demo's published password unlocks the demo person's own key (made at first use).
    with runtime.current().db.write(check_session=False) as session:
        person = session.scalar(select(Person).where(Person.email == email))
        return actor_for(person, own=own_keys.open_with(session, person, DEMO_PASSWORD))
