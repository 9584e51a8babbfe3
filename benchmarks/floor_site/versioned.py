"""The cached-page floor: the ceiling's bytes after the content version query.

The least work a cached page can do and still show a publish at once: read
the content version (``Article.objects.content_version``, one query), then
send stored bytes. What a cached page costs beyond this is Django's request
cycle and the cache read.
"""

import django

django.setup()

from articles.models import Article  # noqa: E402

from .ceiling import BODY, HEADERS  # noqa: E402


def application(environ, start_response):
    Article.objects.content_version()
    start_response("200 OK", HEADERS)
    return [BODY]
