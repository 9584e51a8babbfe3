"""A reader's journey in headless Chromium, checked by axe-core on the way."""

import pytest

from articles.models import Sentiment

from .builders import make_article, make_category, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def reader(page, live_server):
    """The page, kept off the network: covers point at hosts tests cannot reach."""
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort()
        ),
    )
    return page


def assert_accessible(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {serious}"


@pytest.fixture
def newsdesk():
    btc = make_category(code="BTC", name="Bitcoin")
    coindesk = make_source(key="coindesk", name="CoinDesk")
    cover = {
        "cover_regular": "https://img.example/r.jpg?w=1080",
        "cover_small": "https://img.example/s.jpg?w=400",
        "cover_thumb": "https://img.example/t.jpg?w=200",
        "cover_alt": "Traders at their screens",
    }
    make_article(
        title="Miners expand into AI data centres",
        description="Cipher Mining signs a long lease.",
        category=btc,
        source=coindesk,
        tags=["Cipher Mining", "BTC"],
        sentiment=Sentiment.POSITIVE,
        body="## Deal\n\nA long lease.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |",
        ai_rewritten=True,
        **cover,
    )
    make_article(
        title="Ether gas fees fall to a low",
        category=make_category(code="ETH"),
        tags=["ETH"],
        sentiment=Sentiment.NEGATIVE,
        **cover,
    )
    for n in range(25):
        make_article(
            title=f"Bitcoin market note {n}",
            description="A longer standfirst " * 8,
            category=btc,
            source=coindesk,
            tags=["BTC"],
            sentiment=Sentiment.NEUTRAL,
            **cover,
        )
    make_article(title="Draft about Cipher Mining", tags=["Cipher Mining"], draft=True)


@pytest.mark.usefixtures("newsdesk")
def test_reader_filters_searches_reads_and_finds_the_feed(reader, tmp_path):
    page = reader
    page.goto("/")
    assert page.locator("h1").inner_text() == "Latest news"
    assert page.locator(".item").count() == 20
    assert_accessible(page)

    # Filter by category and tag through the form.
    page.locator("summary", has_text="Filter articles").click()
    page.select_option("#f-category", "BTC")
    page.fill("#f-tag", "Cipher Mining")
    page.get_by_role("button", name="Apply filters").click()
    assert "category=BTC" in page.url
    assert "tag=Cipher+Mining" in page.url
    assert page.locator(".item__title").all_inner_texts() == [
        "Miners expand into AI data centres"
    ]
    assert_accessible(page)

    # Search from the header.
    page.fill("#site-q", "miners")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator("h1").inner_text() == "Results for “miners”"
    assert_accessible(page)

    # Open the article.
    page.get_by_role("link", name="Miners expand into AI data centres").click()
    assert page.locator("h1").inner_text() == "Miners expand into AI data centres"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("rewritten with AI assistance").is_visible()
    assert_accessible(page)

    # Follow a tag, then find the feeds to subscribe to.
    page.get_by_role("link", name="Cipher Mining").click()
    assert page.locator("h1").inner_text() == "Tag: Cipher Mining"
    assert page.locator(".item__title").all_inner_texts() == [
        "Miners expand into AI data centres"
    ]
    feed = page.locator('link[rel="alternate"][type="application/rss+xml"]')
    assert feed.get_attribute("href") == "/tags/cipher-mining/rss/"
    assert page.get_by_role("link", name="RSS feed").is_visible()
    response = page.request.get(feed.get_attribute("href"))
    assert response.ok
    assert "Miners expand into AI data centres" in response.text()


@pytest.mark.usefixtures("newsdesk")
def test_pages_fit_a_phone_screen(reader, tmp_path):
    page = reader
    page.set_viewport_size(PHONE)
    for name, url in [("home", "/"), ("search", "/search/?q=bitcoin")]:
        page.goto(url)
        page.screenshot(path=tmp_path / f"phone-{name}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    page.goto("/")
    page.locator(".item__title a").first.click()
    page.screenshot(path=tmp_path / "phone-article.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


@pytest.mark.usefixtures("newsdesk")
def test_keyboard_users_can_skip_to_the_content(reader):
    page = reader
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
