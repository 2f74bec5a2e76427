"""Pictures of supervision for the README: run from the repository root with
`.venv/bin/python docs/screenshots_supervision.py`. It loads the demo into a temporary
folder, serves the real app on a free port and drives headless Chromium; the first page of
the supervision summary PDF is rendered with `pdftoppm`."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.app_server import CHROMIUM, CHROMIUM_ARGS, demo_app, demo_pdf_picture, open_first_shared_item, sign_in  # noqa: E402

OUT = ROOT / "docs" / "images"


def summary(data_dir: str) -> None:
    """Make the demo pair's summary as the supervisee would, and render its first page."""
    demo_pdf_picture(
        data_dir,
        email="practitioner@example.org",
        imports="from datetime import date, timedelta\nfrom reflect.services import supervision",
        expression=(
            "supervision.summary_pdf(pair_id=supervision.my_supervisors(by=me)[0].id, "
            "since=date.today() - timedelta(days=90), until=date.today(), by=me)"
        ),
        out_png=OUT / "supervision-summary.png",
        resolution=70,
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir:
        with demo_app(Path(data_dir)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            sign_in(page, url, "supervisor@example.org", "demo-only-reflect")
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="My supervisees").click()
            page.get_by_role("heading", name="My supervisees").wait_for()
            open_first_shared_item(page, "Sam Okafor")
            page.mouse.move(5, 5)  # no tooltip in the picture
            time.sleep(2)
            page.get_by_test_id("stMain").screenshot(path=str(OUT / "supervision-supervisor.png"))
            page.close()
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            sign_in(page, url, "practitioner@example.org", "demo-only-reflect")
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="My supervision").click()
            page.get_by_role("heading", name="Who has opened what").wait_for()
            time.sleep(3)
            page.get_by_test_id("stMain").screenshot(path=str(OUT / "supervision-supervisee.png"))
            browser.close()
        summary(data_dir)
    for name in ("supervision-supervisor.png", "supervision-supervisee.png", "supervision-summary.png"):
        print(OUT / name)


if __name__ == "__main__":
    main()
