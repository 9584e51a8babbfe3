"""Readable, unique article slugs derived from titles."""

from django.utils.text import slugify

SLUG_BASE_LENGTH = 80


def slug_base(title):
    """The title as a Unicode slug, cut at a word boundary; never empty."""
    slug = slugify(title, allow_unicode=True)
    if len(slug) > SLUG_BASE_LENGTH:
        slug = slug[:SLUG_BASE_LENGTH].rsplit("-", 1)[0]
    return slug.strip("-_") or "article"


def pick_slug(base, taken, hint=""):
    """The first of ``base``, ``base-hint``, ``base-2``, ... not in ``taken``."""
    candidates = [base, f"{base}-{hint}"] if hint else [base]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
