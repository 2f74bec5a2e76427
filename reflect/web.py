"""The web layer around the Streamlit script: sign-in and sign-out routes, the session
cookie, security headers on every response, and downloads served only to the session that made
them. The calm page for unexpected errors is `reflect.web_errors`; Streamlit's private parts
used here (single sign-on's cookie, its index page's scripts) are in `reflect.streamlit_private`.

`app.py` builds `st.App` from the pieces here. The session cookie is `HttpOnly` and
`SameSite=Strict`, so page JavaScript never sees it and other sites never send it; the
script reads it through `st.context.cookies`.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import secrets
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reflect import downloads, streamlit_private
from reflect.logs import event
from reflect.services import auth

SESSION_COOKIE = "reflect_session"
CSRF_COOKIE = "reflect_csrf"
NEXT_COOKIE = "reflect_next"
SIGN_IN_PATH = "/signin"
SIGN_OUT_PATH = "/signout"
# The Streamlit page that hands over to the organisation's single sign-on (st.login).
SSO_PAGE_PATH = "/sign-in"
FORCE_SECURE_SETTING = "REFLECT_SECURE_COOKIES"

# Paths Streamlit itself needs before anyone is signed in (its assets, health check,
# websocket, and the single sign-on round trip), and our own routes.
_OPEN_PREFIXES = (
    "/_stcore/", "/static/", "/media/", "/component/", "/auth/", "/oauth2callback", "/app/static/",
    SIGN_IN_PATH, SIGN_OUT_PATH, SSO_PAGE_PATH, "/favicon", "/ready", "/metrics",
)



def _inline_script_hashes() -> str:
    """The hashes of the inline scripts in Streamlit's own index.html, so those alone may run."""
    return " ".join(script_hash(body) for body in streamlit_private.inline_scripts())


# Streamlit's front end finds its server by trying the page's own address first: a refresh of
# /reflection asks /reflection/_stcore/health (a 404) before /_stcore/health. Telling it the
# server's base address (the folder the page is in) spares that failed request.
BASE_ADDRESS_SCRIPT = (
    'window.__streamlit=Object.assign({},window.__streamlit,{BACKEND_BASE_URL:new URL("./",window.location.href).href});'
)


def script_hash(body: str) -> str:
    """An inline script's hash as a content security policy source."""
    import base64

    return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"


# As strict as Streamlit's front end allows: its scripts and styles come from this server
# (its one inline script by hash), it sets inline styles (emotion) and runs the app's small
# components from blob: modules. Connections go to this origin only: 'self' covers the
# websocket to the same host in current browsers (CSP level 3), so no ws:/wss: wildcard.
# No other site may frame the app or receive its forms.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' {_inline_script_hashes()} {script_hash(BASE_ADDRESS_SCRIPT)} 'wasm-unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "media-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "x-content-type-options": "nosniff",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


# --- TLS, cookies and tokens -------------------------------------------------------------


def behind_tls(scope_or_request: Scope | Request) -> bool:
    """Whether the browser reached us over HTTPS: directly, through a proxy that says so,
    or because the REFLECT_SECURE_COOKIES setting says every browser does."""
    if os.environ.get(FORCE_SECURE_SETTING, "").lower() in {"1", "true", "yes"}:
        return True
    scope = scope_or_request.scope if isinstance(scope_or_request, Request) else scope_or_request
    if scope.get("scheme") in {"https", "wss"}:
        return True
    for name, value in scope.get("headers") or []:
        if name == b"x-forwarded-proto":
            return value.decode("latin-1").split(",")[0].strip().lower() == "https"
    return False


def _set_cookie(
    response: Response, request: Request, name: str, value: str, *, path: str = "/", max_age: int | None = None, samesite: str = "strict"
) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path=path, httponly=True, samesite=samesite, secure=behind_tls(request)  # type: ignore[arg-type]
    )


def sign_out_code(token: str) -> str:
    """The code the sign-out form carries: tied to the session, so no other site can make one."""
    return hmac.new(token.encode(), b"reflect sign-out", hashlib.sha256).hexdigest()


def safe_next(path: str | None) -> str:
    """A same-site path to go to after signing in; anything else becomes the home page."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or any(parts.path.startswith(p) for p in (SIGN_IN_PATH, SIGN_OUT_PATH, "/auth/", "/oauth2callback")):
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def script_session_token() -> str | None:
    """The session token of the script run on this thread, from its cookie (None outside one)."""
    try:
        import streamlit as st

        token = st.context.cookies.get(SESSION_COOKIE)
    except Exception:  # no script run here, or no request behind it
        return None
    return token if isinstance(token, str) and token else None


def user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")[:400]


# --- The sign-in page --------------------------------------------------------------------

_PAGE_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0e1116;background:#fff;margin:0;line-height:1.5}
main{max-width:26rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.8rem;margin:0 0 .5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{box-sizing:border-box;width:100%;font-size:1rem;padding:.6rem;border:1px solid #545b62;border-radius:.4rem}
input:focus,button:focus,a:focus{outline:3px solid #1f5f8b;outline-offset:2px}
button,.button{display:block;box-sizing:border-box;width:100%;margin-top:1.25rem;padding:.7rem;font-size:1rem;border-radius:.4rem;border:1px solid #1f5f8b;background:#1f5f8b;color:#fff;text-align:center;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#1f5f8b}
p.note{color:#545b62;font-size:.95rem}
.message{border-radius:.4rem;padding:.75rem;margin:1rem 0;background:#eef3f7;border-left:4px solid #1f5f8b}
.message.problem{background:#fdf0ef;border-left-color:#a4262c}
"""


def page(title: str, body: str, *, status: int = 200) -> HTMLResponse:
    """A plain, accessible page in the app's colours. `body` must already be escaped."""
    document = (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · Reflect</title><style>{_PAGE_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )
    return HTMLResponse(document, status_code=status, headers={"cache-control": "no-store"})


def _sign_in_page(request: Request, *, csrf: str, next_path: str, message: str | None = None, problem: bool = False, email: str = "", status: int = 200) -> HTMLResponse:
    notice = ""
    if message:
        role = "alert" if problem else "status"
        notice = f'<div class="message{" problem" if problem else ""}" role="{role}">{html.escape(message)}</div>'
    sso = ""
    if sso_configured():
        sso = (
            f'<a class="button" href="{SSO_PAGE_PATH}?with=organisation">Sign in with your organisation</a>'
            '<p class="note">Or sign in with a Reflect password:</p>'
        )
    body = (
        "<h1>Reflect</h1>"
        "<p>A private space to prepare, check in the moment, and reflect on sharing your own experience at work.</p>"
        f"{notice}{sso}"
        f'<form method="post" action="{SIGN_IN_PATH}" novalidate>'
        f'<input type="hidden" name="csrf" value="{html.escape(csrf)}">'
        f'<input type="hidden" name="next" value="{html.escape(next_path)}">'
        '<label for="email">E-mail address</label>'
        f'<input id="email" name="email" type="email" autocomplete="username" required value="{html.escape(email)}">'
        '<label for="password">Password</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required>'
        '<button type="submit">Sign in</button>'
        "</form>"
        '<p class="note">Reflect keeps what you write private to you unless you choose to share it. '
        "Forgotten your password? Your admin can set a new one.</p>"
    )
    response = page("Sign in", body, status=status)
    _set_cookie(response, request, CSRF_COOKIE, csrf, path=SIGN_IN_PATH, max_age=3600)
    return response


def sso_configured() -> bool:
    try:
        import streamlit as st

        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _sso_identity(request: Request) -> dict[str, Any] | None:
    """The identity Streamlit's single sign-on cookie holds for this browser, if any."""
    if not sso_configured():
        return None
    raw = streamlit_private.sso_cookie(dict(request.cookies))  # None when its signature does not hold
    if not raw:
        return None
    try:
        payload = json.loads(raw)
    except ValueError:  # an unreadable cookie is no identity
        return None
    if payload.get("origin") not in _sso_origins(request) or not payload.get("is_logged_in"):
        return None
    return payload


def _sso_origins(request: Request) -> set[str]:
    """Where the organisation's sign-in returns to (as Streamlit records it), and this request's origin."""
    origins = {f"{request.url.scheme}://{request.url.netloc}"}
    try:
        import streamlit as st

        sections = [st.secrets["auth"], *(v for v in st.secrets["auth"].values() if hasattr(v, "get"))]
        for section in sections:
            uri = urlsplit(str(section.get("redirect_uri") or ""))
            if uri.scheme and uri.netloc:
                origins.add(f"{uri.scheme}://{uri.netloc}")
    except Exception:  # no single sign-on settings
        pass
    return origins


def _clear_sso_cookie(response: Response, request: Request) -> None:
    streamlit_private.clear_sso_cookie(response, request)


def continue_page(target: str) -> HTMLResponse:
    """A page that moves on to `target` from this site. After a visit that began on another
    site (a link in an e-mail, the organisation's sign-in), browsers hold SameSite=Strict
    cookies back until the next step starts here."""
    target = html.escape(safe_next(target))
    response = page(
        "Continue",
        f'<h1>Reflect</h1><p><a href="{target}">Continue to Reflect</a></p>',
    )
    response.headers["refresh"] = f"0;url={target}"
    return response


async def sign_in_form(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next") or request.cookies.get(NEXT_COOKIE))
    token = request.cookies.get(SESSION_COOKIE)
    if token and await run_in_threadpool(auth.resume, token) is not None:
        return RedirectResponse(next_path, status_code=303)  # already signed in
    identity = _sso_identity(request)
    csrf = secrets.token_urlsafe(32)
    if identity is not None:
        try:
            signed_in = await run_in_threadpool(
                auth.sign_in_with_identity,
                email=identity.get("email"),
                email_verified=identity.get("email_verified"),
                issued_at=auth.timestamp(identity.get("iat")),
                user_agent=user_agent(request),
            )
        except auth.SignInError as exc:
            response = _sign_in_page(request, csrf=csrf, next_path=next_path, message=str(exc), problem=True, status=403)
            _clear_sso_cookie(response, request)
            return response
        except auth.StaleIdentity:
            # An earlier organisation sign-in: ask for a fresh one.
            response = _sign_in_page(request, csrf=csrf, next_path=next_path)
            _clear_sso_cookie(response, request)
            return response
        response = continue_page(next_path)
        _set_cookie(response, request, SESSION_COOKIE, signed_in.token)
        response.delete_cookie(NEXT_COOKIE, path="/")
        return response
    message = request.query_params.get("signed_out") and "You have signed out. Thank you for looking after your practice."
    response = _sign_in_page(request, csrf=csrf, next_path=next_path, message=message or None)
    if request.query_params.get("next"):
        # Only a path on this site; Lax so it survives the round trip to the organisation's sign-in.
        _set_cookie(response, request, NEXT_COOKIE, next_path, max_age=900, samesite="lax")
    return response


def _signed_in_redirect(request: Request, token: str, next_path: str) -> RedirectResponse:
    response = RedirectResponse(next_path, status_code=303)
    _set_cookie(response, request, SESSION_COOKIE, token)
    response.delete_cookie(CSRF_COOKIE, path=SIGN_IN_PATH)
    response.delete_cookie(NEXT_COOKIE, path="/")
    return response


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    # With "Referrer-Policy: no-referrer" browsers send "null" for our own forms; the
    # token and the SameSite=Strict cookie carry the check then.
    if origin is None or origin == "null":
        return True
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or ""
    return urlsplit(origin).netloc == host


async def sign_in_submit(request: Request) -> Response:
    form = await request.form()
    next_path = safe_next(str(form.get("next") or "/"))
    csrf_cookie = request.cookies.get(CSRF_COOKIE) or ""
    csrf_form = str(form.get("csrf") or "")
    fresh = secrets.token_urlsafe(32)
    if not csrf_cookie or not hmac.compare_digest(csrf_cookie, csrf_form) or not same_origin(request):
        event("sign_in.csrf_refused")
        return _sign_in_page(
            request, csrf=fresh, next_path=next_path, problem=True, status=400,
            message="This sign-in form had expired, so nothing was sent. Please try again.",
        )
    email = str(form.get("email") or "")
    password = str(form.get("password") or "")
    if not email.strip() or not password:
        return _sign_in_page(
            request, csrf=fresh, next_path=next_path, email=email, problem=True, status=400,
            message="Please enter both your e-mail address and your password.",
        )
    try:
        signed_in = await run_in_threadpool(auth.sign_in, email=email, password=password, user_agent=user_agent(request))
    except auth.SignInError as exc:
        return _sign_in_page(request, csrf=fresh, next_path=next_path, email=email, message=str(exc), problem=True, status=401)
    return _signed_in_redirect(request, signed_in.token, next_path)


def _sign_out_refused() -> HTMLResponse:
    return page(
        "Sign out",
        "<h1>Sign out</h1><p>That sign-out request didn't come from Reflect's own <em>Sign out</em> button, "
        "so nothing was changed. To sign out, please use <em>Sign out</em> in the menu.</p>"
        '<p><a href="/">Back to Reflect</a></p>',
        status=400,
    )


async def sign_out(request: Request) -> Response:
    """End this browser's session, by the sign-out form alone: a POST from this site carrying
    the code tied to the session. Anything else (a link or a form on another site, a visit to
    the address) is refused and leaves the cookie and the session as they were, so another
    site can neither sign someone out nor leave a live session behind a cleared cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if request.method != "POST" or not token or not same_origin(request):
        event("sign_out.refused")
        return _sign_out_refused()
    form = await request.form()
    if not hmac.compare_digest(str(form.get("code") or ""), sign_out_code(token)):
        event("sign_out.refused")
        return _sign_out_refused()
    await run_in_threadpool(auth.end_token, token, "signed_out")
    downloads.forget_session(token)
    response = RedirectResponse(f"{SIGN_IN_PATH}?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    _clear_sso_cookie(response, request)
    return response


ROUTES = [
    Route(SIGN_IN_PATH, sign_in_form, methods=["GET"]),
    Route(SIGN_IN_PATH, sign_in_submit, methods=["POST"]),
    Route(SIGN_OUT_PATH, sign_out, methods=["GET", "POST"]),
]


# --- Middleware --------------------------------------------------------------------------


class SecurityHeaders:
    """Adds the security headers to every HTTP response (HSTS only over TLS)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = behind_tls(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                if tls:
                    headers.append((b"strict-transport-security", HSTS.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class SignInFirst:
    """Sends a page visit without a live session to the sign-in form, remembering the page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and self._is_page(scope):
            request = Request(scope)
            token = request.cookies.get(SESSION_COOKIE)
            live = bool(token) and await run_in_threadpool(auth.resume, token) is not None
            if not live:
                target = scope["path"] + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
                if request.headers.get("sec-fetch-site") == "cross-site" and not token:
                    # Arrived from another site: the cookie was held back, so look again from here.
                    await continue_page(target)(scope, receive, send)
                    return
                target = safe_next(target)
                # The home page needs no reminder (and must not replace one kept for the page asked for).
                location = SIGN_IN_PATH if target == "/" else f"{SIGN_IN_PATH}?next={quote(target, safe='/')}"
                response = RedirectResponse(location, status_code=303)
                if token:
                    response.delete_cookie(SESSION_COOKIE, path="/")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _is_page(scope: Scope) -> bool:
        path = scope["path"]
        if any(path.startswith(prefix) for prefix in _OPEN_PREFIXES):
            return False
        if "." in path.rsplit("/", 1)[-1]:  # a file (robots.txt, a manifest...), not a page
            return False
        accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
        return "text/html" in accept


class DownloadsForTheirOwner:
    """Serves a file at /media/<id> only to the session that made it, while that session is
    live: no cookie, another person's cookie, or a session that ended gets a calm refusal.
    One lookup in memory first; the session's one database read only for its owner."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(downloads.MEDIA_PREFIX):
            token = Request(scope).cookies.get(SESSION_COOKIE)
            mine = downloads.made_for(downloads.file_id(scope["path"]), token)
            if not mine or await run_in_threadpool(auth.resume, token) is None:
                event("download.refused")
                refusal = page(
                    "Download",
                    "<h1>This download isn't available</h1><p>A download works only in the browser "
                    "that prepared it, until you sign out. Please sign in and prepare it again.</p>"
                    f'<p><a href="{SIGN_IN_PATH}">Sign in to Reflect</a></p>',
                    status=403,
                )
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BaseAddress:
    """Adds BASE_ADDRESS_SCRIPT to the head of Streamlit's page, whatever page address it was
    served at, so a refresh of any page finds the server at once."""

    _MARK = b'<div id="root">'

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not SignInFirst._is_page(scope):
            await self.app(scope, receive, send)
            return
        # Uncompressed, so the page can be read; it is small and served once per visit.
        scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers") or [] if k.lower() != b"accept-encoding"]}
        start: Message | None = None
        body = b""

        async def rewrite(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers") or []).get(b"content-type", b"")
                if not content_type.startswith(b"text/html"):
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body += message.get("body", b"")
            if message.get("more_body"):
                return
            if self._MARK in body and b"<head>" in body:
                body = body.replace(b"<head>", b"<head><script>" + BASE_ADDRESS_SCRIPT.encode() + b"</script>", 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, rewrite)
