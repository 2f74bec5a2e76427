"""Organisation-scale register data, generated for benchmarks and tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select

from reflect import runtime
from reflect.models import Person, utcnow
from reflect.models.register import RegisterEntry, RegisterToken
from reflect.services.access import Actor, Permission, ensure
from reflect.services.register import blind_index, common
from reflect.services.vault import Vault

# --- organisation-scale data, for benchmarks and tests ----------------------------------------------

_SYNTHETIC_WORDS = (
    "football", "gardening", "music", "guitar", "cooking", "budget", "photography", "running", "cycling",
    "knitting", "chess", "gaming", "painting", "poetry", "baking", "fishing", "yoga", "walking", "swimming",
    "carers", "family", "trauma", "addictions", "housing", "benefits", "mindfulness", "drama", "dance",
)
_SYNTHETIC_LANGUAGES = ("Polish", "Urdu", "Punjabi", "Somali", "Arabic", "Welsh", "Romanian", "Portuguese")


@dataclass(frozen=True)
class SyntheticEntry:
    entry_id: int
    owner_id: int
    team_id: int | None
    visibility: str
    category: str
    language: str | None
    description: str


def load_synthetic(*, by: Actor, owners: Sequence[tuple[int, int | None]], count: int, seed: int = 0) -> list[SyntheticEntry]:
    """Add `count` generated entries spread over `owners` ((person id, team id) pairs) in one
    transaction with bulk inserts, for benchmarks and tests. Returns what was generated."""
    ensure(by, Permission.ADMINISTER)
    import random

    chooser = random.Random(seed)
    cats = common.choices()
    language_category = next((c.id for c in cats.categories if c.has_level), None)
    plain_categories = [c.id for c in cats.categories if not c.has_level]
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        organisation_of = dict(session.execute(select(Person.id, Person.organisation_id).where(Person.id.in_({o for o, _ in owners}))).all())
        vault = Vault(session, rt.server_key, by=by)
        index_key = blind_index.index_key(session, rt.server_key, create=True)
        planned, values = [], []
        for n in range(count):
            owner_id, team_id = owners[n % len(owners)]
            language = None
            if language_category and chooser.random() < 0.2:
                category, language = language_category, chooser.choice(_SYNTHETIC_LANGUAGES)
                description = f"{language} for conversations and letters"
            else:
                category = chooser.choice(plain_categories)
                description = " and ".join(chooser.sample(_SYNTHETIC_WORDS, 3))
            visibility = "team" if team_id is not None and chooser.random() < 0.5 else "organisation"
            planned.append((owner_id, team_id, visibility, category, language, description))
            values.append(
                {
                    "organisation_id": organisation_of[owner_id],
                    "owner_id": owner_id,
                    "team_id": team_id,
                    "category": category,
                    "level": cats.levels[-1].id if language else None,
                    "language": language,
                    "visibility": visibility,
                    "willing_to": f" {chooser.choice(cats.willing_to).id} ",
                    "description": vault.seal(owner_id, description),
                    "availability": None,
                    "published": True,
                    "set_id": cats.id,
                    "set_version": cats.version,
                    "created_at": utcnow(),
                    "updated_at": utcnow(),
                }
            )
        ids = session.scalars(insert(RegisterEntry).returning(RegisterEntry.id, sort_by_parameter_order=True), values).all()
        tokens = []
        for entry_id, (_, _, _, category, language, description) in zip(ids, planned, strict=True):
            label = common.label(cats.categories, category)
            tokens += [{"token_hash": h, "entry_id": entry_id} for h in blind_index.token_hashes(index_key, [description, language, label])]
        session.execute(insert(RegisterToken), tokens)
    if not rt.db.is_sqlite:
        # Fresh statistics after a bulk load, as autovacuum would give a register grown by hand.
        with rt.db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE register_entries, register_tokens")
            connection.commit()
    return [SyntheticEntry(i, *p) for i, p in zip(ids, planned, strict=True)]
