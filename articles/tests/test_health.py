"""/healthz: what a load balancer asks each server before sending it readers."""

import json

import pytest
from django.db import OperationalError, connection

from .builders import make_article
from .redis_service import redis_url
from .servers import free_port

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_200_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_head_is_answered_too(client):
    assert client.head("/healthz").status_code == 200


def test_writes_are_refused(client):
    assert client.post("/healthz").status_code == 405


def test_unreachable_database_is_503_without_details(client, monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "db.internal" refused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "error", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_unreachable_cache_is_503_without_details(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ForgivingRedisCache",
            "LOCATION": f"redis://:s3cret@127.0.0.1:{free_port()}/0",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b'{"database": "ok", "cache": "error"}'


def test_reader_pages_keep_serving_while_redis_is_down(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    article = make_article(title="Served without a cache")

    home = client.get("/")
    page = client.get(article.get_absolute_url())

    assert (home.status_code, page.status_code) == (200, 200)
    assert "Served without a cache" in home.content.decode()
    assert "cache unavailable, get skipped" in caplog.text


@pytest.mark.redis
def test_redis_cache_is_checked_for_real(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ForgivingRedisCache",
            "LOCATION": redis_url(),
        }
    }

    response = client.get("/healthz")

    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}


def test_probe_over_plain_http_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
