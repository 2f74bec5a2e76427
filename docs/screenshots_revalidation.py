"""Pictures of the Revalidation page for the README: run from the repository root with
`.venv/bin/python docs/screenshots_revalidation.py`. It loads the demo into a temporary folder,
serves the real app on a free port and drives headless Chromium: the demo practitioner starts a
reflective account from their reflection. The first page of an account's PDF is rendered with
`pdftoppm`."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.app_server import CHROMIUM, CHROMIUM_ARGS, PICTURE_WIDTHS, demo_app, demo_pdf_picture, picture  # noqa: E402

OUT = ROOT / "docs" / "images"
PARTS = {
    "nature": "I mentioned a hobby of mine to a person I support, briefly, then handed the conversation back to them.",
    "learned": "A small, everyday detail can open a door. I didn't need to say more.",
    "changed": "I now keep what I share to a line or two and check afterwards how it landed.",
    "code": "It kept the focus on the person's own interests and strengths, and on what they wanted from our time.",
}


def start_from_reflection(page) -> None:
    source = page.get_by_test_id("stSelectbox").filter(has_text="Start a new account from")
    source.locator("input").click()
    page.get_by_role("option", name=re.compile(r"^Reflection, ")).first.click()
    page.get_by_test_id("stMain").get_by_role("button", name="Start the account").click()
    note = page.get_by_text("Whoever confirms your revalidation will read this account")
    note.wait_for()
    note.scroll_into_view_if_needed()


def account_pdf(data_dir: str) -> None:
    demo_pdf_picture(
        data_dir,
        email="practitioner@example.org",
        imports="from datetime import date\nfrom reflect.services import revalidation",
        expression=(
            "revalidation.account_pdf(account_id=revalidation.save_account(kind='event', written_on=date.today(), "
            f"parts={PARTS!r}, themes=['prioritise_people', 'practise_effectively'], reviewed=True, source='reflection', by=me), by=me)"
        ),
        out_png=OUT / "revalidation-account.png",
        resolution=70,
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as data_dir:
        with demo_app(Path(data_dir)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in PICTURE_WIDTHS:
                made.append(OUT / f"revalidation-{width}.png")
                picture(browser, url, email="practitioner@example.org", title="Revalidation", out=made[-1], width=width,
                        height=844 if width < 600 else 1000, then=start_from_reflection)
            browser.close()
        account_pdf(data_dir)
    for name in [*made, OUT / "revalidation-account.png"]:
        print(name)


if __name__ == "__main__":
    main()
