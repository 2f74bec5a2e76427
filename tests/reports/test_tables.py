"""CSV/XLSX export and CSV import parsing: pure functions."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from reflect.reports.tables import RowError, parse_csv, to_csv, to_xlsx

REQUIRED = ("email", "category")


def test_export_neutralises_spreadsheet_formulas():
    data = to_csv(["Who", "Description"], [["Sam", "=HYPERLINK(\"http://x\")"], ["Ana", "@SUM(A1)"]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][1].startswith("'=") and rows[2][1].startswith("'@")
    sheet = load_workbook(io.BytesIO(to_xlsx(["Who", "Description"], [["Sam", "=1+1"]]))).active
    assert sheet["B2"].value == "'=1+1" and sheet["A1"].value == "Who"


def test_parse_reads_rows_with_their_line_numbers_skipping_blank_lines():
    rows, errors = parse_csv(b"Email, Category\n\na@x.org,skills\n\"b@x.org\",\"multi\nline\"\nc@x.org,lang\n", required=REQUIRED)
    assert errors == []
    assert [(r.line, r.values["email"]) for r in rows] == [(3, "a@x.org"), (4, "b@x.org"), (6, "c@x.org")]


def test_parse_reports_header_and_row_problems():
    assert parse_csv(b"", required=REQUIRED)[1] == [RowError(1, "The file is empty. The first line should name the columns: email, category.")]
    _, errors = parse_csv(b"email,colour\n", required=REQUIRED)
    assert {e.line for e in errors} == {1} and any("colour" in e.reason for e in errors) and any("missing: category" in e.reason for e in errors)
    rows, errors = parse_csv(b"email,category\na,b,c\n", required=REQUIRED)
    assert rows == [] and errors[0].line == 2 and "3 values" in errors[0].reason
    assert "UTF-8" in parse_csv(b"email,category\n\xff\xfe,x\n", required=REQUIRED)[1][0].reason
    assert parse_csv(b"x" * 2_000_001, required=REQUIRED)[1][0].line == 0


@given(st.binary(max_size=2000))
def test_parse_never_raises_on_any_bytes(data):
    rows, errors = parse_csv(data, required=REQUIRED, optional=("description",))
    assert all(isinstance(e, RowError) for e in errors)
    assert all(set(r.values) <= {"email", "category", "description"} for r in rows)
