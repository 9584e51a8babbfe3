"""Security headers on every reader and admin page, and a policy browsers obey."""

import re

import pytest
from csp.constants import NONCE
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.middleware import ContentSecurityPolicyMiddleware

from .builders import make_article
from .desk import ADD, CHANGELIST, change_url

pytestmark = pytest.mark.django_db


def policy(response):
    """The Content-Security-Policy header as ``{directive: [sources]}``."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def reader_paths():
    article = make_article(title="Headers everywhere")
    return ["/", article.get_absolute_url(), "/no-such-page/"]


def assert_hardened(response):
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in response["Permissions-Policy"]


def test_reader_pages_send_every_security_header(client):
    for path in reader_paths():
        response = client.get(path)

        assert response.status_code in (200, 404), path
        assert_hardened(response)


def test_admin_login_sends_every_security_header(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert_hardened(response)


def test_desk_pages_send_every_security_header(editor):
    article = make_article()
    paths = ["/admin/", CHANGELIST, ADD, change_url(article), CHANGELIST + "import/"]

    for path in paths:
        response = editor.get(path)

        assert response.status_code == 200, path
        assert_hardened(response)


def test_https_deployment_adds_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert_hardened(response)


# --------------------------------------------------------------------------- #
# In Chromium: the policy blocks nothing the site itself needs.
# --------------------------------------------------------------------------- #

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def open_watched(page, path):
    """Open ``path``; the CSP violations and console errors it caused."""
    errors = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else 0,
    )
    page.goto(path)
    page.wait_for_load_state("load")
    return page.evaluate("window.__violations"), errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_run_under_the_policy_in_chromium(page):
    from django.contrib.auth import get_user_model

    article = make_article(tags=["BTC"])
    get_user_model().objects.create_superuser("chief", password="a-long-password-1")
    page.add_init_script(WATCH_VIOLATIONS)

    page.goto("/admin/login/")
    assert page.evaluate("window.__violations") == []
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    for path in ["/admin/", CHANGELIST, ADD, change_url(article)]:
        violations, errors = open_watched(page, path)
        assert violations == [], path
        assert not [e for e in errors if "Content Security Policy" in e], path
    # The admin's own scripts ran under the policy.
    page.goto(ADD)
    assert page.evaluate("typeof django !== 'undefined' && !!django.jQuery")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lockout_page_runs_under_the_policy_in_chromium(page, settings):
    page.add_init_script(WATCH_VIOLATIONS)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/admin/login/")
        page.fill("#id_username", "nobody")
        page.fill("#id_password", "wrong")
        page.click("input[type=submit]")

    assert "This account is locked" in page.locator(".errornote").inner_text()
    assert page.evaluate("window.__violations") == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_json_ld_is_readable_and_inline_script_blocked_on_reader_pages(page):
    article = make_article(title="Structured data")
    page.add_init_script(WATCH_VIOLATIONS)

    def add_inline_script(route):
        # The site's own answer, headers and all, with an inline script added.
        response = route.fetch()
        body = response.text().replace(
            "</body>", "<script>window.__inline_ran = true;</script></body>"
        )
        route.fulfill(response=response, body=body)

    page.route("**" + article.get_absolute_url(), add_inline_script)
    page.goto(article.get_absolute_url())

    read = page.evaluate(
        "JSON.parse(document.querySelector("
        "'script[type=\"application/ld+json\"]').textContent)"
    )
    assert (read["@type"], read["headline"]) == ("NewsArticle", "Structured data")
    assert page.evaluate("window.__inline_ran === undefined")
    assert page.evaluate("window.__violations") == ["script-src-elem inline"]


# --------------------------------------------------------------------------- #
# Media: whatever lands in MEDIA_ROOT is served as data, never run.
# --------------------------------------------------------------------------- #

HOSTILE_MEDIA = {
    "covers/evil.html": b"<html><script>window.__ran = true</script></html>",
    "covers/evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>window.__ran = true</script></svg>",
}


def place_hostile_media(settings):
    for name, data in HOSTILE_MEDIA.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.mark.parametrize("name", sorted(HOSTILE_MEDIA))
def test_media_route_sandboxes_anything_served(client, settings, name):
    place_hostile_media(settings)

    response = client.get(settings.MEDIA_URL + name)
    response.close()

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(HOSTILE_MEDIA))
def test_media_files_never_run_script_in_chromium(browser, client, settings, name):
    place_hostile_media(settings)
    context = browser.new_context()
    page = context.new_page()

    def from_the_site(route):
        # The site's own answer, headers and all (Django's live test server
        # would serve MEDIA_URL itself, around the site's media route).
        path = route.request.url.removeprefix("http://newsroom.test")
        response = client.get(path)
        body = b"".join(response.streaming_content)
        response.close()
        route.fulfill(
            status=response.status_code, headers=dict(response.items()), body=body
        )

    try:
        page.route("http://newsroom.test/**", from_the_site)
        response = page.goto("http://newsroom.test" + settings.MEDIA_URL + name)

        assert response.headers["content-security-policy"] == (
            "default-src 'none'; sandbox"
        )
        assert page.evaluate("window.__ran === undefined")
    finally:
        context.close()


def csp_headers(respond):
    """The policy headers our middleware gives ``respond(request)``'s response."""
    request = RequestFactory().get("/")
    response = ContentSecurityPolicyMiddleware(respond)(request)
    return {
        name: response.headers.get(name)
        for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
    }


def test_the_settings_policy_is_the_one_django_csp_builds():
    assert csp_headers(lambda request: HttpResponse()) == {
        "Content-Security-Policy": build_policy(),
        "Content-Security-Policy-Report-Only": None,
    }


def test_a_view_that_changes_the_policy_or_uses_a_nonce_still_gets_its_own(
    settings,
):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "script-src": ["'self'", NONCE]}
    }

    @csp_update({"img-src": ["https://maps.example"]})
    def with_map(request):
        return HttpResponse()

    def with_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    assert "https://maps.example" in csp_headers(with_map)["Content-Security-Policy"]
    nonced = csp_headers(with_nonce)["Content-Security-Policy"]
    assert re.search(r"script-src 'self' 'nonce-[^']+'", nonced)


def test_a_report_only_policy_is_sent_beside_the_enforced_one(settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'none'"], "report-uri": "/csp-reports/"}
    }
    headers = csp_headers(lambda request: HttpResponse())
    assert headers["Content-Security-Policy"] == build_policy()
    assert headers["Content-Security-Policy-Report-Only"] == (
        build_policy(report_only=True)
    )
    assert "report-uri /csp-reports/" in headers["Content-Security-Policy-Report-Only"]


def test_addresses_excluded_from_the_policy_get_none(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/"],
    }
    assert csp_headers(lambda request: HttpResponse()) == {
        "Content-Security-Policy": None,
        "Content-Security-Policy-Report-Only": None,
    }
