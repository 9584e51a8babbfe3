from django.db import migrations

# SQLite only: the editors' search finds words inside titles and descriptions,
# as icontains does, through an FTS5 table with the trigram tokenizer instead
# of reading every row (articles/search.py). Triggers keep it in step, so the
# importer's raw inserts need no code of their own. A later migration that
# remakes articles_article on SQLite drops these triggers: recreate them there
# (the admin tests that find a new or edited article at once fail otherwise).
SQLITE_CREATE = [
    # Its own copy of the text, so that deleting a row needs no old values;
    # no column sizes, which only ranking reads.
    "CREATE VIRTUAL TABLE article_desk_search USING fts5("
    "title, description, tokenize = 'trigram', columnsize = 0)",
    "INSERT INTO article_desk_search (rowid, title, description) "
    "SELECT id, title, description FROM articles_article",
    "CREATE TRIGGER article_desk_search_insert AFTER INSERT ON articles_article "
    "BEGIN "
    "INSERT INTO article_desk_search (rowid, title, description) "
    "VALUES (new.id, new.title, new.description); "
    "END",
    "CREATE TRIGGER article_desk_search_update "
    "AFTER UPDATE OF title, description ON articles_article "
    "WHEN old.title IS NOT new.title OR old.description IS NOT new.description "
    "BEGIN "
    "UPDATE article_desk_search SET title = new.title, "
    "description = new.description WHERE rowid = old.id; "
    "END",
    "CREATE TRIGGER article_desk_search_delete AFTER DELETE ON articles_article "
    "BEGIN "
    "DELETE FROM article_desk_search WHERE rowid = old.id; "
    "END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS article_desk_search_insert",
    "DROP TRIGGER IF EXISTS article_desk_search_update",
    "DROP TRIGGER IF EXISTS article_desk_search_delete",
    "DROP TABLE IF EXISTS article_desk_search",
]


def run_on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_newest_index_covers_filters'),
    ]

    operations = [
        migrations.RunPython(
            run_on_sqlite(SQLITE_CREATE),
            run_on_sqlite(SQLITE_DROP),
            elidable=False,
        ),
    ]
