"""Screenshots of the three stages for the README, taken from the real app in headless Chromium.

Run from the checkout: .venv/bin/python docs/screenshots_journeys.py
"""

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))
from tests.browser.app_server import CHROMIUM, CHROMIUM_ARGS, demo_app, sign_in  # noqa: E402

OUT = CHECKOUT / "docs" / "images"


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir, demo_app(Path(data_dir)) as url:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            shoot(browser, url, "quick-check", (390, 1400), "Quick check")
            shoot(browser, url, "my-sharing-profile", (1100, 1500), "My sharing profile")
            shoot(browser, url, "reflect-after-sharing", (1100, 1500), "Reflect after sharing")
            shoot(browser, url, "my-reflections", (1100, 1200), "My reflections", expand=True)
            browser.close()


def shoot(browser, url: str, path: str, size: tuple[int, int], heading: str, expand: bool = False) -> None:
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    sign_in(page, url, "practitioner@example.org", "demo-only-reflect")
    nav = page.get_by_test_id("stSidebarNav")
    if not nav.is_visible():  # on a phone the menu is folded away
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=heading).click()
    page.get_by_role("heading", name=heading).first.wait_for()
    if page.get_by_test_id("stSidebarCollapseButton").is_visible() and size[0] < 600:
        page.get_by_test_id("stSidebarCollapseButton").click()
    if expand:
        page.get_by_test_id("stExpander").last.click()
    time.sleep(2)
    page.screenshot(path=str(OUT / f"{path}.png"), full_page=False)
    page.context.close()


if __name__ == "__main__":
    main()
