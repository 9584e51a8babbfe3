"""Site-wide middleware: security headers and answers when the database is gone."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# What a 503 asks clients and crawlers to wait before trying again.
RETRY_AFTER_SECONDS = 30


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
