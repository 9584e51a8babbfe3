"""Copy the articles of a site's SQLite database into a migrated PostgreSQL one.

``python -m benchmarks.copy_site SQLITE_PATH``, with ``DATABASE_URL`` naming
the PostgreSQL database, prints one JSON object: rows copied per table.

The PostgreSQL pages are measured over the same 100,000 articles as the
SQLite ones. Importing them again took ~4 minutes of the run, and the import
on PostgreSQL is measured apart already; ``COPY`` moves the stored rows in a
fraction of that. The database still computes its own search documents and
indexes, and the tables are analysed as a long-running site's would be.
"""

import json
import sqlite3
import sys
from concurrent.futures import ThreadPoolExecutor

import django

# Articles go through this many connections at once: the server computes
# each one's search document, most of the copy's time, on one core each.
ARTICLE_STREAMS = 2


def copy_rows(sqlite_path, model, where=""):
    """COPY ``model``'s rows (those matching ``where``); how many there were."""
    from django.db import connection, transaction

    table = model._meta.db_table
    names = ", ".join(
        connection.ops.quote_name(field.column) for field in model._meta.concrete_fields
    )
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    count = 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            rows = source.execute(f"SELECT {names} FROM {table} {where} ORDER BY 1")
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
    finally:
        source.close()
        connection.close()
    return count


def copy_site(sqlite_path):
    from django.core.management.color import no_style
    from django.db import connection
    from taggit.models import Tag

    from articles.models import Article, Category, Source, TaggedArticle

    copied = {
        model._meta.db_table: copy_rows(sqlite_path, model)
        for model in (Source, Category, Tag)
    }
    with ThreadPoolExecutor(ARTICLE_STREAMS) as pool:
        copied[Article._meta.db_table] = sum(
            pool.map(
                lambda stream: copy_rows(
                    sqlite_path, Article, f"WHERE id % {ARTICLE_STREAMS} = {stream}"
                ),
                range(ARTICLE_STREAMS),
            )
        )
    copied[TaggedArticle._meta.db_table] = copy_rows(sqlite_path, TaggedArticle)
    models = (Source, Category, Tag, Article, TaggedArticle)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        cursor.execute("ANALYZE")
    return copied


if __name__ == "__main__":
    django.setup()
    print(json.dumps(copy_site(sys.argv[1])))
