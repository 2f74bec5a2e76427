"""The team talents register: entries, their blind search index, contributors who use the
service, and the biographies for the "meet the team" leaflet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from reflect.crypto import SealedText
from reflect.models.base import Base, EncryptedText, new_public_id, utcnow


class RegisterIndexKey(Base):
    """The secret key of the register's blind search index, wrapped by the server key.

    One row. Kept apart from the server key so the server key's bytes never leave
    `reflect.crypto`; losing the server key makes this key, and so the index, useless too.
    """

    __tablename__ = "register_index_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RegisterContributor(Base):
    """A person using the service who agreed to have talents in the register.

    They have no account, so their text is sealed with a data key of their own, kept on this
    row wrapped by their key in the keystore: withdrawing consent deletes the keystore key, so
    their words are unrecoverable in backups too.
    """

    __tablename__ = "register_contributors"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses for a withdrawal of consent.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    # The keystore key that wraps it; none on a row from before the keystore (server key).
    key_name: Mapped[str | None] = mapped_column(String(80))
    # First or chosen name only.
    chosen_name: Mapped[SealedText] = mapped_column(EncryptedText)
    # "person": they agreed themselves (nobody consents on their behalf).
    consent_from: Mapped[str] = mapped_column(String(20))
    consented_at: Mapped[datetime]
    # The widest visibility they agreed to: "team" or "organisation".
    consent_visibility: Mapped[str] = mapped_column(String(20))
    # The register categories set whose consent statement was read to them.
    consent_set_id: Mapped[str] = mapped_column(String(64))
    consent_set_version: Mapped[int]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class RegisterEntry(Base):
    """One talent, owned by a staff member (`owner_id`) or a contributor (`contributor_id`).

    Category, level, language, visibility and willing-to come from fixed lists and stay
    plain so they can be filtered and counted; description and availability are free text
    and are sealed. `willing_to` holds option ids separated and surrounded by spaces
    (" a b "), so one option can be matched exactly with LIKE '% a %'.
    """

    __tablename__ = "register_entries"
    __table_args__ = (
        CheckConstraint("(owner_id IS NULL) <> (contributor_id IS NULL)", name="one_owner"),
        Index("ix_register_entries_org_visibility", "organisation_id", "visibility", "category"),
        Index("ix_register_entries_team_category", "team_id", "category"),
        # Languages within an organisation, found by skipping through this index.
        Index("ix_register_entries_org_language", "organisation_id", "language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses for a deletion or a change by the owner.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    contributor_id: Mapped[int | None] = mapped_column(
        ForeignKey("register_contributors.id", ondelete="CASCADE"), index=True
    )
    # The team whose members see a team-visible entry; NULL for a staff member with no team.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(64))
    level: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(60), index=True)
    visibility: Mapped[str] = mapped_column(String(20))
    willing_to: Mapped[str] = mapped_column(String(400), default=" ")
    description: Mapped[SealedText] = mapped_column(EncryptedText)
    availability: Mapped[SealedText | None] = mapped_column(EncryptedText)
    # For a private category (personal experience): whether its owner agreed to it appearing
    # in CSV/XLSX downloads. Other categories are always downloadable.
    exportable: Mapped[bool] = mapped_column(default=False)
    # False for an entry a team lead imported: it appears only once its owner publishes it.
    published: Mapped[bool] = mapped_column(default=True)
    set_id: Mapped[str] = mapped_column(String(64))
    set_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# The register's order (category, newest first) within an organisation, so a page, or a capped
# count, reads only what it shows. It also holds every column that decides who may see an entry
# and whether it may be downloaded, so listing and downloading read this index alone and open
# only the rows they show.
Index(
    "ix_register_entries_org_order",
    RegisterEntry.organisation_id,
    RegisterEntry.category,
    RegisterEntry.updated_at.desc(),
    RegisterEntry.id,
    RegisterEntry.published,
    RegisterEntry.visibility,
    RegisterEntry.team_id,
    RegisterEntry.owner_id,
    RegisterEntry.contributor_id,
    RegisterEntry.exportable,
)


class RegisterToken(Base):
    """The blind search index: keyed hashes (HMAC-SHA256, first 8 bytes) of an entry's words.

    Never the words themselves: without the index key a token says nothing.
    """

    __tablename__ = "register_tokens"

    token_hash: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("register_entries.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Biography(Base):
    """A person's short biography for the "meet the team" leaflet, and an optional photo.

    `answers` is a sealed JSON object {question id: text}. Only `approved` ones are used;
    any edit makes it a draft again.
    """

    __tablename__ = "biographies"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    answers: Mapped[SealedText] = mapped_column(EncryptedText)
    set_id: Mapped[str] = mapped_column(String(64))
    set_version: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    approved_at: Mapped[datetime | None]
    # The photo's bytes, base64 and sealed with the owner's key.
    photo: Mapped[SealedText | None] = mapped_column(EncryptedText)
    photo_type: Mapped[str | None] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
