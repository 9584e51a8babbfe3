import pytest

from .builders import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_published_article_opens_in_chromium(page):
    article = make_article(title="Chromium can read this")
    page.goto(article.get_absolute_url())
    assert page.locator("h1").inner_text() == "Chromium can read this"
