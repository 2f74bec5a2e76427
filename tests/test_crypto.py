import os
import stat

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import given
from hypothesis import strategies as st

from reflect.config import ConfigError
from reflect.ledger import DecisionKind, DecisionLedger
from reflect.crypto import KeyUnavailable, SealedText, ServerKey, seal, unseal

KEY = bytes(range(32))


@given(st.text(max_size=5000), st.integers(min_value=1, max_value=2**62))
def test_seal_round_trips_any_text(text, owner_id):
    sealed = seal(KEY, owner_id, text)
    assert unseal(KEY, SealedText.from_blob(sealed.blob)) == text
    assert sealed.owner_id == owner_id


def test_sealed_blob_holds_no_plaintext():
    sealed = seal(KEY, 7, "I was in hospital in 2015 myself")
    assert b"hospital" not in sealed.blob


def test_tampered_blob_is_refused():
    sealed = seal(KEY, 7, "private words")
    tampered = SealedText(7, sealed.blob[:-1] + bytes([sealed.blob[-1] ^ 1]))
    with pytest.raises(InvalidTag):
        unseal(KEY, tampered)


def test_blob_moved_to_another_owner_is_refused():
    sealed = seal(KEY, 7, "private words")
    forged = bytearray(sealed.blob)
    forged[8] ^= 1  # the owner id in the header is bound in as associated data
    with pytest.raises(InvalidTag):
        unseal(KEY, SealedText.from_blob(bytes(forged)))


def test_key_file_is_created_owner_only(tmp_path):
    path = tmp_path / "server.key"
    ServerKey.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_key_file_readable_by_others_stops_start_up(tmp_path):
    path = tmp_path / "server.key"
    ServerKey.load_or_create(path)
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        ServerKey.load_or_create(path)


def test_key_file_with_garbage_stops_start_up(tmp_path):
    path = tmp_path / "server.key"
    path.write_text("not a key")
    os.chmod(path, 0o600)
    with pytest.raises(ConfigError, match="does not hold a Reflect server key"):
        ServerKey.load_or_create(path)


def test_wrapped_key_opens_only_for_its_person_and_server_key(tmp_path):
    server = ServerKey(KEY)
    wrapped = server.wrap(b"k" * 32, 5)
    assert server.unwrap(wrapped, 5) == b"k" * 32
    with pytest.raises(KeyUnavailable):
        server.unwrap(wrapped, 6)
    with pytest.raises(KeyUnavailable):
        ServerKey(bytes(32)).unwrap(wrapped, 5)


def test_decision_ledger_keeps_decisions_owner_only_and_skips_a_torn_line(tmp_path):
    ledger = DecisionLedger(tmp_path / "ledger")
    assert ledger.decisions() == []
    ledger.record(DecisionKind.PERSON_ERASED, ["a" * 32])
    ledger.record(DecisionKind.SESSION_ENDED, ["b" * 32, "c" * 32])
    with (tmp_path / "ledger").open("a") as handle:
        handle.write('{"at": "2026-')  # a crash mid-write
    assert [(d.kind, d.public_id) for d in ledger.decisions()] == [
        (DecisionKind.PERSON_ERASED, "a" * 32),
        (DecisionKind.SESSION_ENDED, "b" * 32),
        (DecisionKind.SESSION_ENDED, "c" * 32),
    ]
    assert stat.S_IMODE((tmp_path / "ledger").stat().st_mode) == 0o600
