"""The passkey ceremony page and its routes: /passkeys?do=add and /passkeys?do=unlock.

A plain page from this server (no inline script: /passkeys/ceremony.js does the browser's
part) and JSON routes that call reflect/services/passkeys.py for the signed-in session. The
session cookie is HttpOnly and SameSite=Strict, and every route takes JSON only, which another
site's form can't send, so no other site can start or finish a ceremony.
"""

from __future__ import annotations

import base64
import binascii
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from reflect import web
from reflect.logs import event
from reflect.services import auth, passkeys
from reflect.services.access import Actor
from reflect.services.errors import Refused

PAGE_PATH = "/passkeys"
SCRIPT_PATH = "/passkeys/ceremony.js"
_SCRIPT = Path(__file__).parent / "data" / "passkeys.js"
_BACK = "/private-key"
ENDED = "Your session has ended, so nothing was changed. Please sign in again."


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _page_body(mode: str, offered: bool) -> str:
    back = '<p><a href="/">Back to Reflect</a></p>'
    if not offered:
        return f"<h1>Passkeys</h1><p>{_escape(passkeys.NOT_OFFERED)}</p>{back}"
    status = '<div id="passkey-status" class="message" role="status" aria-live="polite" hidden></div>'
    done = '<p id="passkey-done" hidden><a class="button" href="/">Continue to Reflect</a></p>'
    browsers = (
        '<p class="note">Passkeys that can open your notes need the PRF extension: current Chrome and Edge (on '
        "computers and Android) and Safari 18 or later (Mac, iPhone and iPad, with iCloud Keychain) have it. "
        "Firefox and some security keys may not yet. Your passphrase always works as well.</p>"
    )
    if mode == "add":
        return (
            "<h1>Add a passkey</h1>"
            "<p>A passkey on this device (or your phone, or a security key) can open your private notes in place "
            "of typing your passphrase. Your passphrase and recovery code keep working as before.</p>"
            f"{status}"
            f'<form id="passkey" data-do="add" novalidate>'
            f'<label for="passkey-name">A name for this passkey (up to {passkeys.NAME_MAX} characters)</label>'
            f'<input id="passkey-name" name="name" maxlength="{passkeys.NAME_MAX}" required autocomplete="off" value="This device">'
            '<label for="passkey-passphrase">Your passphrase (the one that opens your private notes)</label>'
            '<input id="passkey-passphrase" name="passphrase" type="password" required autocomplete="current-password">'
            '<button type="submit">Add this passkey</button>'
            "</form>"
            f"{done}{browsers}"
            '<p><a href="/account">Back to My account</a></p>'
        )
    return (
        "<h1>Unlock with your passkey</h1>"
        "<p>Your passkey can open your private notes for this session, in place of your passphrase.</p>"
        f"{status}"
        '<form id="passkey" data-do="unlock" novalidate>'
        '<button type="submit">Use my passkey</button>'
        "</form>"
        f"{done}{browsers}"
        f'<p><a href="{_BACK}">Use my passphrase instead</a></p>'
    )


async def _actor(request: Request) -> Actor | None:
    return await run_in_threadpool(auth.resume, request.cookies.get(web.SESSION_COOKIE))


async def ceremony_page(request: Request) -> Response:
    actor = await _actor(request)
    if actor is None:
        return RedirectResponse(f"{web.SIGN_IN_PATH}?next={PAGE_PATH}", status_code=303)
    mode = "add" if request.query_params.get("do") == "add" else "unlock"
    offered = await run_in_threadpool(passkeys.offered)
    body = _page_body(mode, offered) + f'<script src="{SCRIPT_PATH}" defer></script>'
    return web.page("Add a passkey" if mode == "add" else "Unlock with your passkey", body)


async def ceremony_script(_request: Request) -> Response:
    return Response(_SCRIPT.read_bytes(), media_type="text/javascript", headers={"cache-control": "no-cache"})


def _refusal(message: str, status: int) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status, headers={"cache-control": "no-store"})


def _bytes(value: Any) -> bytes:
    """A base64url value from the page (the PRF output), as bytes; empty when it isn't one."""
    if not isinstance(value, str) or len(value) > 200:
        return b""
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return b""


def _json_route(step: Callable[[Actor, dict[str, Any]], dict[str, Any]]) -> Callable[[Request], Any]:
    async def route(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json" or not web.same_origin(request):
            event("passkey.request_refused")
            return _refusal("That request didn't come from Reflect's own passkey page, so nothing was changed.", 400)
        actor = await _actor(request)
        if actor is None:
            return _refusal(ENDED, 401)
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _refusal(passkeys.NOT_CHECKED, 400)
        try:
            answer = await run_in_threadpool(step, actor, body)
        except Refused as exc:
            return _refusal(str(exc), 400)
        return JSONResponse(answer, headers={"cache-control": "no-store"})

    return route


def _ceremony(found: passkeys.Ceremony) -> dict[str, Any]:
    return {"ceremony": found.id, "options": found.options}


def _add_begin(actor: Actor, body: dict[str, Any]) -> dict[str, Any]:
    return _ceremony(passkeys.begin_adding(by=actor, name=str(body.get("name") or ""), passphrase=str(body.get("passphrase") or "")))


def _add_register(actor: Actor, body: dict[str, Any]) -> dict[str, Any]:
    return _ceremony(passkeys.register(by=actor, ceremony=str(body.get("ceremony") or ""), credential=body.get("credential")))


def _add_finish(actor: Actor, body: dict[str, Any]) -> dict[str, Any]:
    added = passkeys.finish_adding(
        by=actor, ceremony=str(body.get("ceremony") or ""), credential=body.get("credential"), prf_output=_bytes(body.get("prf")),
    )
    return {"message": f"Your passkey \u201c{added.name}\u201d is added. Next time, it can open your private notes."}


def _unlock_begin(actor: Actor, _body: dict[str, Any]) -> dict[str, Any]:
    return _ceremony(passkeys.begin_unlock(by=actor))


def _unlock_finish(actor: Actor, body: dict[str, Any]) -> dict[str, Any]:
    passkeys.unlock(
        by=actor, ceremony=str(body.get("ceremony") or ""), credential=body.get("credential"), prf_output=_bytes(body.get("prf")),
    )
    return {"message": "Your private notes are open."}


ROUTES = [
    Route(PAGE_PATH, ceremony_page, methods=["GET"]),
    Route(SCRIPT_PATH, ceremony_script, methods=["GET"]),
    Route(f"{PAGE_PATH}/add/begin", _json_route(_add_begin), methods=["POST"]),
    Route(f"{PAGE_PATH}/add/register", _json_route(_add_register), methods=["POST"]),
    Route(f"{PAGE_PATH}/add/finish", _json_route(_add_finish), methods=["POST"]),
    Route(f"{PAGE_PATH}/unlock/begin", _json_route(_unlock_begin), methods=["POST"]),
    Route(f"{PAGE_PATH}/unlock/finish", _json_route(_unlock_finish), methods=["POST"]),
]
