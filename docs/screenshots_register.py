"""Pictures of the talents register for the README: run from the repository root with
`.venv/bin/python docs/screenshots_register.py`. It loads the demo into a temporary folder,
serves the real app on a free port, and drives headless Chromium; the leaflet page is
rendered with `pdftoppm`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.app_server import CHROMIUM, CHROMIUM_ARGS, PICTURE_WIDTHS, demo_app, demo_pdf_picture, picture  # noqa: E402

OUT = ROOT / "docs" / "images"


def leaflet(data_dir: str) -> None:
    """Make the North team's leaflet as its lead would, and render its first page."""
    demo_pdf_picture(
        data_dir,
        email="lead@example.org",
        imports="from reflect.services import biographies",
        expression="biographies.leaflet_pdf(by=me, team_id=sorted(me.lead_team_ids)[0])",
        out_png=OUT / "register-leaflet.png",
    )


def _search(page) -> None:
    page.get_by_role("textbox", name="Search words").fill("football")
    page.get_by_role("textbox", name="Search words").press("Enter")
    page.get_by_text("entries found").or_(page.get_by_text("entry found")).first.wait_for()
    page.get_by_text("entries found").or_(page.get_by_text("entry found")).first.scroll_into_view_if_needed()


def _figures(page) -> None:
    page.get_by_role("tab", name="Team figures").click()
    page.get_by_text("People per category").wait_for()
    page.get_by_text("People per category").scroll_into_view_if_needed()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as data_dir:
        with demo_app(Path(data_dir)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in PICTURE_WIDTHS:
                height = 844 if width < 600 else 1000
                for name, then in (("register-search", _search), ("register-chart", _figures)):
                    made.append(OUT / f"{name}-{width}.png")
                    picture(browser, url, email="lead@example.org", title="Team register", out=made[-1], width=width, height=height, then=then)
            browser.close()
        leaflet(data_dir)
    for name in [*made, OUT / "register-leaflet.png"]:
        print(name)


if __name__ == "__main__":
    main()
