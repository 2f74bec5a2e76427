"""The web layer: sign-in and sign-out routes, the session cookie, security headers, and the
calm error page, driven over HTTP with Starlette's test client."""

from __future__ import annotations

import dataclasses
import logging
import re
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from reflect import downloads, passkey_web, web, web_errors
from reflect.services import auth
from tests import factories
from tests.factories import PASSWORD
from tests.passkey_authenticator import give_passphrase

EMAIL = "sam@example.org"


async def _streamlit_stand_in(request):
    if request.url.path == "/boom":
        raise RuntimeError("a private sentence that must never reach a log")
    return PlainTextResponse("the app")


def _app() -> Starlette:
    return Starlette(
        routes=[*web.ROUTES, Route("/{path:path}", _streamlit_stand_in)],
        middleware=[Middleware(web.SecurityHeaders), Middleware(web.SignInFirst), Middleware(web.DownloadsForTheirOwner)],
        exception_handlers=web_errors.EXCEPTION_HANDLERS,
    )


@pytest.fixture
def client(sqlite_rt):
    org = factories.make_organisation()
    factories.make_person(org, email=EMAIL, name="Sam Okafor")
    with TestClient(_app(), base_url="http://reflect.test", follow_redirects=False, raise_server_exceptions=False) as c:
        yield c


def _form(client, next_path: str = "/") -> str:
    response = client.get(f"/signin?next={quote(next_path)}")
    assert response.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', response.text).group(1)


def _sign_in(client, *, next_path: str = "/", password: str = PASSWORD, headers: dict | None = None):
    csrf = _form(client, next_path)
    return client.post(
        "/signin", data={"csrf": csrf, "next": next_path, "email": EMAIL, "password": password}, headers=headers or {}
    )


def _cookie_header(response, name: str) -> str:
    return next(h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}="))


def test_sign_in_form_is_plain_html_with_labels_for_every_input(client):
    page = client.get("/signin").text
    assert '<label for="email">E-mail address</label>' in page and 'id="email"' in page
    assert '<label for="password">Password</label>' in page and 'id="password"' in page
    assert 'name="viewport" content="width=device-width' in page and 'lang="en-GB"' in page


def test_signing_in_sets_an_httponly_strict_cookie_and_returns_to_the_page_asked_for(client):
    response = _sign_in(client, next_path="/quick-check")
    assert response.status_code == 303 and response.headers["location"] == "/quick-check"
    cookie = _cookie_header(response, web.SESSION_COOKIE)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    token = client.cookies.get(web.SESSION_COOKIE)
    assert auth.resume(token).name == "Sam Okafor"


def test_the_cookie_is_secure_behind_tls(client):
    response = _sign_in(client, headers={"x-forwarded-proto": "https"})
    assert "Secure" in _cookie_header(response, web.SESSION_COOKIE)


def test_each_sign_in_gets_a_new_token(client):
    first = _sign_in(client)
    client.cookies.clear()  # the same person in a second browser
    second = _sign_in(client)
    assert _cookie_header(first, web.SESSION_COOKIE) != _cookie_header(second, web.SESSION_COOKIE)


def test_a_sign_in_without_the_forms_code_is_refused(client):
    _form(client)
    response = client.post("/signin", data={"csrf": "forged", "email": EMAIL, "password": PASSWORD, "next": "/"})
    assert response.status_code == 400 and "expired" in response.text
    assert web.SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_a_sign_in_posted_from_another_site_is_refused(client):
    csrf = _form(client)
    response = client.post(
        "/signin", data={"csrf": csrf, "email": EMAIL, "password": PASSWORD, "next": "/"}, headers={"origin": "https://elsewhere.example"}
    )
    assert response.status_code == 400
    assert web.SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_a_wrong_password_is_explained_calmly_and_the_address_kept(client):
    response = _sign_in(client, password="not the password")
    assert response.status_code == 401
    assert "don&#x27;t match our records" in response.text and f'value="{EMAIL}"' in response.text


def test_what_is_typed_comes_back_escaped(client):
    csrf = _form(client)
    response = client.post("/signin", data={"csrf": csrf, "email": '"><script>x()</script>', "password": "x", "next": "/"})
    assert "<script>x()" not in response.text


def test_a_page_visit_without_a_session_goes_to_sign_in_and_remembers_the_page(client):
    response = client.get("/my-reflections", headers={"accept": "text/html"})
    assert response.status_code == 303 and response.headers["location"] == "/signin?next=/my-reflections"
    _sign_in(client, next_path="/my-reflections")
    assert client.get("/my-reflections", headers={"accept": "text/html"}).text == "the app"


def test_signing_out_needs_the_sessions_code_and_then_ends_it(client):
    _sign_in(client)
    token = client.cookies.get(web.SESSION_COOKIE)
    assert client.post("/signout", data={"code": "forged"}).status_code == 400
    assert auth.resume(token) is not None
    response = client.post("/signout", data={"code": web.sign_out_code(token)})
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")
    assert auth.resume(token) is None
    assert 'reflect_session=""' in _cookie_header(response, web.SESSION_COOKIE)


def test_a_visit_to_the_sign_out_address_changes_nothing(client):
    _sign_in(client)
    token = client.cookies.get(web.SESSION_COOKIE)
    response = client.get("/signout")
    assert response.status_code == 400 and "nothing was changed" in response.text
    assert "set-cookie" not in response.headers and auth.resume(token) is not None


@pytest.mark.parametrize("cookie", [True, False], ids=["cookie sent", "cookie held back"])
def test_a_sign_out_posted_from_another_site_changes_nothing_even_with_the_code(client, cookie):
    _sign_in(client)
    token = client.cookies.get(web.SESSION_COOKIE)
    if not cookie:
        client.cookies.clear()
    response = client.post("/signout", data={"code": web.sign_out_code(token)}, headers={"origin": "https://elsewhere.example"})
    assert response.status_code == 400
    assert "set-cookie" not in response.headers and auth.resume(token) is not None


def test_a_file_at_media_goes_only_to_the_live_session_that_made_it(client):
    _sign_in(client)
    token = client.cookies.get(web.SESSION_COOKIE)
    downloads.record("abc123", token)
    assert client.get("/media/abc123.json").text == "the app"
    assert client.get("/media/someone-elses.json").status_code == 403
    client.cookies.clear()
    assert client.get("/media/abc123.json").status_code == 403
    auth.end_token(token, "signed_out")
    client.cookies.set(web.SESSION_COOKIE, token)
    assert client.get("/media/abc123.json").status_code == 403


@pytest.mark.parametrize("path", ["/signin", "/quick-check", "/_stcore/health", "/no-such-thing.js"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path, headers={"accept": "text/html"}).headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "strict-transport-security" not in headers


def test_hsts_is_sent_behind_tls(client):
    assert "max-age=" in client.get("/signin", headers={"x-forwarded-proto": "https"}).headers["strict-transport-security"]


@pytest.fixture
def scrubbed_logs():
    previous = logging.getLogRecordFactory()
    web_errors.scrub_logs()
    yield
    logging.setLogRecordFactory(previous)


def test_an_unexpected_error_shows_a_number_and_logs_only_that_and_the_type(client, caplog, scrubbed_logs):
    _sign_in(client)
    with caplog.at_level(logging.DEBUG):
        response = client.get("/boom")
    assert response.status_code == 500
    number = re.search(r"error number <strong>(\d+)</strong>", response.text).group(1)
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") + str(r.exc_text or "") for r in caplog.records)
    assert f"number={number} type=RuntimeError" in logged
    assert "private sentence" not in logged and "private sentence" not in response.text


def test_no_log_line_carries_an_exceptions_message_or_traceback(caplog, scrubbed_logs):
    try:
        raise ValueError("what someone wrote about a person they support")
    except ValueError:
        logging.getLogger("streamlit.error_util").exception("Uncaught app execution")
    record = caplog.records[-1]
    assert "what someone wrote" not in record.getMessage() and record.exc_info is None
    assert record.getMessage() == "Uncaught app execution (ValueError; details withheld)"


@given(st.text(max_size=200))
def test_the_page_after_sign_in_is_always_on_this_site(path):
    target = web.safe_next(path)
    assert target.startswith("/") and not target.startswith("//") and "\\" not in target
    assert not target.startswith(("/signin", "/signout", "/auth/"))


@pytest.mark.parametrize("path", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])
def test_other_sites_are_never_the_page_after_sign_in(path):
    assert web.safe_next(path) == "/"


def test_the_secure_cookies_setting_marks_cookies_secure_and_sends_hsts(client, monkeypatch):
    monkeypatch.setenv(web.FORCE_SECURE_SETTING, "true")
    response = client.get("/signin")
    assert "Secure" in _cookie_header(response, web.CSRF_COOKIE)
    assert "strict-transport-security" in response.headers


def test_a_signed_in_visit_to_the_form_goes_straight_to_the_page(client):
    _sign_in(client)
    response = client.get("/signin?next=/my-talents")
    assert response.status_code == 303 and response.headers["location"] == "/my-talents"


# --- the passkey page and its routes ---------------------------------------------------------


def _passkey_app() -> Starlette:
    return Starlette(
        routes=[*web.ROUTES, *passkey_web.ROUTES, Route("/{path:path}", _streamlit_stand_in)],
        middleware=[Middleware(web.SecurityHeaders), Middleware(web.SignInFirst)],
    )


@pytest.fixture
def passkey_client(sqlite_rt):
    sqlite_rt.settings = dataclasses.replace(sqlite_rt.settings, public_address="http://reflect.test")
    org = factories.make_organisation()
    give_passphrase(factories.make_person(org, email=EMAIL, name="Sam Okafor").person_id)
    with TestClient(_passkey_app(), base_url="http://reflect.test", follow_redirects=False) as c:
        yield c


def test_the_passkey_page_runs_no_inline_script_and_keeps_the_policy(passkey_client):
    _sign_in(passkey_client)
    page = passkey_client.get("/passkeys?do=unlock", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert re.findall(r"<script[^>]*>", page.text) == ['<script src="/passkeys/ceremony.js" defer>']
    assert page.headers["content-security-policy"] == web.CONTENT_SECURITY_POLICY
    script = passkey_client.get("/passkeys/ceremony.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "navigator.credentials.get" in script.text


def test_the_passkey_routes_take_json_from_this_site_and_a_live_session_only(passkey_client):
    assert passkey_client.post("/passkeys/unlock/begin", json={}).status_code == 401  # signed out
    _sign_in(passkey_client)
    as_form = passkey_client.post("/passkeys/unlock/begin", data={"x": "1"})
    assert as_form.status_code == 400
    assert "didn't come from Reflect's own passkey page" in as_form.json()["message"]
    elsewhere = passkey_client.post("/passkeys/unlock/begin", json={}, headers={"origin": "https://elsewhere.example"})
    assert elsewhere.status_code == 400
    # A person with no passkey yet is told so kindly, and pointed to the passphrase.
    none_yet = passkey_client.post("/passkeys/unlock/begin", json={})
    assert none_yet.status_code == 400
    assert "use your passphrase" in none_yet.json()["message"]
    # An open session alone adds no passkey: the passphrase is asked for as well.
    without = passkey_client.post("/passkeys/add/begin", json={"name": "Work laptop"})
    assert without.status_code == 400 and "please enter your passphrase" in without.json()["message"]
    wrong = passkey_client.post("/passkeys/add/begin", json={"name": "Work laptop", "passphrase": "not mine at all"})
    assert wrong.status_code == 400 and "no passkey was added" in wrong.json()["message"]
    started = passkey_client.post("/passkeys/add/begin", json={"name": "Work laptop", "passphrase": "a passphrase only I know"})
    assert started.status_code == 200
    options = started.json()["options"]
    assert options["rp"]["id"] == "reflect.test"
    assert options["extensions"] == {"prf": {}}
    assert options["authenticatorSelection"]["userVerification"] == "required"
