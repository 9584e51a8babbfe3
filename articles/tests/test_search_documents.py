"""PostgreSQL: every article has its search document, however it was written."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from articles.ingest import bulk, import_paths
from articles.ingest.importer import Importer
from articles.models import Article, SearchDocument
from articles.search import defer_documents, fill_documents

from .builders import make_article, make_document, make_feed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def stored_documents():
    """{article id: its document as stored}."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, document::text FROM article_search_document")
        return dict(cursor.fetchall())


def computed_documents():
    """{article id: its document computed from its text now}."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, article_search_vector(title, description, body)::text "
            "FROM articles_article"
        )
        return dict(cursor.fetchall())


# Each file has a word of its own in its body.
BODY = "Only here: okapi{number}."


def backend():
    """The server process of this thread's connection."""
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def test_an_import_computes_documents_on_another_connection(tmp_path, monkeypatch):
    folder = make_feed(tmp_path / "feed", 25, BODY)
    writers, fillers = set(), []
    store, fill = Importer._store, bulk.fill_documents

    def traced_store(importer, creates, updates):
        writers.add(backend())
        store(importer, creates, updates)

    def traced_fill(ids=None):
        fillers.append((backend(), ids))
        return fill(ids)

    monkeypatch.setattr(Importer, "_store", traced_store)
    monkeypatch.setattr(bulk, "fill_documents", traced_fill)

    assert import_paths([folder], batch_size=10).created == 25

    batches = [ids for _, ids in fillers if ids is not None]
    assert sorted(sum(batches, [])) == sorted(
        Article.objects.values_list("pk", flat=True)
    )
    assert len(batches) == 3
    assert not writers & {pid for pid, ids in fillers if ids is not None}
    assert stored_documents() == computed_documents()
    okapi = Article.objects.get(body__contains="okapi7.")
    assert list(Article.objects.search("okapi7")) == [okapi]


def test_a_changed_file_replaces_the_document(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(make_document(externalId="'story'", body="About a zebra."))
    import_paths([tmp_path])
    path.write_text(make_document(externalId="'story'", body="About a giraffe."))

    assert import_paths([tmp_path]).updated == 1

    assert stored_documents() == computed_documents()
    assert Article.objects.search("giraffe").count() == 1
    assert Article.objects.search("zebra").count() == 0


def test_documents_the_thread_could_not_fill_are_filled_at_the_end(
    tmp_path, monkeypatch
):
    folder = make_feed(tmp_path / "feed", 25, BODY)
    main = threading.get_ident()
    fill = bulk.fill_documents

    def fails_beside(ids=None):
        if threading.get_ident() != main:
            raise DatabaseError("connection lost")
        return fill(ids)

    monkeypatch.setattr(bulk, "fill_documents", fails_beside)

    assert import_paths([folder], batch_size=10).created == 25

    assert len(stored_documents()) == 25
    assert stored_documents() == computed_documents()


def test_the_next_import_fills_documents_a_stopped_one_left_out(tmp_path):
    folder = make_feed(tmp_path / "feed", 12, BODY)
    import_paths([folder], batch_size=5)
    SearchDocument.objects.filter(article__in=Article.objects.all()[:7]).delete()

    report = import_paths([folder], batch_size=5)

    assert report.unchanged == 12
    assert stored_documents() == computed_documents()


def test_a_deferring_transaction_leaves_no_document_not_a_stale_one():
    with transaction.atomic():
        defer_documents()
        article = make_article(title="Zebra crossing")
    assert stored_documents() == {}

    assert fill_documents([article.pk]) == 1
    assert list(Article.objects.search("zebra")) == [article]

    with transaction.atomic():
        defer_documents()
        article.title = "Giraffe crossing"
        article.save()
    assert stored_documents() == {}

    fill_documents()
    assert list(Article.objects.search("giraffe")) == [article]
    assert list(Article.objects.search("zebra")) == []


def test_other_writes_compute_the_document_as_they_commit():
    article = make_article(title="Zebra crossing")
    assert stored_documents() == computed_documents()

    article.description = "Giraffe"
    article.save()
    assert stored_documents() == computed_documents()
    assert list(Article.objects.search("giraffe")) == [article]


def test_an_import_inside_a_transaction_computes_documents_in_it(tmp_path):
    folder = make_feed(tmp_path / "feed", 12, BODY)
    with transaction.atomic():
        import_paths([folder], batch_size=5)
        assert len(stored_documents()) == 12
    assert stored_documents() == computed_documents()


def test_deleting_an_article_deletes_its_document():
    kept, deleted = make_article(), make_article()
    deleted.delete()
    assert list(stored_documents()) == [kept.pk]


def test_an_import_of_one_batch_computes_documents_as_it_writes(tmp_path, monkeypatch):
    folder = make_feed(tmp_path / "feed", 3, BODY)
    fills = []
    monkeypatch.setattr(bulk, "fill_documents", fills.append)

    assert import_paths([folder]).created == 3

    assert fills == []
    assert len(stored_documents()) == 3
    assert stored_documents() == computed_documents()
