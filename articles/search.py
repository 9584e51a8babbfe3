"""Text search for readers: ranked full text on PostgreSQL, a plain fallback else.

The PostgreSQL document is the very expression migration 0002 indexes with GIN,
so the planner can use that index: change both together.
"""

from django.db import connections
from django.db.models import Q

SEARCH_CONFIG = "simple"
SEARCH_COLUMNS = ("title", "description", "body")
# Queries are short; the cap keeps a pasted essay from becoming a huge tsquery.
MAX_QUERY_LENGTH = 200


def clean_query(text):
    """``text`` with runs of whitespace collapsed, capped in length."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def search_articles(queryset, text):
    """``queryset`` narrowed to ``text``; on PostgreSQL annotated with ``rank``."""
    text = clean_query(text)
    if not text:
        return queryset.none()
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(
            Q(title__icontains=text) | Q(description__icontains=text)
        )

    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    document = SearchVector(*SEARCH_COLUMNS, config=SEARCH_CONFIG)
    headline = SearchVector("title", config=SEARCH_CONFIG)
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    # alias(), not annotate(): the tsvector is matched, never sent back. A hit
    # in the headline counts on top of the whole text, so it ranks first.
    return (
        queryset.alias(document=document)
        .filter(document=query)
        .annotate(rank=SearchRank(document, query) + SearchRank(headline, query))
    )
