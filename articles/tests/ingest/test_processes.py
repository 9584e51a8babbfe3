"""The import command as operators run it: real processes on a scratch database."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from ..builders import make_document

ROOT = Path(__file__).resolve().parents[3]
COUNTS = (
    "SELECT (SELECT COUNT(*) FROM articles_article),"
    " (SELECT COUNT(*) FROM articles_taggedarticle),"
    " (SELECT COUNT(DISTINCT external_id) FROM articles_article)"
)


@pytest.fixture
def scratch_db(tmp_path):
    """A migrated database of the suite's engine that only these processes use."""
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        name = f"newsroom_scratch_{uuid.uuid4().hex[:8]}"
        admin = {k: v for k, v in params.items() if k in ("host", "port", "user")}
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = "postgres://{}@{}:{}/{}".format(
            admin.get("user") or "postgres",
            admin.get("host") or "127.0.0.1",
            admin.get("port") or 5432,
            name,
        )
    else:
        url = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    manage(url, "migrate", "--noinput", check=True)
    yield url
    if connection.vendor == "postgresql":
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def environment(url):
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": "test-only"}


def manage(url, *args, check=False):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(url),
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def counts(url):
    """[articles, tag links, distinct external ids] in the scratch database.

    Read directly, not through manage.py: a poll must take milliseconds for
    the kill to land while the import runs.
    """
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
            return list(conn.execute(COUNTS).fetchone())
    with psycopg.connect(url) as conn:
        return list(conn.execute(COUNTS).fetchone())


def write_feed(folder, count):
    folder.mkdir()
    for number in range(count):
        text = make_document(
            externalId=f"'feed-{number}'", tags=f"['T{number % 50}', 'SHARED']"
        )
        (folder / f"{number:05d}.md").write_text(text)
    return folder


def test_kill_mid_import_leaves_no_partial_article_and_rerun_completes(
    scratch_db, tmp_path
):
    feed = write_feed(tmp_path / "feed", 3000)
    command = [sys.executable, "manage.py", "import_articles", str(feed)]
    process = subprocess.Popen(
        [*command, "--batch-size", "50"],
        cwd=ROOT,
        env=environment(scratch_db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while counts(scratch_db)[0] == 0 and time.monotonic() < deadline:
        assert process.poll() is None, "the import ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()

    articles, links, _ = counts(scratch_db)
    assert 0 < articles < 3000
    assert links == 2 * articles  # every stored article has both its tags

    rerun = manage(scratch_db, "import_articles", str(feed))
    assert rerun.returncode == 0, rerun.stderr
    assert f"unchanged {articles}," in rerun.stdout
    assert counts(scratch_db) == [3000, 6000, 3000]


def test_two_imports_at_once_make_no_duplicates(scratch_db, tmp_path):
    feed = write_feed(tmp_path / "feed", 600)
    command = [sys.executable, "manage.py", "import_articles", str(feed)]
    processes = [
        subprocess.Popen(
            [*command, "--batch-size", "40"],
            cwd=ROOT,
            env=environment(scratch_db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [process.communicate(timeout=300) for process in processes]

    for process, (stdout, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
        assert "failed 0" in stdout
    assert counts(scratch_db) == [600, 1200, 600]


def test_command_exit_status_and_one_line_errors(scratch_db, tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "good.md").write_text(make_document())
    (feed / "bad.md").write_text("---\ntitle: x\npublishedAt: soon\n---\n")

    result = manage(scratch_db, "import_articles", str(feed))

    assert result.returncode == 1
    assert f"{feed}/bad.md:3: publishedAt: not an ISO 8601 time ('soon')" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert "created 1, updated 0, unchanged 0, kept editor changes 0, failed 1" in (
        result.stdout
    )
    assert manage(scratch_db, "import_articles", str(feed / "good.md")).returncode == 0


def test_standard_input_through_the_command(scratch_db):
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", "-"],
        cwd=ROOT,
        env=environment(scratch_db),
        input=make_document(title="Piped in"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "created 1" in result.stdout
