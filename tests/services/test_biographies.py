"""Biographies: drafts, approval, photos and the leaflet, on SQLite and PostgreSQL."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select, text

from reflect.models import AuditEvent, Role
from reflect.services import biographies
from reflect.services.access import AccessDenied
from reflect.services.biographies import BiographyError
from tests import factories


def png(size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 95, 139)).save(buffer, format="PNG")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (31, 95, 139)).save(buffer, format="JPEG", quality=90)
    whole = buffer.getvalue()
    return whole[: len(whole) // 2]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def north(org):
    team = factories.make_team(org, "North Community Team")
    lead = factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(team,), name="Morgan Lee")
    members = [factories.make_person(org, teams=(team,), name=f"Member {n}") for n in range(3)]
    return team, lead, members


def write(person, marker: str) -> None:
    biographies.save_draft(
        by=person,
        answers={"professional_background": f"Nurse {marker}", "interests_outside_work": "Allotment", "why_i_work_here": "People"},
    )


def test_a_saved_biography_is_sealed_and_starts_as_a_draft(rt, north):
    _, _, (member, *_) = north
    write(member, "Quokkamarker")
    with rt.db.read() as session:
        raw = session.execute(text("SELECT answers FROM biographies")).scalar()
    assert b"Quokkamarker" not in bytes(raw)
    mine = biographies.mine(by=member)
    assert mine.status == "draft" and mine.answers["professional_background"] == "Nurse Quokkamarker"


def test_leaflet_holds_every_approved_biography_and_no_unapproved_one(rt, north):
    team, lead, (first, second, third) = north
    write(first, "Alphaapproved")
    biographies.approve(by=first)
    write(second, "Betadraft")
    write(third, "Gammaedited")
    biographies.approve(by=third)
    write(third, "Gammaedited again")  # editing makes it a draft until approved again
    write(lead, "Leadapproved")
    biographies.approve(by=lead)
    biographies.set_photo(by=lead, data=png())
    biographies.approve(by=lead)

    content = pdf_text(biographies.leaflet_pdf(by=lead, team_id=team))

    assert "Meet the team: North Community Team" in content
    assert "Alphaapproved" in content and "Leadapproved" in content
    assert "Betadraft" not in content and "Gammaedited" not in content
    assert "Member 1" not in content and "Member 2" not in content
    assert "Page 1" in content
    with rt.db.read() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("biography_in_leaflet") == 2 and actions[-1] == "leaflet_generated"


def test_only_the_team_lead_makes_the_leaflet(rt, north, org):
    team, _, (member, *_) = north
    other_lead = factories.make_person(org, roles=(Role.TEAM_LEAD,), leads=(factories.make_team(org, "Crisis"),))
    for who in (member, other_lead):
        with pytest.raises(AccessDenied):
            biographies.leaflet_pdf(by=who, team_id=team)


def test_biography_text_cannot_inject_pdf_markup(rt, north):
    team, lead, (member, *_) = north
    biographies.save_draft(by=member, answers={"professional_background": "<b>bold</b> & <script>alert(1)</script>"})
    biographies.approve(by=member)
    content = pdf_text(biographies.leaflet_pdf(by=lead, team_id=team))
    assert "<script>alert(1)</script>" in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\0" * 100, "PNG or JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"not really a png", "doesn't open as a picture"),
        (b"\xff\xd8\xff" + b"\0" * (2 * 1024 * 1024), "under 2 MB"),
        (truncated_jpeg(), "incomplete or damaged"),
    ],
)
def test_photos_are_checked_by_content_and_size(rt, north, data, message):
    _, _, (member, *_) = north
    write(member, "x")
    with pytest.raises(BiographyError, match=message):
        biographies.set_photo(by=member, data=data)


def test_a_photo_is_sealed_and_needs_approving_again(rt, north):
    _, _, (member, *_) = north
    write(member, "x")
    biographies.approve(by=member)
    photo = png()
    biographies.set_photo(by=member, data=photo)
    assert biographies.mine(by=member).status == "draft"
    assert Image.open(io.BytesIO(biographies.my_photo(by=member))).tobytes() == Image.open(io.BytesIO(photo)).tobytes()
    with rt.db.read() as session:
        raw = bytes(session.execute(text("SELECT photo FROM biographies")).scalar())
    assert photo[:16] not in raw


def photo_with_location(kind: str) -> bytes:
    """A 60x30 photo, red on its left and blue on its right, whose EXIF says where it was
    taken (GPS), on which camera, and that it should be turned 90 degrees clockwise to view."""
    picture = Image.new("RGB", (60, 30), (0, 0, 255))
    picture.paste((255, 0, 0), (0, 0, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees clockwise to view
    exif[0x010F], exif[0x0110] = "PhoneMaker", "Phone 12"  # Make, Model
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}  # GPS: London
    buffer = io.BytesIO()
    picture.save(buffer, format=kind.upper(), exif=exif, **({"quality": 95} if kind == "jpeg" else {}))
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_a_photos_exif_and_location_are_stripped_before_it_is_stored_and_it_is_kept_upright(rt, north, kind):
    _, _, (member, *_) = north
    write(member, "x")
    uploaded = photo_with_location(kind)
    assert Image.open(io.BytesIO(uploaded)).getexif().get_ifd(0x8825)  # the upload has a location
    biographies.set_photo(by=member, data=uploaded)

    stored = biographies.my_photo(by=member)  # the bytes kept, sealed, in the database
    picture = Image.open(io.BytesIO(stored))
    assert picture.format == kind.upper()
    assert len(picture.getexif()) == 0 and "exif" not in picture.info
    assert b"Exif" not in stored and b"eXIf" not in stored and b"PhoneMaker" not in stored
    # Turned as its camera asked: the red left side is now the top.
    assert picture.size == (30, 60)
    red, green, blue = picture.convert("RGB").getpixel((15, 5))
    assert red > 200 and blue < 60
    red, green, blue = picture.convert("RGB").getpixel((15, 55))
    assert blue > 200 and red < 60


def test_answers_over_the_prompt_length_are_refused(rt, north):
    _, _, (member, *_) = north
    with pytest.raises(BiographyError, match="under 600 characters"):
        biographies.save_draft(by=member, answers={"why_i_work_here": "x" * 601})
    with pytest.raises(BiographyError, match="at least one"):
        biographies.save_draft(by=member, answers={})
