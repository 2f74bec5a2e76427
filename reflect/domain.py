"""The product's own words: the roles people hold, the stages of a sharing journey, and the
kinds of item a supervisee can share. Pages, access rules and services speak these; the
database models store them (reflect/models), by these exact values."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    PRACTITIONER = "practitioner"
    SUPERVISOR = "supervisor"
    TEAM_LEAD = "team_lead"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Stage(enum.StrEnum):
    PREPARATION = "preparation"
    IN_THE_MOMENT = "in_the_moment"
    AFTER_SHARING = "after_sharing"

    @property
    def label(self) -> str:
        return {"preparation": "Profile", "in_the_moment": "Quick check", "after_sharing": "Reflection"}[self.value]


class ShareKind(enum.StrEnum):
    ENTRY = "entry"  # one quick check or reflection
    EPISODE = "episode"  # a whole sharing episode
    PROFILE_ITEM = "profile_item"  # one experience from the sharing profile
