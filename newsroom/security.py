"""Login throttling hooks for django-axes: who is asking, and the locked-out page."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.template.response import TemplateResponse


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind our proxy the one it appended."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """A 429 page that says the sign-in is locked, and for how long."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    response = TemplateResponse(
        request,
        "admin/locked_out.html",
        {
            "title": "Sign-in locked",
            "username": get_client_username(request, credentials) or "",
            "failure_limit": get_failure_limit(request, credentials),
            "minutes": minutes,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(minutes * 60)
    return response.render()
