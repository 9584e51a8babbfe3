"""PostgreSQL going away in the middle of an import: one line, exit 1, no half."""

import subprocess
import sys
import time

import psycopg
import pytest

from .builders import make_feed
from .servers import (
    EACH_WAY_OF_WRITING,
    ROOT,
    environment,
    manage,
    postgres_admin,
    scratch_database,
)

pytestmark = pytest.mark.postgres

FILES = 3000


@pytest.fixture
def scratch_db(tmp_path):
    with scratch_database(tmp_path) as url:
        yield url


def counts(url):
    """(articles, tag links, articles without both tags, articles whose search
    document is their text's) in the database."""
    with psycopg.connect(url) as db:
        return db.execute(
            "SELECT (SELECT count(*) FROM articles_article), "
            "(SELECT count(*) FROM articles_taggedarticle), "
            "(SELECT count(*) FROM articles_article a WHERE (SELECT count(*) "
            "FROM articles_taggedarticle t WHERE t.content_object_id = a.id) <> 2), "
            "(SELECT count(*) FROM articles_article JOIN article_search_document "
            "ON article_id = id "
            "WHERE document = article_search_vector(title, description, body))"
        ).fetchone()


def terminate_other_sessions(url):
    """What a failover or an operator's pg_terminate_backend does to the import."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(dbname="postgres", autocommit=True, **postgres_admin()) as db:
        return db.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchone()[0]


@EACH_WAY_OF_WRITING
def test_backend_terminated_mid_import_is_one_line_and_a_rerun_completes(
    scratch_db, tmp_path, jobs
):
    feed = make_feed(tmp_path / "feed", FILES)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(feed)]
        + ["--batch-size", "50", "--jobs", jobs],
        cwd=ROOT,
        env=environment(scratch_db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while counts(scratch_db)[0] == 0 and time.monotonic() < deadline:
            assert process.poll() is None, "the import ended before the outage"
        assert terminate_other_sessions(scratch_db) >= 1
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("CommandError: import stopped, database error: ")
    assert lines[0].endswith(
        "; articles written so far are complete, run the import again"
    )
    articles, links, incomplete, _ = counts(scratch_db)
    assert 0 < articles < FILES
    assert links == 2 * articles
    assert incomplete == 0

    rerun = manage(scratch_db, "import_articles", str(feed))

    assert rerun.returncode == 0, rerun.stderr
    assert f"created {FILES - articles}, updated 0, unchanged {articles}," in (
        rerun.stdout
    )
    # The outage may have left a batch's search documents to this import.
    assert counts(scratch_db) == (FILES, 2 * FILES, 0, FILES)
