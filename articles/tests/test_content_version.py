"""SQLite's content version, kept per connection between commits.

Run in a process of its own on a database file: the suite's in-memory
database and its test transactions never use the kept version.
"""

import json
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from .servers import ROOT, environment, scratch_database

PROBE = textwrap.dedent(
    """
    import datetime as dt, json, sqlite3, sys
    import django
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from articles.models import Article
    from articles.tests.builders import make_article

    def read(at=None):
        with CaptureQueriesContext(connection) as queries:
            version = Article.objects.content_version(at=at)
        return version, [query["sql"] for query in queries]

    out = {}
    now = timezone.now()
    make_article(title="First")
    first, _ = read()
    again, out["unchanged"] = read()
    out["same"] = again == first

    make_article(title="Own write")  # this connection's commit
    own, out["after_own_write"] = read()
    out["own_moved"] = own != first

    other = sqlite3.connect(connection.settings_dict["NAME"])
    other.execute(
        "UPDATE articles_article SET title = 'Elsewhere',"
        " modified_at = '2099-01-01 00:00:00'"
    )
    other.commit()
    other.close()
    elsewhere, out["after_other_write"] = read()
    out["other_moved"] = elsewhere != own

    later = now + dt.timedelta(hours=1)
    make_article(title="Scheduled", published_at=later)
    before_due, _ = read(at=now)
    still, out["before_due"] = read(at=now + dt.timedelta(minutes=59))
    due, out["when_due"] = read(at=later + dt.timedelta(seconds=1))
    out["due_moved"] = still == before_due and due != before_due
    back, out["earlier_time"] = read(at=now)
    out["back_equal"] = back == before_due
    print(json.dumps(out))
    """
)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's data_version")
def test_the_version_is_read_again_after_any_commit_or_when_an_article_comes_due(
    tmp_path,
):
    with scratch_database(tmp_path) as url:
        result = subprocess.run(
            [sys.executable, "-c", PROBE],
            cwd=ROOT,
            env=environment(url, DJANGO_SETTINGS_MODULE="newsroom.settings"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    pragma = ["PRAGMA data_version"]
    # Nothing committed: the kept version, for the pragma alone.
    assert out["same"]
    assert out["unchanged"] == pragma
    assert out["before_due"] == pragma
    # Each commit, here or elsewhere, and each article coming due, reads it again.
    for key in ("after_own_write", "after_other_write", "when_due", "earlier_time"):
        assert len(out[key]) == 2, key
        assert out[key][0] == "PRAGMA data_version", key
    assert out["own_moved"]
    assert out["other_moved"]
    assert out["due_moved"]
    assert out["back_equal"]
