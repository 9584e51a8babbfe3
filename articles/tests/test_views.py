"""The readers' list and article pages: visibility, order, pages, cost."""

import base64
import datetime as dt
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.utils import timezone

from articles import fragments
from articles.caching import PageCacheHandler, RecentPages
from articles.fragments import ROW_FIELDS
from articles.models import Article, Removal, Sentiment
from articles.pagination import Position, paginate
from articles.views import PUBLISHED_ROWS

from .builders import make_article, make_category, make_source
from .pages import titles

pytestmark = pytest.mark.django_db


def hidden_pair(**fields):
    """A draft and a scheduled article: no reader surface may show either."""
    return (
        make_article(title="Hidden draft story", draft=True, **fields),
        make_article(
            title="Hidden scheduled story",
            published_at=timezone.now() + dt.timedelta(days=1),
            **fields,
        ),
    )


def older_link(response):
    match = re.search(r'rel="next" href="([^"]+)"', response.text)
    return match and match.group(1).replace("&amp;", "&")


def newer_link(response):
    match = re.search(r'rel="prev" href="([^"]+)"', response.text)
    return match and match.group(1).replace("&amp;", "&")


def make_tagged_articles(count, **fields):
    category, source = make_category(), make_source()
    return [
        make_article(
            category=category,
            source=source,
            tags=[f"Topic {n}", "Shared", f"Extra {n % 3}"],
            sentiment=Sentiment.POSITIVE,
            cover_small="https://img.example/s.jpg",
            cover_thumb="https://img.example/t.jpg",
            **fields,
        )
        for n in range(count)
    ]


# Visibility


def test_home_lists_published_articles_and_hides_drafts_and_scheduled(client):
    make_article(title="Visible story")
    hidden_pair()
    response = client.get("/")
    assert response.status_code == 200
    assert titles(response) == ["Visible story"]
    assert "Hidden" not in response.text


def test_draft_and_scheduled_articles_are_404_for_anonymous_readers(client):
    draft, scheduled = hidden_pair()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_by_itself_when_its_time_comes(client):
    due = timezone.now() + dt.timedelta(hours=2)
    article = make_article(title="Due soon", published_at=due)
    make_article(title="Already out")
    assert titles(client.get("/")) == ["Already out"]  # now cached
    with time_machine.travel(due + dt.timedelta(seconds=1), tick=False):
        assert titles(client.get("/")) == ["Due soon", "Already out"]
        assert client.get(article.get_absolute_url()).status_code == 200


def test_unpublishing_and_editing_show_at_once_despite_the_page_cache(client):
    article = make_article(title="Original headline")
    assert titles(client.get("/")) == ["Original headline"]
    article.title = "Corrected headline"
    article.save()
    assert titles(client.get("/")) == ["Corrected headline"]
    article.draft = True
    article.save()
    assert titles(client.get("/")) == []
    assert client.get(article.get_absolute_url()).status_code == 404


def test_deleting_shows_at_once_despite_the_page_cache(client):
    kept = make_article(title="Kept")
    gone = make_article(title="Withdrawn for legal reasons")
    assert titles(client.get("/")) == ["Withdrawn for legal reasons", "Kept"]

    Article.objects.filter(pk=gone.pk).delete()

    assert titles(client.get("/")) == ["Kept"]
    assert client.get(gone.get_absolute_url()).status_code == 404
    assert Removal.objects.get().slug == gone.slug
    assert kept.title in client.get(kept.get_absolute_url()).content.decode()


def test_staff_with_change_permission_preview_unpublished_articles(
    client, django_user_model
):
    draft, scheduled = hidden_pair()
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(editor)
    for article in (draft, scheduled):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "not visible to readers" in response.text
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert 'content="noindex, nofollow"' in response.text


def test_staff_without_change_permission_get_404_for_drafts(client, django_user_model):
    draft, _ = hidden_pair()
    client.force_login(django_user_model.objects.create_user("viewer", password="x"))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_published_article_is_public_and_cacheable(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


@pytest.mark.parametrize("page", ["tag", "category", "source"])
def test_tag_category_and_source_pages_hide_drafts_and_scheduled(client, page):
    category, source = make_category(code="BTC"), make_source(key="coindesk")
    fields = {"category": category, "source": source, "tags": ["Bitcoin"]}
    make_article(title="Visible story", **fields)
    hidden_pair(**fields)
    url = {"tag": "/tags/bitcoin/", "category": "/categories/BTC/"}.get(
        page, "/sources/coindesk/"
    )
    response = client.get(url)
    assert response.status_code == 200
    assert titles(response) == ["Visible story"]


def test_related_articles_are_published_only(client):
    article = make_article(title="Main story", tags=["Bitcoin"])
    make_article(title="Related story", tags=["Bitcoin"])
    make_article(title="Unrelated story", tags=["Ether"])
    hidden_pair(tags=["Bitcoin"])
    text = client.get(article.get_absolute_url()).text
    assert "Related story" in text
    assert "Unrelated story" not in text
    assert "Hidden" not in text


# Lists


def test_pinned_articles_come_first_then_newest(client):
    now = timezone.now()
    make_article(
        title="Old pinned", sticky_weight=5, published_at=now - dt.timedelta(3)
    )
    make_article(
        title="Pinned higher", sticky_weight=9, published_at=now - dt.timedelta(9)
    )
    make_article(title="Newest", published_at=now - dt.timedelta(minutes=5))
    make_article(title="Older", published_at=now - dt.timedelta(days=1))
    assert titles(client.get("/")) == ["Pinned higher", "Old pinned", "Newest", "Older"]


def test_pages_walk_older_and_back_newer_without_gaps_or_repeats(client):
    now = timezone.now()
    for n in range(45):
        make_article(title=f"Story {n:02}", published_at=now - dt.timedelta(minutes=n))
    page1 = client.get("/")
    assert titles(page1) == [f"Story {n:02}" for n in range(20)]
    assert newer_link(page1) is None
    page2 = client.get(older_link(page1))
    assert titles(page2) == [f"Story {n:02}" for n in range(20, 40)]
    page3 = client.get(older_link(page2))
    assert titles(page3) == [f"Story {n:02}" for n in range(40, 45)]
    assert older_link(page3) is None
    back = client.get(newer_link(page3))
    assert titles(back) == titles(page2)
    assert titles(client.get(newer_link(back))) == titles(page1)


def test_compiled_home_rows_are_the_orms_on_every_kind_of_page():
    now = timezone.now()
    for n in range(45):
        make_article(
            published_at=now - dt.timedelta(minutes=n % 7, seconds=n),
            sticky_weight=5 if n in (3, 30) else 0,
        )
    make_article(draft=True)
    make_article(published_at=now + dt.timedelta(hours=1))
    rows = Article.objects.published().values_list(*ROW_FIELDS, named=True)
    positions = [Position.of(row) for row in rows.in_public_order()]
    params = [{}] + [
        {direction: position.token}
        for position in positions[::5]
        for direction in ("before", "after")
    ]
    for page_params in params:
        compiled = paginate(PUBLISHED_ROWS, page_params)
        assert compiled == paginate(rows, page_params), page_params


@pytest.mark.parametrize(
    "query",
    [
        "before=garbage",
        "after=%%%",
        "before=",
        "before=MX5-eA",
        "after=1~2",
        f"before={base64.urlsafe_b64encode(b'0~1~99999999999999999999').decode()}",
        f"after={base64.urlsafe_b64encode(b'0~99999999999999999999~1').decode()}",
    ],
)
def test_bad_page_tokens_are_404_not_500(client, query):
    make_article()
    assert client.get(f"/?{query}").status_code == 404


def test_a_token_past_the_last_article_is_404(client):
    oldest = make_article(published_at=timezone.now() - dt.timedelta(days=9))
    token = Position.of(oldest).token
    assert client.get(f"/?before={token}").status_code == 404


def test_pagination_links_keep_the_filters(client):
    category = make_category(code="ETH")
    for _ in range(21):
        make_article(category=category, sentiment=Sentiment.NEGATIVE)
    response = client.get("/?category=ETH&sentiment=NEGATIVE")
    link = older_link(response)
    assert "category=ETH" in link
    assert "sentiment=NEGATIVE" in link
    assert len(titles(client.get(link))) == 1


def test_list_item_shows_cover_source_category_time_and_sentiment(client):
    make_article(
        title="Full item",
        source=make_source(name="CoinDesk", key="coindesk"),
        category=make_category(code="BTC"),
        sentiment=Sentiment.NEGATIVE,
        cover_small="https://img.example/small.jpg",
        cover_thumb="https://img.example/thumb.jpg",
        published_at=dt.datetime(2025, 11, 21, 15, 2, tzinfo=dt.UTC),
    )
    text = client.get("/").text
    img = "https://img.example"
    assert f'srcset="{img}/thumb.jpg 200w, {img}/small.jpg 400w"' in text
    assert 'loading="lazy"' in text
    assert 'width="200" height="133"' in text
    assert '<a href="/sources/coindesk/">CoinDesk</a>' in text
    assert '<a href="/categories/BTC/">BTC</a>' in text
    assert (
        '<time datetime="2025-11-21T15:02:00+00:00">21 Nov 2025, 15:02</time>' in text
    )
    assert "Sentiment: negative" in text


def test_tag_category_and_source_pages_have_headings_and_feeds(client):
    make_article(
        tags=["Cipher Mining"],
        category=make_category(code="MARKET", name="Markets"),
        source=make_source(key="reuters", name="Reuters"),
    )
    for url, heading, feed in [
        ("/tags/cipher-mining/", "Tag: Cipher Mining", "/tags/cipher-mining/rss/"),
        ("/categories/MARKET/", "Category: Markets", "/categories/MARKET/atom/"),
        ("/sources/reuters/", "Source: Reuters", "/sources/reuters/rss/"),
    ]:
        text = client.get(url).text
        assert f'<h1 class="page-title">{heading}</h1>' in text
        assert 'rel="alternate" type="application/' in text
        assert f'href="{feed}"' in text


@pytest.mark.parametrize("url", ["/tags/nope/", "/categories/NOPE/", "/sources/nope/"])
def test_unknown_tag_category_or_source_is_404(client, url):
    assert client.get(url).status_code == 404


# Article page


def test_article_page_shows_everything_a_reader_needs(client):
    article = make_article(
        title="Full story",
        description="The standfirst.",
        body="Body **text**.\n\n<script>alert(1)</script>",
        tags=["Bitcoin", "ETF"],
        source=make_source(name="CoinDesk"),
        category=make_category(code="BTC"),
        cover_regular="https://img.example/regular.jpg",
        cover_small="https://img.example/small.jpg",
        cover_alt="Trading screens",
        cover_credit="Photo: Jane Doe",
        updated_at=timezone.now(),
        ai_rewritten=True,
        ai_expanded_at=dt.datetime(2025, 11, 21, 16, 10, tzinfo=dt.UTC),
    )
    text = client.get(article.get_absolute_url()).text
    assert '<h1 class="story__title">Full story</h1>' in text
    assert "The standfirst." in text
    assert "<strong>text</strong>" in text
    assert "<script>alert" not in text
    assert 'href="/tags/bitcoin/" rel="tag">Bitcoin</a>' in text
    assert re.search(r"Source: <a [^>]+>CoinDesk</a>", text)
    assert "Updated <time" in text
    img = "https://img.example"
    assert f'srcset="{img}/small.jpg 400w, {img}/regular.jpg 1080w"' in text
    assert 'alt="Trading screens"' in text
    assert "Photo: Jane Doe" in text
    assert "rewritten with AI assistance" in text
    assert '<time datetime="2025-11-21T16:10:00+00:00">21 November 2025</time>' in text


def test_article_without_ai_rewrite_has_no_disclosure(client):
    article = make_article(ai_rewritten=False)
    assert "AI assistance" not in client.get(article.get_absolute_url()).text


def test_conditional_get_answers_304_until_the_article_changes(client):
    article = make_article()
    first = client.get(article.get_absolute_url())
    etag = first["ETag"]
    again = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304
    article.title = "Changed"
    article.save()
    changed = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert changed.status_code == 200


# If-None-Match answers 304 while the version holds; If-Match fails with 412
# once it has moved.
@pytest.mark.parametrize(
    ("header", "unchanged", "changed"),
    [("if-none-match", 304, 200), ("if-match", 200, 412)],
)
def test_list_pages_compare_validators_with_the_content_version(
    client, header, unchanged, changed
):
    make_article()
    etag = client.get("/")["ETag"]
    assert client.get("/", headers={header: etag}).status_code == unchanged
    make_article()
    assert client.get("/", headers={header: etag}).status_code == changed


# The page cache in front of sessions


def test_a_cached_page_keeps_every_security_header(client):
    article = make_article()
    first = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert cached.content == first.content
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cache-Control",
        "ETag",
        "Content-Type",
    ):
        assert cached[header] == first[header], header


def test_signed_in_readers_are_not_answered_from_the_stored_page(
    client, django_user_model, django_assert_max_num_queries
):
    make_article()
    client.get("/")  # stored for anonymous readers
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    with django_assert_max_num_queries(20) as queries:
        assert client.get("/").status_code == 200
    # The view ran: the page's rows were read, not the stored copy.
    assert len(queries) > 1


def test_a_staff_preview_is_never_stored_for_readers(client, django_user_model):
    draft, _ = hidden_pair()
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    client.cookies.clear()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_each_host_gets_its_own_copy(client, settings):
    settings.ALLOWED_HOSTS = ["news.example.com", "mirror.example.org"]
    article = make_article()
    for host in ("news.example.com", "mirror.example.org", "news.example.com"):
        page = client.get(article.get_absolute_url(), headers={"host": host})
        assert f"https://{host}/" in page.text or f"http://{host}/" in page.text


def test_other_addresses_read_no_content_version(client, django_assert_num_queries):
    make_article()
    with django_assert_num_queries(0):
        assert client.get("/robots.txt").status_code == 200
        assert client.get("/no/such/page/").status_code == 404


def test_a_stored_page_answers_304_to_its_etag(client, django_assert_num_queries):
    make_article()
    etag = client.get("/")["ETag"]
    with django_assert_num_queries(1):
        assert client.get("/", headers={"if-none-match": etag}).status_code == 304


def test_a_popular_page_is_answered_from_the_process_not_the_shared_cache(
    client, django_assert_num_queries
):
    make_article(title="First headline")
    client.get("/")  # rendered and stored
    client.get("/")  # read from the shared cache, kept in the process
    cache.clear()
    with django_assert_num_queries(1):
        assert titles(client.get("/")) == ["First headline"]
    make_article(title="Second headline")  # a new version: a new key
    assert titles(client.get("/")) == ["Second headline", "First headline"]


def test_recent_pages_keep_the_latest_within_their_size():
    pages = RecentPages(max_bytes=10)
    for key in "abc":
        pages.put(key, (b"1234", {}))
    pages.put("huge", (b"x" * 11, {}))
    assert pages.get("a") is None  # the oldest went to make room
    assert pages.get("huge") is None  # larger than the whole bound
    assert pages.get("b") == (b"1234", {})
    pages.put("d", (b"1234", {}))
    assert pages.get("c") is None  # "b" was read since, "c" was not
    assert (pages.get("b"), pages.size) == ((b"1234", {}), 8)


# The WSGI handler in front of Django's request cycle


def wsgi_get(path, **environ):
    """(status, headers, body) of a GET through the handler gunicorn serves."""
    answer = {}

    def start_response(status, headers):
        answer.update(status=status, headers=headers)

    # As Django's test client does: the test's transaction keeps its connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        body = PageCacheHandler()(
            {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": "",
                "SERVER_NAME": "testserver",
                "SERVER_PORT": "80",
                "HTTP_HOST": "testserver",
                "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(),
                **environ,
            },
            start_response,
        )
        content = b"".join(body)
        getattr(body, "close", lambda: None)()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return answer["status"], dict(answer["headers"]), content


@pytest.fixture
def django_cycles():
    """One item per request that went through Django's request cycle."""
    finished = []

    def receiver(**kwargs):
        finished.append(kwargs["sender"])

    request_finished.connect(receiver)
    yield finished
    request_finished.disconnect(receiver)


def test_the_handler_answers_a_stored_page_before_django(
    client, django_cycles, django_assert_num_queries
):
    make_article()
    stored = client.get("/")
    with django_assert_num_queries(1):  # the content version
        status, headers, body = wsgi_get("/")
    assert (status, body) == ("200 OK", stored.content)
    assert headers == dict(stored.items())
    assert "Content-Security-Policy" in headers
    assert "X-Content-Type-Options" in headers
    assert len(django_cycles) == 1  # the test client's request alone


def test_a_page_not_stored_yet_costs_the_same_through_the_handler(
    django_assert_num_queries,
):
    make_tagged_articles(3)
    # version, categories, sources, languages, the page's rows, their items:
    # the version read by the handler serves Django's request cycle too
    with django_assert_num_queries(6):
        assert wsgi_get("/")[0] == "200 OK"


def test_through_the_handler_a_publish_shows_at_once(django_cycles):
    make_article(title="First headline")
    assert b"First headline" in wsgi_get("/")[2]  # rendered by Django, stored
    assert b"First headline" in wsgi_get("/")[2]  # from the stored copy
    make_article(title="Second headline")
    status, _, body = wsgi_get("/")
    assert status == "200 OK"
    assert b"Second headline" in body
    assert len(django_cycles) == 2


def test_the_handler_answers_304_from_the_stored_page(django_cycles):
    make_article()
    etag = wsgi_get("/")[1]["ETag"]
    status, headers, body = wsgi_get("/", HTTP_IF_NONE_MATCH=etag)
    assert (status, body) == ("304 Not Modified", b"")
    assert headers["ETag"] == etag
    assert len(django_cycles) == 1


def test_the_handler_leaves_bad_hosts_and_personal_requests_to_django(django_cycles):
    make_article()
    wsgi_get("/")
    assert wsgi_get("/", HTTP_HOST="evil.example")[0].startswith("400")
    cookie = f"{settings.SESSION_COOKIE_NAME}=abc"
    assert wsgi_get("/", HTTP_COOKIE=cookie)[0] == "200 OK"
    assert wsgi_get("/robots.txt")[0] == "200 OK"
    assert len(django_cycles) == 4


# Cost: constant query counts


@pytest.mark.parametrize("count", [1, 25])
def test_home_costs_six_queries_cold_and_one_from_the_page_cache(
    client, django_assert_num_queries, count
):
    make_tagged_articles(count)
    # version, categories, sources, languages, the page's rows, their items
    with django_assert_num_queries(6):
        assert client.get("/").status_code == 200
    with django_assert_num_queries(1):  # version only: the page comes from cache
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_filtered_and_deep_pages_cost_the_same_as_page_one(
    client, django_assert_num_queries, count, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    articles = make_tagged_articles(count + 20)
    category = articles[0].category.code
    deep = f"/?before={Position.of(articles[-1]).token}"
    filtered = f"/?category={category}&tag=shared,topic+0&sentiment=POSITIVE&q=Article"
    for url in ("/", deep, filtered):
        cache.clear()
        # categories, sources, languages, the page's rows, their items
        with django_assert_num_queries(5):
            assert client.get(url).status_code == 200
        # Items and the filter form are reused: the rows alone, like the floor.
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200


def test_a_list_reads_its_items_as_one_cached_piece(client, settings, monkeypatch):
    settings.NEWSROOM_PAGE_CACHE = False
    make_tagged_articles(25)
    first = client.get("/")

    def render_each_item(rows):
        raise AssertionError("items rendered or read one by one")

    monkeypatch.setattr(fragments, "item_fragments", render_each_item)
    assert titles(client.get("/")) == titles(first)


def test_without_the_page_cache_pages_still_answer_304_and_stay_fresh(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    article = make_article(title="First headline")
    etag = client.get("/")["ETag"]
    assert client.get("/", headers={"if-none-match": etag}).status_code == 304
    article.title = "Second headline"
    article.save()
    response = client.get("/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert titles(response) == ["Second headline"]


@pytest.mark.parametrize("count", [1, 25])
def test_tag_category_source_pages_cost_four_queries(
    client, django_assert_num_queries, count
):
    article = make_tagged_articles(count)[0]
    for url in (
        "/tags/shared/",
        f"/categories/{article.category.code}/",
        f"/sources/{article.source.key}/",
    ):
        cache.clear()
        # version, the tag or section, the page's rows, their items
        with django_assert_num_queries(4):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_article_page_costs_four_queries(client, django_assert_num_queries, count):
    article = make_tagged_articles(count)[0]
    # The version, then the article, its tags, related ones.
    with django_assert_num_queries(4):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    with django_assert_num_queries(1):
        assert (
            client.get(
                article.get_absolute_url(), headers={"if-none-match": response["ETag"]}
            ).status_code
            == 304
        )
    with django_assert_num_queries(1):  # the version: the page is cached
        again = client.get(article.get_absolute_url())
    assert again.content == response.content
    assert again["ETag"] == response["ETag"]


def test_cached_article_page_changes_with_an_edit(client):
    article = make_article(title="First headline")
    assert b"First headline" in client.get(article.get_absolute_url()).content

    article.title = "Corrected headline"
    article.save()

    page = client.get(article.get_absolute_url()).content
    assert b"Corrected headline" in page
    assert b"First headline" not in page


def test_home_query_reads_the_partial_index_without_sorting():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner is the one with the trap")
    make_tagged_articles(3)
    home = Article.objects.published().for_list().in_public_order()[:21]
    sql, params = home.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "article_public_order" in plan, plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def keyset_page_sql(article):
    """SQL and parameters of the list page that follows ``article``."""
    from articles.pagination import RowCompare, _columns

    queryset = (
        Article.objects.published()
        .for_list()
        .filter(RowCompare(_columns(), "<", Position.of(article).values()))
        .in_public_order()[:21]
    )
    return queryset.query.sql_with_params()


def test_keyset_page_seeks_the_index_without_sorting():
    if connection.vendor != "sqlite":
        pytest.skip("checked on SQLite; PostgreSQL has its own test")
    sql, params = keyset_page_sql(make_tagged_articles(3)[1])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "article_public_order" in plan, plan
    assert "USE TEMP B-TREE" not in plan, plan


@pytest.mark.postgres
def test_postgres_keyset_page_seeks_the_public_order_index():
    sql, params = keyset_page_sql(make_tagged_articles(3)[1])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_public_order" in plan, plan
    assert re.search(r"Index Cond: .*ROW\(", plan), plan  # a seek, not a filter


def test_tag_list_walks_the_order_index_instead_of_sorting_tagged_rows():
    if connection.vendor != "sqlite":
        pytest.skip("checked on SQLite")
    from taggit.models import Tag

    make_tagged_articles(3)
    queryset = (
        Article.objects.published()
        .tagged(Tag.objects.filter(name="Shared"))
        .values_list("id")
        .in_public_order()[:21]
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING INDEX article_public_order" in plan, plan
    assert "USE TEMP B-TREE" not in plan, plan
