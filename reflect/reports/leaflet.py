"""The "meet the team" leaflet: a PDF of the team's approved biographies. A pure function."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

PHOTO_WIDTH = 3.2 * cm


@dataclass(frozen=True)
class LeafletBiography:
    """One person's approved biography: their name, (heading, text) sections, and an optional photo."""

    name: str
    sections: tuple[tuple[str, str], ...]
    photo: bytes | None = None


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    # 12 pt body on 17 pt leading and dark text: easy to read printed or on a screen.
    body = ParagraphStyle("Body", parent=base["BodyText"], fontName="Helvetica", fontSize=12, leading=17, textColor=colors.HexColor("#0e1116"))
    return {
        "title": ParagraphStyle("Title", parent=base["Title"], fontName="Helvetica-Bold", fontSize=24, leading=30, textColor=colors.HexColor("#1f5f8b")),
        "intro": ParagraphStyle("Intro", parent=body, alignment=TA_CENTER, fontSize=12),
        "name": ParagraphStyle("Name", parent=body, fontName="Helvetica-Bold", fontSize=16, leading=21, spaceBefore=6, spaceAfter=4),
        "heading": ParagraphStyle("Heading", parent=body, fontName="Helvetica-Bold", fontSize=12, spaceBefore=4),
        "body": body,
    }


def _text(value: str) -> str:
    # Paragraph reads a small markup language: escape so a person's words stay words.
    return escape(value).replace("\n", "<br/>")


def _decoded_png(data: bytes) -> bytes:
    """The photo decoded in full and written again as PNG: a photo cut short fails here, not
    halfway through drawing the leaflet."""
    from PIL import Image as PillowImage

    with PillowImage.open(io.BytesIO(data)) as picture:
        picture.load()
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def _photo(data: bytes | None) -> Image | None:
    if not data:
        return None
    try:
        image = Image(io.BytesIO(_decoded_png(data)))
        ratio = image.imageHeight / image.imageWidth if image.imageWidth else 1
        image.drawWidth, image.drawHeight = PHOTO_WIDTH, PHOTO_WIDTH * min(ratio, 1.6)
        return image
    except Exception:  # a photo reportlab can't read is left out rather than losing the leaflet
        return None


def _biography(bio: LeafletBiography, styles: dict[str, ParagraphStyle]) -> KeepTogether:
    text = [Paragraph(_text(bio.name), styles["name"])]
    for heading, body in bio.sections:
        if body.strip():
            text += [Paragraph(_text(heading), styles["heading"]), Paragraph(_text(body), styles["body"])]
    photo = _photo(bio.photo)
    if photo is None:
        return KeepTogether([*text, Spacer(1, 0.5 * cm)])
    table = Table([[photo, text]], colWidths=[PHOTO_WIDTH + 0.4 * cm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return KeepTogether([table, Spacer(1, 0.5 * cm)])


def build_leaflet(*, team_name: str, biographies: Sequence[LeafletBiography], made_on: date) -> bytes:
    """The leaflet as PDF bytes: a title naming the team, each biography, and page numbers."""
    styles = _styles()
    buffer = io.BytesIO()
    title = f"Meet the team: {team_name}"

    def _footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 10)
        canvas.setFillColor(colors.HexColor("#545b62"))
        canvas.drawString(2 * cm, 1.2 * cm, f"{team_name} · {made_on.strftime('%B %Y')}")
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author=team_name, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2.2 * cm
    )
    story = [
        Paragraph(_text(title), styles["title"]),
        Paragraph("The people you may meet here, in their own words.", styles["intro"]),
        Spacer(1, 0.8 * cm),
    ]
    if not biographies:
        story.append(Paragraph("No one in this team has approved a biography yet.", styles["body"]))
    story += [_biography(bio, styles) for bio in biographies]
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
