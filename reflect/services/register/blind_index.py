"""The register's blind index: how entries are searched without decrypting them.

Descriptions and availability are free text, sealed with the owner's key like every other
text. To search them without decrypting the whole register, each entry also gets a blind
index: its words, normalised, hashed with HMAC-SHA256 under a secret index key and cut to 8
bytes, one row per word in `register_tokens`. A search hashes its own words the same way and
looks the hashes up in that indexed table; only the page of results shown is decrypted. Whole
words only: no prefixes or typos, the price of never storing the words.

The rest of the register uses this module through its public functions alone: `words`,
`token_hashes`, `search_hashes`, `index_key`, `write_tokens`, `entry_texts`, `holding_all`
and `rarest_first`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import delete, distinct, func, insert, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from reflect.crypto import ServerKey
from reflect.models import utcnow
from reflect.models.register import RegisterIndexKey, RegisterToken
from reflect.questions.schema import RegisterCategories
from reflect.services.register.common import EntryInput

MAX_TOKENS_PER_ENTRY = 200
# Choosing the rarest word of a search counts each word's index entries only up to this: ten
# pages' worth. A word held by more is common next to a page, and words past it tie, so the
# choice costs the same however large the register grows.
RAREST_PROBE = 200

_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    "a an and are as at be but by can do for from have i in is it me my of on or so the to we with "
    "who anyone any someone speaks speak into".split()
)
# `ServerKey` binds each wrapped key to a context string made from its argument; this name can
# never equal a person's numeric id, so no wrapped key can be passed off as another.
_INDEX_CONTEXT: str = "register-index"


def words(text: str) -> set[str]:
    """The searchable words of a text: case- and accent-folded, short and common words dropped,
    a plural 's' taken off ('carers' -> 'carer'), so a search matches what a person means."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    found = set()
    for word in _WORD.findall(folded):
        if len(word) < 2 or word in _STOPWORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return found


def _hash(key: bytes, word: str) -> int:
    digest = hmac.new(key, b"register-word:" + word.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def token_hashes(key: bytes, texts: Iterable[str | None]) -> set[int]:
    """The index entries of an entry's texts: each word's hash, at most MAX_TOKENS_PER_ENTRY."""
    found: set[str] = set()
    for text in texts:
        found |= words(text or "")
    return {_hash(key, w) for w in sorted(found)[:MAX_TOKENS_PER_ENTRY]}


def search_hashes(key: bytes, searched: Iterable[str]) -> list[int]:
    """The hashes of words searched for, in the words' alphabetical order."""
    return [_hash(key, w) for w in sorted(searched)]


def index_key(session: Session, server_key: ServerKey, *, create: bool) -> bytes | None:
    """The index key, made on first use. None when reading before any entry exists."""
    wrapped = session.scalar(select(RegisterIndexKey.wrapped_key).where(RegisterIndexKey.id == 1))
    if wrapped is None and create:
        # Replicas may race to make it: the first insert wins and the others read its key.
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        values = {"id": 1, "wrapped_key": server_key.new_wrapped_key(_INDEX_CONTEXT), "created_at": utcnow()}
        session.execute(dialect.insert(RegisterIndexKey).values(**values).on_conflict_do_nothing())
        wrapped = session.scalar(select(RegisterIndexKey.wrapped_key).where(RegisterIndexKey.id == 1))
    if wrapped is None:
        return None
    return server_key.unwrap(wrapped, _INDEX_CONTEXT)


def write_tokens(session: Session, key: bytes, entry_id: int, texts: Iterable[str | None]) -> None:
    """Replace an entry's index entries with those of these texts."""
    session.execute(delete(RegisterToken).where(RegisterToken.entry_id == entry_id))
    hashes = token_hashes(key, texts)
    if hashes:
        session.execute(insert(RegisterToken), [{"token_hash": h, "entry_id": entry_id} for h in hashes])


def entry_texts(entry: EntryInput, cats: RegisterCategories) -> list[str | None]:
    """The texts of an entry that a search finds it by: its description, language and category."""
    category = cats.category(entry.category)
    return [entry.description, entry.language, category.label if category else None]


def holding_all(hashes: list[int]):
    """A derived table of the ids of entries holding every one of these hashes."""
    return (
        select(RegisterToken.entry_id)
        .where(RegisterToken.token_hash.in_(hashes))
        .group_by(RegisterToken.entry_id)
        .having(func.count(distinct(RegisterToken.token_hash)) == len(hashes))
        .subquery()
    )


def rarest_first(session: Session, hashes: list[int]) -> list[int]:
    """The words' hashes, the one held by fewest entries first (each counted only up to
    RAREST_PROBE, in one statement): the rarest word leads a search. Ties keep the order given
    (the words' alphabetical order), so every installation leads the same search alike."""
    if len(hashes) == 1:
        return hashes
    probes = [
        select(literal(h).label("token_hash"), select(func.count()).select_from(
            select(RegisterToken.entry_id).where(RegisterToken.token_hash == h).limit(RAREST_PROBE).subquery()
        ).scalar_subquery().label("held"))
        for h in hashes
    ]
    held = dict(session.execute(union_all(*probes)).all())
    return sorted(hashes, key=lambda h: held.get(h, 0))
