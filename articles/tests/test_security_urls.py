"""Hostile addresses: redirects stay on the site, odd queries never crash a page."""

from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .builders import make_article
from .desk import CHANGELIST

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password"
OFFSITE = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "https://evil.example",
    "http:evil.example",
    "https:/evil.example",
    "https://testserver@evil.example",
    "HTTPS://EVIL.EXAMPLE/admin/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/%2e%2e",
]


def assert_stays_on_site(response):
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        location = response["Location"]
        parts = urlsplit(location)
        assert parts.scheme == "", location
        assert parts.netloc == "", location
        assert location.startswith("/")
        assert not location.startswith(("//", "/\\"))


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        "desk", password=PASSWORD, is_staff=True
    )


@pytest.mark.parametrize("target", OFFSITE)
def test_login_never_redirects_off_site(client, staff, target):
    response = client.post(
        "/admin/login/?" + urlencode({"next": target}),
        {"username": "desk", "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("target", OFFSITE)
def test_logout_never_redirects_off_site(client, staff, target):
    client.force_login(staff)

    response = client.post("/admin/logout/?" + urlencode({"next": target}))

    assert_stays_on_site(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", OFFSITE)
def test_login_page_for_signed_in_staff_stays_on_site(client, staff, target):
    client.force_login(staff)

    assert_stays_on_site(client.get("/admin/login/?" + urlencode({"next": target})))


def test_login_follows_a_next_on_the_site(client, staff):
    response = client.post(
        "/admin/login/",
        {"username": "desk", "password": PASSWORD, "next": CHANGELIST},
    )

    assert response["Location"] == CHANGELIST


# --------------------------------------------------------------------------- #
# Any query string on any page answers below 500.
# --------------------------------------------------------------------------- #

# Reader pages to try; add new reader URLs here as the site grows.
READER_PATHS = ["/", "{article}", "/articles/no-such-slug/", "/admin/login/"]
# Desk pages an editor opens with filters and search in the query string.
DESK_PATHS = ["/admin/", CHANGELIST, CHANGELIST + "import/"]
QUERY_KEYS = st.sampled_from(
    [
        "page",
        "q",
        "next",
        "tag",
        "category",
        "source",
        "sentiment",
        "lang",
        "status",
        "o",
        "p",
        "date_from",
        "published_at__gte",
        "published_at__year",
        "source__id__exact",
        "e",
        "_popup",
        "_changelist_filters",
    ]
) | st.text(max_size=12)
QUERY_VALUES = st.sampled_from(
    ["", "0", "-1", "999999999999999999999", "1e9", "NaN", "x", "%", "\x00", "🙂"]
) | st.text(max_size=30)
QUERIES = st.lists(st.tuples(QUERY_KEYS, QUERY_VALUES), max_size=5).map(urlencode)
RAW_QUERIES = st.text(
    alphabet=st.characters(codec="ascii", exclude_characters="#"), max_size=60
)
SEGMENTS = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="/?#"),
    min_size=1,
    max_size=20,
)
PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def fill(path, article):
    return path.format(article=article.get_absolute_url())


@pytest.fixture
def article():
    return make_article(tags=["BTC"])


# The fixtures are made once per test, not per example: every request only reads.
@PROPERTIES
@given(path=st.sampled_from(READER_PATHS), query=QUERIES | RAW_QUERIES)
def test_reader_pages_answer_any_query_below_500(article, path, query):
    response = Client().get(fill(path, article) + "?" + query)

    assert response.status_code < 500


@PROPERTIES
@given(path=st.sampled_from(DESK_PATHS), query=QUERIES | RAW_QUERIES)
def test_desk_pages_answer_any_query_below_500(article, editor, path, query):
    response = editor.get(path + "?" + query)

    assert response.status_code < 500


@PROPERTIES
@given(segments=st.lists(SEGMENTS, min_size=1, max_size=4), query=RAW_QUERIES)
def test_any_path_answers_below_500(segments, query):
    path = "/" + "/".join(quote(segment) for segment in segments)
    response = Client().get(path + "?" + query)

    assert response.status_code < 500
