"""Screenshots for the README, from the real app in headless Chromium, each at a phone's width
(390 px) and a laptop's (1280 px): one per stage, and the main page of each role.

Run from the checkout: .venv/bin/python docs/screenshots_journeys.py [picture name ...]
(with names, only those pictures are taken again, e.g. quick-check quick-check-summary).
"""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))
from tests.browser.app_server import CHROMIUM, CHROMIUM_ARGS, PICTURE_WIDTHS, demo_app, picture  # noqa: E402

OUT = CHECKOUT / "docs" / "images"


def support_check(page) -> None:
    """A quick check about support for myself from my manager, to its summary and the places to turn."""
    for label in (
        "My supervisor or manager", "To get support, or adjustments at work, for myself",
        "Something difficult I'm going through now", "Yes, I'm comfortable with it",
    ):
        page.get_by_test_id("stButtonGroup").get_by_text(label, exact=True).click()
        page.wait_for_timeout(600)
    page.get_by_role("button", name="See my summary").click()
    headline = page.get_by_role("heading", name="You're looking for support for yourself")
    headline.wait_for()
    page.get_by_role("heading", name="Quick check", exact=True).scroll_into_view_if_needed()  # on a phone, start from the top


# (picture name, who, page title, heading to wait for, what to do first)
PICTURES = (
    ("home-practitioner", "practitioner@example.org", "Home", None, None),
    ("my-sharing-profile", "practitioner@example.org", "My sharing profile", None,
     lambda page: page.get_by_text("Hobbies, skills and interests", exact=True).first.scroll_into_view_if_needed()),
    ("quick-check", "practitioner@example.org", "Quick check", None, None),
    ("quick-check-summary", "practitioner@example.org", "Quick check", None, support_check),
    ("reflect-after-sharing", "practitioner@example.org", "Reflect after sharing", None, None),
    ("my-reflections", "practitioner@example.org", "My reflections", None,
     lambda page: page.get_by_test_id("stExpander").last.click()),
    ("admin-people", "admin@example.org", "People and teams", None, None),
)


def main(only: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir, demo_app(Path(data_dir)) as url:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, email, title, heading, then in PICTURES:
                if only and name not in only:
                    continue
                for width in PICTURE_WIDTHS:
                    out = OUT / f"{name}-{width}.png"
                    picture(browser, url, email=email, title=title, heading=heading, then=then, out=out, width=width,
                            height=844 if width < 600 else 1000)
                    print(out)
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
