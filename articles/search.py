"""Text search for readers: ranked full text on PostgreSQL, a plain fallback else.

On PostgreSQL, migration 0003 adds ``search_document``, a stored tsvector of
title, description and body that the database keeps current, with a GIN
index. Matching and ranking read it instead of tokenizing bodies per request:
the planner, which thinks to_tsvector() cheap, otherwise walks the list index
tokenizing row after row (seconds for a common word at 20,000 articles).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "simple"
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
    # The stored column is not a model field, so it is named in SQL; the
    # queryset is the outer query, where the table keeps its own name.
    column = f'"{queryset.model._meta.db_table}"."search_document"'
    tsquery = "websearch_to_tsquery(%s::regconfig, %s)"
    params = (SEARCH_CONFIG, text)
    document_rank = RawSQL(
        f"ts_rank({column}, {tsquery})", params, output_field=FloatField()
    )
    # A hit in the headline counts on top of the whole text, so it ranks first.
    headline_rank = SearchRank(
        SearchVector("title", config=SEARCH_CONFIG),
        SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch"),
    )
    return queryset.filter(
        RawSQL(f"{column} @@ {tsquery}", params, output_field=BooleanField())
    ).annotate(rank=document_rank + headline_rank)
