"""Settings read from environment variables, with safe defaults.

Every setting is checked once at start-up; a misconfiguration raises
`ConfigError` with one sentence that says what to fix.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

CHECKOUT_DIR = Path(__file__).resolve().parent.parent
SHIPPED_PROMPTS_DIR = CHECKOUT_DIR / "prompts"


# Two checks at once use both cores of a small server and 128 MiB at most.
DEFAULT_PASSWORD_CHECKS = 2
# Only this machine may read /metrics unless the operator says otherwise.
DEFAULT_METRICS_ALLOW = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128"))


class ConfigError(Exception):
    """A setting is missing or wrong; the message says what to fix."""


@dataclass(frozen=True)
class TransitSettings:
    """Where the OpenBao or Vault transit engine is, and how Reflect signs in to it."""

    url: str
    mount: str = "transit"
    prefix: str = "reflect-"
    token: str | None = field(default=None, repr=False)
    role_id: str | None = field(default=None, repr=False)
    secret_id: str | None = field(default=None, repr=False)
    approle_mount: str = "approle"
    ca_cert: str | None = None
    namespace: str | None = None


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: URL
    prompts_dir: Path
    secret_key_file: Path
    # An OpenBao or Vault transit engine for the keystore; None keeps the keystore in a file.
    keystore_transit: TransitSettings | None = field(default=None)
    # How many password checks may run at once: each takes 19 MiB for about 25 ms.
    password_checks: int = DEFAULT_PASSWORD_CHECKS
    # The addresses /metrics answers; every other address is refused.
    metrics_allow: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(default_factory=lambda: DEFAULT_METRICS_ALLOW)
    # The address people reach Reflect at (scheme, host and port: https://reflect.example.org):
    # passkeys are bound to it. None: passkeys are not offered.
    public_address: str | None = None

    @property
    def passkey_rp_id(self) -> str | None:
        """The host passkeys belong to (WebAuthn's relying party id), from the public address."""
        return urlsplit(self.public_address).hostname if self.public_address else None

    @property
    def keystore_file(self) -> Path:
        """The file keystore lives beside the key file, outside the database and its backups."""
        return self.secret_key_file.with_name(self.secret_key_file.name + ".keystore")

    @property
    def decision_ledger(self) -> Path:
        """The decision ledger lives beside the key file, outside the database and its backups."""
        return self.secret_key_file.with_name(self.secret_key_file.name + ".decisions")

    @property
    def audit_journal(self) -> Path:
        """The audit journal (each event's ids, kind, time and hash; never text) and with it the
        chain's anchor: beside the key file, outside the database and its backups."""
        return self.secret_key_file.with_name(self.secret_key_file.name + ".audit")

    @property
    def legacy_erasure_ledger(self) -> Path:
        """The older ledger of integer ids, read once into the decision ledger."""
        return self.secret_key_file.with_name(self.secret_key_file.name + ".erasures")

    @property
    def prompts_override_dir(self) -> Path | None:
        """An organisation's own folder: its sets add to the shipped ones or replace them by id."""
        return None if self.prompts_dir.resolve() == SHIPPED_PROMPTS_DIR.resolve() else self.prompts_dir

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.get_backend_name() == "sqlite"


# The data folder holds the database, the key file and the ledger: this account's alone,
# like the 0600 files inside it.
DATA_DIR_MODE = 0o700


def _data_dir(env: dict[str, str]) -> Path:
    raw = env.get("REFLECT_DATA_DIR") or str(CHECKOUT_DIR / "data")
    path = Path(raw).expanduser()
    try:
        path.mkdir(mode=DATA_DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"REFLECT_DATA_DIR {raw!r} cannot be created ({exc.strerror}): "
            "point it at a folder this account can write to."
        ) from exc
    if not os.access(path, os.W_OK):
        raise ConfigError(
            f"REFLECT_DATA_DIR {raw!r} is not writable: point it at a folder this account can write to."
        )
    _owner_only(path, raw)
    return path


def _owner_only(path: Path, raw: str) -> None:
    """Tighten the data folder to this account alone if it is open to others."""
    if path.stat().st_mode & 0o077 == 0:
        return
    try:
        path.chmod(DATA_DIR_MODE)
    except OSError as exc:
        raise ConfigError(
            f"REFLECT_DATA_DIR {raw!r} can be read by other accounts and this account cannot change that "
            f"({exc.strerror}): run 'chmod 700 {path}' and start again."
        ) from exc


def _database_url(env: dict[str, str], data_dir: Path) -> URL:
    raw = env.get("REFLECT_DATABASE_URL") or f"sqlite:///{data_dir / 'reflect.db'}"
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise ConfigError(
            "REFLECT_DATABASE_URL is not a database URL: use a form like "
            "postgresql+psycopg://user:password@host/dbname or sqlite:///path/to/reflect.db."
        ) from exc
    backend = url.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"REFLECT_DATABASE_URL uses {backend!r}, which Reflect does not support: "
            "use postgresql+psycopg://… or sqlite:///…."
        )
    if backend == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ConfigError(
                "REFLECT_DATABASE_URL points at an in-memory SQLite database, which loses everything "
                "on restart: give a file path such as sqlite:///data/reflect.db."
            )
        folder = Path(url.database).expanduser().parent
        try:
            folder.mkdir(mode=DATA_DIR_MODE, parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"REFLECT_DATABASE_URL points into the folder {str(folder)!r}, which cannot be created "
                f"({exc.strerror}): point it at a folder this account can write to."
            ) from None
    return url


def _folder(env: dict[str, str], name: str, default: Path) -> Path:
    raw = env.get(name)
    if not raw:
        return default
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise ConfigError(f"{name} {raw!r} is not a folder: point it at the folder holding the question files.")
    return path


def load(env: dict[str, str] | None = None) -> Settings:
    """Read the settings from the environment.

    Raises:
        ConfigError: a setting is wrong; the message names it and says what to fix.
    """
    env = dict(os.environ if env is None else env)
    data_dir = _data_dir(env)
    prompts_dir = _folder(env, "REFLECT_PROMPTS_DIR", SHIPPED_PROMPTS_DIR)
    key_file = Path(env.get("REFLECT_SECRET_KEY_FILE") or data_dir / "server.key").expanduser()
    if not key_file.parent.is_dir():
        raise ConfigError(
            f"REFLECT_SECRET_KEY_FILE {str(key_file)!r} is in a folder that does not exist: create the folder first."
        )
    return Settings(
        data_dir=data_dir,
        database_url=_database_url(env, data_dir),
        prompts_dir=prompts_dir,
        secret_key_file=key_file,
        keystore_transit=_transit(env),
        password_checks=_password_checks(env),
        metrics_allow=metrics_allow(env),
        public_address=_public_address(env),
    )


def _public_address(env: dict[str, str]) -> str | None:
    raw = (env.get("REFLECT_PUBLIC_ADDRESS") or "").strip().rstrip("/")
    if not raw:
        return None
    parts = urlsplit(raw)
    # Browsers offer passkeys only on HTTPS, or on this machine by name (localhost); never on
    # a bare IP address.
    local = parts.scheme == "http" and parts.hostname == "localhost"
    if (parts.scheme != "https" and not local) or not parts.hostname or parts.path or parts.query:
        raise ConfigError(
            f"REFLECT_PUBLIC_ADDRESS {raw!r} is not an address passkeys can use: give the https:// address "
            "people reach Reflect at, like https://reflect.example.org, or leave it unset to turn passkeys off."
        )
    try:
        ipaddress.ip_address(parts.hostname)
    except ValueError:
        return f"{parts.scheme}://{parts.netloc.lower()}"
    raise ConfigError(
        f"REFLECT_PUBLIC_ADDRESS {raw!r} names an IP address; passkeys need a host name, like https://reflect.example.org."
    )


def _password_checks(env: dict[str, str]) -> int:
    raw = (env.get("REFLECT_PASSWORD_CHECKS") or "").strip()
    if not raw:
        return DEFAULT_PASSWORD_CHECKS
    if not raw.isdigit() or not 1 <= int(raw) <= 64:
        raise ConfigError(
            f"REFLECT_PASSWORD_CHECKS {raw!r} is not a number from 1 to 64: set how many password checks "
            "may run at once (each uses 19 MiB), or leave it unset for 2."
        )
    return int(raw)


def metrics_allow(env: dict[str, str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    raw = (env.get("REFLECT_METRICS_ALLOW") or "").strip()
    if not raw:
        return DEFAULT_METRICS_ALLOW
    networks = []
    for part in raw.split(","):
        try:
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            raise ConfigError(
                f"REFLECT_METRICS_ALLOW holds {part.strip()!r}, which is not an address or network: use a list "
                "like 127.0.0.1/32,10.0.0.0/8."
            ) from None
    return tuple(networks)


def _transit(env: dict[str, str]) -> TransitSettings | None:
    url = env.get("REFLECT_KEYSTORE_URL")
    if not url:
        return None
    if not url.startswith(("https://", "http://")):
        raise ConfigError("REFLECT_KEYSTORE_URL is not an address: use a form like https://bao.example.org:8200.")
    token = env.get("REFLECT_KEYSTORE_TOKEN") or env.get("BAO_TOKEN") or env.get("VAULT_TOKEN")
    role_id, secret_id = env.get("REFLECT_KEYSTORE_ROLE_ID"), env.get("REFLECT_KEYSTORE_SECRET_ID")
    if bool(role_id) != bool(secret_id):
        raise ConfigError("REFLECT_KEYSTORE_ROLE_ID and REFLECT_KEYSTORE_SECRET_ID go together: set both, or neither.")
    if not token and not role_id:
        raise ConfigError(
            "REFLECT_KEYSTORE_URL is set but no way to sign in to it is: set REFLECT_KEYSTORE_TOKEN, or "
            "REFLECT_KEYSTORE_ROLE_ID and REFLECT_KEYSTORE_SECRET_ID for AppRole."
        )
    return TransitSettings(
        url=url.rstrip("/"),
        mount=env.get("REFLECT_KEYSTORE_MOUNT") or "transit",
        prefix=env.get("REFLECT_KEYSTORE_PREFIX") or "reflect-",
        token=token,
        role_id=role_id,
        secret_id=secret_id,
        approle_mount=env.get("REFLECT_KEYSTORE_APPROLE_MOUNT") or "approle",
        ca_cert=env.get("REFLECT_KEYSTORE_CA_CERT") or None,
        namespace=env.get("REFLECT_KEYSTORE_NAMESPACE") or None,
    )
