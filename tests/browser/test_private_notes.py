"""Private notes in the real app: at a first sign-in the recovery code is shown once, with a
plain word on what is lost without it, and the app opens once the person says they saved it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.browser.app_server import BIN, save_recovery_code

pytestmark = pytest.mark.browser

def add_account(data_dir: Path, email: str, name: str) -> str:
    """An account made by an admin with `reflect user add`; returns its generated password."""
    out = subprocess.run(
        [str(BIN / "reflect"), "user", "add", "--name", name, "--email", email, "--roles", "practitioner"],
        env={"REFLECT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True,
    ).stdout
    return out.strip().rsplit(": ", 1)[1]


def test_first_sign_in_shows_the_recovery_code_once_then_opens_the_app(page, app_url, app_data_dir):
    password = add_account(app_data_dir, "nova@example.org", "Nova New")
    page.goto(app_url)
    page.get_by_label("E-mail address").fill("nova@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    save_recovery_code(page)
    # Saved: the next sign-in goes straight to the app.
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for()
    page.get_by_label("E-mail address").fill("nova@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello").wait_for()
