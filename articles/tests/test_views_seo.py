"""What the article page tells search engines and link previews."""

import datetime as dt
import json
import re

import pytest

from .builders import make_article, make_category, make_source

pytestmark = pytest.mark.django_db


def structured_data(text):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', text, flags=re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def article():
    return make_article(
        title="Bitcoin ETFs draw inflows",
        description="Funds drew $1.4 billion.",
        lang="de",
        tags=["BTC", "ETF"],
        source=make_source(name="CoinDesk"),
        category=make_category(code="BTC", name="Bitcoin"),
        cover_regular="https://img.example/regular.jpg?w=1080&q=80",
        cover_full="https://img.example/full.jpg",
        published_at=dt.datetime(2025, 11, 21, 15, 2, tzinfo=dt.UTC),
        updated_at=dt.datetime(2025, 11, 21, 16, 10, 5, 118000, tzinfo=dt.UTC),
    )


def test_head_has_title_description_canonical_and_language(client, article):
    text = client.get(article.get_absolute_url()).text
    assert text.startswith('<!doctype html>\n<html lang="de">')
    assert "<title>Bitcoin ETFs draw inflows · Newsroom</title>" in text
    assert '<meta name="description" content="Funds drew $1.4 billion.">' in text
    canonical = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in text


def test_head_has_opengraph_and_twitter_card_with_the_regular_cover(client, article):
    text = client.get(article.get_absolute_url()).text
    cover = "https://img.example/regular.jpg?w=1080&amp;q=80"
    assert '<meta property="og:type" content="article">' in text
    assert '<meta property="og:title" content="Bitcoin ETFs draw inflows">' in text
    assert f'<meta property="og:image" content="{cover}">' in text
    assert '<meta name="twitter:card" content="summary_large_image">' in text
    assert f'<meta name="twitter:image" content="{cover}">' in text


def test_json_ld_describes_the_news_article(client, article):
    data = structured_data(client.get(article.get_absolute_url()).text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Bitcoin ETFs draw inflows"
    assert data["description"] == "Funds drew $1.4 billion."
    assert data["image"] == [
        "https://img.example/regular.jpg?w=1080&q=80",
        "https://img.example/full.jpg",
    ]
    assert data["datePublished"] == "2025-11-21T15:02:00+00:00"
    assert data["dateModified"] == "2025-11-21T16:10:05.118000+00:00"
    assert data["publisher"] == {"@type": "Organization", "name": "Newsroom"}
    assert data["sourceOrganization"]["name"] == "CoinDesk"
    assert data["keywords"] == ["BTC", "ETF"]
    assert data["inLanguage"] == "de"
    assert data["articleSection"] == "Bitcoin"


def test_json_ld_cannot_be_closed_by_a_headline(client):
    hostile = 'Breaking </script><script>alert("x")</script> & more'
    article = make_article(title=hostile)
    text = client.get(article.get_absolute_url()).text
    assert "<script>alert" not in text
    assert structured_data(text)["headline"] == hostile


def test_article_without_language_falls_back_to_english(client):
    article = make_article(lang="")
    assert '<html lang="en">' in client.get(article.get_absolute_url()).text
