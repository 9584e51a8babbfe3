"""sitemap.xml, the Google News sitemap and robots.txt."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from articles.sitemaps import ArticleSitemap, article_path

from .builders import make_article

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


def hidden_pair():
    make_article(title="Hidden draft", draft=True)
    make_article(
        title="Hidden scheduled", published_at=timezone.now() + dt.timedelta(days=1)
    )


def test_sitemap_index_points_at_sections_with_lastmod(client):
    article = make_article()
    root = xml(client.get("/sitemap.xml"))
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [node.findtext(f"{SITEMAP}loc") for node in root]
    assert locations == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-pages.xml",
    ]
    lastmod = root[0].findtext(f"{SITEMAP}lastmod")
    assert lastmod.startswith(article.modified_at.date().isoformat())


def test_article_sitemap_lists_published_articles_only(client):
    visible = make_article()
    hidden_pair()
    root = xml(client.get("/sitemap-articles.xml"))
    assert root.tag == f"{SITEMAP}urlset"
    urls = [node.findtext(f"{SITEMAP}loc") for node in root]
    assert urls == [f"http://testserver{visible.get_absolute_url()}"]
    assert root[0].findtext(f"{SITEMAP}lastmod")


def test_article_sitemap_pages_hold_every_article_once(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article(title=f"Story {n}") for n in range(5)]
    index = xml(client.get("/sitemap.xml"))
    pages = [node.findtext(f"{SITEMAP}loc") for node in index]
    assert pages[:3] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    listed = [
        node.findtext(f"{SITEMAP}loc")
        for page in pages[:3]
        for node in xml(client.get(page.removeprefix("http://testserver")))
    ]
    assert sorted(listed) == sorted(
        f"http://testserver{article.get_absolute_url()}" for article in articles
    )


@pytest.mark.parametrize(
    "query",
    ["?p=4", "?p=0", "?p=x", "?p=-1", "?p=99999", "?p=" + "9" * 40, "?p=²", "?p=١"],
)
def test_sitemap_pages_past_the_end_or_malformed_are_404(client, query):
    make_article()
    assert client.get(f"/sitemap-articles.xml{query}").status_code == 404
    assert client.get("/sitemap-unknown.xml").status_code == 404


@given(slug=st.text(min_size=1, max_size=40).filter(lambda text: "/" not in text))
def test_article_path_is_what_reverse_gives(slug):
    assert article_path(slug) == reverse("articles:detail", kwargs={"slug": slug})


def test_sitemap_escapes_and_quotes_unicode_addresses(client):
    article = make_article(title="Zürich & Köln: Ärger")
    urls = [
        node.findtext(f"{SITEMAP}loc")
        for node in xml(client.get("/sitemap-articles.xml"))
    ]
    assert urls == [f"http://testserver{article.get_absolute_url()}"]


def test_news_sitemap_holds_the_last_two_days(client):
    recent = make_article(title="Fresh & new", lang="de")
    make_article(title="Old", published_at=timezone.now() - dt.timedelta(days=3))
    hidden_pair()
    root = xml(client.get("/sitemap-news.xml"))
    urls = root.findall(f"{SITEMAP}url")
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [
        f"http://testserver{recent.get_absolute_url()}"
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Fresh & new"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "de"
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication_date").startswith(
        recent.published_at.date().isoformat()
    )


@pytest.mark.parametrize("count", [1, 25])
def test_sitemaps_cost_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    for _ in range(count):
        make_article(tags=["A", "B"])
    with django_assert_num_queries(3):  # version, count, newest lastmod
        xml(client.get("/sitemap.xml"))
    with django_assert_num_queries(2):  # version, page
        xml(client.get("/sitemap-articles.xml"))
    with django_assert_num_queries(3):  # version, count, page
        xml(client.get("/sitemap-news.xml"))


def test_robots_txt_points_at_the_sitemaps_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
