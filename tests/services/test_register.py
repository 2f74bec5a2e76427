"""The talents register service, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select, text

from reflect.crypto import SealedText
from reflect.models import AuditEvent, PersonKey, Role
from reflect.models.register import RegisterContributor, RegisterEntry, RegisterToken
from reflect.reports import tables
from reflect.services import register
from reflect.services.access import SYSTEM, AccessDenied
from reflect.services.register import EntryInput, RegisterError
from tests import factories


def entry(description: str = "Cooking on a budget", *, category: str = "skills", visibility: str = "team", **kw) -> EntryInput:
    return EntryInput(category=category, description=description, visibility=visibility, **kw)


@pytest.fixture
def teams(org):
    """Two teams with a member and a lead each, and a third person with no team."""
    north, crisis = factories.make_team(org, "North"), factories.make_team(org, "Crisis")
    return {
        "north": north,
        "crisis": crisis,
        "north_member": factories.make_person(org, teams=(north,), name="Nia North", email="nia@example.org"),
        "north_lead": factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(north,), name="Lee Lead", email="lee@example.org"),
        "crisis_member": factories.make_person(org, teams=(crisis,), name="Cal Crisis"),
        "crisis_lead": factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(crisis,), name="Kim Lead"),
    }


def seen_by(actor, query: str = "") -> list[str]:
    return [i.description for i in register.search(by=actor, filters=register.RegisterFilters(query=query)).items]


# --- my entries -----------------------------------------------------------------------------------


def test_add_entry_seals_the_description_and_indexes_no_plaintext(rt, teams):
    owner = teams["north_member"]
    entry_id = register.add_entry(by=owner, entry=entry("Fluent Kashubian storytelling"))
    with rt.db.read() as session:
        row = session.get(RegisterEntry, entry_id)
        raw = session.execute(text("SELECT description FROM register_entries WHERE id = :i"), {"i": entry_id}).scalar()
        tokens = session.scalars(select(RegisterToken.token_hash).where(RegisterToken.entry_id == entry_id)).all()
    assert isinstance(row.description, SealedText) and row.description.owner_id == owner.person_id
    assert b"Kashubian" not in bytes(raw)
    assert tokens and all(isinstance(t, int) for t in tokens)
    assert [e.description for e in register.my_entries(by=owner)] == ["Fluent Kashubian storytelling"]


def test_team_entry_is_seen_by_the_team_only(rt, teams):
    register.add_entry(by=teams["north_member"], entry=entry("Team-only juggling", visibility="team"))
    assert seen_by(teams["north_member"]) == ["Team-only juggling"]
    assert seen_by(teams["north_lead"]) == ["Team-only juggling"]
    assert seen_by(teams["crisis_member"]) == []
    assert seen_by(teams["crisis_lead"]) == []
    assert seen_by(teams["crisis_lead"], "juggling") == []


def test_organisation_entry_is_seen_across_the_organisation_but_not_outside_it(rt, teams, org):
    register.add_entry(by=teams["north_member"], entry=entry("Shared juggling", visibility="organisation"))
    other_org = factories.make_organisation("Elsewhere")
    outsider = factories.make_person(other_org, teams=(factories.make_team(other_org, "North"),))
    assert seen_by(teams["crisis_lead"], "juggling") == ["Shared juggling"]
    assert seen_by(outsider, "juggling") == []


def test_another_team_lead_cannot_view_the_team_register_or_its_figures(rt, teams):
    register.add_entry(by=teams["north_member"], entry=entry("Team-only juggling"))
    with pytest.raises(AccessDenied):
        register.search(by=teams["crisis_lead"], filters=register.RegisterFilters(team_id=teams["north"]))
    with pytest.raises(AccessDenied):
        register.coverage(by=teams["crisis_lead"], team_id=teams["north"])
    columns, rows = register.export_table(by=teams["crisis_lead"])
    assert rows == []


def test_entries_leave_the_team_view_when_their_owner_leaves_the_team(rt, teams):
    owner = teams["north_member"]
    register.add_entry(by=owner, entry=entry("Team-only juggling"))
    with rt.db.write() as session:
        session.execute(text("DELETE FROM team_memberships WHERE person_id = :p"), {"p": owner.person_id})
    assert seen_by(teams["north_lead"]) == []


def test_only_the_owner_can_change_or_delete_an_entry(rt, teams):
    entry_id = register.add_entry(by=teams["north_member"], entry=entry("Juggling"))
    with pytest.raises(RegisterError):
        register.update_entry(by=teams["north_lead"], entry_id=entry_id, entry=entry("Hijacked"))
    with pytest.raises(RegisterError):
        register.delete_entry(by=teams["north_lead"], entry_id=entry_id)
    register.update_entry(by=teams["north_member"], entry_id=entry_id, entry=entry("Juggling and unicycling"))
    assert seen_by(teams["north_lead"], "unicycling") == ["Juggling and unicycling"]
    assert seen_by(teams["north_lead"], "Juggling") == ["Juggling and unicycling"]
    register.delete_entry(by=teams["north_member"], entry_id=entry_id)
    assert seen_by(teams["north_lead"]) == []
    with rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(RegisterToken)) == 0


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"category": "astrology"}, "isn't one of the register's categories"),
        ({"description": "  "}, "a few words"),
        ({"visibility": "everyone"}, "who may see it"),
        ({"willing_to": ("sell",)}, "willing to do"),
        ({"category": "languages"}, "which language"),
        ({"category": "languages", "language": "Polish", "level": "expert"}, "isn't one of the levels"),
        ({"language": "Polish"}, "doesn't take a language"),
        ({"category": "languages", "language": "<script>"}, "name in letters"),
    ],
)
def test_add_entry_refuses_bad_fields_with_a_reason(rt, teams, bad, message):
    with pytest.raises(RegisterError, match=message):
        register.add_entry(by=teams["north_member"], entry=EntryInput(**({"category": "skills", "description": "x", "visibility": "team"} | bad)))


def test_a_person_with_no_team_can_only_share_with_the_organisation(rt, org):
    loner = factories.make_person(org)
    with pytest.raises(RegisterError, match="which of your teams"):
        register.add_entry(by=loner, entry=entry(visibility="team"))
    register.add_entry(by=loner, entry=entry(visibility="organisation"))


def test_admins_keep_no_talents(rt, teams, admin):
    with pytest.raises(AccessDenied):
        register.add_entry(by=admin, entry=entry())
    with pytest.raises(AccessDenied):
        register.search(by=admin)


def test_search_folds_case_accents_and_plurals_and_needs_every_word(rt, teams):
    member = teams["north_member"]
    register.add_entry(by=member, entry=entry("Support group for carers", category="expertise_lead_roles"))
    register.add_entry(by=member, entry=entry("Polish", category="languages", language="polish", level="fluent"))
    register.add_entry(by=member, entry=entry("Café football on Sundays", category="interests_hobbies"))
    assert seen_by(member, "CARER") == ["Support group for carers"]
    assert seen_by(member, "who speaks Polish?") == ["Polish"]
    assert seen_by(member, "cafe") == ["Café football on Sundays"]
    assert seen_by(member, "football sundays") == ["Café football on Sundays"]
    assert seen_by(member, "football carers") == []
    assert seen_by(member, "languages") == ["Polish"]  # category names are searchable too
    assert register.languages(by=member) == ["Polish"]
    assert [i.description for i in register.search(by=member, filters=register.RegisterFilters(language="Polish")).items] == ["Polish"]


def test_search_finds_the_right_people_in_a_register_of_ten_thousand(rt, org):
    team_ids = [factories.make_team(org, f"Team {n}") for n in range(4)]
    people = [factories.make_person(org, teams=(team_ids[n % 4],)) for n in range(40)]
    generated = register.load_synthetic(by=SYSTEM, owners=[(p.person_id, team_ids[i % 4]) for i, p in enumerate(people)], count=10_000)
    viewer = people[0]  # in team 0
    needle_owner = people[5]  # in team 1
    register.add_entry(by=needle_owner, entry=entry("Kashubian folk songs", category="languages", language="Kashubian", visibility="organisation"))
    register.add_entry(by=people[9], entry=entry("Kashubian embroidery", visibility="team"))  # team 1: hidden from viewer

    found = register.search(by=viewer, filters=register.RegisterFilters(query="kashubian"))
    assert [(i.who, i.description) for i in found.items] == [(needle_owner.name, "Kashubian folk songs")]

    def visible(e) -> bool:
        return e.visibility == "organisation" or e.team_id == team_ids[0]

    expected = {e.entry_id for e in generated if visible(e) and "football" in e.description and "gardening" in e.description}
    result = register.search(by=viewer, filters=register.RegisterFilters(query="football gardening"), per_page=10_000)
    assert result.total == len(expected) > 0
    assert {i.entry_id for i in result.items} == expected
    # Its time is measured by bench/register_search.py, not asserted here.


def test_search_counts_up_to_the_cap_and_pages_follow_a_cursor_through_everything(rt, org):
    team_id = factories.make_team(org, "Big")
    owners = [factories.make_person(org, teams=(team_id,)) for _ in range(3)]
    generated = register.load_synthetic(by=SYSTEM, owners=[(p.person_id, team_id) for p in owners], count=register.COUNT_CAP + 60)
    first = register.search(by=owners[0], per_page=60)
    assert first.total == register.COUNT_CAP and first.more_than_cap

    seen, cursor, pages = [], None, 0
    while True:
        result = register.search(by=owners[0], per_page=60, after=cursor)
        seen += [(i.category, i.entry_id) for i in result.items]
        pages += 1
        if result.next_after is None:
            break
        cursor = result.next_after
    assert pages == 3 and len(seen) == len(set(seen)) == len(generated)
    assert [c for c, _ in seen] == sorted(c for c, _ in seen)


@pytest.mark.parametrize("query", ["football", "football gardening", "gardening football polish", "nothing-like-it"])
def test_a_search_with_words_pages_newest_first_through_exactly_the_entries_holding_every_word(rt, org, query):
    team_id = factories.make_team(org, "Big")
    owners = [factories.make_person(org, teams=(team_id,)) for _ in range(3)]
    generated = register.load_synthetic(by=SYSTEM, owners=[(p.person_id, team_id) for p in owners], count=400, seed=7)
    wanted = set(register.words(query))
    expected = sorted((g.entry_id for g in generated if wanted <= register.words(g.description + " " + (g.language or ""))), reverse=True)

    seen, cursor, counts = [], None, []
    while True:
        result = register.search(by=owners[0], filters=register.RegisterFilters(query=query), per_page=7, after=cursor)
        seen += [i.entry_id for i in result.items]
        counts.append((result.total, result.more_than_cap))
        if result.next_after is None:
            break
        cursor = result.next_after
    assert seen == expected  # every match once, newest added first, whichever word is rarest
    # The count is what has been found so far, "more than" it until the last page, then exact.
    assert counts == [(min(7 * n, len(expected)), 7 * n < len(expected)) for n in range(1, len(counts) + 1)]
    first = register.search(by=owners[0], filters=register.RegisterFilters(query=query))
    assert first.total == min(len(expected), register.PAGE_SIZE)
    assert first.more_than_cap == (len(expected) > register.PAGE_SIZE)
    by_offset = [i.entry_id for n in (1, 2, 3) for i in register.search(by=owners[0], filters=register.RegisterFilters(query=query), per_page=7, page=n).items]
    assert by_offset == expected[:21]


def test_export_in_chunks_gives_every_visible_entry_once(rt, teams):
    for n in range(9):
        register.add_entry(by=teams["north_member"], entry=entry(f"Skill number {n}", visibility="organisation"))
    register.add_entry(by=teams["crisis_member"], entry=entry("Crisis team only"))
    chunks = list(register.export_chunks(by=teams["north_lead"], chunk=4))
    rows = [row for _, chunk in chunks for row in chunk]
    assert [len(chunk) for _, chunk in chunks] == [4, 4, 1]
    assert sorted(r[register.EXPORT_COLUMNS.index("Description")] for r in rows) == [f"Skill number {n}" for n in range(9)]
    assert register.export_count(by=teams["north_lead"]) == 9


def test_a_download_unwraps_each_persons_key_once_across_its_chunks(rt, teams, monkeypatch):
    for n in range(5):
        register.add_entry(by=teams["north_member"], entry=entry(f"Skill number {n}", visibility="organisation"))
        register.add_entry(by=teams["crisis_member"], entry=entry(f"Crisis skill {n}", visibility="organisation"))
    unwrapped: list[str] = []
    keystore = type(rt.keystore)
    real = keystore.unwrap

    def counted(self, wrapped: dict[str, bytes]) -> dict[str, bytes | None]:
        unwrapped.extend(wrapped)
        return real(self, wrapped)

    monkeypatch.setattr(keystore, "unwrap", counted)
    chunks = list(register.export_chunks(by=teams["north_lead"], chunk=3))
    assert [len(rows) for _, rows in chunks] == [3, 3, 3, 1]
    with rt.db.read() as session:
        names = session.scalars(
            select(PersonKey.key_name).where(
                PersonKey.person_id.in_([teams["north_member"].person_id, teams["crisis_member"].person_id])
            )
        ).all()
    assert sorted(unwrapped) == sorted(names)


def test_the_register_list_reads_its_order_index_alone(sqlite_rt):
    """Who may see an entry is in the order index, so listing opens only the entries shown
    (SQLite's plan names a covering index; PostgreSQL's choice depends on its statistics)."""
    rt = sqlite_rt
    org = factories.make_organisation()
    north = factories.make_team(org, "North")
    member = factories.make_person(org, teams=(north,))
    for n in range(3):
        register.add_entry(by=member, entry=entry(f"Skill number {n}"))
    seen: list[tuple[str, tuple]] = []

    def keep(_conn, _cursor, statement, parameters, *_args) -> None:
        seen.append((statement, parameters))

    event.listen(rt.db.engine, "before_cursor_execute", keep)
    try:
        assert len(register.search(by=member, per_page=2).items) == 2
    finally:
        event.remove(rt.db.engine, "before_cursor_execute", keep)
    listing = [(sql, params) for sql, params in seen if "ORDER BY register_entries.category" in sql and "LIMIT" in sql]
    assert listing
    with rt.db.engine.connect() as connection:
        for sql, params in listing:
            plan = " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all())
            assert "USING COVERING INDEX ix_register_entries_org_order" in plan, plan


def test_languages_lists_only_languages_the_person_can_see(rt, teams):
    register.add_entry(by=teams["north_member"], entry=entry("Polish at home", category="languages", language="Polish", visibility="team"))
    register.add_entry(by=teams["crisis_member"], entry=entry("Somali", category="languages", language="Somali", visibility="team"))
    register.add_entry(by=teams["crisis_member"], entry=entry("Welsh", category="languages", language="Welsh", visibility="organisation"))
    assert register.languages(by=teams["north_lead"]) == ["Polish", "Welsh"]
    assert register.languages(by=teams["crisis_lead"]) == ["Somali", "Welsh"]


# --- team figures --------------------------------------------------------------------------------


def test_team_figures_need_five_contributors(rt, org, teams):
    north = teams["north"]
    members = [teams["north_member"], teams["north_lead"]] + [factories.make_person(org, teams=(north,)) for _ in range(3)]
    for person in members[:4]:
        register.add_entry(by=person, entry=entry("Football"))
    figures = register.coverage(by=teams["north_lead"], team_id=north)
    assert not figures.shown and figures.by_category == () and "at least 5 people" in figures.message
    register.add_entry(by=members[4], entry=entry("Polish", category="languages", language="Polish", level="fluent"))
    figures = register.coverage(by=teams["north_lead"], team_id=north)
    assert figures.shown and figures.contributors == 5
    assert dict(figures.by_category)["Skills"] == 4
    assert figures.by_language == (("Polish", 1),)
    assert dict(figures.by_category)["Qualifications"] == 0


def test_personal_experience_defaults_to_the_team_and_stays_out_of_exports_unless_opted_in(rt, teams, org):
    owner = teams["north_member"]
    kept = register.add_entry(by=owner, entry=EntryInput(category="personal_experience", description="Caring for my dad"))
    opted = register.add_entry(
        by=owner,
        entry=EntryInput(category="personal_experience", description="Living with diabetes", visibility="organisation", export_ok=True),
    )
    register.add_entry(by=owner, entry=entry("Cooking on a budget", visibility="organisation"))

    mine = {e.id: e for e in register.my_entries(by=owner)}
    assert mine[kept].visibility == "team" and not mine[kept].export_ok
    assert seen_by(teams["crisis_member"], "dad") == []
    assert sorted(seen_by(teams["north_lead"])) == ["Caring for my dad", "Cooking on a budget", "Living with diabetes"]
    _, rows = register.export_table(by=teams["north_lead"])
    assert sorted(row[4] for row in rows) == ["Cooking on a budget", "Living with diabetes"]
    _, rows = register.export_table(by=owner, filters=register.RegisterFilters(category="personal_experience"))
    assert [row[4] for row in rows] == ["Living with diabetes"]


def test_changing_a_personal_experience_entry_keeps_it_out_of_exports_unless_opted_in_again(rt, teams):
    owner = teams["north_member"]
    entry_id = register.add_entry(by=owner, entry=EntryInput(category="personal_experience", description="Bereavement", export_ok=True))
    register.update_entry(by=owner, entry_id=entry_id, entry=EntryInput(category="personal_experience", description="Bereavement, twice"))

    _, rows = register.export_table(by=teams["north_lead"])

    assert rows == []


def test_consent_on_someone_elses_behalf_is_refused(rt, teams):
    with pytest.raises(RegisterError):
        register.record_contributor(
            by=teams["north_lead"],
            team_id=teams["north"],
            chosen_name="Ana",
            consent_from="representative",
            consented_at=datetime(2026, 1, 5, tzinfo=UTC),
            consent_visibility="team",
            entries=[entry("Builds apps for phones")],
        )
    assert list(register.CONSENT_FROM) == ["person"]


def test_lead_roles_are_listed(rt, teams):
    register.add_entry(by=teams["north_lead"], entry=entry("Family, friends and carers lead", category="expertise_lead_roles"))
    figures = register.coverage(by=teams["north_member"], team_id=teams["north"])
    assert [i.description for i in figures.lead_roles] == ["Family, friends and carers lead"]


# --- matching -----------------------------------------------------------------------------------


def test_match_lists_people_who_share_interests_and_will_offer_them(rt, teams):
    offer = register.OFFER_TO_PEOPLE
    register.add_entry(by=teams["north_member"], entry=entry("Football and gardening", willing_to=(offer,)))
    register.add_entry(by=teams["north_lead"], entry=entry("Football coaching", willing_to=("support_colleagues",)))
    register.add_entry(by=teams["crisis_member"], entry=entry("Gardening", willing_to=(offer,), visibility="organisation"))
    matches = register.match(by=teams["north_lead"], interests="likes football and gardening")
    assert [(m.who, m.shared) for m in matches] == [("Nia North", 2), ("Cal Crisis", 1)]


def test_match_looks_at_the_newest_entries_holding_each_word(rt, org):
    team_id = factories.make_team(org, "Big")
    offer = register.OFFER_TO_PEOPLE
    people = [factories.make_person(org, teams=(team_id,), name=f"Chess player {n:02d}") for n in range(register.MATCH_CANDIDATES + 5)]
    for person in people:  # oldest first
        register.add_entry(by=person, entry=entry("Chess club", willing_to=(offer,)))
    matches = register.match(by=people[0], interests="chess", limit=len(people))
    newest = {f"Chess player {n:02d}" for n in range(5, len(people))}
    assert {m.who for m in matches} == newest  # the five oldest fall outside the newest MATCH_CANDIDATES


def test_match_refuses_identifying_details(rt, teams):
    with pytest.raises(register.IdentifyingDetails):
        register.match(by=teams["north_lead"], interests="football, lives at 14 Acacia Road, phone 07700 900123")


# --- people using the service -------------------------------------------------------------------------


def test_lead_records_a_contributor_with_consent_and_withdrawal_removes_everything(rt, teams):
    lead = teams["north_lead"]
    contributor_id = register.record_contributor(
        by=lead,
        team_id=teams["north"],
        chosen_name="Ana",
        consent_from="person",
        consented_at=datetime(2026, 1, 5, tzinfo=UTC),
        consent_visibility="team",
        entries=[entry("Builds apps for phones", willing_to=("run_group",))],
    )
    found = register.search(by=teams["north_member"], filters=register.RegisterFilters(query="apps")).items
    assert [(i.who, i.is_contributor) for i in found] == [("Ana (uses the service)", True)]
    assert seen_by(teams["crisis_lead"], "apps") == []
    [summary] = register.contributors(by=lead, team_id=teams["north"])
    assert (summary.chosen_name, summary.recorded_by, summary.entries) == ("Ana", "Lee Lead", 1)
    with rt.db.read() as session:
        raw = session.execute(text("SELECT chosen_name FROM register_contributors")).scalar()
    assert b"Ana" not in bytes(raw)

    with pytest.raises(RegisterError):
        register.withdraw_consent(by=teams["crisis_lead"], contributor_id=contributor_id)
    register.withdraw_consent(by=lead, contributor_id=contributor_id)
    assert seen_by(teams["north_member"], "apps") == []
    with rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(RegisterContributor)) == 0
        assert session.scalar(select(func.count()).select_from(RegisterEntry)) == 0
        assert session.scalar(select(func.count()).select_from(RegisterToken)) == 0
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["register_consent_recorded", "register_consent_withdrawn"]


def test_contributor_entries_stay_within_the_consent_given(rt, teams):
    with pytest.raises(RegisterError, match="agreed to their team"):
        register.record_contributor(
            by=teams["north_lead"],
            team_id=teams["north"],
            chosen_name="Ana",
            consent_from="person",
            consented_at=datetime(2026, 1, 5, tzinfo=UTC),
            consent_visibility="team",
            entries=[entry("Apps", visibility="organisation")],
        )


def test_contributors_give_a_first_name_only_and_only_leads_add_them(rt, teams):
    arguments = dict(team_id=teams["north"], consent_from="person", consented_at=datetime(2026, 1, 5, tzinfo=UTC), consent_visibility="team", entries=[entry()])
    with pytest.raises(RegisterError, match="first name"):
        register.record_contributor(by=teams["north_lead"], chosen_name="Ana Maria Lopez", **arguments)
    with pytest.raises(AccessDenied):
        register.record_contributor(by=teams["north_member"], chosen_name="Ana", **arguments)
    with pytest.raises(AccessDenied):
        register.record_contributor(by=teams["crisis_lead"], chosen_name="Ana", **arguments)


# --- import ------------------------------------------------------------------------------------------


GOOD_CSV = (
    "email,category,description,visibility,willing_to,availability,level,language\n"
    "nia@example.org,skills,Bread baking,team,run_group,Fridays,,\n"
    "NIA@example.org,Languages,Polish,organisation,offer_to_people_supported;support_colleagues,,fluent,polish\n"
    "lee@example.org,interests_hobbies,Chess club,My team,,,,\n"
)


def test_a_good_file_imports_every_row_and_owners_publish_theirs(rt, teams):
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=GOOD_CSV.encode())
    assert (report.imported, report.errors) == (3, ())
    with rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(RegisterEntry)) == 3
        audited = session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == teams["north_member"].person_id)).all()
    assert audited == ["register_entries_imported_for_you"]
    # The lead's own row is published; the others wait for their owner.
    assert seen_by(teams["north_member"]) == ["Chess club"]
    mine = register.my_entries(by=teams["north_member"])
    assert sorted((e.description, e.published) for e in mine) == [("Bread baking", False), ("Polish", False)]
    for e in mine:
        register.publish_entry(by=teams["north_member"], entry_id=e.id)
    assert sorted(seen_by(teams["north_member"])) == ["Bread baking", "Chess club", "Polish"]


def test_a_file_with_one_bad_row_imports_nothing_and_says_which_and_why(rt, teams):
    bad = GOOD_CSV + "nia@example.org,astrology,Star charts,team,,,,\n"
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=bad.encode())
    assert report.imported == 0
    assert [(e.line, "isn't one of the register's categories" in e.reason) for e in report.errors] == [(5, True)]
    with rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(RegisterEntry)) == 0


def test_import_reports_people_outside_the_team_by_line(rt, teams):
    data = "email,category,description,visibility\n\nnobody@example.org,skills,X,team\n"
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=data.encode())
    assert [(e.line, "isn't the e-mail address of a member" in e.reason) for e in report.errors] == [(3, True)]


def test_only_the_team_lead_imports(rt, teams):
    for who in ("north_member", "crisis_lead"):
        with pytest.raises(AccessDenied):
            register.import_csv(by=teams[who], team_id=teams["north"], data=GOOD_CSV.encode())


_cells = st.one_of(
    st.sampled_from(["nia@example.org", "lee@example.org", "skills", "languages", "team", "organisation", "fluent", "Polish", "", "run_group"]),
    st.text(max_size=30),
)
_csv_files = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.lists(_cells, min_size=0, max_size=10), max_size=6).map(
        lambda rows: ("email,category,description,visibility,willing_to,availability,level,language\n"
                      + "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)).encode("utf-8", "surrogatepass")
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_csv_files)
def test_generated_csv_files_never_crash_the_importer(rt, teams, data):
    with rt.db.read() as session:
        before = session.scalar(select(func.count()).select_from(RegisterEntry))
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=data)
    with rt.db.read() as session:
        after = session.scalar(select(func.count()).select_from(RegisterEntry))
    assert (report.imported > 0) != bool(report.errors)
    assert after - before == report.imported
    assert all(isinstance(e.line, int) and e.reason for e in report.errors)


def test_import_refuses_a_row_repeated_in_the_file_naming_both_lines(rt, teams):
    data = GOOD_CSV + "nia@example.org,skills,  bread   BAKING ,team,,,,\n"
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=data.encode())
    assert report.imported == 0
    assert [(e.line, "repeats line 2" in e.reason) for e in report.errors] == [(5, True)]


def test_import_refuses_a_row_already_in_the_register(rt, teams):
    register.add_entry(by=teams["north_member"], entry=entry("Bread baking"))
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=GOOD_CSV.encode())
    assert report.imported == 0
    assert [(e.line, "already has this entry" in e.reason) for e in report.errors] == [(2, True)]


def test_a_word_line_break_in_a_description_imports_saves_and_exports_to_xlsx(rt, teams):
    data = "email,category,description,visibility\nnia@example.org,skills,\"Bread baking\x0bsourdough too\x01\",team\n"
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=data.encode())
    assert (report.imported, report.errors) == (1, ())
    register.add_entry(by=teams["north_member"], entry=entry("Juggling\x0bthree balls\x1b", availability="Mon\x0bTue"))
    assert sorted(e.description for e in register.my_entries(by=teams["north_member"])) == [
        "Bread baking\nsourdough too",
        "Juggling\nthree balls",
    ]
    columns, rows = register.export_table(by=teams["north_lead"])
    assert tables.to_xlsx(columns, rows)[:2] == b"PK"


def test_text_stored_with_control_characters_before_cleaning_still_exports(rt, teams):
    from reflect.services.vault import Vault

    entry_id = register.add_entry(by=teams["north_member"], entry=entry("Legacy text"))
    with rt.db.write() as session:
        row = session.get(RegisterEntry, entry_id)
        row.description = Vault(session, rt.server_key).seal(teams["north_member"].person_id, "Line one\x0bline two\x07")
    columns, rows = register.export_table(by=teams["north_lead"])
    assert tables.to_xlsx(columns, rows)[:2] == b"PK"
    assert "Line one\nline two" in tables.to_csv(columns, rows).decode("utf-8-sig")
