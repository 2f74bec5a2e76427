"""The forms a regulator asks for, as data: `prompts/revalidation/*.yaml`, typed and validated
here. Each file names the regulator's documents it follows, by name and version.

The NMC file holds the written reflective account (its four parts, the Code's four themes,
and which answers of a reflection, a supervision session or a learning note prefill each
part), the reflective discussion form, and the three-yearly requirements the tracker counts.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from reflect.config import SHIPPED_PROMPTS_DIR

FORMS_DIR = SHIPPED_PROMPTS_DIR / "revalidation"
SOURCE_KINDS = ("reflection", "supervision", "learning_note")


class FormFileError(ValueError):
    """A regulator's form file is missing or does not fit the schema; the message names the file."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    document: str = Field(min_length=1)
    version: str = Field(min_length=1)


class Choice(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)


class Part(_Model):
    """One part of a reflective account: the form's own heading, our help, and the answers of
    each kind of source that prefill it (question ids; `body` for a learning note)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    heading: str = Field(min_length=1)
    help: str = ""
    limit: int = Field(gt=0, le=10000)
    from_: dict[str, list[str]] = Field(alias="from", default_factory=dict)

    @model_validator(mode="after")
    def _known_sources(self) -> Part:
        unknown = set(self.from_) - set(SOURCE_KINDS)
        if unknown:
            raise ValueError(f"part {self.id}: unknown source kinds {sorted(unknown)} (use {', '.join(SOURCE_KINDS)})")
        return self


class AccountForm(_Model):
    title: str
    form_note: str
    kinds: tuple[Choice, ...] = Field(min_length=1)
    parts: tuple[Part, ...] = Field(min_length=1)
    themes: tuple[Choice, ...] = ()  # the NMC's Code themes; a template may have none

    def part(self, part_id: str) -> Part:
        return next(p for p in self.parts if p.id == part_id)

    def kind_label(self, kind: str) -> str:
        return next((k.label for k in self.kinds if k.id == kind), kind)

    def theme_label(self, theme: str) -> str:
        return next((t.label for t in self.themes if t.id == theme), theme)


class Field_(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    limit: int = Field(gt=0, le=2000)


class DiscussionForm(_Model):
    title: str
    form_note: str
    fields: tuple[Field_, ...] = Field(min_length=1)
    date_label: str
    statement: str


class Requirements(_Model):
    period_years: int = Field(gt=0)
    reflective_accounts: int = Field(ge=0)
    cpd_hours: int = Field(ge=0)
    participatory_hours: int = Field(ge=0)
    practice_hours: int = Field(ge=0)
    feedback: int = Field(ge=0)
    due_within_days: int = Field(gt=0)


class ReflectionForm(_Model):
    """A form for a written reflection (the NMC's reflective account, the AoMRC template)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    regulator: str
    title: str
    sources: tuple[Source, ...] = Field(min_length=1)
    reader_note: str
    identifying_note: str
    account: AccountForm

    @property
    def cited(self) -> str:
        """The documents followed, as one line for the foot of a form."""
        return "; ".join(f"{s.document} ({s.version})" for s in self.sources)


class RegulatorForms(ReflectionForm):
    """The NMC's forms: the reflective account, the discussion form and the requirements."""

    discussion: DiscussionForm
    requirements: Requirements


class Section(_Model):
    heading: str = Field(min_length=1)
    help: str = ""
    words: int = Field(default=0, ge=0)  # about how many words the regulator expects; 0 for no figure


class CpdProfileForm(_Model):
    """The HCPC's CPD profile: summary of practice, the dated activities, a personal statement
    for standards 3 to 5, the evidence, and gaps of three months or more pointed out."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    regulator: str
    title: str
    sources: tuple[Source, ...] = Field(min_length=1)
    summary: Section
    statement: Section
    standards: tuple[Choice, ...] = Field(min_length=1)
    activities_heading: str
    evidence: Section
    gap_note: str

    @property
    def cited(self) -> str:
        return "; ".join(f"{s.document} ({s.version})" for s in self.sources)


def load(path: Path, model: type[_Model] = RegulatorForms) -> Any:
    """One regulator's forms from a YAML file.

    Raises:
        FormFileError: the file is missing, unreadable, or does not fit the schema.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise FormFileError(f"{path.name}: can't be read ({exc.__class__.__name__})") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise FormFileError(f"{path.name}: {problems}") from None


@functools.lru_cache(maxsize=4)
def nmc(folder: Path = FORMS_DIR) -> RegulatorForms:
    """The NMC's revalidation forms, loaded once per process."""
    return load(folder / "nmc.yaml")  # type: ignore[return-value]


@functools.lru_cache(maxsize=4)
def aomrc(folder: Path = FORMS_DIR) -> ReflectionForm:
    """The AoMRC's What? So what? Now what? template, loaded once per process."""
    return load(folder / "aomrc.yaml", ReflectionForm)


def reflection_forms() -> dict[str, ReflectionForm]:
    """Every form a written reflection can be kept on, by id: the NMC's first."""
    return {form.id: form for form in (nmc(), aomrc())}


@functools.lru_cache(maxsize=4)
def hcpc(folder: Path = FORMS_DIR) -> CpdProfileForm:
    """The HCPC's CPD profile, loaded once per process."""
    return load(folder / "hcpc.yaml", CpdProfileForm)
