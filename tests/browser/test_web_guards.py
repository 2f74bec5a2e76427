"""The real app's guards at the HTTP level: a download goes only to the session that made it,
while it is live; connections go to this origin only and the app still works in Chromium;
another site can't sign anyone out, nor clear their cookie and leave their session alive."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from reflect.services.demo import DEMO_PASSWORD
from tests.browser.app_server import go_to
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

OWNER = "jordan@example.org"
SOMEONE_ELSE = "ben@example.org"


def _fetch(url: str, *, cookie: str | None = None, data: dict | None = None, headers: dict | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode() if data is not None else None, headers=headers or {})
    if cookie:
        request.add_header("Cookie", f"reflect_session={cookie}")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read(), dict(refused.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _http_sign_in(app_url: str, email: str) -> str:
    """Sign in with the plain form, as a second browser would, and return the session token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    form = opener.open(f"{app_url}/signin", timeout=30).read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrf": csrf, "next": "/", "email": email, "password": DEMO_PASSWORD}).encode()
    try:
        opener.open(urllib.request.Request(f"{app_url}/signin", data=body), timeout=30)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 303
    return next(c.value for c in jar if c.name == "reflect_session")


def _session_token(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "reflect_session")


def test_a_my_data_download_goes_only_to_the_session_that_made_it_and_stops_at_sign_out(page, app_url):
    sign_in(page, app_url, OWNER, DEMO_PASSWORD)
    go_to(page, "My data")
    page.get_by_role("button", name="Prepare the JSON download").click()
    with page.expect_download() as made:
        page.get_by_role("button", name="Download my data (JSON)").click()
    url = made.value.url
    assert url.startswith(f"{app_url}/media/")
    owner = _session_token(page)
    other = _http_sign_in(app_url, SOMEONE_ELSE)

    status, body, _ = _fetch(url, cookie=owner)
    assert status == 200 and OWNER.encode() in body
    for cookie in (None, other, "a-made-up-token"):
        status, body, _ = _fetch(url, cookie=cookie)
        assert status == 403 and OWNER.encode() not in body and b"isn't available" in body

    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for()
    status, body, _ = _fetch(url, cookie=owner)
    assert status == 403 and OWNER.encode() not in body


def test_connections_go_to_this_origin_only_and_the_app_works_in_chromium(page, app_url):
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    status, _, headers = _fetch(f"{app_url}/signin")
    policy = {d.split()[0]: d.split()[1:] for d in headers["content-security-policy"].split("; ")}
    assert status == 200 and policy["connect-src"] == ["'self'"]
    sign_in(page, app_url, OWNER, DEMO_PASSWORD)
    go_to(page, "My reflections")
    page.get_by_role("heading", name="My reflections").wait_for()  # drawn over the websocket
    # The page's own websocket works; one to another site is refused by the policy.
    page.evaluate("() => { try { new WebSocket('ws://127.0.0.2:9/'); } catch (e) {} }")
    page.wait_for_function("() => window.__cspViolations.some(v => v.startsWith('connect-src'))")
    refused_connections = [v for v in page.evaluate("window.__cspViolations") if v.startswith("connect-src")]
    assert refused_connections == ["connect-src ws://127.0.0.2:9/"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_site_cannot_sign_anyone_out_nor_touch_the_cookie(app_url, method):
    token = _http_sign_in(app_url, SOMEONE_ELSE)
    cross_site = {"origin": "https://elsewhere.example", "sec-fetch-site": "cross-site"}
    attempts = [
        # A link or form on another site: the browser holds the Strict cookie back.
        {"cookie": None, "headers": cross_site},
        # Even were the cookie sent, without the form's code nothing happens.
        {"cookie": token, "headers": cross_site},
        {"cookie": token, "headers": {}},
    ]
    for attempt in attempts:
        data = {"code": "forged"} if method == "POST" else None
        status, _, headers = _fetch(f"{app_url}/signout", cookie=attempt["cookie"], data=data, headers=attempt["headers"])
        assert status == 400
        assert "set-cookie" not in {k.lower() for k in headers}
    # The session is still live: a page opens without a sign-in.
    status, _, headers = _fetch(f"{app_url}/my-data", cookie=token, headers={"accept": "text/html"})
    assert status == 200
