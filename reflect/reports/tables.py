"""Tables in and out: CSV and XLSX export, and CSV import parsing. Pure functions over plain data."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reflect.text import clean_text

MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 5_000
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowError:
    """One problem with an imported file: its line number (1 is the header) and why, in plain words."""

    line: int
    reason: str


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]


def _safe_cell(value: object) -> str:
    # Text stored before control characters were cleaned on the way in must not break a download.
    text = "" if value is None else clean_text(str(value))
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A CSV file (UTF-8 with a byte-order mark, so spreadsheets read accents right)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(columns: Sequence[str], rows: Sequence[Sequence[object]], *, sheet_title: str = "Register") -> bytes:
    """An XLSX workbook with one sheet; every cell is text, never a formula."""
    # Loaded only when someone downloads a workbook (about 12 MB in the app process otherwise).
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_safe_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _line_of(data: bytes, position: int) -> int:
    return data[:position].count(b"\n") + 1


def _header_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def parse_csv(
    data: bytes,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    max_bytes: int = MAX_IMPORT_BYTES,
    max_rows: int = MAX_IMPORT_ROWS,
) -> tuple[list[CsvRow], list[RowError]]:
    """Read a CSV file with a header row into rows of {column: stripped value}.

    Never raises for bad input: every problem comes back as a `RowError`. Blank lines are skipped.
    """
    if len(data) > max_bytes:
        return [], [RowError(0, f"The file is larger than {max_bytes // 1_000_000} MB. Please split it into smaller files.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [RowError(_line_of(data, exc.start), "This line has characters that aren't UTF-8. Please save the file as 'CSV UTF-8'.")]
    if "\x00" in text:
        return [], [RowError(_line_of(data, data.find(b"\x00")), "This line holds a NUL character, so it isn't a text CSV file.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    known = list(required) + [c for c in optional if c not in required]
    header: list[str] | None = None
    rows: list[CsvRow] = []
    errors: list[RowError] = []
    previous_line = 0
    try:
        for cells in reader:
            line = previous_line + 1
            previous_line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [_header_key(c) for c in cells]
                errors += _header_errors(header, line, required, known)
                if errors:
                    return [], errors
                continue
            if len(cells) > len(header):
                errors.append(RowError(line, f"This line has {len(cells)} values but the header has {len(header)} columns."))
                continue
            if len(rows) + len(errors) >= max_rows:
                errors.append(RowError(line, f"The file has more than {max_rows} rows. Please split it into smaller files."))
                break
            padded = cells + [""] * (len(header) - len(cells))
            rows.append(
                CsvRow(line, {name: clean_text(value).strip() for name, value in zip(header, padded, strict=True)})
            )
    except csv.Error as exc:
        errors.append(RowError(previous_line + 1, f"This line couldn't be read as CSV ({exc})."))
    if header is None:
        errors.append(RowError(1, "The file is empty. The first line should name the columns: " + ", ".join(required) + "."))
    return rows, errors


def _header_errors(header: list[str], line: int, required: Sequence[str], known: Sequence[str]) -> list[RowError]:
    errors = []
    for name in dict.fromkeys(header):
        if header.count(name) > 1:
            errors.append(RowError(line, f"The column '{name}' appears more than once."))
        elif name not in known:
            errors.append(RowError(line, f"'{name[:40]}' isn't a column we know. The columns are: {', '.join(known)}."))
    missing = [name for name in required if name not in header]
    if missing:
        errors.append(RowError(line, "The header is missing: " + ", ".join(missing) + "."))
    return errors
