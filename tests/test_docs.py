"""The papers in docs/ name only tests that exist, so a reader can run each one."""

import re

import pytest

from tests.conftest import CHECKOUT

NAMED_TEST = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)")
PAPERS = ("dpia.md", "hazard-log.md", "security.md", "operations.md")


@pytest.mark.parametrize("paper", PAPERS)
def test_every_test_named_in_the_papers_exists(paper):
    text = (CHECKOUT / "docs" / paper).read_text()
    assert text.startswith("# ")
    missing = [
        f"{path}::{name}" for path, name in NAMED_TEST.findall(text)
        if not (CHECKOUT / path).is_file() or f"def {name}(" not in (CHECKOUT / path).read_text()
    ]
    assert missing == []


def test_the_hazard_log_names_a_test_for_every_hazard():
    text = (CHECKOUT / "docs" / "hazard-log.md").read_text()
    hazards = text.split("\n### ")[1:]
    assert len(hazards) >= 10
    assert [h.splitlines()[0] for h in hazards if not NAMED_TEST.search(h)] == []
