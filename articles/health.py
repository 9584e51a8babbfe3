"""The load balancer's health check: can this server reach its database and cache?"""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def database_is_reachable():
    """True when a query round-trips to the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("health check: database unreachable: %s", error)
        return False


def cache_is_reachable():
    """True when a value written to the cache reads back."""
    key, token = "healthz", secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=10)
        return cache.get(key) == token
    except (RedisError, OSError) as error:
        logger.warning("health check: cache unreachable: %s", error)
        return False


@require_safe
def healthz(request):
    """200 when database and cache answer, 503 otherwise; errors go to the log."""
    checks = {"database": database_is_reachable(), "cache": cache_is_reachable()}
    response = JsonResponse(
        {name: "ok" if ok else "error" for name, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )
    add_never_cache_headers(response)
    return response
