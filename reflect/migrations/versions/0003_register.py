"""Team talents register: entries and their blind search index, contributors, biographies.

Revision ID: 0003_register
Revises: 0002_journeys
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base

revision: str = "0003_register"
down_revision: str | None = "0002_journeys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "register_index_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", reflect.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_index_keys")),
    )
    op.create_table(
        "register_contributors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("chosen_name", sa.LargeBinary(), nullable=False),
        sa.Column("consent_from", sa.String(length=20), nullable=False),
        sa.Column("consented_at", reflect.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("consent_visibility", sa.String(length=20), nullable=False),
        sa.Column("consent_set_id", sa.String(length=64), nullable=False),
        sa.Column("consent_set_version", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", reflect.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_register_contributors_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["people.id"], name=op.f("fk_register_contributors_recorded_by_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_register_contributors_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_contributors")),
    )
    with op.batch_alter_table("register_contributors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_register_contributors_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_register_contributors_team_id"), ["team_id"], unique=False)

    op.create_table(
        "register_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("contributor_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=60), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("willing_to", sa.String(length=400), nullable=False),
        sa.Column("description", sa.LargeBinary(), nullable=False),
        sa.Column("availability", sa.LargeBinary(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("set_id", sa.String(length=64), nullable=False),
        sa.Column("set_version", sa.Integer(), nullable=False),
        sa.Column("created_at", reflect.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", reflect.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(owner_id IS NULL) <> (contributor_id IS NULL)", name=op.f("ck_register_entries_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["register_contributors.id"],
            name=op.f("fk_register_entries_contributor_id_register_contributors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_register_entries_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_register_entries_owner_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_register_entries_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_entries")),
    )
    with op.batch_alter_table("register_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_register_entries_contributor_id"), ["contributor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_register_entries_language"), ["language"], unique=False)
        batch_op.create_index(batch_op.f("ix_register_entries_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(
            "ix_register_entries_org_visibility", ["organisation_id", "visibility", "category"], unique=False
        )
        batch_op.create_index("ix_register_entries_team_category", ["team_id", "category"], unique=False)

    op.create_table(
        "register_tokens",
        sa.Column("token_hash", sa.BigInteger(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["register_entries.id"], name=op.f("fk_register_tokens_entry_id_register_entries"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", "entry_id", name=op.f("pk_register_tokens")),
    )
    with op.batch_alter_table("register_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_register_tokens_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "biographies",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.LargeBinary(), nullable=False),
        sa.Column("set_id", sa.String(length=64), nullable=False),
        sa.Column("set_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("approved_at", reflect.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("photo_type", sa.String(length=10), nullable=True),
        sa.Column("updated_at", reflect.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_biographies_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_biographies")),
    )


def downgrade() -> None:
    op.drop_table("biographies")
    with op.batch_alter_table("register_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_tokens_entry_id"))
    op.drop_table("register_tokens")
    with op.batch_alter_table("register_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_register_entries_team_category")
        batch_op.drop_index("ix_register_entries_org_visibility")
        batch_op.drop_index(batch_op.f("ix_register_entries_owner_id"))
        batch_op.drop_index(batch_op.f("ix_register_entries_language"))
        batch_op.drop_index(batch_op.f("ix_register_entries_contributor_id"))
    op.drop_table("register_entries")
    with op.batch_alter_table("register_contributors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_contributors_team_id"))
        batch_op.drop_index(batch_op.f("ix_register_contributors_organisation_id"))
    op.drop_table("register_contributors")
    op.drop_table("register_index_keys")
