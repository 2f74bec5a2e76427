"""Screenshots of the three stages for the README, taken from the real app in headless Chromium.

Run from the checkout: .venv/bin/python docs/screenshots_journeys.py
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHECKOUT = Path(__file__).resolve().parent.parent
OUT = CHECKOUT / "docs" / "images"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="reflect-shots-"))
    env = {**os.environ, "REFLECT_DATA_DIR": str(data)}
    env.pop("REFLECT_DATABASE_URL", None)
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "reflect"), "demo"], env=env, check=True, capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [str(bin_dir / "streamlit"), "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=CHECKOUT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            shoot(browser, url, "quick-check", (390, 1400), "Quick check")
            shoot(browser, url, "my-sharing-profile", (1100, 1500), "My sharing profile")
            shoot(browser, url, "reflect-after-sharing", (1100, 1500), "Reflect after sharing")
            shoot(browser, url, "my-reflections", (1100, 1200), "My reflections", expand=True)
            browser.close()
    finally:
        server.terminate()


def shoot(browser, url: str, path: str, size: tuple[int, int], heading: str, expand: bool = False) -> None:
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(url)
    page.get_by_label("E-mail address").fill("practitioner@example.org")
    page.get_by_label("Password", exact=True).fill("demo-only-reflect")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello").wait_for()
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
