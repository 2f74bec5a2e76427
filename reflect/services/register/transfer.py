"""The register's import and export: every entry a person may see that matches, in chunks
for CSV and XLSX downloads, and a team's entries imported from a CSV file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.logs import event
from reflect.models import Person, TeamMembership
from reflect.models.register import RegisterEntry
from reflect.reports import tables
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.auth import normalise_email
from reflect.services.register import blind_index
from reflect.services.register.common import CONTRIBUTOR_SUFFIX, EntryInput, RegisterError, RegisterFilters, choices
from reflect.services.register.entries import clean_input, fill_row
from reflect.services.register.searching import filtered, page_ids
from reflect.services.register.visibility import RegisterItem, items_by_id
from reflect.services.vault import Vault

EXPORT_CHUNK = 1_000
IMPORT_REQUIRED = ("email", "category", "description", "visibility")
# "who" and "team" are read for people's benefit and ignored: an export imports back as it is.
IMPORT_OPTIONAL = ("willing_to", "availability", "level", "language", "who", "team")
# The import's columns (as headings) and the same values, labels rather than ids.
EXPORT_COLUMNS = ("Email", "Who", "Team", "Category", "Description", "Visibility", "Willing to", "Availability", "Level", "Language")


@dataclass(frozen=True)
class ImportReport:
    imported: int
    errors: tuple[tables.RowError, ...]
    skipped_contributors: int = 0  # rows for people using the service (no e-mail): added with consent, not imported


# --- export -------------------------------------------------------------------------------------


def export_chunks(
    *, by: Actor, filters: RegisterFilters = RegisterFilters(), chunk: int = EXPORT_CHUNK
) -> Iterator[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """Every entry the acting person may see that matches (not just one page), as the columns
    and rows of one chunk at a time, for `reports.tables.to_csv` / `to_xlsx`. Each chunk is
    read in a short transaction of its own and only its rows are decrypted."""
    ensure(by, Permission.VIEW_REGISTER, filters.team_id)
    rt = runtime.current()
    cursor: tuple | None = None
    vault: Vault | None = None  # owners' keys, opened once for the whole download
    while True:
        with rt.db.read() as session:
            statement = _exportable(by, session, filters)
            if statement is None:
                return
            ids, cursor = page_ids(session, statement, cursor, chunk)
            vault = Vault(session, rt.server_key, by=by) if vault is None else vault.within(session)
            items = items_by_id(session, rt.server_key, ids, vault)
        yield EXPORT_COLUMNS, [_export_row(i) for i in items]
        if cursor is None:
            return


def export_count(*, by: Actor, filters: RegisterFilters = RegisterFilters()) -> int:
    """How many rows `export_chunks` will give, for a progress bar."""
    ensure(by, Permission.VIEW_REGISTER, filters.team_id)
    with runtime.current().db.read() as session:
        statement = _exportable(by, session, filters)
        return 0 if statement is None else session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def _exportable(by: Actor, session: Session, filters: RegisterFilters):
    """What a download may hold: the entries the person may see that match, less personal
    experience (a private category) whose owner has not opted in for that entry."""
    statement = filtered(by, session, filters)
    private = choices().private_categories
    if statement is not None and private:
        statement = statement.where(or_(RegisterEntry.category.not_in(private), RegisterEntry.exportable.is_(True)))
    return statement


def _export_row(i: RegisterItem) -> tuple[str, ...]:
    return (i.email, i.who, i.team, i.category_label, i.description, i.seen_by, "; ".join(i.willing_to), i.availability, i.level, i.language)


def export_table(*, by: Actor, filters: RegisterFilters = RegisterFilters()) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Every entry the acting person may see that matches, as columns and rows at once (for
    `reports.tables.to_csv` / `to_xlsx`). Personal experience is left out unless its owner
    opted in for that entry."""
    rows: list[tuple[str, ...]] = []
    for _, chunk in export_chunks(by=by, filters=filters):
        rows.extend(chunk)
    return EXPORT_COLUMNS, rows


# --- import -------------------------------------------------------------------------------------


def import_template() -> bytes:
    """A CSV file in the export's own format (so an export imports back as it is), with one
    example row. `allowed_values()` lists what each choice column accepts."""
    cats = choices()
    example = {
        "Email": "someone@example.org",
        "Category": cats.categories[0].label,
        "Description": "Cooking on a budget",
        "Visibility": cats.visibility[0].label,
        "Willing to": cats.willing_to[0].label,
        "Availability": "Tuesday afternoons",
    }
    return tables.to_csv(EXPORT_COLUMNS, [tuple(example.get(column, "") for column in EXPORT_COLUMNS)])


def allowed_values() -> list[tuple[str, tuple[str, ...]]]:
    """What each choice column of the import accepts, from the organisation's own lists
    (the label, or its id, in any case). "Willing to" takes several, separated by ";"."""
    cats = choices()
    return [
        ("Category", tuple(c.label for c in cats.categories)),
        ("Visibility", tuple(v.label for v in cats.visibility)),
        ("Willing to", tuple(w.label for w in cats.willing_to)),
        ("Level (for languages)", tuple(lv.label for lv in cats.levels)),
    ]


def _by_id_or_label(options: Iterable, raw: str) -> str:
    wanted = raw.strip().casefold()
    for option in options:
        if wanted in (option.id.casefold(), option.label.casefold()):
            return option.id
    return raw.strip()


def import_csv(*, by: Actor, team_id: int, data: bytes) -> ImportReport:
    """Import entries for members of the team from a CSV file: all of them, or none.

    Every row is checked first; if any is wrong nothing is imported and each bad row is
    reported by line and reason. Imported entries wait for their owner to publish them
    (the lead's own are published at once), so nothing appears without its owner's say.
    """
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    cats = choices()
    rows, errors = tables.parse_csv(data, required=IMPORT_REQUIRED, optional=IMPORT_OPTIONAL)
    rt = runtime.current()
    with rt.db.read() as session:
        members = dict(
            session.execute(
                select(Person.email, Person.id)
                .join(TeamMembership, TeamMembership.person_id == Person.id)
                .where(TeamMembership.team_id == team_id, Person.erased_at.is_(None), Person.email.is_not(None))
            ).all()
        )
    checked: list[tuple[int, EntryInput]] = []
    lines: list[int] = []
    skipped = 0
    for row in rows:
        values = row.values
        if not values.get("email") and values.get("who", "").endswith(CONTRIBUTOR_SUFFIX):
            skipped += 1  # an exported entry of someone using the service: those need their consent
            continue
        email = normalise_email(values.get("email", ""))
        if email not in members:
            shown = email[:60] or "(empty)"
            errors.append(tables.RowError(row.line, f"{shown} isn't the e-mail address of a member of this team."))
            continue
        try:
            entry = clean_input(
                EntryInput(
                    category=_by_id_or_label(cats.categories, values.get("category", "")),
                    description=values.get("description", ""),
                    visibility=_by_id_or_label(cats.visibility, values.get("visibility", "")),
                    willing_to=tuple(
                        _by_id_or_label(cats.willing_to, part) for part in re.split(r"[;,|]", values.get("willing_to", "")) if part.strip()
                    ),
                    availability=values.get("availability", ""),
                    level=_by_id_or_label(cats.levels, values["level"]) if values.get("level") else None,
                    language=values.get("language") or None,
                    team_id=team_id,
                ),
                cats,
                team_ids=frozenset({team_id}),
            )
        except RegisterError as exc:
            errors.append(tables.RowError(row.line, str(exc)))
            continue
        checked.append((members[email], entry))
        lines.append(row.line)
    errors += _duplicate_rows(rt, checked, lines)
    if not errors and not checked and not skipped:
        errors.append(tables.RowError(2, "There are no rows to import under the header."))
    if errors:
        return ImportReport(0, tuple(sorted(errors, key=lambda e: e.line)), skipped)
    with rt.db.write(by=by) as session:
        vault = Vault(session, rt.server_key, by=by)
        index_key = blind_index.index_key(session, rt.server_key, create=True)
        for owner_id, entry in checked:
            row = RegisterEntry(
                organisation_id=by.organisation_id,
                owner_id=owner_id,
                published=owner_id == by.person_id,
                set_id=cats.id,
                set_version=cats.version,
            )
            fill_row(row, entry, lambda text, owner=owner_id: vault.seal(owner, text))
            session.add(row)
            session.flush()
            blind_index.write_tokens(session, index_key, row.id, blind_index.entry_texts(entry, cats))
        audit.record(session, by=by, action="register_imported", object_type="team", object_id=team_id)
        for owner_id in sorted({owner for owner, _ in checked}):
            audit.record(session, by=by, action="register_entries_imported_for_you", subject_id=owner_id, object_type="team", object_id=team_id)
    event("register.imported", team=team_id, rows=len(checked))
    return ImportReport(len(checked), (), skipped)


def _same_entry_key(owner_id: int, category: str, description: str) -> tuple[int, str, str]:
    return owner_id, category, " ".join(description.casefold().split())


def _duplicate_rows(rt: runtime.Runtime, checked: list[tuple[int, EntryInput]], lines: list[int]) -> list[tables.RowError]:
    """A row that repeats an earlier row of the file, or an entry its person already has, by line."""
    errors = []
    with rt.db.read() as session:
        owners = sorted({owner for owner, _ in checked})
        existing = session.execute(
            select(RegisterEntry.owner_id, RegisterEntry.category, RegisterEntry.description).where(RegisterEntry.owner_id.in_(owners))
        ).all() if owners else []
        vault = Vault(session, rt.server_key)
        vault.preload(d for _, _, d in existing)
        stored = {_same_entry_key(owner, category, vault.open(d) or "") for owner, category, d in existing}
    first_seen: dict[tuple[int, str, str], int] = {}
    for line, (owner_id, entry) in zip(lines, checked, strict=True):
        key = _same_entry_key(owner_id, entry.category, entry.description)
        if key in first_seen:
            errors.append(tables.RowError(
                line, f"This line repeats line {first_seen[key]} (the same person, category and description). Please remove one of them."
            ))
        elif key in stored:
            errors.append(tables.RowError(
                line, "This person already has this entry in the register (the same category and description). Please remove the line."
            ))
        first_seen.setdefault(key, line)
    return errors
