"""The leaflet as a pure function: every biography in, page numbers on, markup inert."""

import io
from datetime import date

from PIL import Image as PillowImage
from pypdf import PdfReader

from reflect.reports.leaflet import LeafletBiography, build_leaflet


def test_every_biography_appears_with_page_numbers_over_several_pages():
    bios = [LeafletBiography(f"Person {n}", (("Why I work here", f"Reason number {n}. " * 20),)) for n in range(12)]
    pdf = PdfReader(io.BytesIO(build_leaflet(team_name="North", biographies=bios, made_on=date(2026, 11, 1))))
    content = "\n".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) > 1
    assert all(f"Person {n}" in content for n in range(12))
    assert f"Page {len(pdf.pages)}" in content
    assert pdf.metadata.title == "Meet the team: North"


def test_an_unreadable_photo_is_left_out_not_fatal():
    bio = LeafletBiography("Sam", (("Outside work", "Football"),), photo=b"\x89PNG\r\n\x1a\nbroken")
    content = PdfReader(io.BytesIO(build_leaflet(team_name="T", biographies=[bio], made_on=date(2026, 1, 1)))).pages[0].extract_text()
    assert "Football" in content


def test_a_photo_cut_short_is_left_out_and_the_rest_drawn():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (400, 300), (31, 95, 139)).save(buffer, format="JPEG", quality=90)
    cut_short = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    bios = [
        LeafletBiography("Sam", (("Outside work", "Football"),), photo=cut_short),
        LeafletBiography("Ana", (("Outside work", "Choir"),)),
    ]
    content = PdfReader(io.BytesIO(build_leaflet(team_name="T", biographies=bios, made_on=date(2026, 1, 1)))).pages[0].extract_text()
    assert "Football" in content and "Choir" in content


def test_an_empty_team_gets_a_calm_line():
    content = PdfReader(io.BytesIO(build_leaflet(team_name="T", biographies=[], made_on=date(2026, 1, 1)))).pages[0].extract_text()
    assert "No one in this team has approved a biography yet." in content
