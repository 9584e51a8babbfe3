"""Search: published articles only; ranked full text on PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article

from .builders import make_article
from .pages import titles

pytestmark = pytest.mark.django_db


def test_search_finds_published_articles_by_title_and_description(client):
    make_article(title="Stablecoin rules tighten")
    make_article(title="Other news", description="A stablecoin issuer grows.")
    make_article(title="Unrelated")
    make_article(title="Stablecoin draft", draft=True)
    make_article(
        title="Stablecoin scheduled",
        published_at=timezone.now() + dt.timedelta(days=1),
    )
    response = client.get("/search/?q=stablecoin")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Other news", "Stablecoin rules tighten"]
    assert "Results for “stablecoin”" in response.text


def test_empty_search_invites_a_query(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Type a few words" in response.text


def test_search_without_matches_says_so(client):
    make_article(title="Bitcoin")
    assert "No articles match “zebra”" in client.get("/search/?q=zebra").text


@pytest.mark.parametrize(
    "page", ["0", "-1", "x", "2", "99999999999999999999", "²", "١"]
)
def test_bad_or_empty_search_pages_are_404(client, page):
    make_article(title="Bitcoin")
    assert client.get(f"/search/?q=bitcoin&page={page}").status_code == 404


def test_search_pages_through_results(client):
    for n in range(23):
        make_article(title=f"Bitcoin story {n}")
    first = client.get("/search/?q=bitcoin")
    assert len(titles(first)) == 20
    assert "page=2" in first.text
    assert len(titles(client.get("/search/?q=bitcoin&page=2"))) == 3


@pytest.mark.parametrize("count", [1, 25])
def test_search_costs_three_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        make_article(title="Bitcoin story", tags=["BTC", "ETF"])
    with django_assert_num_queries(3):  # version, the page's rows, their items
        assert client.get("/search/?q=bitcoin").status_code == 200


@pytest.mark.postgres
def test_postgres_search_ranks_headline_hits_first_and_reads_the_body(client):
    make_article(title="Markets", body="Nothing about it here.")
    make_article(title="Weekly wrap", body="Tether and tether again: tether.")
    make_article(title="Tether note", body="Tether.")
    make_article(title="Tether draft", draft=True)
    response = client.get("/search/?q=tether")
    assert titles(response) == ["Tether note", "Weekly wrap"]


@pytest.mark.postgres
def test_postgres_search_document_follows_edits():
    article = make_article(title="Old words")
    article.title = "Stablecoin news"
    article.save()
    assert list(Article.objects.search("stablecoin")) == [article]
    assert list(Article.objects.search("old")) == []


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index():
    make_article(title="Tether")
    # Without sequential scans and plain index scans (a walk of the primary
    # key, testing each document), only the GIN index can answer the match.
    queryset = Article.objects.search("tether").only("pk")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on article_search_match" in plan, plan
