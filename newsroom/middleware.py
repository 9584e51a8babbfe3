"""Site-wide middleware: security headers and answers when the database is gone."""

import logging

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# What a 503 asks clients and crawlers to wait before trying again.
RETRY_AFTER_SECONDS = 30


CSP_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
# What django-csp's decorators set on a response to change or drop its policy.
CSP_OVERRIDES = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("exempt", "config", "update", "replace")
    for suffix in ("", "_ro")
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy of the settings built once.

    django-csp builds it again for every response: 32 µs, 4% of an uncached
    home page. A response whose view changed the policy (django-csp's
    decorators) or used a nonce still goes through django-csp.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        excluding = any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in CSP_SETTINGS
        )
        policies = [
            (HEADER, build_policy()),
            (HEADER_REPORT_ONLY, build_policy(report_only=True)),
        ]
        self.policies = None if excluding else [pair for pair in policies if pair[1]]

    def process_response(self, request, response):
        if (
            self.policies is None
            or getattr(request, "_csp_nonce", None)
            or any(hasattr(response, name) for name in CSP_OVERRIDES)
        ):
            return super().process_response(request, response)
        for header, policy in self.policies:
            response.headers.setdefault(header, policy)
        # As django-csp does: a nonce asked for from now on would be in no header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY``, which Django has no setting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """Answer a plain 503 while the database is unreachable, instead of a 500.

    Nothing here touches the database, so the page can always be sent; the next
    request opens a fresh connection (CONN_HEALTH_CHECKS drops a broken one),
    so the site recovers by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "database unavailable, answered 503 for %s: %s",
            request.path,
            str(exception).strip().splitlines()[0] if str(exception).strip() else "",
        )
        # Rendered without a request: no context processor, so no session or
        # user lookup.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
