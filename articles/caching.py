"""HTTP caching for readers' pages: validators, CDN headers and a page cache.

Every key and validator contains the content version (``ArticleQuerySet.
content_version``), which moves on any save or when a scheduled article comes
due, so a publish, unpublish or edit shows at once and nothing waits for a
timeout. Pages are the same for every reader, so one copy serves all.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from .models import Article

KEPT_HEADERS = ("Content-Type", "Last-Modified", "Content-Language")


def current_version(request):
    """The content version, read once per request."""
    if not hasattr(request, "content_version"):
        request.content_version = Article.objects.content_version(at=timezone.now())
    return request.content_version


def make_etag(*parts):
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=12)
    return f'"{digest.hexdigest()}"'


def mark_public(response):
    """Cacheable by browsers and CDNs for a short while; validators do the rest."""
    patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PUBLIC_MAX_AGE)
    return response


def public_page(view):
    """Conditional GET, CDN headers and the page cache for a page anyone may see.

    With the page cache on, the ETag comes from the path and the content
    version, so a 304 or a cached copy costs one query and no rendering. With
    it off, nothing is read ahead of the view: the ETag is a digest of the
    page (a 304 still saves the transfer).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if not settings.NEWSROOM_PAGE_CACHE:
            return _without_page_cache(view, request, *args, **kwargs)
        version = current_version(request)
        etag = make_etag(request.get_full_path(), version.token)
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return mark_public(not_modified)
        response = cached_render(etag, lambda: view(request, *args, **kwargs))
        if response.status_code != 200:
            return response
        response["ETag"] = etag
        return mark_public(response)

    return wrapped


def cached_render(etag, render):
    """The page stored under ``etag``, or ``render()``'s, stored when it is a 200."""
    key = f"page:{etag.strip(chr(34))}"
    stored = cache.get(key) if settings.NEWSROOM_PAGE_CACHE else None
    if stored is not None:
        content, headers = stored
        return HttpResponse(content, headers=headers)
    response = _render(render())
    if response.status_code == 200 and settings.NEWSROOM_PAGE_CACHE:
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        cache.set(
            key, (response.content, headers), settings.NEWSROOM_PAGE_CACHE_TIMEOUT
        )
    return response


def _without_page_cache(view, request, *args, **kwargs):
    response = _render(view(request, *args, **kwargs))
    if response.status_code != 200:
        return response
    etag = make_etag(hashlib.blake2b(response.content).hexdigest())
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return mark_public(not_modified)
    response["ETag"] = etag
    return mark_public(response)


def _render(response):
    if callable(getattr(response, "render", None)):
        response.render()
    return response
