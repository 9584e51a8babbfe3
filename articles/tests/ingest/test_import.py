import datetime as dt
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.ingest import import_paths
from articles.ingest.bulk import BATCH_PAGE_CACHE
from articles.ingest.importer import Importer
from articles.models import Article, Category, Sentiment, Source, TaggedArticle
from articles.search import match_words

from ..builders import make_document

SEED = Path(__file__).resolve().parents[3] / "fixtures" / "000_d0470f141278442f.txt"
DATA = Path(__file__).resolve().parents[1] / "data"

pytestmark = pytest.mark.django_db


def write(folder, name, text):
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_fields_land_where_the_contract_says():
    report = import_paths([SEED])

    assert (report.created, report.failed, report.repaired) == (1, 0, 1)
    article = Article.objects.select_related("source", "category").get()
    assert article.title == (
        "Bitcoin Miners Cipher and CleanSpark Upgraded by JPMorgan as HPC Shift "
        "Accelerates"
    )
    assert article.description.endswith("This adjustment…")
    assert article.published_at == dt.datetime(2025, 11, 24, 13, 15, 12, tzinfo=dt.UTC)
    assert article.updated_at == dt.datetime(
        2025, 11, 24, 13, 35, 42, 336000, tzinfo=dt.UTC
    )
    assert article.lang == "en"
    assert article.external_id == "54843946"
    assert (article.source.key, article.source.name, article.source.type) == (
        "coindesk",
        "CoinDesk",
        "RSS",
    )
    assert article.category.code == "BTC"
    assert sorted(article.tags.names()) == sorted(
        [
            "BTC",
            "FIAT",
            "MARKET",
            "MARKETS",
            "CIPHER MINING",
            "CLEANSPARK",
            "BITCOIN MINING",
            "JPMORGAN",
            "NEWS",
        ]
    )
    assert article.sticky_weight == 0
    assert article.sentiment == Sentiment.POSITIVE
    assert article.score == 0
    assert article.draft is False
    assert article.cover_regular.endswith("q=80&w=1080")
    assert article.cover_small_s3 == (
        "https://s3.us-west-2.amazonaws.com/images.unsplash.com/small/"
        "photo-1641197408799-262f1f343cc6"
    )
    assert article.ai_rewritten is True
    assert article.ai_expanded_at == article.updated_at
    assert article.ai_version == 1
    assert article.body.startswith("## Overview\n\nJPMorgan has upgraded")
    assert "<h2>Overview</h2>" in article.body_html
    assert article.slug == (
        "bitcoin-miners-cipher-and-cleanspark-upgraded-by-jpmorgan-as-hpc-shift"
    )
    assert len(article.content_hash) == 64
    assert article.imported_at is not None
    assert article.source_path == str(SEED)


def test_reimport_of_unchanged_files_writes_nothing(django_assert_max_num_queries):
    import_paths([SEED])
    before = Article.objects.values_list("modified_at", "imported_at").get()

    with django_assert_max_num_queries(1):
        report = import_paths([SEED])

    assert (report.unchanged, report.created, report.updated) == (1, 0, 0)
    assert Article.objects.values_list("modified_at", "imported_at").get() == before


def test_changed_file_updates_its_article_and_keeps_its_slug(tmp_path):
    path = write(tmp_path, "a.md", make_document(title="First title", externalId="e1"))
    import_paths([path])
    slug = Article.objects.get().slug

    write(
        tmp_path,
        "a.md",
        make_document(title="Second title", externalId="e1", tags="[ETH]"),
    )
    report = import_paths([path])

    assert (report.updated, report.created) == (1, 0)
    article = Article.objects.get()
    assert article.title == "Second title"
    assert article.slug == slug
    assert list(article.tags.names()) == ["ETH"]


def test_editor_changes_are_kept_unless_forced(tmp_path):
    path = write(tmp_path, "a.md", make_document(title="Wire title", externalId="e1"))
    import_paths([path])
    article = Article.objects.get()
    article.title = "Editor's title"
    article.edited_at = timezone.now()
    article.save()
    write(tmp_path, "a.md", make_document(title="Newer wire title", externalId="e1"))

    kept = import_paths([path])
    assert (kept.kept, kept.updated) == (1, 0)
    assert Article.objects.get().title == "Editor's title"

    forced = import_paths([path], force=True)
    assert forced.updated == 1
    assert Article.objects.get().title == "Newer wire title"


def test_dry_run_reports_and_writes_nothing(tmp_path):
    write(tmp_path, "a.md", make_document(externalId="e1"))
    write(tmp_path, "b.md", make_document(externalId="e2"))
    write(tmp_path, "bad.md", make_document(publishedAt="soon"))

    report = import_paths([tmp_path], dry_run=True)

    assert (report.created, report.failed) == (2, 1)
    assert "Dry run, nothing written" in report.summary()
    assert not Article.objects.exists()
    assert not Tag.objects.exists()
    assert not Category.objects.exists()


def test_every_bad_file_is_reported_in_one_line_and_nothing_stored():
    expected = (DATA / "bad-expected.txt").read_text(encoding="utf-8").splitlines()

    report = import_paths([DATA / "bad"])

    prefix = f"{DATA / 'bad'}/"
    assert sorted(line.removeprefix(prefix) for line in report.errors) == sorted(
        expected
    )
    assert report.failed == len(expected)
    assert not Article.objects.exists()


def test_bad_file_does_not_stop_the_others(tmp_path):
    write(tmp_path, "1.md", make_document(externalId="e1"))
    write(tmp_path, "2.md", "---\ntitle: [broken\n---\n")
    write(tmp_path, "3.md", make_document(externalId="e3"))

    report = import_paths([tmp_path])

    assert (report.created, report.failed) == (2, 1)
    assert report.errors == [
        f"{tmp_path}/2.md:2: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_tags_match_ignoring_case_and_keep_the_first_spelling(tmp_path):
    write(tmp_path, "a.md", make_document(tags="['Bitcoin', 'CIPHER MINING']"))
    write(
        tmp_path, "b.md", make_document(tags="['BITCOIN', 'bitcoin', 'cipher mining']")
    )

    import_paths([tmp_path])

    assert sorted(Tag.objects.values_list("name", flat=True)) == [
        "Bitcoin",
        "CIPHER MINING",
    ]
    assert TaggedArticle.objects.count() == 4


def test_sources_and_categories_are_shared(tmp_path):
    source = "{name: CoinDesk, key: coindesk, type: RSS}"
    write(tmp_path, "a.md", make_document(source=source, category="BTC"))
    write(tmp_path, "b.md", make_document(source=source, category="btc"))

    import_paths([tmp_path])

    assert Source.objects.count() == 1
    assert list(Category.objects.values_list("code", flat=True)) == ["BTC"]
    assert Article.objects.filter(source__key="coindesk").count() == 2


def test_same_titles_get_distinct_slugs_and_unicode_titles_usable_ones(tmp_path):
    write(tmp_path, "a.md", make_document(title="Same title", externalId="a"))
    write(tmp_path, "b.md", make_document(title="Same title", externalId="b"))
    write(tmp_path, "c.md", make_document(title="ビットコインが急騰", externalId="c"))
    write(tmp_path, "d.md", make_document(title="'???'", externalId="d"))

    import_paths([tmp_path])

    slugs = dict(Article.objects.values_list("external_id", "slug"))
    assert slugs["a"] == "same-title"
    assert slugs["b"].startswith("same-title-")
    assert slugs["c"] == "ビットコインが急騰"
    assert slugs["d"] == "article"


def test_duplicate_external_id_with_other_content_is_reported(tmp_path):
    write(tmp_path, "a.md", make_document(title="One", externalId="same"))
    write(tmp_path, "b.md", make_document(title="Other", externalId="same"))
    write(tmp_path, "c.md", (tmp_path / "a.md").read_text())

    report = import_paths([tmp_path])

    assert (report.created, report.unchanged, report.failed) == (1, 1, 1)
    assert report.errors == [
        f"{tmp_path}/b.md: externalId 'same' is also in {tmp_path}/a.md "
        "with different content; skipped"
    ]
    assert Article.objects.get().title == "One"


def test_folder_import_takes_md_markdown_and_txt_recursively(tmp_path):
    write(tmp_path, "a.md", make_document())
    write(tmp_path, "deep/b.markdown", make_document())
    write(tmp_path, "deep/er/c.txt", make_document())
    write(tmp_path, "notes.json", "{}")

    report = import_paths([tmp_path])

    assert report.created == 3
    assert sorted(Article.objects.values_list("source_path", flat=True)) == [
        f"{tmp_path}/a.md",
        f"{tmp_path}/deep/b.markdown",
        f"{tmp_path}/deep/er/c.txt",
    ]


def test_symlink_out_of_the_folder_is_not_followed(tmp_path):
    outside = write(tmp_path, "outside/secret.md", make_document(externalId="out"))
    inside = tmp_path / "feed"
    write(inside, "ok.md", make_document(externalId="in"))
    (inside / "link.md").symlink_to(outside)

    report = import_paths([inside])

    assert report.errors == [
        f"{inside}/link.md: symlink to outside the folder; not followed"
    ]
    assert list(Article.objects.values_list("external_id", flat=True)) == ["in"]


def test_files_over_the_size_limit_are_refused(tmp_path):
    path = write(tmp_path, "big.md", make_document(body="x" * 2000))

    report = import_paths([path], max_bytes=1000)

    assert report.errors == [f"{path}: larger than 1000 bytes"]
    assert not Article.objects.exists()


def test_missing_path_is_reported(tmp_path):
    report = import_paths([tmp_path / "nope"])

    assert report.errors == [f"{tmp_path}/nope: no such file or directory"]


def test_documents_from_elsewhere_are_named_by_their_label():
    report = import_paths(
        documents=[
            ("<stdin>", make_document(title="From a pipe").encode()),
            ("upload.md", b"---\ntitle: [a\n---\n"),
        ]
    )

    assert report.created == 1
    assert Article.objects.get().source_path == "<stdin>"
    assert report.errors == [
        "upload.md:2: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_mojibake_repair_can_be_turned_off(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.md")

    report = import_paths([tmp_path], fix_text=False)

    assert report.repaired == 0
    assert Article.objects.get().description.endswith("adjustmentâ€¦")


def test_unknown_keys_are_kept(tmp_path):
    write(
        tmp_path,
        "a.md",
        make_document(
            canonicalUrl="'https://example.com/story'",
            coverImage="{thumb: 'https://example.com/t.jpg', credit: Jane}",
            seenAt="2025-11-24T10:00:00Z",
        ),
    )

    import_paths([tmp_path])

    assert Article.objects.get().extra == {
        "canonicalUrl": "https://example.com/story",
        "coverImage": {"credit": "Jane"},
        "seenAt": "2025-11-24T10:00:00+00:00",
    }


def test_times_without_zone_are_utc_and_yaml_timestamps_accepted(tmp_path):
    write(tmp_path, "a.md", make_document(publishedAt="2025-11-24T13:15:12"))

    import_paths([tmp_path])

    assert Article.objects.get().published_at == dt.datetime(
        2025, 11, 24, 13, 15, 12, tzinfo=dt.UTC
    )


def test_batches_write_tags_in_bulk(tmp_path, django_assert_max_num_queries):
    for number in range(30):
        write(tmp_path, f"{number}.md", make_document(tags=f"[T{number}, SHARED]"))

    # Per batch: the lookups, the inserts, and on SQLite its page cache set
    # and restored (3).
    with django_assert_max_num_queries(18):
        report = import_paths([tmp_path])

    assert report.created == 30
    assert TaggedArticle.objects.count() == 60


def test_a_batch_over_the_parameter_limit_is_written_in_several_statements(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL copies the rows")
    for number in range(32):
        write(
            tmp_path,
            f"{number}.md",
            make_document(title=f"Zebra crossing {number}", tags="[A, B]"),
        )
    connection.ensure_connection()
    limit = sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
    previous = connection.connection.setlimit(limit, 200)
    try:
        with CaptureQueriesContext(connection) as queries:
            report = import_paths([tmp_path])
    finally:
        connection.connection.setlimit(limit, previous)

    columns = sum(not field.primary_key for field in Article._meta.concrete_fields)
    inserts = [
        query["sql"]
        for query in queries
        if 'INSERT INTO "articles_article"' in query["sql"]
    ]
    assert report.created == 32
    assert all(sql.count("%s") <= 200 for sql in inserts), inserts
    assert any(sql.count("%s") > columns for sql in inserts)  # rows together
    assert TaggedArticle.objects.count() == 64
    # Each row still went through the desk search's trigger.
    assert match_words(Article.objects.all(), ["zebra"]).count() == 32


def test_names_are_looked_up_once_per_import_not_per_batch(tmp_path):
    for number in range(30):
        write(tmp_path, f"{number}.md", make_document(tags="[SHARED, OTHER]"))

    with CaptureQueriesContext(connection) as queries:
        report = import_paths([tmp_path], batch_size=10)

    assert report.created == 30
    tag_queries = [q["sql"] for q in queries if '"taggit_tag"' in q["sql"]]
    # The first batch looks the names up, creates them, reads them back.
    assert len(tag_queries) == 3
    assert TaggedArticle.objects.count() == 60


def test_parallel_parsing_imports_the_same_articles(tmp_path):
    for number in range(30):
        write(tmp_path, f"{number:02d}.md", make_document(tags=f"[T{number % 4}, ALL]"))

    report = import_paths([tmp_path], batch_size=8, jobs=1)

    assert (report.created, report.failed) == (30, 0)
    assert TaggedArticle.objects.count() == 60
    assert (
        Article.objects.filter(body_html="<p>Some <strong>text</strong>.</p>\n").count()
        == 30
    )


def test_writer_and_parser_processes_keep_each_file_with_its_article(tmp_path):
    # Two batches of 12 chunks: the writer parses some of them itself while
    # the parser process starts, and each result must still meet its file.
    for number in range(600):
        write(
            tmp_path,
            f"{number:03d}.md",
            make_document(title=f"Story {number:03d}", externalId=f"'id-{number}'"),
        )

    report = import_paths([tmp_path], batch_size=300, jobs=1)

    assert (report.created, report.failed) == (600, 0)
    for title, external_id, path in Article.objects.values_list(
        "title", "external_id", "source_path"
    ):
        number = title.removeprefix("Story ")
        assert (external_id, Path(path).name) == (f"id-{int(number)}", f"{number}.md")


def test_sentiment_is_read_ignoring_case(tmp_path):
    write(tmp_path, "a.md", make_document(sentiment="negative"))

    import_paths([tmp_path])

    assert Article.objects.get().sentiment == Sentiment.NEGATIVE


@pytest.mark.django_db(transaction=True)
def test_one_process_writes_in_a_thread_of_its_own_in_order(tmp_path, monkeypatch):
    for number in range(25):
        write(tmp_path, f"{number:02d}.md", make_document(title=f"Story {number:02d}"))
    writers = []
    store = Importer._store

    def traced(importer, creates, updates):
        writers.append(threading.get_ident())
        store(importer, creates, updates)

    monkeypatch.setattr(Importer, "_store", traced)

    report = import_paths([tmp_path], batch_size=10)

    assert (report.created, report.failed) == (25, 0)
    assert len(writers) == 3
    assert set(writers) != {threading.get_ident()}
    assert list(Article.objects.order_by("pk").values_list("title", flat=True)) == [
        f"Story {number:02d}" for number in range(25)
    ]
    assert TaggedArticle.objects.count() == 50


def test_inside_a_transaction_the_import_writes_in_it(tmp_path):
    for number in range(25):
        write(tmp_path, f"{number:02d}.md", make_document())

    with transaction.atomic():
        outer = transaction.savepoint()
        assert import_paths([tmp_path], batch_size=10).created == 25
        assert Article.objects.count() == 25
        transaction.savepoint_rollback(outer)

        assert Article.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_database_error_in_the_writing_thread_stops_the_import(tmp_path, monkeypatch):
    for number in range(25):
        write(tmp_path, f"{number:02d}.md", make_document(title=f"Story {number:02d}"))
    store = Importer._store
    batches = []

    def second_fails(importer, creates, updates):
        batches.append(len(creates))
        if len(batches) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        store(importer, creates, updates)

    monkeypatch.setattr(Importer, "_store", second_fails)

    with pytest.raises(OperationalError, match="server closed"):
        import_paths([tmp_path], batch_size=10)

    assert batches == [10, 10]  # the third batch is never written
    assert list(Article.objects.order_by("pk").values_list("title", flat=True)) == [
        f"Story {number:02d}" for number in range(10)
    ]


def test_sqlite_writes_each_batch_with_a_page_cache_that_holds_it(
    tmp_path, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's page cache")
    for number in range(4):
        write(tmp_path, f"{number}.md", make_document())

    def cache_size():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    before = cache_size()
    during = []
    store = Importer._store

    def traced(importer, creates, updates):
        during.append(cache_size())
        store(importer, creates, updates)

    monkeypatch.setattr(Importer, "_store", traced)

    assert import_paths([tmp_path], batch_size=2).created == 4
    assert during == [BATCH_PAGE_CACHE, BATCH_PAGE_CACHE]
    assert cache_size() == before != BATCH_PAGE_CACHE
