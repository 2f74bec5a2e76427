"""Pictures of supervision for the README: run from the repository root with
`.venv/bin/python docs/screenshots_supervision.py`. It loads the demo into a temporary
folder, serves the real app on a free port and drives headless Chromium; the first page of
the supervision summary PDF is rendered with `pdftoppm`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.app_server import BIN, CHROMIUM, CHROMIUM_ARGS, demo_app, open_first_shared_item, sign_in  # noqa: E402

OUT = ROOT / "docs" / "images"


def summary(data_dir: str) -> None:
    """Make the demo pair's summary as the supervisee would, and render its first page."""
    code = (
        "from datetime import date, timedelta\n"
        "from reflect import config, runtime\n"
        "from reflect.services import auth, supervision\n"
        "runtime.start(config.load({'REFLECT_DATA_DIR': %r}))\n"
        "sam = auth.sign_in(email='practitioner@example.org', password='demo-only-reflect').actor\n"
        "pair = supervision.my_supervisors(by=sam)[0]\n"
        "data = supervision.summary_pdf(pair_id=pair.id, since=date.today() - timedelta(days=90), until=date.today(), by=sam)\n"
        "open(%r, 'wb').write(data)\n"
    ) % (data_dir, f"{data_dir}/summary.pdf")
    subprocess.run([str(BIN / "python"), "-c", code], check=True, cwd=ROOT, capture_output=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", f"{data_dir}/summary.pdf", str(OUT / "supervision-summary")], check=True)


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
