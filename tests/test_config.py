import pytest

from reflect import config
from reflect.config import ConfigError


def test_defaults_use_sqlite_in_the_data_folder(tmp_path):
    settings = config.load({"REFLECT_DATA_DIR": str(tmp_path)})
    assert settings.database_url.get_backend_name() == "sqlite"
    assert settings.database_url.database == str(tmp_path / "reflect.db")
    assert settings.secret_key_file == tmp_path / "server.key"
    assert settings.prompts_override_dir is None


def test_postgres_url_gets_the_psycopg_driver(tmp_path):
    settings = config.load({"REFLECT_DATA_DIR": str(tmp_path), "REFLECT_DATABASE_URL": "postgresql://u@h/db"})
    assert settings.database_url.drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"REFLECT_DATABASE_URL": "not a url"}, "REFLECT_DATABASE_URL is not a database URL"),
        ({"REFLECT_DATABASE_URL": "mysql://u@h/db"}, "does not support"),
        ({"REFLECT_DATABASE_URL": "sqlite://"}, "in-memory"),
        ({"REFLECT_PROMPTS_DIR": "/no/such/folder"}, "REFLECT_PROMPTS_DIR"),
        ({"REFLECT_SECRET_KEY_FILE": "/no/such/folder/key"}, "REFLECT_SECRET_KEY_FILE"),
        ({"REFLECT_KEYSTORE_URL": "bao.internal:8200", "REFLECT_KEYSTORE_TOKEN": "t"}, "REFLECT_KEYSTORE_URL is not an address"),
        ({"REFLECT_KEYSTORE_URL": "https://bao.internal:8200"}, "no way to sign in"),
        ({"REFLECT_KEYSTORE_URL": "https://bao.internal:8200", "REFLECT_KEYSTORE_ROLE_ID": "r"}, "go together"),
        ({"REFLECT_PUBLIC_ADDRESS": "http://reflect.example.org"}, "REFLECT_PUBLIC_ADDRESS"),
        ({"REFLECT_PUBLIC_ADDRESS": "https://reflect.example.org/app"}, "not an address passkeys can use"),
        ({"REFLECT_PUBLIC_ADDRESS": "https://10.0.0.5"}, "names an IP address"),
    ],
)
def test_misconfiguration_names_the_setting_in_one_sentence(tmp_path, env, says):
    with pytest.raises(ConfigError) as caught:
        config.load({"REFLECT_DATA_DIR": str(tmp_path), **env})
    message = str(caught.value)
    assert says in message
    assert "\n" not in message


def test_unwritable_data_folder_is_reported(tmp_path):
    target = tmp_path / "file-not-folder"
    target.write_text("x")
    with pytest.raises(ConfigError, match="REFLECT_DATA_DIR"):
        config.load({"REFLECT_DATA_DIR": str(target / "sub")})


def test_own_prompts_folder_becomes_the_override(tmp_path):
    settings = config.load({"REFLECT_DATA_DIR": str(tmp_path), "REFLECT_PROMPTS_DIR": str(tmp_path)})
    assert settings.prompts_override_dir == tmp_path


def test_a_database_folder_that_cannot_be_made_is_one_sentence(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="REFLECT_DATABASE_URL") as refused:
        config.load({"REFLECT_DATA_DIR": str(tmp_path / "data"), "REFLECT_DATABASE_URL": f"sqlite:///{blocker}/sub/reflect.db"})
    assert "cannot be created" in str(refused.value) and "\n" not in str(refused.value)
    assert refused.value.__cause__ is None


def test_the_keystore_is_a_file_beside_the_key_unless_a_key_service_is_named(tmp_path):
    settings = config.load({"REFLECT_DATA_DIR": str(tmp_path)})
    assert settings.keystore_file == tmp_path / "server.key.keystore"
    assert settings.keystore_transit is None
    service = config.load(
        {"REFLECT_DATA_DIR": str(tmp_path), "REFLECT_KEYSTORE_URL": "https://bao.internal:8200/", "VAULT_TOKEN": "secret-token"}
    )
    assert service.keystore_transit.url == "https://bao.internal:8200"
    assert service.keystore_transit.mount == "transit"
    assert "secret-token" not in repr(service)


def test_a_new_data_folder_is_this_accounts_alone(tmp_path):
    folder = tmp_path / "new" / "data"
    config.load({"REFLECT_DATA_DIR": str(folder)})
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("mode", [0o755, 0o777, 0o750, 0o701])
def test_a_looser_data_folder_is_tightened_at_start_up(tmp_path, mode):
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(mode)
    config.load({"REFLECT_DATA_DIR": str(folder)})
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(
    ("raw", "address", "rp_id"),
    [
        (None, None, None),
        ("https://Reflect.Example.org/", "https://reflect.example.org", "reflect.example.org"),
        ("https://reflect.example.org:8443", "https://reflect.example.org:8443", "reflect.example.org"),
        ("http://localhost:8501", "http://localhost:8501", "localhost"),
    ],
)
def test_passkeys_belong_to_the_public_address_host(tmp_path, raw, address, rp_id):
    env = {"REFLECT_DATA_DIR": str(tmp_path), **({"REFLECT_PUBLIC_ADDRESS": raw} if raw else {})}
    settings = config.load(env)
    assert (settings.public_address, settings.passkey_rp_id) == (address, rp_id)
