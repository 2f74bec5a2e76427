"""Sealing a snapshot for one recipient: only their private key, with the same recipient and
item bound in, opens it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect import recipient_seal

CONTEXT = b"reflect-shared-copy:entry:2:1:7:9"


def test_only_the_recipients_private_key_opens_a_sealed_copy():
    private, public = recipient_seal.new_key_pair()
    other, _ = recipient_seal.new_key_pair()
    sealed = recipient_seal.seal_for(public, b"what I shared", CONTEXT)
    assert b"what I shared" not in sealed
    assert recipient_seal.open_sealed(private, sealed, CONTEXT) == b"what I shared"
    assert recipient_seal.open_sealed(other, sealed, CONTEXT) is None
    assert recipient_seal.public_of(private) == public


def test_a_copy_opens_as_no_other_recipient_or_item():
    private, public = recipient_seal.new_key_pair()
    sealed = recipient_seal.seal_for(public, b"what I shared", CONTEXT)
    assert recipient_seal.open_sealed(private, sealed, b"reflect-shared-copy:entry:2:1:8:9") is None
    assert recipient_seal.open_sealed(private, sealed, b"reflect-shared-copy:entry:3:1:7:9") is None


def test_each_seal_is_fresh():
    _, public = recipient_seal.new_key_pair()
    assert recipient_seal.seal_for(public, b"same", CONTEXT) != recipient_seal.seal_for(public, b"same", CONTEXT)


@settings(max_examples=25, deadline=None)
@given(text=st.binary(max_size=300), flip=st.integers(min_value=0, max_value=10_000))
def test_any_text_round_trips_and_any_altered_byte_is_refused(text, flip):
    private, public = recipient_seal.new_key_pair()
    sealed = recipient_seal.seal_for(public, text, CONTEXT)
    assert recipient_seal.open_sealed(private, sealed, CONTEXT) == text
    at = flip % len(sealed)
    altered = sealed[:at] + bytes([sealed[at] ^ 0x01]) + sealed[at + 1 :]
    assert recipient_seal.open_sealed(private, altered, CONTEXT) is None
    assert recipient_seal.open_sealed(private, sealed[:20], CONTEXT) is None
