"""Organisation, teams, people, roles, team membership and supervision pairs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reflect.domain import Role
from reflect.models.base import Base, new_public_id, utcnow


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The identifier the decision ledger uses for the teams an account was left in.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # An archived team keeps its records but takes no new members and is left out of choices.
    archived_at: Mapped[datetime | None]

    memberships: Mapped[list[TeamMembership]] = relationship(back_populates="team")


class Person(Base):
    __tablename__ = "people"
    # The admin's list of accounts, by name within an organisation, a page at a time.
    __table_args__ = (Index("ix_people_org_name", "organisation_id", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses: integer ids can be handed out again.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-cased on the way in; NULL once the person is erased.
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # When the password was last changed or reset: a restore refuses an older hash than the
    # decision ledger's latest change, so a password someone gave up never works again.
    password_set_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False, index=True)
    locked_until: Mapped[datetime | None]
    # Sessions and single sign-on identities issued before this moment are no longer honoured.
    sessions_not_before: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    erased_at: Mapped[datetime | None]
    # "peer_worker" or "professional" (prompts differ where the guidance says), and for a
    # professional, which profession; both chosen by the person in their profile.
    practice_role: Mapped[str | None] = mapped_column(String(20))
    profession: Mapped[str | None] = mapped_column(String(60))
    # A deactivated person cannot sign in; everything they wrote is kept until reactivated or erased.
    deactivated_at: Mapped[datetime | None]
    # Set by a password reset: the one-time password must be replaced before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False)

    roles: Mapped[list[PersonRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="person"
    )
    memberships: Mapped[list[TeamMembership]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="person"
    )

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.roles)


class PersonRole(Base):
    __tablename__ = "person_roles"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        primary_key=True,
    )

    person: Mapped[Person] = relationship(back_populates="roles")


class TeamMembership(Base):
    __tablename__ = "team_memberships"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)

    team: Mapped[Team] = relationship(back_populates="memberships", lazy="joined")
    person: Mapped[Person] = relationship(back_populates="memberships")


class SupervisionPair(Base):
    __tablename__ = "supervision_pairs"
    __table_args__ = (
        CheckConstraint("supervisor_id <> supervisee_id", name="not_self"),
        Index("ix_supervision_pairs_supervisee", "supervisee_id", "starts_on"),
        Index("ix_supervision_pairs_supervisor", "supervisor_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses for the pair's last day.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    # How often the pair has agreed to meet, in weeks.
    frequency_weeks: Mapped[int] = mapped_column(default=4)
    # The kinds of supervision the pair holds (clinical, professional, line_management,
    # practice), comma-separated, set by the admin who makes the pair; empty when not said.
    kinds: Mapped[str] = mapped_column(String(80), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def is_active(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)
