import importlib

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

reader_indexes = importlib.import_module("articles.migrations.0003_reader_indexes")
lz4_text = importlib.import_module("articles.migrations.0005_lz4_article_text")

# PostgreSQL only: the search document moves from a generated column of the
# article into a table of its own. A generated column is computed by the
# connection that writes the article, and tokenizing the text was two thirds
# of the server's work in an import; from this table, an import can leave it
# to other connections beside its own (articles/ingest/bulk.py).
#
# article_search_vector() is the one definition of an article's words. A
# trigger writes the document with each article written or whose text
# changes, unless the transaction has set newsroom.search_documents to
# 'later' (an import's batches): then the article is left without one,
# never with a stale one, for search.fill_documents() to compute once the
# batch is committed.
POSTGRES_CREATE = [
    "ALTER TABLE article_search_document ADD CONSTRAINT "
    "article_search_document_article FOREIGN KEY (article_id) "
    "REFERENCES articles_article (id) ON DELETE CASCADE",
    # The generated column's expression, over arguments named as its columns
    # were: the documents copied from it are the function's.
    "CREATE FUNCTION article_search_vector(title text, description text, body text) "
    "RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN "
    + reader_indexes.SEARCH_DOCUMENT,
    "INSERT INTO article_search_document (article_id, document) "
    "SELECT id, search_document FROM articles_article",
    "CREATE INDEX article_search_match ON article_search_document "
    "USING gin (document)",
    """
    CREATE FUNCTION article_search_document_write() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('newsroom.search_documents', true) = 'later' THEN
            DELETE FROM article_search_document WHERE article_id = NEW.id;
        ELSE
            INSERT INTO article_search_document (article_id, document)
            VALUES (
                NEW.id,
                article_search_vector(NEW.title, NEW.description, NEW.body)
            )
            ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER article_search_document_insert "
    "AFTER INSERT ON articles_article FOR EACH ROW "
    "WHEN (current_setting('newsroom.search_documents', true) "
    "IS DISTINCT FROM 'later') "
    "EXECUTE FUNCTION article_search_document_write()",
    "CREATE TRIGGER article_search_document_update "
    "AFTER UPDATE OF title, description, body ON articles_article FOR EACH ROW "
    "WHEN (OLD.title IS DISTINCT FROM NEW.title "
    "OR OLD.description IS DISTINCT FROM NEW.description "
    "OR OLD.body IS DISTINCT FROM NEW.body) "
    "EXECUTE FUNCTION article_search_document_write()",
    "ALTER TABLE articles_article DROP COLUMN search_document",
]
POSTGRES_DROP = [
    "DROP TRIGGER article_search_document_insert ON articles_article",
    "DROP TRIGGER article_search_document_update ON articles_article",
    "DROP FUNCTION article_search_document_write()",
    "DROP FUNCTION article_search_vector(text, text, text)",
]


def move_to_table(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    if lz4_text._has_lz4(schema_editor):
        schema_editor.execute(
            "ALTER TABLE article_search_document "
            "ALTER COLUMN document SET COMPRESSION lz4"
        )
    for statement in POSTGRES_CREATE:
        schema_editor.execute(statement)


def move_to_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRES_DROP:
        schema_editor.execute(statement)
    reader_indexes.create_search_document(apps, schema_editor)
    lz4_text.set_compression("lz4")(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_desk_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('article', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_document', serialize=False, to='articles.article')),
                ('document', django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                'db_table': 'article_search_document',
            },
        ),
        migrations.RunPython(move_to_table, move_to_column, elidable=False),
    ]
