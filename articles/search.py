"""Text search: ranked full text for readers, word matching for the editors' desk.

On PostgreSQL, each article's title, description and body are a tsvector in
``SearchDocument``'s table, with a GIN index, that the database keeps current
(migration 0009). Matching and ranking read it instead of tokenizing bodies
per request: the planner, which thinks to_tsvector() cheap, otherwise walks
the list index tokenizing row after row (seconds for a common word at 20,000
articles). Elsewhere readers get a plain title and description match.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, connections
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from taggit.models import Tag

from .models import Article, SearchDocument, TaggedArticle

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
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    # A hit in the headline counts on top of the whole text, so it ranks first.
    headline_rank = SearchRank(SearchVector("title", config=SEARCH_CONFIG), query)
    return queryset.filter(search_document__document=query).annotate(
        rank=SearchRank(F("search_document__document"), query) + headline_rank
    )


# An import's batches leave their articles' documents to fill_documents(), on
# connections of their own, once committed: computing them is most of the
# server's work in an import (migration 0009). Transaction-scoped.
DEFER_DOCUMENTS = "SET LOCAL newsroom.search_documents = 'later'"


def defer_documents():
    """Leave the documents of articles written in this transaction unwritten."""
    with connection.cursor() as cursor:
        cursor.execute(DEFER_DOCUMENTS)


def fill_documents(ids=None):
    """Compute the documents of articles ``ids``, or of every one without one.

    The articles are read FOR SHARE: an edit committed meanwhile is read as it
    now is, and its newer document is not overwritten with an older one.
    """
    table = SearchDocument._meta.db_table
    if ids is None:
        which = f"NOT EXISTS (SELECT FROM {table} WHERE article_id = article.id)"
        params = []
    else:
        which = "article.id = ANY(%s)"
        params = [list(ids)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, document) "
            "SELECT id, article_search_vector(title, description, body) "
            f"FROM {Article._meta.db_table} AS article WHERE {which} FOR SHARE "
            "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document",
            params,
        )
        return cursor.rowcount


# The desk: every word inside the title, the description or a tag name, or
# equal to the externalId, ignoring case, as icontains matched.

# On SQLite, migration 0008's FTS5 table with the trigram tokenizer: it finds
# strings of three characters or more anywhere in titles and descriptions.
FTS_TABLE = "article_desk_search"
TRIGRAM = 3


def match_words(queryset, words):
    """``queryset`` narrowed to the articles that match every one of ``words``."""
    if connections[queryset.db].vendor != "sqlite":
        # PostgreSQL tests each row as it reads the list's index in order,
        # which fills a page of a common word at once; tags and externalIds
        # are a subquery it runs once and hashes.
        for word in words:
            queryset = queryset.filter(_row_matches(word, "pk", queryset.db))
        return queryset
    # SQLite keeps the filter columns after the body, behind its overflow
    # pages: ``pk + 0`` makes it walk the list's covering index and probe a
    # list of candidate ids, instead of fetching every candidate's row.
    queryset = queryset.alias(word_probe=F("pk") + 0)
    for word in words:
        if len(word) < TRIGRAM:
            # Short strings are in most titles: the walk soon finds a page.
            found = _row_matches(word, "word_probe", queryset.db)
        else:
            found = Q(word_probe__in=_matching_ids(word, queryset.db, in_text=True))
        queryset = queryset.filter(found)
    return queryset


def _row_matches(word, key, using):
    return (
        Q(title__icontains=word)
        | Q(description__icontains=word)
        | Q(**{f"{key}__in": _matching_ids(word, using)})
    )


def _matching_ids(word, using, *, in_text=False):
    """Ids of articles with ``word`` in a tag name or as externalId.

    ``in_text`` adds those with it in the title or description, from FTS5.
    """
    # Tags first, then their articles through the tag index: a join here made
    # SQLite read every one of 550,000 tag links.
    tags = Tag.objects.filter(name__icontains=word).values("pk")
    tagged = TaggedArticle.objects.filter(tag__in=tags).values("content_object_id")
    named = Article.objects.filter(external_id=word).order_by().values("pk")
    connection = connections[using]
    parts = [
        queryset.query.get_compiler(connection=connection).as_sql()
        for queryset in (tagged, named)
    ]
    if in_text:
        # Quotes doubled: the word is one FTS5 string, never query syntax.
        phrase = '"{}"'.format(word.replace('"', '""'))
        parts.append(
            (f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase])
        )
    return RawSQL(
        " UNION ALL ".join(sql for sql, _ in parts),
        [param for _, params in parts for param in params],
    )
