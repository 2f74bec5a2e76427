"""The Dockerfile, compose file and proxy configuration say what the README promises: two
replicas on one PostgreSQL database, sharing one data volume (server key and erasure ledger),
behind a proxy that keeps each browser on one replica."""

from __future__ import annotations

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
    assert "reverse_proxy app1:8501 app2:8501" in caddyfile
    assert "lb_policy cookie" in caddyfile
    assert "health_uri /_stcore/health" in caddyfile


def test_the_image_runs_the_app_as_an_unprivileged_user_on_the_data_volume():
    dockerfile = (CHECKOUT / "Dockerfile").read_text()
    assert "USER reflect" in dockerfile and "VOLUME /data" in dockerfile
    assert "FROM python:3.11" in dockerfile
    assert '"streamlit", "run", "app.py"' in dockerfile
