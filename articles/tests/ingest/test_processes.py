"""The import command as operators run it: real processes on a scratch database."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from ..builders import make_document, make_feed
from ..servers import (
    EACH_WAY_OF_WRITING,
    ROOT,
    environment,
    manage,
    scratch_database,
)

COUNTS = (
    "SELECT (SELECT COUNT(*) FROM articles_article),"
    " (SELECT COUNT(*) FROM articles_taggedarticle),"
    " (SELECT COUNT(DISTINCT external_id) FROM articles_article)"
)


@pytest.fixture
def scratch_db(tmp_path):
    with scratch_database(tmp_path) as url:
        yield url


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


def children(pid):
    """Ids of the processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@EACH_WAY_OF_WRITING
def test_kill_mid_import_leaves_no_partial_article_and_rerun_completes(
    scratch_db, tmp_path, jobs
):
    feed = make_feed(tmp_path / "feed", 3000)
    command = [sys.executable, "manage.py", "import_articles", str(feed)]
    process = subprocess.Popen(
        [*command, "--batch-size", "50", "--jobs", jobs],
        cwd=ROOT,
        env=environment(scratch_db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while counts(scratch_db)[0] == 0 and time.monotonic() < deadline:
        assert process.poll() is None, "the import ended before it could be killed"
    parsers = children(process.pid) if Path("/proc").is_dir() else []
    process.send_signal(signal.SIGKILL)
    process.wait()
    # The parser processes end with the import instead of waiting forever.
    deadline = time.monotonic() + 30
    while any(map(running, parsers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(running, parsers))

    articles, links, _ = counts(scratch_db)
    assert 0 < articles < 3000
    assert links == 2 * articles  # every stored article has both its tags

    rerun = manage(scratch_db, "import_articles", str(feed))
    assert rerun.returncode == 0, rerun.stderr
    assert f"unchanged {articles}," in rerun.stdout
    assert counts(scratch_db) == [3000, 6000, 3000]


@EACH_WAY_OF_WRITING
def test_two_imports_at_once_make_no_duplicates(scratch_db, tmp_path, jobs):
    feed = make_feed(tmp_path / "feed", 600)
    command = [sys.executable, "manage.py", "import_articles", str(feed)]
    processes = [
        subprocess.Popen(
            [*command, "--batch-size", "40", "--jobs", jobs],
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


# Run in the import's process: which statements the checkpoint connection
# ran, and the import connection's setting afterwards.
CHECKPOINT_PROBE = """
import json, sqlite3
from articles.ingest import bulk, import_paths
from django.db import connection

ran = []
connect = sqlite3.connect
def traced(*args, **kwargs):
    database = connect(*args, **kwargs)
    database.set_trace_callback(ran.append)
    return database
bulk.sqlite3.connect = traced
report = import_paths([FOLDER], batch_size=2, jobs=1)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_autocheckpoint")
    pages = cursor.fetchone()[0]
print(json.dumps({"created": report.created, "ran": ran, "pages": pages}))
"""


def test_sqlite_import_checkpoints_beside_and_restores_the_setting(
    scratch_db, tmp_path
):
    if not scratch_db.startswith("sqlite:///"):
        pytest.skip("WAL checkpoints are SQLite's")
    feed = make_feed(tmp_path / "feed", 6)

    result = manage(
        scratch_db, "shell", "-c", CHECKPOINT_PROBE.replace("FOLDER", repr(str(feed)))
    )

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["created"] == 6
    assert "PRAGMA wal_checkpoint(PASSIVE)" in outcome["ran"]
    assert outcome["pages"] == 1000  # SQLite's default, back for other writes
    assert counts(scratch_db) == [6, 12, 6]


def test_parser_processes_parse_without_django_set_up():
    probe = (
        "import sys\n"
        "from articles.ingest.parsing import parse_chunk\n"
        "[data] = parse_chunk(([('f.md', sys.stdin.buffer.read())], True))\n"
        "print(data.title, data.body_html.strip(), 'articles.models' in sys.modules)\n"
    )
    settings_free = {
        name: value
        for name, value in os.environ.items()
        if name != "DJANGO_SETTINGS_MODULE"
    }

    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=settings_free,
        input=make_document(title="Parsed apart", body="Some *body*"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "Parsed",
        "apart",
        "<p>Some",
        "<em>body</em></p>",
        "False",
    ]
