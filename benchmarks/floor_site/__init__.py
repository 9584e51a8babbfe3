"""The web floors: the least work a list or an article page can do in Django.

Served by the same gunicorn command and settings file as the product, over
the product's own article table, with DEBUG off and no middleware. Beside
them, ``ceiling`` and ``versioned`` bound what a cached page can reach: bare
WSGI apps that send a stored page's bytes, the second after the content
version query.
"""
