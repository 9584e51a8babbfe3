import datetime as dt

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from articles.models import Article, Status

from .builders import make_article

pytestmark = pytest.mark.django_db


def test_published_hides_drafts_and_scheduled_until_their_time():
    now = timezone.now()
    live = make_article()
    draft = make_article(draft=True)
    scheduled = make_article(published_at=now + dt.timedelta(hours=2))

    assert list(Article.objects.published()) == [live]
    assert list(Article.objects.scheduled()) == [scheduled]
    assert list(Article.objects.drafts()) == [draft]
    later = now + dt.timedelta(hours=3)
    assert set(Article.objects.published(at=later)) == {live, scheduled}
    assert (live.status, draft.status, scheduled.status) == (
        Status.PUBLISHED,
        Status.DRAFT,
        Status.SCHEDULED,
    )


def test_public_order_pins_first_then_newest():
    now = timezone.now()
    old_pinned = make_article(sticky_weight=5, published_at=now - dt.timedelta(days=9))
    newest = make_article(published_at=now - dt.timedelta(minutes=1))
    older = make_article(published_at=now - dt.timedelta(days=1))
    top_pinned = make_article(sticky_weight=9, published_at=now - dt.timedelta(days=30))

    assert list(Article.objects.published().in_public_order()) == [
        top_pinned,
        old_pinned,
        newest,
        older,
    ]


def test_slug_is_derived_once_and_survives_title_edits():
    article = make_article(title="Markets rally on rate cut")
    twin = make_article(title="Markets rally on rate cut")

    article.title = "Markets rally after the rate cut"
    article.save()

    article.refresh_from_db()
    assert article.slug == "markets-rally-on-rate-cut"
    assert twin.slug == "markets-rally-on-rate-cut-2"


def test_body_html_is_rendered_and_sanitized_on_save():
    article = make_article(body="Hello <script>alert(1)</script>**world**")
    article.body = "Now *changed* <img src=x onerror=alert(1)>"
    article.save()

    article.refresh_from_db()
    assert article.body_html == '<p>Now <em>changed</em> <img src="x"></p>\n'


def test_external_id_is_unique_and_given_to_articles_written_here():
    written_here = make_article(external_id=None)
    assert written_here.external_id.startswith("newsroom-")

    with pytest.raises(IntegrityError):
        make_article(external_id=written_here.external_id)


def test_editor_changes_are_edits_after_the_last_import():
    now = timezone.now()
    article = make_article(imported_at=now)
    assert not article.has_editor_changes

    article.edited_at = now + dt.timedelta(seconds=1)
    assert article.has_editor_changes


@pytest.mark.postgres
def test_postgres_compresses_article_text_with_lz4():
    make_article(body=" ".join(f"word{number}" for number in range(2000)))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(body), pg_column_compression(body_html),"
            " pg_column_compression(document) FROM articles_article"
            " JOIN article_search_document ON article_id = id"
        )
        assert cursor.fetchone() == ("lz4", "lz4", "lz4")
