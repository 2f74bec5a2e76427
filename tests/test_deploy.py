"""The Dockerfile, compose file and proxy configuration say what the README promises: two
replicas on one PostgreSQL database, sharing one data volume (server key and erasure ledger),
behind a proxy that keeps each browser on one replica."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import CHECKOUT


def _compose() -> dict:
    return yaml.safe_load((CHECKOUT / "compose.yaml").read_text())


def test_compose_runs_postgres_two_replicas_and_a_proxy():
    services = _compose()["services"]
    assert set(services) == {"postgres", "app1", "app2", "proxy"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["proxy"]["ports"] == ["8080:8080"]


def test_both_replicas_share_the_database_and_the_data_volume():
    services = _compose()["services"]
    one, two = services["app1"], services["app2"]
    assert one["environment"] == two["environment"]
    assert one["environment"]["REFLECT_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert one["volumes"] == two["volumes"] == ["reflect-data:/data"]
    assert one["build"] == two["build"] == "."


def test_the_proxy_keeps_each_browser_on_one_replica():
    caddyfile = (CHECKOUT / "deploy" / "Caddyfile").read_text()
    # The replicas' addresses come from the environment, compose.yaml's by default.
    assert "reverse_proxy {$REFLECT_UPSTREAMS:app1:8501 app2:8501}" in caddyfile
    assert "lb_policy cookie" in caddyfile
    assert "health_uri /_stcore/health" in caddyfile


def _adapted(env: dict[str, str]) -> dict:
    caddy = shutil.which("caddy")
    if caddy is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must run the proxy tests: .ci/run installs Debian's caddy")
        pytest.skip("caddy is not installed here (.ci/run installs it, so CI runs these)")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    done = subprocess.run(
        [caddy, "adapt", "--config", str(CHECKOUT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
        env={**clean, **env}, capture_output=True, text=True, check=True,
    )
    (server,) = json.loads(done.stdout)["apps"]["http"]["servers"].values()
    (route,) = server["routes"]
    (handler,) = route["handle"]
    return {"listen": server["listen"], "upstreams": [u["dial"] for u in handler["upstreams"]], "handler": handler}


def test_caddy_reads_the_proxy_file_with_compose_addresses_by_default_and_others_when_set():
    default = _adapted({})
    assert default["listen"] == [":8080"] and default["upstreams"] == ["app1:8501", "app2:8501"]
    assert default["handler"]["load_balancing"]["selection_policy"] == {"name": "reflect_replica", "policy": "cookie"}
    local = _adapted({"REFLECT_UPSTREAMS": "127.0.0.1:8601 127.0.0.1:8602", "REFLECT_PROXY_ADDRESS": ":9080"})
    assert local["listen"] == [":9080"] and local["upstreams"] == ["127.0.0.1:8601", "127.0.0.1:8602"]


def test_the_image_runs_the_app_as_an_unprivileged_user_on_the_data_volume():
    dockerfile = (CHECKOUT / "Dockerfile").read_text()
    assert "USER reflect" in dockerfile and "VOLUME /data" in dockerfile
    assert "FROM python:3.11" in dockerfile
    assert '"streamlit", "run", "app.py"' in dockerfile
