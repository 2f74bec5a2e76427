"""Each file at /media/<id> is tied to the session that made it; the adapter over Streamlit's
in-memory media storage records that tie and forgets it when the file goes."""

from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from reflect import downloads


def test_a_file_is_made_for_the_sessions_that_made_it_alone():
    downloads.record("f1", "token-a")
    downloads.record("f1", "token-b")  # the same content made by a second session
    assert downloads.made_for("f1", "token-a") and downloads.made_for("f1", "token-b")
    assert not downloads.made_for("f1", "token-c") and not downloads.made_for("f1", None)
    assert not downloads.made_for("f2", "token-a")
    downloads.forget_session("token-a")
    assert not downloads.made_for("f1", "token-a") and downloads.made_for("f1", "token-b")
    downloads.forget_file("f1")
    assert not downloads.made_for("f1", "token-b")


def test_a_file_made_outside_any_session_is_made_for_nobody():
    downloads.record("f3", None)
    assert not downloads.made_for("f3", "")


def test_the_media_path_gives_the_file_id():
    assert downloads.file_id("/media/0a1b2c.json") == "0a1b2c"
    assert downloads.file_id("/media/0a1b2c") == "0a1b2c"


def test_the_adapter_ties_streamlits_stored_files_to_the_session_and_forgets_deleted_ones(monkeypatch):
    # Fails loudly if a Streamlit upgrade renames the storage methods the adapter wraps.
    # The originals come back after the test, so no other test runs with the adapter.
    for name in ("load_and_get_id", "delete_file"):
        monkeypatch.setattr(MemoryMediaFileStorage, name, getattr(MemoryMediaFileStorage, name))
    monkeypatch.setattr(MemoryMediaFileStorage, "reflect_downloads_installed", False, raising=False)
    current = {"token": "token-d"}
    downloads.install(current_token=lambda: current["token"])
    storage = MemoryMediaFileStorage("/media")
    made = storage.load_and_get_id(b"my data", "application/json", MediaFileKind.DOWNLOADABLE, "my-data.json")
    assert storage.get_url(made) == f"/media/{made}.json"
    assert downloads.made_for(made, "token-d") and not downloads.made_for(made, "token-e")
    storage.delete_file(made)
    assert not downloads.made_for(made, "token-d")
