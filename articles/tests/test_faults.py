"""The database vanishing while the site serves: a plain 503, then recovery."""

import json

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection

from .builders import make_article
from .servers import (
    free_port,
    gunicorn,
    manage,
    postgres_admin,
    scratch_database,
)

UNAVAILABLE = "Newsroom is briefly unavailable"


def assert_plain_503(status, headers, text):
    assert status == 503
    assert headers["retry-after"] == "30"
    assert "no-store" in headers["cache-control"]
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert UNAVAILABLE in text
    assert "Traceback" not in text
    assert "Error" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        OperationalError("could not connect to server: Connection refused"),
        InterfaceError("connection already closed"),
    ],
)
def test_reader_gets_a_plain_503_while_the_database_is_gone(client, monkeypatch, error):
    article = make_article(title="Back soon")

    def refuse():
        raise error

    with monkeypatch.context() as patched:
        # Every query fails, so the 503 page itself cannot have needed one.
        patched.setattr(connection, "ensure_connection", refuse)
        responses = [client.get("/"), client.get(article.get_absolute_url())]

    for response in responses:
        assert_plain_503(
            response.status_code,
            {k.lower(): v for k, v in response.items()},
            response.content.decode(),
        )
        assert "script-src 'self'" in response["Content-Security-Policy"]
    again = client.get(article.get_absolute_url())
    assert again.status_code == 200
    assert "Back soon" in again.content.decode()


def test_server_with_an_unreachable_database_answers_503(tmp_path):
    unreachable = f"postgres://newsroom:s3cret@127.0.0.1:{free_port()}/newsroom"

    with gunicorn(unreachable, tmp_path, workers=1) as server:
        home = server.get("/")
        health = server.get("/healthz")

    assert_plain_503(home.status, home.headers, home.text)
    assert health.status == 503
    assert json.loads(health.text) == {"database": "error", "cache": "ok"}
    assert "s3cret" not in home.text + health.text
    assert "Traceback" not in server.log.read_text()


@pytest.fixture
def scratch_db(tmp_path):
    with scratch_database(tmp_path) as url:
        yield url


def set_connections_allowed(url, allowed):
    """Open or close the scratch database; closing also ends its sessions."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(dbname="postgres", autocommit=True, **postgres_admin()) as db:
        db.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {allowed}')
        if not allowed:
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s",
                [name],
            )


@pytest.mark.postgres
def test_site_recovers_by_itself_when_postgresql_returns(scratch_db, tmp_path):
    manage(
        scratch_db,
        "shell",
        "-c",
        "from articles.tests.builders import make_article; "
        "make_article(title='Survives the outage')",
        check=True,
    )
    with gunicorn(scratch_db, tmp_path, workers=1) as server:
        before = server.get("/")
        set_connections_allowed(scratch_db, False)
        try:
            # The worker's kept connection was terminated, and no new one is let in.
            during = [server.get("/"), server.get("/")]
            health = server.get("/healthz")
        finally:
            set_connections_allowed(scratch_db, True)
        after = server.get("/")

    assert before.status == 200
    for answer in during:
        assert_plain_503(answer.status, answer.headers, answer.text)
    assert health.status == 503
    assert after.status == 200
    assert "Survives the outage" in after.text
    assert "Traceback" not in server.log.read_text()
