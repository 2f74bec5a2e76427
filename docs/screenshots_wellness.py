"""Pictures of supervision that fits its kind and the Wellness at Work plan for the README: run
from the repository root with `.venv/bin/python docs/screenshots_wellness.py`. It loads the demo
into a temporary folder, serves the real app on a free port and drives headless Chromium."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.app_server import CHROMIUM, CHROMIUM_ARGS, PICTURE_WIDTHS, choose_supervisee, demo_app, picture  # noqa: E402

OUT = ROOT / "docs" / "images"


def shared_plan(page) -> None:
    """As the supervisor: the plan Sam shares, under what he shares."""
    choose_supervisee(page, "Sam Okafor")
    heading = page.get_by_role("heading", name="Wellness at Work plan", exact=True)
    heading.wait_for()
    page.get_by_text("What keeps me well at work").first.wait_for()
    heading.scroll_into_view_if_needed()


def goals(page) -> None:
    """As the supervisee: the Goals tab, with the pair's kinds above it."""
    page.get_by_role("tab", name="Goals").click()
    page.get_by_text("Add a development goal").wait_for()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as data_dir:
        with demo_app(Path(data_dir)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in PICTURE_WIDTHS:
                height = 844 if width < 600 else 1000
                made.append(OUT / f"wellness-plan-{width}.png")
                picture(browser, url, email="practitioner@example.org", title="My Wellness at Work plan", out=made[-1], width=width, height=height)
                made.append(OUT / f"wellness-plan-shared-{width}.png")
                picture(browser, url, email="supervisor@example.org", title="My supervisees", out=made[-1], width=width, height=height, then=shared_plan)
                made.append(OUT / f"supervision-goals-{width}.png")
                picture(browser, url, email="practitioner@example.org", title="My supervision", out=made[-1], width=width, height=height, then=goals)
            browser.close()
    for name in made:
        print(name)


if __name__ == "__main__":
    main()
