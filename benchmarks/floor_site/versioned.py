"""The cached-page floor: the ceiling's bytes after the content version check.

The least work a cached page can do and still show a publish at once: check
the content version as the product does (``Article.objects.content_version``:
one query; on SQLite, ``PRAGMA data_version`` while nothing has changed), then
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
