"""The team talents register: my entries, searching and matching, team figures, contributors
who use the service, and CSV import and export.

One module per concern, all of it re-exported here, so callers keep `register.search(...)`:

- `entries`: an entry checked as entered (`normalise_language`), my teams and my entries,
  adding, changing, publishing and deleting them, and `forget_person` for erasure.
- `blind_index`: how entries are searched without decrypting them (`words`,
  `token_hashes`, the index key and its rows), used by the others through its public functions.
- `visibility`: who sees what, and the entries shown, decrypted (`RegisterItem`).
- `searching`: `search`, `languages`, team figures (`coverage`) and `match`, with the planner
  that keeps each one's cost to what it shows.
- `consent`: people using the service who contribute: `record_contributor`,
  `contributors`, `withdraw_consent`.
- `transfer`: export (`export_chunks`, `export_count`, `export_table`) and CSV import
  (`import_template`, `allowed_values`, `import_csv`).
- `synthetic`: generated organisation-scale entries for benchmarks and tests.
- `common`: what several share: the errors, `EntryInput`, `RegisterFilters` (what a search or
  a download is narrowed to), `CONTRIBUTOR_SUFFIX`, `choices`, `label`.
"""

from reflect.services.register.blind_index import MAX_TOKENS_PER_ENTRY, token_hashes, words
from reflect.services.register.common import CONTRIBUTOR_SUFFIX, EntryInput, IdentifyingDetails, RegisterError, RegisterFilters, choices
from reflect.services.register.consent import CONSENT_FROM, MAX_NAME, ContributorSummary, contributors, record_contributor, withdraw_consent
from reflect.services.register.entries import (
    MAX_AVAILABILITY,
    MAX_DESCRIPTION,
    MyEntry,
    TeamChoice,
    add_entry,
    delete_entry,
    forget_person,
    my_entries,
    my_teams,
    normalise_language,
    publish_entry,
    update_entry,
)
from reflect.services.register.searching import (
    COUNT_CAP,
    LEAD_ROLES_CATEGORY,
    MATCH_CANDIDATES,
    MAX_MATCH_WORDS,
    MIN_CONTRIBUTORS,
    OFFER_TO_PEOPLE,
    PAGE_SIZE,
    Coverage,
    Match,
    SearchResult,
    coverage,
    languages,
    match,
    search,
)
from reflect.services.register.synthetic import SyntheticEntry, load_synthetic
from reflect.services.register.transfer import (
    EXPORT_CHUNK,
    EXPORT_COLUMNS,
    IMPORT_OPTIONAL,
    IMPORT_REQUIRED,
    ImportReport,
    allowed_values,
    export_chunks,
    export_count,
    export_table,
    import_csv,
    import_template,
)

from reflect.services.register.visibility import RegisterItem

__all__ = [
    "CONSENT_FROM", "CONTRIBUTOR_SUFFIX", "COUNT_CAP", "EXPORT_CHUNK", "EXPORT_COLUMNS", "IMPORT_OPTIONAL", "IMPORT_REQUIRED",
    "LEAD_ROLES_CATEGORY", "MATCH_CANDIDATES", "MAX_AVAILABILITY", "MAX_DESCRIPTION", "MAX_MATCH_WORDS", "MAX_NAME",
    "MAX_TOKENS_PER_ENTRY", "MIN_CONTRIBUTORS", "OFFER_TO_PEOPLE", "PAGE_SIZE",
    "ContributorSummary", "Coverage", "EntryInput", "IdentifyingDetails", "ImportReport", "Match", "MyEntry", "RegisterError",
    "RegisterFilters", "RegisterItem", "SearchResult", "SyntheticEntry", "TeamChoice",
    "add_entry", "allowed_values", "choices", "contributors", "coverage", "delete_entry", "export_chunks", "export_count",
    "export_table", "forget_person", "import_csv", "import_template", "languages", "load_synthetic", "match", "my_entries",
    "my_teams", "normalise_language", "publish_entry", "record_contributor", "search", "token_hashes", "update_entry",
    "withdraw_consent", "words",
]
