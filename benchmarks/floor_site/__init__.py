"""The web floors: the least work a list or an article page can do in Django.

Served by the same gunicorn command and settings file as the product, over
the product's own article table, with DEBUG off and no middleware.
"""
