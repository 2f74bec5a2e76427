"""The keystore, on its own: the file beside the server key and OpenBao's transit engine
answer the same questions the same way."""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

import hvac
import pytest

from reflect.config import ConfigError, TransitSettings
from reflect.crypto import KeyUnavailable, ServerKey
from reflect.keystore import FileKeystore, Keystore, KeystoreError, TransitKeystore, new_data_key
from tests.bao_server import TRANSIT_MOUNT
from tests.conftest import CHECKOUT, fresh_sqlite


@pytest.fixture(params=["file", "transit"])
def keystore(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Keystore]:
    if request.param == "file":
        yield FileKeystore(tmp_path / "server.key.keystore", ServerKey(secrets.token_bytes(32)))
        return
    server = request.getfixturevalue("openbao")
    yield TransitKeystore(TransitSettings(url=server.url, token=server.token, prefix=f"t{secrets.token_hex(4)}-"))


def test_a_wrapped_data_key_opens_with_its_own_key_only(keystore):
    keystore.create(["person-a", "person-b"])
    data_key = new_data_key()
    wrapped = keystore.wrap({"person-a": data_key})["person-a"]
    assert data_key not in wrapped
    assert keystore.unwrap({"person-a": wrapped}) == {"person-a": data_key}
    assert keystore.unwrap({"person-b": wrapped}) == {"person-b": None}


def test_creating_a_key_that_exists_keeps_it(keystore):
    keystore.create(["person-a"])
    data_key = new_data_key()
    wrapped = keystore.wrap({"person-a": data_key})["person-a"]
    keystore.create(["person-a", "person-c"])
    assert keystore.unwrap({"person-a": wrapped})["person-a"] == data_key
    assert keystore.names() >= {"person-a", "person-c"}


def test_deleting_a_key_makes_what_it_wrapped_unopenable_for_good(keystore):
    keystore.create(["person-a", "person-b"])
    keys = {"person-a": new_data_key(), "person-b": new_data_key()}
    wrapped = keystore.wrap(keys)
    keystore.delete(["person-a", "person-never-made"])
    assert keystore.unwrap(wrapped) == {"person-a": None, "person-b": keys["person-b"]}
    assert "person-a" not in keystore.names()
    keystore.create(["person-a"])  # a new key of the same name is a new key: the old wrapping stays shut
    assert keystore.unwrap({"person-a": wrapped["person-a"]}) == {"person-a": None}


def test_wrapping_for_a_name_with_no_key_is_refused(keystore):
    with pytest.raises(KeyUnavailable):
        keystore.wrap({"person-missing": new_data_key()})


def test_many_keys_open_in_one_call(keystore):
    names = [f"person-{n}" for n in range(40)]
    keystore.create(names)
    keys = {n: new_data_key() for n in names}
    assert keystore.unwrap(keystore.wrap(keys)) == keys


# --- the file keystore ---------------------------------------------------------------------------


def _file_keystore(tmp_path: Path, key: bytes) -> FileKeystore:
    return FileKeystore(tmp_path / "server.key.keystore", ServerKey(key))


def test_the_keystore_file_is_owner_only_and_holds_each_key_wrapped(tmp_path):
    key = secrets.token_bytes(32)
    store = _file_keystore(tmp_path, key)
    store.create(["person-a"])
    path = tmp_path / "server.key.keystore"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = json.loads(path.read_text())
    assert list(raw["keys"]) == ["person-a"]
    # The entry is the key wrapped by the server key (nonce, key, tag), never the key itself.
    assert len(store._server_key.unwrap(base64.b64decode(raw["keys"]["person-a"]), "keystore:person-a")) == 32


def test_a_keystore_from_another_server_key_is_refused(tmp_path):
    _file_keystore(tmp_path, secrets.token_bytes(32)).create(["person-a"])
    other = _file_keystore(tmp_path, secrets.token_bytes(32))
    with pytest.raises(KeystoreError, match="not made with this server key"):
        other.unwrap({"person-a": b"\0" * 60})


def test_a_damaged_keystore_file_is_named_not_read_as_empty(tmp_path):
    store = _file_keystore(tmp_path, secrets.token_bytes(32))
    (tmp_path / "server.key.keystore").write_text('{"format": 1, "keys": {"person-a": "not base64!"}}')
    with pytest.raises(KeystoreError, match="damaged"):
        store.names()


def test_an_erasure_by_another_process_takes_effect_at_the_next_lookup(tmp_path):
    key = secrets.token_bytes(32)
    here, there = _file_keystore(tmp_path, key), _file_keystore(tmp_path, key)
    here.create(["person-a"])
    data_key = new_data_key()
    wrapped = here.wrap({"person-a": data_key})
    assert here.unwrap(wrapped)["person-a"] == data_key  # now held in this process's cache
    there.delete(["person-a"])
    assert here.unwrap(wrapped)["person-a"] is None


def _create_many(path: str, key: bytes, worker: int) -> None:
    store = FileKeystore(Path(path), ServerKey(key))
    for n in range(15):
        store.create([f"person-{worker}-{n}"])


def test_processes_creating_keys_at_once_lose_none(tmp_path):
    key = secrets.token_bytes(32)
    path = tmp_path / "server.key.keystore"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_create_many, args=(str(path), key, w)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert _file_keystore(tmp_path, key).names() == {f"person-{w}-{n}" for w in range(4) for n in range(15)}
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".new")]  # no half-written file left behind


def test_a_write_cut_short_leaves_the_previous_keystore_whole(tmp_path, monkeypatch):
    key = secrets.token_bytes(32)
    store = _file_keystore(tmp_path, key)
    store.create(["person-a"])
    data_key = new_data_key()
    wrapped = store.wrap({"person-a": data_key})

    class PowerCut(Exception):
        pass

    def cut(*_args):
        raise PowerCut

    monkeypatch.setattr(os, "replace", cut)  # the new file is written and flushed; the rename never happens
    with pytest.raises(PowerCut):
        store.create(["person-b"])
    monkeypatch.undo()
    reopened = _file_keystore(tmp_path, key)
    assert reopened.names() == {"person-a"}
    assert reopened.unwrap(wrapped)["person-a"] == data_key


# --- OpenBao's transit engine --------------------------------------------------------------------


def test_erasure_deletes_the_transit_key_on_the_server(openbao):
    prefix = f"t{secrets.token_hex(4)}-"
    store = TransitKeystore(TransitSettings(url=openbao.url, token=openbao.token, prefix=prefix))
    store.create(["person-a"])
    client = openbao.client()
    assert client.secrets.transit.read_key(name=f"{prefix}person-a", mount_point=TRANSIT_MOUNT)["data"]["deletion_allowed"] is False
    store.delete(["person-a"])
    with pytest.raises(hvac.exceptions.InvalidPath):
        client.secrets.transit.read_key(name=f"{prefix}person-a", mount_point=TRANSIT_MOUNT)


def _documented_policy() -> str:
    guide = (CHECKOUT / "docs" / "operations.md").read_text()
    block = guide.split("```hcl\n", 1)[1].split("```", 1)[0]
    return "\n".join(line.strip() for line in block.splitlines())


def test_a_transit_keystore_signs_in_with_approle(openbao):
    """With the operations guide's policy, and nothing more, a keystore does all it must."""
    client = openbao.client()
    if "approle/" not in client.sys.list_auth_methods()["data"]:
        client.sys.enable_auth_method("approle")
    prefix = f"reflect-{secrets.token_hex(4)}-"
    client.sys.create_or_update_policy(name="reflect-test", policy=_documented_policy())
    client.auth.approle.create_or_update_approle(role_name="reflect-test", token_policies=["reflect-test"])
    role_id = client.auth.approle.read_role_id(role_name="reflect-test")["data"]["role_id"]
    secret_id = client.auth.approle.generate_secret_id(role_name="reflect-test")["data"]["secret_id"]
    store = TransitKeystore(TransitSettings(url=openbao.url, role_id=role_id, secret_id=secret_id, prefix=prefix))
    store.create(["person-a"])
    data_key = new_data_key()
    wrapped = store.wrap({"person-a": data_key})
    assert store.unwrap(wrapped) == {"person-a": data_key}
    assert store.names() == {"person-a"}
    store.delete(["person-a"])
    assert store.unwrap(wrapped) == {"person-a": None}
    with pytest.raises(KeyUnavailable):  # the policy lets encryption make no key of its own
        store.wrap({"person-b": data_key})


def test_an_unreachable_key_service_is_an_error_not_an_erasure():
    store = TransitKeystore(TransitSettings(url="http://127.0.0.1:9", token="nothing"))
    with pytest.raises(KeystoreError, match="cannot be reached"):
        store.unwrap({"person-a": b"vault:v1:AAAA"})


def test_the_keystore_file_is_read_once_until_it_changes(tmp_path, monkeypatch):
    key = secrets.token_bytes(32)
    here, there = _file_keystore(tmp_path, key), _file_keystore(tmp_path, key)
    here.create([f"person-{n}" for n in range(20)])
    wrapped = here.wrap({f"person-{n}": new_data_key() for n in range(20)})
    reads: list[Path] = []
    real = FileKeystore._read

    def counted(self) -> dict[str, bytes]:
        reads.append(self.path)
        return real(self)

    monkeypatch.setattr(FileKeystore, "_read", counted)
    reader = _file_keystore(tmp_path, key)  # a process that has not read it yet
    for name, blob in wrapped.items():  # one lookup per person, as a download's chunks make
        reader.unwrap({name: blob})
    assert len(reads) == 1
    there.create(["person-new"])  # reads the newest file under the lock before writing it
    reader.unwrap(wrapped)
    assert len(reads) == 3


def test_reflect_does_not_start_when_its_key_service_cannot_be_reached(tmp_path, migrated_sqlite):
    unreachable = {"REFLECT_KEYSTORE_URL": "http://127.0.0.1:9", "REFLECT_KEYSTORE_TOKEN": "nothing"}
    with pytest.raises(ConfigError, match="cannot be reached: check it is running"):
        fresh_sqlite(tmp_path, migrated_sqlite, unreachable)
