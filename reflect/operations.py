"""What an operator and a load balancer ask a replica: /ready and /metrics.

`/_stcore/health` (Streamlit's own) says the process answers. `/ready` says it can serve:
its database is reachable, at the newest migration and made with this replica's server key,
and the language pipeline is loaded. It answers 200 "ready", or 503 with short fixed reasons,
never a setting, a secret or an exception's words.

`/metrics` serves reflect/metrics.py in Prometheus's text format, only to the addresses in
REFLECT_METRICS_ALLOW (this machine alone unless set), and only to a direct request: one that
came through the proxy (it carries X-Forwarded-For) is refused, so the public address never
serves it. `SessionsOpen` counts the browser connections open now.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from reflect import config, guard, metrics, runtime
from reflect.logs import event
from reflect.services import readiness

READY_PATH = "/ready"
METRICS_PATH = "/metrics"
# Loading the language pipeline on a fresh replica takes a few seconds; a probe waits this long.
READY_WAIT_S = 20
NOT_STARTED = "not started (check the settings and the database)"
PIPELINE_NOT_LOADED = "language pipeline not loaded"
CHECKS_TOO_SLOW = "checks took too long"
# Headers a proxy adds: their presence means the request did not come straight to this replica.
_FORWARDED = (b"x-forwarded-for", b"forwarded", b"x-real-ip")
_NO_STORE = {"cache-control": "no-store"}

metrics.watch_pool(lambda: running.db.engine if (running := runtime.running()) else None)


def problems() -> list[str]:
    """What stops this replica serving, as fixed phrases; none when it is ready. Starts the
    runtime and loads the language pipeline if they are not yet, so a new replica warms up
    under its readiness probe instead of under its first visitor."""
    try:
        rt = runtime.current()
    except Exception:  # a start that failed says why in the log, never here
        return [NOT_STARTED]
    found = readiness.database_problems(rt.db, rt.server_key)
    try:
        guard.analyzer()
    except Exception:
        found.append(PIPELINE_NOT_LOADED)
    return found


async def ready(request: Request) -> Response:
    try:
        found = await asyncio.wait_for(run_in_threadpool(problems), timeout=READY_WAIT_S)
    except TimeoutError:
        found = [CHECKS_TOO_SLOW]
    if found:
        event("ready.refused", problems=len(found))
        return PlainTextResponse("not ready: " + "; ".join(found) + "\n", status_code=503, headers=_NO_STORE)
    return PlainTextResponse("ready\n", headers=_NO_STORE)


def allowed_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    running = runtime.running()
    if running is not None:
        return running.settings.metrics_allow
    try:
        return config.metrics_allow(dict(os.environ))
    except config.ConfigError:
        return ()


def may_scrape(scope: Scope) -> bool:
    """Whether this request came straight from an address the operator allows."""
    if any(name in _FORWARDED for name, _ in scope.get("headers") or []):
        return False
    client = scope.get("client")
    try:
        address = ipaddress.ip_address(client[0]) if client else None
    except ValueError:
        return False
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in allowed_networks())


async def metrics_page(request: Request) -> Response:
    if not may_scrape(request.scope):
        event("metrics.refused")
        return PlainTextResponse("Not available from this address.\n", status_code=403, headers=_NO_STORE)
    body = await run_in_threadpool(metrics.scrape)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers=_NO_STORE)


ROUTES = [
    Route(READY_PATH, ready, methods=["GET", "HEAD"]),
    Route(METRICS_PATH, metrics_page, methods=["GET"]),
]


class SessionsOpen:
    """Counts the browser connections (Streamlit's WebSocket, one per open tab) open now."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        metrics.SESSIONS_OPEN.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            metrics.SESSIONS_OPEN.dec()
