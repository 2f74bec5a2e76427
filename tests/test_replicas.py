"""Two app processes serving one PostgreSQL database, as behind the compose file's proxy:
both start together (migrations once, under the advisory lock), and a sign-in and saves made
through one are honoured and read through the other (private text too: the session's own key
travels in its cookie's token, never in either replica's store); an erasure through one shuts the
person's key for the other at once. With the keystore file on the shared volume, and with
OpenBao's transit engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHECKOUT, create_database

PASSWORD = "replica-only-password"
EMAIL = "ada@example.org"


class Replica:
    def __init__(self, env: dict[str, str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.replica"], cwd=CHECKOUT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )

    def ready(self) -> str:
        return json.loads(self.process.stdout.readline())["ready"]

    def call(self, call: str, **args):
        self.process.stdin.write(json.dumps({"call": call, "args": args}) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        assert "error" not in reply, reply["error"]
        return reply["ok"]

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def two_replicas(postgres, tmp_path: Path, keystore_env: dict[str, str]) -> Iterator[tuple[Replica, Replica]]:
    url = create_database(postgres, "reflect_replicas")
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    # One shared data folder stands for the shared volume: the same key file and decision
    # ledger, and the keystore file unless both use OpenBao's transit engine.
    env.update(REFLECT_DATABASE_URL=url, REFLECT_DATA_DIR=str(tmp_path / "shared"), **keystore_env)
    (tmp_path / "shared").mkdir()
    replicas = (Replica(env), Replica(env))
    yield replicas
    for replica in replicas:
        replica.stop()


def test_two_replicas_start_together_and_share_sign_in_and_saves(two_replicas):
    one, two = two_replicas
    # Both started at once on an empty database: one migrated, the other waited for the lock.
    assert one.ready() == two.ready() is not None

    one.call("setup", email=EMAIL, password=PASSWORD)
    token = two.call("sign_in", email=EMAIL, password=PASSWORD)
    person = one.call("whoami", token=token)
    assert person is not None and two.call("whoami", token=token) == person

    entry = one.call("start_quick_check", token=token)
    one.call("save_answer", token=token, entry_id=entry, question_id="with_whom", value="person_supported")
    assert two.call("answers", token=token, entry_id=entry) == {"with_whom": "person_supported"}
    two.call("save_answer", token=token, entry_id=entry, question_id="benefit", value="yes")
    assert one.call("answers", token=token, entry_id=entry) == {"with_whom": "person_supported", "benefit": "yes"}
    # Private text: sealed under the person's own key, which each replica opens from the cookie's
    # token alone; neither opens it without the session.
    assert one.call("sealed_privately", entry_id=entry) and two.call("sealed_privately", entry_id=entry)

    two.call("sign_out", token=token)
    assert one.call("whoami", token=token) is None

    # Erased through one replica: the other can no longer open the person's data key, at once.
    key_name, wrapped = two.call("wrapped_key", person_id=person)
    assert two.call("key_opens", key_name=key_name, wrapped=wrapped)
    one.call("erase", person_id=person)
    assert two.call("key_opens", key_name=key_name, wrapped=wrapped) is False
