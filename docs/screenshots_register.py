"""Pictures of the talents register for the README: run from the repository root with
`.venv/bin/python docs/screenshots_register.py`. It loads the demo into a temporary folder,
serves the real app on a free port, and drives headless Chromium; the leaflet page is
rendered with `pdftoppm`."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.app_server import CHROMIUM, CHROMIUM_ARGS, demo_app, demo_pdf_picture, sign_in  # noqa: E402

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


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir:
        with demo_app(Path(data_dir)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1500})
            sign_in(page, url, "lead@example.org", "demo-only-reflect")
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Team register").click()
            page.get_by_role("heading", name="Team register").wait_for()
            page.get_by_role("textbox", name="Search words").fill("football")
            page.get_by_role("textbox", name="Search words").press("Enter")
            page.get_by_text("entries found").or_(page.get_by_text("entry found")).first.wait_for()
            page.get_by_test_id("stDataFrame").locator("canvas").first.wait_for()
            time.sleep(4)  # the table is drawn on a canvas after it appears
            page.screenshot(path=str(OUT / "register-search.png"), full_page=True)
            page.get_by_role("tab", name="Team figures").click()
            page.get_by_text("People per category").wait_for()
            time.sleep(2)
            page.get_by_test_id("stMain").screenshot(path=str(OUT / "register-chart.png"))
            browser.close()
        leaflet(data_dir)
    for name in ("register-search.png", "register-chart.png", "register-leaflet.png"):
        print(OUT / name)


if __name__ == "__main__":
    main()
