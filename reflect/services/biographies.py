"""Biographies for the "meet the team" leaflet: write, preview, approve; photos; the leaflet.

Only approved biographies reach the leaflet, and any change makes a biography a draft again
until its author approves it once more.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from reflect import runtime
from reflect.db import insert_if_absent
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Biography, Person, Team, TeamMembership, utcnow
from reflect.questions.schema import FreeTextQuestion
from reflect.reports.leaflet import LeafletBiography, build_leaflet
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.vault import Vault
from reflect.text import clean_text
from reflect.services.errors import Refused

MAX_PHOTO_BYTES = 2 * 1024 * 1024
_PHOTO_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
# Leaflet headings for the shipped prompts; any other prompt is headed by its own text.
_HEADINGS = {
    "professional_background": "Professional background",
    "interests_outside_work": "Outside work",
    "why_i_work_here": "Why I work here",
}
DRAFT, APPROVED = "draft", "approved"


class BiographyError(Refused, ValueError):
    """The biography or photo can't be saved as it is; the message says why."""


@dataclass(frozen=True)
class MyBiography:
    answers: dict[str, str]
    status: str
    approved_at: datetime | None
    has_photo: bool
    updated_at: datetime


def prompts() -> tuple[FreeTextQuestion, ...]:
    """The biography prompts, from the register categories data file."""
    return runtime.current().catalogue.register.biography


def mine(*, by: Actor) -> MyBiography | None:
    """The acting person's biography, or None if they haven't started one."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    rt = runtime.current()
    with rt.db.read() as session:
        row = session.get(Biography, by.person_id)
        if row is None:
            return None
        answers = json.loads(Vault(session, rt.server_key, by=by).open(row.answers) or "{}")
        return MyBiography(answers, row.status, row.approved_at, row.photo is not None, row.updated_at)


def save_draft(*, by: Actor, answers: dict[str, str]) -> None:
    """Save the biography as a draft (an approved one goes back to draft until approved again).

    Raises:
        BiographyError: an answer is longer than its prompt allows, or every answer is empty.
    """
    ensure(by, Permission.KEEP_OWN_TALENTS)
    register = runtime.current().catalogue.register
    cleaned = {}
    for question in register.biography:
        text = clean_text(answers.get(question.id) or "").strip()
        if len(text) > question.max_length:
            raise BiographyError(f"Please keep '{question.text}' under {question.max_length} characters.")
        cleaned[question.id] = text
    if not any(cleaned.values()):
        raise BiographyError("Please write something for at least one of the prompts.")
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        sealed = Vault(session, rt.server_key, by=by).seal(by.person_id, json.dumps(cleaned))
        row = session.get(Biography, by.person_id)
        if row is None:
            insert_if_absent(
                session, Biography, person_id=by.person_id, answers=sealed, set_id=register.id,
                set_version=register.version, status=DRAFT, updated_at=utcnow(),
            )
            row = session.get(Biography, by.person_id)
        row.answers, row.set_id, row.set_version = sealed, register.id, register.version
        row.status, row.approved_at, row.updated_at = DRAFT, None, utcnow()
        _record(session, DecisionKind.BIOGRAPHY_CHANGED, by, row.updated_at)


def approve(*, by: Actor) -> None:
    """Approve my biography as it stands, for the leaflet. Raises: BiographyError if there is none."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    with runtime.current().db.write(by=by) as session:
        row = session.get(Biography, by.person_id)
        if row is None:
            raise BiographyError("Please write and save your biography first.")
        row.status, row.approved_at = APPROVED, utcnow()


def withdraw(*, by: Actor) -> None:
    """Delete my biography and photo: they leave the next leaflet."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    with runtime.current().db.write(by=by) as session:
        row = session.get(Biography, by.person_id)
        if row is not None:
            session.delete(row)
            _record(session, DecisionKind.BIOGRAPHY_WITHDRAWN, by, utcnow())


def photo_type(data: bytes) -> str:
    """'png' or 'jpeg', judged by the file's first bytes (not its name).

    Raises:
        BiographyError: too large, not PNG or JPEG, or not a readable picture.
    """
    if len(data) > MAX_PHOTO_BYTES:
        raise BiographyError("Please choose a photo under 2 MB.")
    kind = next((k for magic, k in _PHOTO_TYPES.items() if data.startswith(magic)), None)
    if kind is None:
        raise BiographyError("Please choose a PNG or JPEG photo.")
    from PIL import Image  # Pillow comes with Streamlit

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 40_000_000:
                raise BiographyError("That photo is very large. Please choose a smaller one.")
            image.verify()
    except BiographyError:
        raise
    except Exception as exc:
        raise BiographyError("That file doesn't open as a picture. Please try another photo.") from exc
    try:
        # verify() reads the headers only: decode every pixel, so a photo cut short is caught now
        # rather than when the team leaflet is made.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception as exc:
        raise BiographyError(
            "That photo seems to be incomplete or damaged, so it can't be used. "
            "Please save it again from where it came from, or choose another photo."
        ) from exc
    return kind


def without_metadata(data: bytes, kind: str) -> bytes:
    """The photo drawn again from its pixels alone, the way up its camera recorded: no EXIF
    (where and when it was taken, the camera, often GPS), no comments or text chunks. The
    colour profile stays, so colours look the same. `data` must have passed `photo_type`."""
    from PIL import Image, ImageOps  # Pillow comes with Streamlit

    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        colour_profile = image.info.get("icc_profile")
    upright.info = {}  # nothing from the original file is written out again but the pixels
    options: dict = {"icc_profile": colour_profile} if colour_profile else {}
    out = io.BytesIO()
    if kind == "jpeg":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, format="JPEG", quality=90, **options)
    else:
        upright.save(out, format="PNG", optimize=True, **options)
    return out.getvalue()


def set_photo(*, by: Actor, data: bytes) -> None:
    """Attach a photo to my biography, sealed with my key, with its metadata (EXIF, GPS
    included) stripped before it is stored and its orientation applied. It needs approving again.

    Raises:
        BiographyError: no biography yet, or the file is not a PNG or JPEG under 2 MB.
    """
    ensure(by, Permission.KEEP_OWN_TALENTS)
    kind = photo_type(data)
    data = without_metadata(data, kind)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        row = session.get(Biography, by.person_id)
        if row is None:
            raise BiographyError("Please write and save your biography before adding a photo.")
        row.photo = Vault(session, rt.server_key, by=by).seal(by.person_id, base64.b64encode(data).decode("ascii"))
        row.photo_type = kind
        row.status, row.approved_at, row.updated_at = DRAFT, None, utcnow()
        _record(session, DecisionKind.BIOGRAPHY_CHANGED, by, row.updated_at)


def remove_photo(*, by: Actor) -> None:
    """Remove the photo from my biography, and from the leaflet, for good."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    with runtime.current().db.write(by=by) as session:
        row = session.get(Biography, by.person_id)
        if row is not None:
            row.photo, row.photo_type, row.updated_at = None, None, utcnow()
            _record(session, DecisionKind.BIOGRAPHY_PHOTO_REMOVED, by, row.updated_at)


def _record(session, kind: DecisionKind, by: Actor, at: datetime) -> None:
    """Every change to a biography can take words or a photo out of the leaflet: recorded in the
    decision ledger before the commit, so a restore of an older version never puts them back."""
    public_id = session.scalar(select(Person.public_id).where(Person.id == by.person_id))
    runtime.current().ledger.record(kind, [public_id], at=at)


def my_photo(*, by: Actor) -> bytes | None:
    """My photo's bytes, for the preview."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    rt = runtime.current()
    with rt.db.read() as session:
        row = session.get(Biography, by.person_id)
        if row is None or row.photo is None:
            return None
        opened = Vault(session, rt.server_key, by=by).open(row.photo)
    return base64.b64decode(opened) if opened else None


def leaflet_pdf(*, by: Actor, team_id: int, made_on: date | None = None) -> bytes:
    """The team's "meet the team" leaflet: the approved biographies of its current members, by name.

    Each person included gets an audit record, so they can see their biography was used.
    """
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    rt = runtime.current()
    questions = prompts()
    with rt.db.write(by=by) as session:
        team_name = session.scalar(select(Team.name).where(Team.id == team_id)) or ""
        rows = session.execute(
            select(Biography, Person.name)
            .join(Person, Person.id == Biography.person_id)
            .join(TeamMembership, TeamMembership.person_id == Person.id)
            .where(TeamMembership.team_id == team_id, Biography.status == APPROVED, Person.erased_at.is_(None))
            .order_by(Person.name, Person.id)
        ).all()
        vault = Vault(session, rt.server_key, by=by)
        vault.preload([b.answers for b, _ in rows])
        biographies = []
        for bio, name in rows:
            opened = vault.open(bio.answers)
            if opened is None:
                continue
            answers = json.loads(opened)
            photo = vault.open(bio.photo) if bio.photo is not None else None
            sections = tuple((_HEADINGS.get(q.id, q.text), answers.get(q.id, "")) for q in questions)
            biographies.append(LeafletBiography(name, sections, base64.b64decode(photo) if photo else None))
            audit.record(session, by=by, action="biography_in_leaflet", subject_id=bio.person_id, object_type="team", object_id=team_id)
        # Built inside the transaction: if it fails, no audit record claims a leaflet was made.
        pdf = build_leaflet(team_name=team_name, biographies=biographies, made_on=made_on or date.today())
        audit.record(session, by=by, action="leaflet_generated", object_type="team", object_id=team_id)
    event("register.leaflet", team=team_id, people=len(biographies))
    return pdf
