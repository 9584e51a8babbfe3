"""The ceiling: a WSGI app that answers every request with the same bytes.

No Django and no database: what gunicorn, the kernel and the load generator
alone cost a request on this machine. A cached page can come near it, never
pass it. It serves the bytes of the file named by ``BENCH_CEILING_BODY``.
"""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_CEILING_BODY"]).read_bytes()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
