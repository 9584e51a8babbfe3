"""RSS and Atom feeds: published articles only, valid, cheap, cacheable."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from .builders import make_article, make_category, make_source

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/rss/", "/feeds/atom/"]


def parse(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def hidden_pair(**fields):
    make_article(title="Hidden draft", draft=True, **fields)
    make_article(
        title="Hidden scheduled",
        published_at=timezone.now() + dt.timedelta(days=1),
        **fields,
    )


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entries_carry_title_link_summary_time_tags_and_cover(client, url):
    article = make_article(
        title="Bitcoin & <friends>",
        description="What happened.",
        tags=["BTC", "Cipher Mining"],
        source=make_source(name="CoinDesk"),
        cover_regular="https://img.example/regular.jpg?w=1080&q=80",
        published_at=dt.datetime(2025, 11, 21, 15, 2, tzinfo=dt.UTC),
    )
    hidden_pair()
    feed = parse(client.get(url))
    assert [entry.title for entry in feed.entries] == ["Bitcoin & <friends>"]
    entry = feed.entries[0]
    assert entry.link.endswith(article.get_absolute_url())
    assert entry.summary == "What happened."
    assert entry.published_parsed[:5] == (2025, 11, 21, 15, 2)
    assert sorted(tag.term for tag in entry.tags) == ["BTC", "Cipher Mining"]
    enclosure = entry.enclosures[0]
    assert enclosure.href == "https://img.example/regular.jpg?w=1080&q=80"
    assert enclosure.type == "image/jpeg"


@pytest.mark.parametrize("kind", ["tags/bitcoin", "categories/BTC", "sources/coindesk"])
@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_tag_category_and_source_feeds_hold_only_their_published_articles(
    client, kind, flavour
):
    fields = {
        "category": make_category(code="BTC"),
        "source": make_source(key="coindesk"),
        "tags": ["Bitcoin"],
    }
    make_article(title="In the section", **fields)
    make_article(title="Elsewhere", tags=["Ether"])
    hidden_pair(**fields)
    feed = parse(client.get(f"/{kind}/{flavour}/"))
    assert [entry.title for entry in feed.entries] == ["In the section"]


def test_feeds_of_unknown_sections_are_404(client):
    assert client.get("/tags/nope/rss/").status_code == 404
    assert client.get("/categories/NOPE/atom/").status_code == 404


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("count", [1, 25])
def test_feed_costs_three_queries(client, django_assert_num_queries, url, count):
    for n in range(count):
        make_article(tags=[f"Tag {n}", "Shared", "More"])
    with django_assert_num_queries(3):  # version, items, their tags
        parse(client.get(url))


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_answer_304_while_unchanged(client, url):
    make_article()
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert response["Last-Modified"]
    etag = response["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    make_article()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_pages_link_their_feeds(client):
    make_article(tags=["Bitcoin"])
    home = client.get("/").text
    assert 'type="application/rss+xml"' in home
    assert 'href="/feeds/atom/"' in home
    tag = client.get("/tags/bitcoin/").text
    assert 'href="/tags/bitcoin/rss/"' in tag
