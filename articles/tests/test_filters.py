"""List filters: combinable, shareable, validated on the page."""

import datetime as dt
import re

import pytest

from articles.models import Sentiment

from .builders import make_article, make_category, make_source
from .pages import titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    btc, eth = make_category(code="BTC"), make_category(code="ETH")
    coindesk, reuters = make_source(key="coindesk"), make_source(key="reuters")
    day = dt.datetime(2025, 11, 20, 12, tzinfo=dt.UTC)
    make_article(
        title="Bitcoin rally",
        category=btc,
        source=coindesk,
        tags=["BTC", "Cipher Mining"],
        sentiment=Sentiment.POSITIVE,
        lang="en",
        published_at=day,
    )
    make_article(
        title="Ether slump",
        category=eth,
        source=reuters,
        tags=["ETH"],
        sentiment=Sentiment.NEGATIVE,
        lang="de",
        published_at=day - dt.timedelta(days=3),
    )
    make_article(
        title="Bitcoin miners",
        category=btc,
        source=reuters,
        tags=["BTC"],
        sentiment=Sentiment.NEUTRAL,
        lang="en",
        published_at=day - dt.timedelta(days=5),
    )
    make_article(title="Draft about Bitcoin", category=btc, tags=["BTC"], draft=True)
    make_article(
        title="Scheduled Bitcoin",
        category=btc,
        tags=["BTC"],
        published_at=dt.datetime(2999, 1, 1, tzinfo=dt.UTC),
    )


@pytest.mark.usefixtures("desk")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=BTC", ["Bitcoin rally", "Bitcoin miners"]),
        ("source=reuters", ["Ether slump", "Bitcoin miners"]),
        ("tag=btc", ["Bitcoin rally", "Bitcoin miners"]),
        ("tag=cipher+mining", ["Bitcoin rally"]),
        ("tag=cipher-mining", ["Bitcoin rally"]),
        ("tag=BTC,Cipher+Mining", ["Bitcoin rally"]),
        ("sentiment=NEGATIVE", ["Ether slump"]),
        ("lang=de", ["Ether slump"]),
        ("published_from=2025-11-17&published_to=2025-11-17", ["Ether slump"]),
        ("published_from=2025-11-16", ["Bitcoin rally", "Ether slump"]),
        ("published_to=2025-11-15", ["Bitcoin miners"]),
        ("q=miners", ["Bitcoin miners"]),
        ("category=BTC&source=reuters&sentiment=NEUTRAL", ["Bitcoin miners"]),
        ("category=ETH&tag=btc", []),
    ],
)
def test_filters_narrow_the_published_list(client, query, expected):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.usefixtures("desk")
def test_article_matching_several_tags_is_listed_once(client):
    response = client.get("/?tag=btc,cipher-mining")
    assert titles(response) == ["Bitcoin rally"]


@pytest.mark.usefixtures("desk")
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("category=NOPE", "Category: Select a valid choice. NOPE is not one of"),
        ("sentiment=GREAT", "Sentiment: Select a valid choice."),
        ("lang=xx", "Language: Select a valid choice."),
        ("published_from=yesterday", "Published from: Enter a valid date."),
        (
            "published_from=2025-11-20&published_to=2025-11-01",
            "The start date 2025-11-20 is after the end date 2025-11-01.",
        ),
        ("tag=a,b,c,d,e,f", "Tags: Choose at most 5 tags."),
        ("q=" + "x" * 201, "Search: Ensure this value has at most 200 characters"),
    ],
)
def test_invalid_filter_values_explain_themselves_without_a_500(client, query, message):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert message in response.text
    assert titles(response) == []


@pytest.mark.usefixtures("desk")
def test_the_form_shows_the_filters_in_use(client):
    text = client.get("/?category=BTC&tag=BTC&sentiment=POSITIVE").text
    assert '<option value="BTC" selected>BTC</option>' in text
    assert '<option value="POSITIVE" selected>Positive</option>' in text
    assert 'name="tag" value="BTC"' in text
    assert '<details class="filters" open>' in text


def language_options(response):
    """(code, selected) of each choice in the form's language list."""
    select = re.search(r'<select id="f-lang".*?</select>', response.text).group(0)
    return re.findall(r'<option value="(\w*)"( selected)?>', select)


@pytest.mark.usefixtures("desk")
def test_the_language_filter_offers_the_languages_of_published_articles(client):
    make_article(lang="fr", draft=True)  # a draft's language is not offered
    # In the order of their names: English, German.
    assert language_options(client.get("/")) == [("", ""), ("en", ""), ("de", "")]
    # Any language may still be asked for, and the form shows it chosen.
    response = client.get("/?lang=fr")
    assert language_options(response) == [
        ("", ""),
        ("en", ""),
        ("fr", " selected"),
        ("de", ""),
    ]
    assert titles(response) == []
