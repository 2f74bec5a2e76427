"""Pictures of supervision for the README: run from the repository root with
`.venv/bin/python docs/screenshots_supervision.py`. It loads the demo into a temporary
folder, serves the real app on a free port and drives headless Chromium; the first page of
the supervision summary PDF is rendered with `pdftoppm`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.app_server import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, PICTURE_WIDTHS, choose_supervisee, demo_app, demo_pdf_picture, open_first_shared_item, picture,
)

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
    made = []
    with tempfile.TemporaryDirectory() as data_dir:
        with demo_app(Path(data_dir)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in PICTURE_WIDTHS:
                height = 844 if width < 600 else 1000
                made.append(OUT / f"supervision-supervisor-{width}.png")
                picture(browser, url, email="supervisor@example.org", title="My supervisees", out=made[-1], width=width, height=height,
                        then=lambda page: choose_supervisee(page, "Sam Okafor"))
                made.append(OUT / f"supervision-opened-{width}.png")
                picture(browser, url, email="supervisor@example.org", title="My supervisees", out=made[-1], width=width, height=height,
                        then=lambda page: open_first_shared_item(page, "Sam Okafor"))
                made.append(OUT / f"supervision-supervisee-{width}.png")
                picture(browser, url, email="practitioner@example.org", title="My supervision", out=made[-1], width=width, height=height,
                        then=lambda page: page.get_by_role("heading", name="Who has opened what").scroll_into_view_if_needed())
            browser.close()
        summary(data_dir)
    for name in [*made, OUT / "supervision-summary.png"]:
        print(name)


if __name__ == "__main__":
    main()
