"""The register's import and export are one format: a download imports back without editing, and
the template is that same format with the allowed values listed from the data."""

from __future__ import annotations

from reflect.reports import tables
from reflect.services import register
from tests.services.test_register import GOOD_CSV, teams  # noqa: F401  (the fixture)


def test_a_team_export_imports_back_without_editing(rt, teams):
    lead = teams["north_lead"]
    assert register.import_csv(by=lead, team_id=teams["north"], data=GOOD_CSV.encode()).imported == 3
    for mine in register.my_entries(by=teams["north_member"]):
        register.publish_entry(by=teams["north_member"], entry_id=mine.id)
    columns, rows = register.export_table(by=lead, filters=register.RegisterFilters(team_id=teams["north"]))
    exported = tables.to_csv(columns, rows)
    # While the entries are there, importing them again is refused line by line as repeats.
    refused = register.import_csv(by=lead, team_id=teams["north"], data=exported)
    assert refused.imported == 0 and len(refused.errors) == len(rows)
    everyone = (teams["north_member"], lead)
    for person in everyone:
        for mine in register.my_entries(by=person):
            register.delete_entry(by=person, entry_id=mine.id)

    report = register.import_csv(by=lead, team_id=teams["north"], data=exported)

    assert (report.imported, report.errors) == (len(rows), ())
    mine = sorted((e.description, e.category) for e in register.my_entries(by=teams["north_member"]))
    assert mine == [("Bread baking", "skills"), ("Polish", "languages")]


def test_people_using_the_service_in_an_export_are_left_out_of_an_import(rt, teams):
    row = ("", "Ali" + register.CONTRIBUTOR_SUFFIX, "North", "Skills", "Juggling", "My team", "", "", "", "")
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=tables.to_csv(register.EXPORT_COLUMNS, [row]))
    assert (report.imported, report.errors, report.skipped_contributors) == (0, (), 1)


def test_the_template_is_the_export_format_and_its_example_imports(rt, teams):
    template = register.import_template().decode("utf-8-sig")
    assert template.splitlines()[0] == ",".join(register.EXPORT_COLUMNS)
    lead_row = template.replace("someone@example.org", "lee@example.org").encode()
    report = register.import_csv(by=teams["north_lead"], team_id=teams["north"], data=lead_row)
    assert (report.imported, report.errors) == (1, ())


def test_allowed_values_come_from_the_organisations_lists(sqlite_rt):
    cats = register.choices()
    allowed = dict(register.allowed_values())
    assert allowed["Category"] == tuple(c.label for c in cats.categories)
    assert allowed["Visibility"] == tuple(v.label for v in cats.visibility)
    assert allowed["Willing to"] == tuple(w.label for w in cats.willing_to)
    assert allowed["Level (for languages)"] == tuple(lv.label for lv in cats.levels)
